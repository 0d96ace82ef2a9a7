import { expect, test } from '@playwright/test';
import { GUIDE_PATHS, UNKNOWN_PATH, pageTitle, sidebar, sidebarLinks, urlOf } from './support/site';

test('the sidebar lists every page of the guide in reading order', async ({ page }) => {
  await page.goto('/');
  const hrefs = await sidebarLinks(page).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toEqual([...GUIDE_PATHS]);
});

test('clicking each sidebar link in turn opens its page and marks it as the current one', async ({ page }) => {
  await page.goto('/');
  const titles = await sidebarLinks(page).allInnerTexts();
  expect(titles).toHaveLength(GUIDE_PATHS.length);

  for (const [i, path] of GUIDE_PATHS.entries()) {
    const title = titles[i].trim();
    await sidebar(page).getByRole('link', { name: title, exact: true }).click();
    await expect(page).toHaveURL(urlOf(page, path));
    await expect(pageTitle(page)).toHaveText(title);

    const current = sidebar(page).locator('a[aria-current="page"]');
    await expect(current).toHaveCount(1);
    await expect(current).toHaveAttribute('href', path);
    await expect(current).toHaveText(title);
  }
});

test('the next links lead from the first page to the last, and the previous links lead back', async ({ page }) => {
  const pager = page.getByRole('navigation', { name: 'Previous and next page' });

  await page.goto(GUIDE_PATHS[0]);
  await expect(pager.locator('a[rel="prev"]')).toHaveCount(0);
  for (const path of GUIDE_PATHS.slice(1)) {
    const next = pager.locator('a[rel="next"]');
    await expect(next).toHaveAttribute('href', path);
    const name = (await next.locator('.name').innerText()).trim();
    await next.click();
    await expect(page).toHaveURL(urlOf(page, path));
    await expect(pageTitle(page)).toHaveText(name);
  }
  await expect(pager.locator('a[rel="next"]')).toHaveCount(0);

  for (const path of [...GUIDE_PATHS].reverse().slice(1)) {
    const prev = pager.locator('a[rel="prev"]');
    await expect(prev).toHaveAttribute('href', path);
    const name = (await prev.locator('.name').innerText()).trim();
    await prev.click();
    await expect(page).toHaveURL(urlOf(page, path));
    await expect(pageTitle(page)).toHaveText(name);
  }
  await expect(pager.locator('a[rel="prev"]')).toHaveCount(0);
});

test('a link in the table of contents brings its heading into view and targets it', async ({ page }) => {
  await page.goto('/patterns/layered');
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await expect(toc).toBeVisible();
  const links = toc.getByRole('link');
  expect(await links.count()).toBeGreaterThan(2);

  // The last section is far below the fold of a 720-pixel-high window.
  const link = links.last();
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^#.+/);
  const id = href!.slice(1);
  const heading = page.locator(`article [id="${id}"]`);
  await expect(heading).toHaveCount(1);
  expect(await heading.evaluate((el) => el.tagName)).toMatch(/^H[23]$/);
  await expect(heading).toContainText((await link.innerText()).trim());
  await expect(heading).not.toBeInViewport();

  await link.click();
  await expect(page).toHaveURL(urlOf(page, `/patterns/layered#${id}`));
  await expect(heading).toBeInViewport();
  await expect.poll(() => page.evaluate(() => document.querySelector(':target')?.id)).toBe(id);
});

test('the skip link is the first Tab stop and moves focus into the main content', async ({ page }) => {
  await page.goto('/patterns/hexagonal');
  const skip = page.locator('a.skip-link');
  await expect(skip).toHaveText('Skip to content');
  await expect(skip).toHaveAttribute('href', '#content');

  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(urlOf(page, '/patterns/hexagonal#content'));
  await expect(page.locator('main#content')).toBeFocused();

  // The next Tab stop is inside the main content, past the header and sidebar.
  await page.keyboard.press('Tab');
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.closest('main')?.id ?? null))
    .toBe('content');
});

test("an unknown address shows the site's 404 page with status 404", async ({ page }) => {
  for (const path of [UNKNOWN_PATH, '/patterns/no-such-pattern']) {
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    expect(response!.status(), path).toBe(404);
    await expect(page.locator('h1')).toHaveText('Page not found');
    await expect(page).toHaveTitle(/Page not found/);
    // The same frame as every page, so the reader can find their way back.
    await expect(sidebarLinks(page)).toHaveCount(GUIDE_PATHS.length);
    await expect(sidebar(page).locator('a[aria-current="page"]')).toHaveCount(0);
  }
});
