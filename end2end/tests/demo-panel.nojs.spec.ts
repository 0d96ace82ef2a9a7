import { expect, test, type Page } from '@playwright/test';

import {
  DEMOS,
  alert,
  apiCreateUser,
  expectFieldError,
  expectTraceDrawn,
  orderForm,
  panel,
  projectingRows,
  sandboxCode,
  settledOrders,
  submitOrderForm,
  submitUserForm,
  trace,
  unique,
  uniqueEmail,
  usersList,
} from './support/demo';

// Runs in the `no-js` project: every form of the panel is a plain HTML form
// that posts to the demo API, which answers 303 back to the page with the
// request's trace (or its error) in the address.

const TRACE_URL = /[?&]demo_trace=[0-9a-f-]{36}(&[^#]*)?#demo$/;

async function createUser(page: Page, path: string, tag: string, name: string): Promise<string> {
  const email = uniqueEmail(tag);
  await submitUserForm(page, { email, name });
  await expect(page).toHaveURL(new RegExp(`${path.replace(/\//g, '\\/')}\\?`));
  await expect(usersList(page).first().locator('.email')).toHaveText(email);
  return email;
}

for (const demo of DEMOS) {
  test(`${demo.title}: creating a user and an order works without JavaScript`, async ({ page }) => {
    await page.goto(demo.path);
    // Without a script, the JS-only control stays hidden and the total is left to the server.
    await expect(panel(page).getByRole('button', { name: 'Add an item line' })).toBeHidden();
    await expect(orderForm(page).locator('p.total output')).toHaveText('quantity × unit price, summed by the server');
    await expect(orderForm(page).getByRole('button', { name: 'Place order' })).toBeDisabled();

    const name = `Nell ${demo.title}`;
    const email = await createUser(page, demo.path, `nojs-${demo.pattern}`, name);
    await expect(page).toHaveURL(TRACE_URL);
    await expect(usersList(page)).toHaveCount(1);
    await expect(usersList(page).first().locator('.name')).toHaveText(name);
    // The trace is of the form post itself, which the API answered with a redirect.
    await expectTraceDrawn(page, new RegExp(`^POST /demos/${demo.pattern}/api/users → 303 in `));

    await expect(orderForm(page).getByRole('button', { name: 'Place order' })).toBeEnabled();
    await submitOrderForm(page, email, { product: 'Rooibos', quantity: 3, price: 200 });
    await expect(page).toHaveURL(TRACE_URL);
    await expectTraceDrawn(page, new RegExp(`^POST /demos/${demo.pattern}/api/orders → 303 in `));
    await expect(alert(page)).toBeEmpty();
    if (demo.pattern === 'cqrs') {
      // Either already projected, or the page says the event is on its way.
      await expect(settledOrders(page).or(projectingRows(page)).first()).toBeVisible();
      if ((await settledOrders(page).count()) === 0) {
        await expect(projectingRows(page).first()).toHaveText(/1 event\(s\) not in the read model yet\s+projecting…/);
      }
      // A reload a moment later shows it in the read model.
      await expect(async () => {
        await page.reload();
        await expect(settledOrders(page)).toHaveCount(1, { timeout: 500 });
      }).toPass({ timeout: 10_000 });
    }
    const order = settledOrders(page).first();
    await expect(settledOrders(page)).toHaveCount(1);
    await expect(order.locator('.customer')).toHaveText(name);
    await expect(order.locator('.items')).toHaveText('3 × Rooibos');
    await expect(order.locator('.total')).toHaveText('$6.00');
  });

  test(`${demo.title}: a short password comes back with the error beside the password field`, async ({ page }) => {
    await page.goto(demo.path);
    await submitUserForm(page, { email: uniqueEmail(`nojs-short-${demo.pattern}`), name: 'Shorty', password: 'short' });
    await expect(page).toHaveURL(/[?&]demo_error=[^&#]+&demo_field=password/);
    await expectFieldError(page, panel(page).getByLabel('Password (8 characters or more)'), 'at least 8 characters');
    await expect(panel(page).locator('.field-error')).toHaveCount(1);
    await expect(alert(page)).toBeEmpty();
    await expect(usersList(page)).toHaveCount(0);
  });
}

test('hexagonal: the adapter switch works without JavaScript', async ({ page }) => {
  await page.goto('/patterns/hexagonal');
  const current = panel(page).locator('p.current');
  await expect(current).toHaveText('Now using: SQLite');
  const onDisk = await createUser(page, '/patterns/hexagonal', 'nojs-disk', 'Dora Disk');
  await expect(panel(page).locator('ol.mailbox > li .to')).toHaveText([`To ${onDisk}`]);

  await panel(page).getByLabel('In memory (gone on restart)').check();
  await panel(page).getByRole('button', { name: 'Switch adapter' }).click();
  await expect(page).toHaveURL(TRACE_URL);
  await expect(trace(page).locator('.trace-summary')).toHaveText(/^POST \/demos\/hexagonal\/api\/adapters\/persistence → 303 /);
  await expect(current).toHaveText('Now using: in memory');
  await expect(panel(page).getByLabel('In memory (gone on restart)')).toBeChecked();
  await expect(usersList(page)).toHaveCount(0);

  const inMemory = await createUser(page, '/patterns/hexagonal', 'nojs-memory', 'Mona Memory');
  await expect(usersList(page).locator('.email')).toHaveText([inMemory]);

  await panel(page).getByLabel('SQLite (a file on disk)').check();
  await panel(page).getByRole('button', { name: 'Switch adapter' }).click();
  await expect(current).toHaveText('Now using: SQLite');
  await expect(usersList(page).locator('.email')).toHaveText([onDisk]);
});

test('cqrs: the projection delay form works without JavaScript', async ({ page }) => {
  await page.goto('/patterns/cqrs');
  await expect(panel(page).locator('dl.projection dd.delay')).toHaveText('0 ms');
  await panel(page).getByLabel('Projection delay (ms, 0 to 10000)').fill('3000');
  await panel(page).getByRole('button', { name: 'Set delay' }).click();
  await expect(page).toHaveURL(TRACE_URL);
  await expect(panel(page).locator('dl.projection dd.delay')).toHaveText('3000 ms');
  await expect(panel(page).getByLabel('Projection delay (ms, 0 to 10000)')).toHaveValue('3000');
  await expect(trace(page).locator('.trace-summary')).toHaveText(/^POST \/demos\/cqrs\/api\/projection → 303 /);

  // With the delay, a new order is first only an event on its way.
  const email = await createUser(page, '/patterns/cqrs', 'nojs-delay', 'Della Delay');
  await submitOrderForm(page, email, { product: 'Matcha', quantity: 1, price: 600 });
  await expect(projectingRows(page)).toHaveText([/1 event\(s\) not in the read model yet\s+projecting…/]);
  await expect(panel(page).locator('dl.projection dd.pending-events')).toHaveText('1');
  await expect(settledOrders(page)).toHaveCount(0);

  // An out-of-range delay is refused beside its field.
  await panel(page).getByLabel('Projection delay (ms, 0 to 10000)').fill('20000');
  await panel(page).getByRole('button', { name: 'Set delay' }).click();
  await expect(panel(page).locator('[id="demo-delay-error"]')).toBeVisible();
  await expect(panel(page).getByLabel('Projection delay (ms, 0 to 10000)')).toHaveAttribute('aria-invalid', 'true');
});

test('microservices: the fault form works without JavaScript', async ({ page }) => {
  await page.goto('/patterns/microservices');
  const mode = (service: string) =>
    panel(page).locator('ul.faults > li', { has: page.locator('.service', { hasText: new RegExp(`^${service}$`) }) }).locator('.mode');
  await expect(mode('payments')).toHaveText('up');

  await panel(page).getByLabel('Service', { exact: true }).selectOption('payments');
  await panel(page).getByLabel('Fault', { exact: true }).selectOption('down');
  await panel(page).getByRole('button', { name: 'Apply fault' }).click();
  await expect(page).toHaveURL(TRACE_URL);
  await expect(mode('payments')).toHaveText('down');
  await expect(mode('users')).toHaveText('up');
  await expect(mode('orders')).toHaveText('up');

  const email = await createUser(page, '/patterns/microservices', 'nojs-faults', 'Fay Fault');
  await submitOrderForm(page, email, { product: 'Chai', quantity: 1, price: 400 });
  await expect(settledOrders(page).first().locator('.status')).toHaveText('pending');

  await panel(page).getByLabel('Service', { exact: true }).selectOption('payments');
  await panel(page).getByLabel('Fault', { exact: true }).selectOption('none');
  await panel(page).getByRole('button', { name: 'Apply fault' }).click();
  await expect(mode('payments')).toHaveText('up');
  // The backlog is delivered: a reload soon shows the order paid.
  await expect(async () => {
    await page.reload();
    await expect(settledOrders(page).first().locator('.status')).toHaveText('paid', { timeout: 500 });
  }).toPass({ timeout: 15_000 });

  // The users service goes down while the page is open: the order form's post is refused and the page says so.
  const down = await page.request.put('/demos/microservices/api/faults', { data: { service: 'users', mode: 'down' } });
  expect(down.status()).toBe(200);
  await submitOrderForm(page, email, { product: 'Chai', quantity: 1, price: 400 });
  await expect(page).toHaveURL(/[?&]demo_error=/);
  await expect(alert(page).or(panel(page).locator('[id="demo-order-user-error"]'))).toContainText(/unavailable/i);
  await expect(mode('users')).toHaveText('down');
  // The failure stays contained: the orders service still lists the paid order.
  await expect(settledOrders(page)).toHaveCount(1);
  await expect(settledOrders(page).first().locator('.status')).toHaveText('paid');
});

test('joining a shared sandbox works without JavaScript', async ({ page, browser, baseURL }) => {
  const room = unique('nojs-room');
  await page.goto('/patterns/layered');
  const own = (await sandboxCode(page).textContent())!.trim();
  await panel(page).getByLabel('Shared sandbox code').fill(room);
  await panel(page).getByRole('button', { name: 'Join a shared sandbox' }).click();
  await expect(page).toHaveURL(/\/patterns\/layered#demo$/);
  await expect(sandboxCode(page)).toHaveText(room);
  expect(room).not.toBe(own);
  const email = await createUser(page, '/patterns/layered', 'nojs-room', 'Rowan Room');

  // Another browser (also without JavaScript) that joins sees the same user.
  const other = await browser.newContext({ baseURL, javaScriptEnabled: false });
  try {
    const page2 = await other.newPage();
    await page2.goto('/patterns/layered');
    await expect(usersList(page2)).toHaveCount(0);
    await panel(page2).getByLabel('Shared sandbox code').fill(room);
    await panel(page2).getByRole('button', { name: 'Join a shared sandbox' }).click();
    await expect(sandboxCode(page2)).toHaveText(room);
    await expect(usersList(page2).locator('.email')).toHaveText([email]);

    await panel(page2).getByRole('button', { name: 'Leave: start a new private sandbox' }).click();
    await expect(sandboxCode(page2)).not.toHaveText(room);
    await expect(usersList(page2)).toHaveCount(0);
  } finally {
    await other.close();
  }

  // A malformed code is refused beside the code field; the sandbox stays.
  await panel(page).getByLabel('Shared sandbox code').fill('bad code!');
  await panel(page).getByRole('button', { name: 'Join a shared sandbox' }).click();
  await expect(panel(page).locator('[id="demo-sandbox-code-error"]')).toContainText('8 to 64 characters');
  await expect(panel(page).getByLabel('Shared sandbox code')).toHaveAttribute('aria-invalid', 'true');
  await expect(sandboxCode(page)).toHaveText(room);
});

test('"Reset my data" works without JavaScript', async ({ page }) => {
  await page.goto('/patterns/clean');
  await apiCreateUser(page.request, 'clean', { email: uniqueEmail('nojs-reset-a'), name: 'Ann' });
  await apiCreateUser(page.request, 'clean', { email: uniqueEmail('nojs-reset-b'), name: 'Ben' });
  const kept = await apiCreateUser(page.request, 'layered', { email: uniqueEmail('nojs-reset-kept'), name: 'Kim Kept' });
  await page.reload();
  await expect(usersList(page)).toHaveCount(2);
  const code = (await sandboxCode(page).textContent())!.trim();

  await panel(page).getByRole('button', { name: 'Reset my data' }).click();
  await expect(page).toHaveURL(TRACE_URL);
  await expect(usersList(page)).toHaveCount(0);
  await expect(panel(page).getByText('No users in your sandbox yet.')).toBeVisible();
  await expect(trace(page).locator('.trace-summary')).toHaveText(/^DELETE \/demos\/clean\/api\/sandbox → 204 /);
  await expect(sandboxCode(page)).toHaveText(code);

  // Only this demo's data: the layered demo still has its user.
  await page.goto('/patterns/layered');
  await expect(usersList(page).locator('.email')).toHaveText([kept.email]);
});
