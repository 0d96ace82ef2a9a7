import { expect, test } from '@playwright/test';
import { waitForIslands } from './support/site';

// The header's search box, with JavaScript: results as you type, walked
// with the keyboard.

test('typing in the search box lists results, and the arrow keys and Enter open one', async ({ page }) => {
  await page.goto('/');
  await waitForIslands(page);
  const box = page.getByRole('combobox', { name: 'Search' });
  await box.fill('ports adapters');
  const options = page.getByRole('option');
  await expect(options.first()).toBeVisible();
  await expect(options.first()).toContainText('Hexagonal');
  await expect(page.locator('#search-suggestions mark').first()).toBeVisible();
  await box.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', 'search-option-0');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/patterns\/hexagonal/);
});

test('Escape closes the suggestions and FTS syntax never breaks the box', async ({ page }) => {
  await page.goto('/patterns/layered');
  await waitForIslands(page);
  const box = page.getByRole('combobox', { name: 'Search' });
  await box.fill('projection');
  await expect(page.getByRole('option').first()).toBeVisible();
  await box.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Search results' })).toBeHidden();
  await box.fill('"projec*( -');
  await expect(page.getByRole('option').first()).toContainText(/CQRS|projection/i);
});

test('submitting the box opens the results page', async ({ page }) => {
  await page.goto('/');
  await waitForIslands(page);
  const box = page.getByRole('combobox', { name: 'Search' });
  await box.fill('outbox');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=outbox/);
  await expect(page.locator('ol.search-results li').first()).toBeVisible();
});
