import { expect, test } from '@playwright/test';
import { GUIDE_PATHS, pageTitle, sidebarLinks, waitForIslands } from './support/site';

test.describe('on a 360-pixel-wide phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the hexagonal page fits the width and shows the sidebar links and the title', async ({ page }) => {
    await page.goto('/patterns/hexagonal');
    await waitForIslands(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const links = sidebarLinks(page);
    await expect(links).toHaveCount(GUIDE_PATHS.length);
    for (const link of await links.all()) {
      await expect(link).toBeVisible();
    }
    await expect(pageTitle(page)).toBeVisible();
  });

  test('no page of the guide scrolls sideways', async ({ page }) => {
    for (const path of GUIDE_PATHS) {
      await page.goto(path);
      await expect(pageTitle(page)).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `scrollWidth of ${path}`).toBeLessThanOrEqual(360);
    }
  });
});

test.describe('on a 1280-pixel-wide screen', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the table of contents sits beside the article', async ({ page }) => {
    await page.goto('/patterns/hexagonal');
    const toc = page.getByRole('navigation', { name: 'On this page' });
    const article = page.locator('article.article');
    await expect(toc).toBeVisible();
    await expect(article).toBeVisible();

    const tocBox = await toc.boundingBox();
    const articleBox = await article.boundingBox();
    if (!tocBox || !articleBox) throw new Error('the TOC and the article must have a layout box');
    // To the right of the article (1 px of rounding allowed) ...
    expect(tocBox.x).toBeGreaterThan(articleBox.x + articleBox.width - 1);
    // ... and level with it, not pushed below it.
    expect(tocBox.y).toBeLessThan(articleBox.y + articleBox.height);
    expect(tocBox.y + tocBox.height).toBeGreaterThan(articleBox.y);
    await expect(toc).toBeInViewport();
  });
});
