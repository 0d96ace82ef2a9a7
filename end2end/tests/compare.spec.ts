import { expect, test } from '@playwright/test';

import { expectSuccessfulComparison, row, rowTexts, runComparison } from './support/compare';
import { DEMOS, panel, uniqueEmail, usersList, waitForPanel } from './support/demo';

// /compare with JavaScript on: the same operation on all five backends.

test('running the comparison fills a table of the five backends', async ({ page }) => {
  const email = uniqueEmail('compare');
  await runComparison(page, { email, name: 'Cora Compare', product: 'Beans', quantity: 2, price: 1299 });
  await expectSuccessfulComparison(page);

  // A backend's steps open on demand.
  const layered = page.locator('section#results details.compare-steps').first();
  await expect(layered.locator('section.trace').first()).toBeHidden();
  await layered.locator('summary').click();
  await expect(layered.locator('section.trace').first()).toBeVisible();

  // The column header leads to that pattern's page, whose panel shows what the run created.
  await page.locator('section#results thead').getByRole('link', { name: 'Hexagonal' }).click();
  await expect(page).toHaveURL(/\/patterns\/hexagonal$/);
  await waitForPanel(page);
  await expect(usersList(page).locator('.email')).toHaveText([email]);
  await expect(panel(page).locator('ol.orders > li.order .items')).toHaveText(['2 × Beans']);
});

test('each run lands in the visitor’s sandbox on all five backends', async ({ page }) => {
  const email = uniqueEmail('compare-api');
  await runComparison(page, { email, name: 'Ida Inspect' });
  for (const demo of DEMOS) {
    const users = (await (await page.request.get(`/demos/${demo.pattern}/api/users`)).json()) as { email: string }[];
    expect(users.map((u) => u.email), demo.title).toEqual([email]);
  }
});

test('a refused user shows 400 everywhere and no order is attempted', async ({ page }) => {
  await runComparison(page, { email: uniqueEmail('compare-bad'), name: 'Short Pass', password: 'short' });
  expect(await rowTexts(page, 'Status')).toEqual(Array(5).fill('400'));
  expect(await rowTexts(page, 'SQL statements')).toEqual(Array(5).fill('0'));
  await expect(row(page, 'Status')).toHaveCount(5);
  const details = page.locator('section#results details.compare-steps');
  for (let i = 0; i < 5; i++) {
    await expect(details.nth(i).locator('section.trace')).toHaveCount(1);
  }
});
