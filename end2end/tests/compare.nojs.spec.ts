import { expect, test } from '@playwright/test';

import { expectSuccessfulComparison, runComparison } from './support/compare';
import { uniqueEmail, usersList } from './support/demo';

// /compare with JavaScript off: a plain form post, 303 back to the results.

test('the comparison runs and shows the same table without JavaScript', async ({ page }) => {
  const email = uniqueEmail('compare-nojs');
  await runComparison(page, { email, name: 'Nora NoScript', product: 'Tea', quantity: 3, price: 500 });
  await expectSuccessfulComparison(page);

  // Details open without a script too.
  const cqrs = page.locator('section#results details.compare-steps').nth(4);
  await cqrs.locator('summary').click();
  await expect(cqrs.locator('section.trace').nth(1).locator('.trace-summary')).toBeVisible();

  await page.locator('section#results thead').getByRole('link', { name: 'Layered' }).click();
  await expect(page).toHaveURL(/\/patterns\/layered$/);
  await expect(usersList(page).locator('.email')).toHaveText([email]);
});
