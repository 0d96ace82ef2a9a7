import { expect, test, type Page } from '@playwright/test';

import { runComparison } from './support/compare';
import {
  DEMOS,
  apiCreateOrder,
  apiCreateUser,
  openDemo,
  orderForm,
  panel,
  settledOrders,
  submitOrderForm,
  submitUserForm,
  trace,
  uniqueEmail,
  usersList,
} from './support/demo';

// Whatever a visitor types is data: it is shown as text everywhere the site
// shows it (the panel's lists, the trace, /compare), never run as markup.

const NAME = '<img src=x onerror="window.__xss=1">';
const PRODUCT = '<script>window.__xss=2</script>';

declare global {
  interface Window {
    __xss?: number;
  }
}

/** Fails the test if the page ever opens a dialog (alert, confirm, prompt). */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return dialogs;
}

/** Nothing the visitor typed became an element or ran. */
async function expectNothingRan(page: Page, dialogs: string[]): Promise<void> {
  expect(await page.evaluate(() => window.__xss), 'no injected script ran').toBeUndefined();
  await expect(page.locator('img[src="x"]'), 'no injected <img> anywhere').toHaveCount(0);
  await expect(panel(page).locator('img')).toHaveCount(0);
  expect(
    await page.locator('script').evaluateAll((scripts) => scripts.filter((s) => s.textContent?.trim() === 'window.__xss=2').length),
    'no injected <script> element',
  ).toBe(0);
  expect(dialogs, 'no dialog opened').toEqual([]);
}

test('a hostile name and product typed into the panel show as text, in place and after a reload', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await openDemo(page, '/patterns/layered');
  const email = uniqueEmail('xss');
  await submitUserForm(page, { email, name: NAME });
  await expect(usersList(page).first().locator('.name')).toHaveText(NAME);
  await expect(orderForm(page).locator('select#demo-order-user option')).toHaveText([`${NAME} <${email}>`]);
  await expect(trace(page).locator('.trace-summary')).toHaveText(/^POST \/demos\/layered\/api\/users → 201 /);
  await expect(trace(page).locator('img, script')).toHaveCount(0);

  await submitOrderForm(page, email, { product: PRODUCT, quantity: 1, price: 100 });
  const order = settledOrders(page).first();
  await expect(order.locator('.customer')).toHaveText(NAME);
  await expect(order.locator('.items')).toHaveText(`1 × ${PRODUCT}`);
  await expect(trace(page).locator('.trace-summary')).toHaveText(/^POST \/demos\/layered\/api\/orders → 201 /);
  await expect(trace(page).locator('ol.steps > li.step')).not.toHaveCount(0);
  await expect(trace(page).locator('img, script')).toHaveCount(0);
  await expectNothingRan(page, dialogs);

  // Rendered by the server this time.
  await page.reload();
  await expect(usersList(page).first().locator('.name')).toHaveText(NAME);
  await expect(settledOrders(page).first().locator('.items')).toHaveText(`1 × ${PRODUCT}`);
  await expectNothingRan(page, dialogs);
});

for (const demo of DEMOS) {
  test(`${demo.title}: hostile data from the API is shown as text by the page and the island`, async ({ page }) => {
    const dialogs = watchDialogs(page);
    await page.goto(demo.path);
    const user = await apiCreateUser(page.request, demo.pattern, { email: uniqueEmail(`xss-${demo.pattern}`), name: NAME });
    await apiCreateOrder(page.request, demo.pattern, user.id, [{ product: PRODUCT, quantity: 2, unit_price_cents: 50 }]);
    // CQRS lists an order once projected: wait for the read model (the API's own view).
    await expect
      .poll(async () => ((await (await page.request.get(`/demos/${demo.pattern}/api/orders`)).json()) as unknown[]).length)
      .toBe(1);
    await openDemo(page, demo.path);

    await expect(usersList(page).first().locator('.name')).toHaveText(NAME);
    const order = settledOrders(page).first();
    await expect(order).toBeVisible({ timeout: 10_000 });
    await expect(order.locator('.customer')).toHaveText(NAME);
    await expect(order.locator('.items')).toHaveText(`2 × ${PRODUCT}`);
    if (demo.pattern === 'hexagonal') {
      await expect(panel(page).locator('ol.mailbox > li .body').first()).toContainText(NAME);
    }
    // An action redraws the lists and the trace on the client side.
    await panel(page).getByRole('button', { name: 'Reset my data' }).click();
    await expect(usersList(page)).toHaveCount(0);
    await expect(trace(page)).toBeVisible();
    await expectNothingRan(page, dialogs);
  });
}

test('/compare shows a hostile run as text', async ({ page }) => {
  const dialogs = watchDialogs(page);
  const email = uniqueEmail('xss-compare');
  await runComparison(page, { email, name: NAME, product: PRODUCT, quantity: 1, price: 100 });
  await expect(page.locator('section#results table')).toBeVisible();
  const details = page.locator('section#results details.compare-steps');
  for (let i = 0; i < 5; i++) await details.nth(i).locator('summary').click();
  await expect(page.locator('section#results section.trace')).toHaveCount(10);
  await expect(page.locator('section#results').locator('img, script')).toHaveCount(0);
  await expectNothingRan(page, dialogs);

  // What the run created is text on the pattern pages.
  await page.locator('section#results thead').getByRole('link', { name: 'Microservices' }).click();
  await expect(usersList(page).first().locator('.name')).toHaveText(NAME);
  await expect(settledOrders(page).first().locator('.items')).toHaveText(`1 × ${PRODUCT}`);
  await expectNothingRan(page, dialogs);
});

test('an error message passed in the address is shown as text', async ({ page }) => {
  const dialogs = watchDialogs(page);
  const message = '<img src=x onerror="window.__xss=3;alert(3)"><script>alert(4)</script>';
  await page.goto(`/patterns/clean?demo_error=${encodeURIComponent(message)}&demo_field=`);
  await expect(panel(page).locator('.demo-alert')).toHaveText(message);
  await expectNothingRan(page, dialogs);
  // Named after a field, it sits beside that field, still as text.
  await page.goto(`/patterns/clean?demo_error=${encodeURIComponent(message)}&demo_field=email`);
  await expect(panel(page).locator('[id="demo-email-error"]')).toHaveText(message);
  await expectNothingRan(page, dialogs);
});
