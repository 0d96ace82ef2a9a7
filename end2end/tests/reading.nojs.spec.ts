import { expect, test } from '@playwright/test';
import { GUIDE_PATHS, UNKNOWN_PATH, pageTitle, sidebar, sidebarLinks, urlOf } from './support/site';

// Runs in the `no-js` project: JavaScript is disabled, so neither the boot
// script nor the WebAssembly islands run. The guide must still read fully.

test('JavaScript is really off in this project', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).not.toHaveClass(/\bjs\b/);
});

for (const path of GUIDE_PATHS) {
  test(`the page at ${path} reads fully without JavaScript`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);

    const current = sidebar(page).locator('a[aria-current="page"]');
    await expect(current).toHaveAttribute('href', path);
    const title = (await current.innerText()).trim();
    await expect(pageTitle(page)).toHaveText(title);

    const article = page.locator('main article.article');
    await expect(article).toBeVisible();
    expect((await article.innerText()).trim().length, 'article text length').toBeGreaterThan(500);

    const toc = page.getByRole('navigation', { name: 'On this page' });
    await expect(toc).toBeVisible();
    const tocLinks = toc.getByRole('link');
    expect(await tocLinks.count()).toBeGreaterThan(0);
    for (const href of await tocLinks.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
      expect(href).toMatch(/^#.+/);
      await expect(article.locator(`[id="${href!.slice(1)}"]`), `target of ${href}`).toHaveCount(1);
    }

    if (path.startsWith('/patterns/')) {
      const highlighted = page.locator('pre.code span[class^="hl-"]');
      expect(await highlighted.count(), 'highlighted spans').toBeGreaterThan(0);
      await expect(page.locator('pre.code[data-lang="rust"]').first()).toBeVisible();

      const diagram = article.locator('figure.diagram svg[role="img"]').first();
      await expect(diagram).toBeVisible();
      expect((await diagram.locator('title').textContent())?.trim(), 'diagram <title>').toBeTruthy();
    }

    const copyButtons = page.locator('button.copy-code');
    for (const button of await copyButtons.all()) {
      await expect(button).toBeHidden();
    }
    await expect(page.locator('button.theme-toggle')).toBeHidden();
  });
}

test('sidebar links navigate between pages without JavaScript', async ({ page }) => {
  await page.goto('/');
  const titles = (await sidebarLinks(page).allInnerTexts()).map((t) => t.trim());
  expect(titles).toHaveLength(GUIDE_PATHS.length);
  // Walk from the last page back to the first so every click changes page.
  for (let i = GUIDE_PATHS.length - 1; i >= 0; i -= 1) {
    await sidebar(page).getByRole('link', { name: titles[i], exact: true }).click();
    await expect(page).toHaveURL(urlOf(page, GUIDE_PATHS[i]));
    await expect(pageTitle(page)).toHaveText(titles[i]);
    await expect(sidebar(page).locator('a[aria-current="page"]')).toHaveAttribute('href', GUIDE_PATHS[i]);
  }
});

test('the next links walk through the guide without JavaScript', async ({ page }) => {
  await page.goto(GUIDE_PATHS[0]);
  for (const path of GUIDE_PATHS.slice(1)) {
    await page.locator('nav.prev-next a[rel="next"]').click();
    await expect(page).toHaveURL(urlOf(page, path));
  }
  await expect(page.locator('nav.prev-next a[rel="next"]')).toHaveCount(0);
});

test('the 404 page works without JavaScript', async ({ page }) => {
  const response = await page.goto(UNKNOWN_PATH);
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Go to the overview' }).click();
  await expect(page).toHaveURL(urlOf(page, '/'));
  await expect(pageTitle(page)).toHaveText((await sidebarLinks(page).first().innerText()).trim());
});
