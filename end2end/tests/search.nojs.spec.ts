import { expect, test } from '@playwright/test';

// Search without JavaScript: the header form goes to /search, which the
// server renders.

test('the header search form finds sections and marks the matched words', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Search', { exact: true }).fill('ports adapters');
  await page.getByLabel('Search', { exact: true }).press('Enter');
  await expect(page).toHaveURL(/\/search\?q=ports\+adapters/);
  const first = page.locator('ol.search-results li').first();
  await expect(first.getByRole('link')).toHaveAttribute('href', /^\/patterns\/hexagonal/);
  await expect(first.locator('mark').first()).toBeVisible();
  await first.getByRole('link').click();
  await expect(page).toHaveURL(/\/patterns\/hexagonal/);
});

test('a partial word and a hostile query both answer', async ({ page }) => {
  await page.goto('/search?q=xagona');
  await expect(page.locator('ol.search-results a[href^="/patterns/hexagonal"]').first()).toBeVisible();
  const response = await page.goto('/search?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%22*(');
  expect(response?.status()).toBe(200);
  await expect(page.locator('main img')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2 })).toContainText('No results');
});
