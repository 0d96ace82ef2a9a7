import { expect, test } from '@playwright/test';
import { GUIDE_PATHS, UNKNOWN_PATH, waitForIslands } from './support/site';

const ALL_PAGES = [...GUIDE_PATHS, UNKNOWN_PATH];

test('every page has the banner, main, contentinfo and Guide navigation landmarks', async ({ page }) => {
  for (const path of ALL_PAGES) {
    await page.goto(path);
    await expect(page.locator('html'), path).toHaveAttribute('lang', /^[a-z]{2}/);
    await expect(page.getByRole('banner'), path).toHaveCount(1);
    await expect(page.getByRole('main'), path).toHaveCount(1);
    await expect(page.getByRole('contentinfo'), path).toHaveCount(1);
    await expect(page.getByRole('navigation', { name: 'Guide', exact: true }), path).toHaveCount(1);
  }
});

test('every page has exactly one h1, a title and a meta description', async ({ page }) => {
  for (const path of ALL_PAGES) {
    await page.goto(path);
    await expect(page.locator('h1'), path).toHaveCount(1);
    await expect(page.getByRole('heading', { level: 1 }), path).not.toHaveText(/^\s*$/);
    expect((await page.title()).trim(), `<title> of ${path}`).not.toBe('');
    const description = page.locator('head meta[name="description"]');
    await expect(description, path).toHaveCount(1);
    expect(((await description.getAttribute('content')) ?? '').trim(), `meta description of ${path}`).not.toBe('');
  }
});

test('the pages have different titles', async ({ page }) => {
  const titles = new Set<string>();
  for (const path of GUIDE_PATHS) {
    await page.goto(path);
    titles.add(await page.title());
  }
  expect(titles.size).toBe(GUIDE_PATHS.length);
});

test('every image and diagram has an accessible name', async ({ page }) => {
  let images = 0;
  for (const path of ALL_PAGES) {
    await page.goto(path);
    for (const image of await page.locator('img, svg[role="img"]').all()) {
      await expect(image, path).toHaveAccessibleName(/\S/);
      images += 1;
    }
  }
  expect(images, 'the guide has diagrams to check').toBeGreaterThan(0);
});

test('every button has an accessible name once the page is interactive', async ({ page }) => {
  // Seven pages, each hydrated and every button checked: more than one page's time.
  test.setTimeout(120_000);
  for (const path of GUIDE_PATHS) {
    await page.goto(path);
    // Copy buttons are hidden until the islands hydrate; wait for them.
    const codeBlocks = await page.locator('button.copy-code').count();
    if (codeBlocks > 0) await waitForIslands(page);
    const buttons = page.getByRole('button');
    // At least the theme toggle and one copy button per code block.
    await expect.poll(() => buttons.count(), `buttons on ${path}`).toBeGreaterThanOrEqual(1 + codeBlocks);
    for (const button of await buttons.all()) {
      await expect(button, path).toHaveAccessibleName(/\S/);
    }
  }
});

test('every link has an accessible name', async ({ page }) => {
  for (const path of ALL_PAGES) {
    await page.goto(path);
    const links = await page.getByRole('link').all();
    expect(links.length, `links on ${path}`).toBeGreaterThan(GUIDE_PATHS.length);
    for (const link of links) {
      await expect(link, path).toHaveAccessibleName(/\S/);
    }
  }
});
