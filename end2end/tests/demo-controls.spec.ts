import { expect, test, type Locator, type Page } from '@playwright/test';

import {
  alert,
  apiCreateOrder,
  apiCreateUser,
  documentIsTheSame,
  markDocument,
  openDemo,
  orderForm,
  panel,
  projectingRows,
  settledOrders,
  submitOrderForm,
  submitUserForm,
  trace,
  uniqueEmail,
  usersList,
} from './support/demo';

// The controls only one pattern has, driven with JavaScript on: hexagonal's
// persistence adapter and mailbox, microservices' fault injection, CQRS'
// projection delay and rebuild.

function faultRow(page: Page, service: 'users' | 'orders' | 'payments') {
  return panel(page).locator('ul.faults > li', { has: page.locator('.service', { hasText: new RegExp(`^${service}$`) }) });
}

async function applyFault(page: Page, service: 'users' | 'orders' | 'payments', mode: 'down' | 'slow' | 'none') {
  await panel(page).getByLabel('Service', { exact: true }).selectOption(service);
  await panel(page).getByLabel('Fault', { exact: true }).selectOption(mode);
  await panel(page).getByRole('button', { name: 'Apply fault' }).click();
  await expect(faultRow(page, service).locator('.mode')).toHaveText(mode === 'none' ? 'up' : mode);
}

/** Samples `locator`'s text for `ms`: it must read `text` every time. */
async function expectToStay(locator: Locator, text: string, ms: number) {
  const seen = new Set<string>();
  const end = Date.now() + ms;
  await expect
    .poll(
      async () => {
        seen.add((await locator.textContent()) ?? '');
        return Date.now() >= end;
      },
      { timeout: ms + 5_000, intervals: [200] },
    )
    .toBe(true);
  expect([...seen]).toEqual([text]);
}

test.describe('hexagonal', () => {
  test('the mailbox shows the welcome mail of every user created', async ({ page }) => {
    await openDemo(page, '/patterns/hexagonal');
    const mails = panel(page).locator('ol.mailbox > li');
    await expect(mails).toHaveCount(0);
    const first = uniqueEmail('mail-one');
    const second = uniqueEmail('mail-two');
    await submitUserForm(page, { email: first, name: 'Mae First' });
    await expect(mails.locator('.to')).toHaveText([`To ${first}`]);
    await submitUserForm(page, { email: second, name: 'Mo Second' });
    await expect(usersList(page)).toHaveCount(2);
    await expect(mails.locator('.to')).toHaveText([`To ${second}`, `To ${first}`]);
    await expect(mails.first().locator('.body')).toContainText('Mo Second');
  });

  test('switching the persistence adapter swaps the data; the mailbox keeps every welcome mail', async ({ page }) => {
    await openDemo(page, '/patterns/hexagonal');
    await markDocument(page);
    const current = panel(page).locator('p.current');
    await expect(current).toHaveText('Now using: SQLite');
    await expect(panel(page).getByLabel('SQLite (a file on disk)')).toBeChecked();
    await expect(panel(page).locator('ol.mailbox > li')).toHaveCount(0);

    const onDisk = { email: uniqueEmail('disk'), name: 'Dora Disk' };
    await submitUserForm(page, onDisk);
    await expect(usersList(page)).toHaveCount(1);
    await expect(panel(page).locator('ol.mailbox > li')).toHaveCount(1);
    await expect(panel(page).locator('ol.mailbox > li').first().locator('.to')).toHaveText(`To ${onDisk.email}`);

    await panel(page).getByLabel('In memory (gone on restart)').check();
    await panel(page).getByRole('button', { name: 'Switch adapter' }).click();
    await expect(current).toHaveText('Now using: in memory');
    await expect(panel(page).getByLabel('In memory (gone on restart)')).toBeChecked();
    // The in-memory store starts empty: the SQLite user is not in it.
    await expect(usersList(page)).toHaveCount(0);
    await expect(trace(page).locator('.trace-summary')).toHaveText(/^PUT \/demos\/hexagonal\/api\/adapters\/persistence → 200 /);

    const inMemory = { email: uniqueEmail('memory'), name: 'Mona Memory' };
    await submitUserForm(page, inMemory);
    await expect(usersList(page)).toHaveCount(1);
    await expect(usersList(page).first().locator('.email')).toHaveText(inMemory.email);
    await expect(panel(page).locator('ol.mailbox > li')).toHaveCount(2);
    await expect(panel(page).locator('ol.mailbox > li .to')).toHaveText([`To ${inMemory.email}`, `To ${onDisk.email}`]);

    await panel(page).getByLabel('SQLite (a file on disk)').check();
    await panel(page).getByRole('button', { name: 'Switch adapter' }).click();
    await expect(current).toHaveText('Now using: SQLite');
    await expect(usersList(page)).toHaveCount(1);
    await expect(usersList(page).first().locator('.email')).toHaveText(onDisk.email);
    await expect(usersList(page).filter({ hasText: inMemory.email })).toHaveCount(0);
    expect(await documentIsTheSame(page), 'the switch happened in place').toBe(true);

    // The choice is the sandbox's: a reload shows the same adapter and data.
    await page.reload();
    await expect(current).toHaveText('Now using: SQLite');
    await expect(usersList(page)).toHaveCount(1);
  });
});

test.describe('microservices', () => {
  test('with payments down an order stays pending; back up, it turns paid', async ({ page }) => {
    test.setTimeout(60_000);
    await openDemo(page, '/patterns/microservices');
    await expect(faultRow(page, 'payments').locator('.mode')).toHaveText('up');
    const email = uniqueEmail('payments');
    await submitUserForm(page, { email, name: 'Pat Payer' });
    await expect(usersList(page)).toHaveCount(1);

    await applyFault(page, 'payments', 'down');
    await expect(faultRow(page, 'users').locator('.mode')).toHaveText('up');
    await expect(faultRow(page, 'orders').locator('.mode')).toHaveText('up');

    await submitOrderForm(page, email, { product: 'Espresso', quantity: 1, price: 300 });
    const order = settledOrders(page).first();
    await expect(order.locator('.status')).toHaveText('pending');
    await expect(alert(page)).toBeEmpty();
    // The failure stays contained: well past a payment's usual delay, still pending.
    await expectToStay(order.locator('.status'), 'pending', 3_000);

    await applyFault(page, 'payments', 'none');
    await expect(order.locator('.status')).toHaveText('paid', { timeout: 15_000 });
    await expect(settledOrders(page)).toHaveCount(1);
    // The trace of that order gained the payment hop once the backlog was delivered.
    await expect(trace(page).locator('ol.steps > li.step .kind').filter({ hasText: /^(http|gateway|service)$/ }).first()).toBeVisible();
  });

  test('with users down an order is refused with a visible error', async ({ page }) => {
    await openDemo(page, '/patterns/microservices');
    const email = uniqueEmail('usersdown');
    await submitUserForm(page, { email, name: 'Una Users' });
    await expect(usersList(page)).toHaveCount(1);

    await applyFault(page, 'users', 'down');
    await submitOrderForm(page, email, { product: 'Cortado', quantity: 1, price: 350 });
    const shown = alert(page).or(panel(page).locator('[id="demo-order-user-error"]'));
    await expect(shown).toContainText(/unavailable/i);
    await expect(trace(page).locator('.trace-summary')).toHaveText(/^POST \/demos\/microservices\/api\/orders → 503 /);
    await expect(settledOrders(page)).toHaveCount(0);

    // Brought back, the same order goes through.
    await applyFault(page, 'users', 'none');
    await orderForm(page).getByRole('button', { name: 'Place order' }).click();
    await expect(settledOrders(page)).toHaveCount(1);
    await expect(alert(page)).toBeEmpty();
  });
});

test.describe('cqrs', () => {
  test('with a projection delay an order shows projecting first, then lands; the trace shows the projection', async ({ page }) => {
    test.setTimeout(60_000);
    await openDemo(page, '/patterns/cqrs');
    const email = uniqueEmail('cqrs');
    await submitUserForm(page, { email, name: 'Quinn Query' });
    await expect(usersList(page)).toHaveCount(1);

    await panel(page).getByLabel('Projection delay (ms, 0 to 10000)').fill('3000');
    await panel(page).getByRole('button', { name: 'Set delay' }).click();
    await expect(panel(page).locator('dl.projection dd.delay')).toHaveText('3000 ms');
    await expect(trace(page).locator('.trace-summary')).toHaveText(/^PUT \/demos\/cqrs\/api\/projection → 200 /);

    await submitOrderForm(page, email, { product: 'Flat white', quantity: 2, price: 375 });
    await expect(projectingRows(page)).toHaveCount(1);
    await expect(projectingRows(page).first().locator('.status')).toHaveText('projecting…');
    await expect(settledOrders(page)).toHaveCount(0);
    await expect(trace(page).locator('.trace-summary')).toHaveText(/^POST \/demos\/cqrs\/api\/orders → 202 /);

    const order = settledOrders(page).first();
    await expect(order).toBeVisible({ timeout: 15_000 });
    await expect(projectingRows(page)).toHaveCount(0);
    await expect(order.locator('.items')).toHaveText('2 × Flat white');
    await expect(order.locator('.total')).toHaveText('$7.50');
    await expect(
      trace(page).locator('ol.steps > li.step.kind-event').filter({ hasText: 'projected into the read model' }).first(),
    ).toBeVisible({ timeout: 15_000 });
    await expect(panel(page).locator('dl.projection dd.pending-events')).toHaveText('0', { timeout: 10_000 });
  });

  test('rebuilding the read model from the events keeps every order', async ({ page }) => {
    await page.goto('/patterns/cqrs');
    const user = await apiCreateUser(page.request, 'cqrs', { email: uniqueEmail('rebuild'), name: 'Rae Replay' });
    await apiCreateOrder(page.request, 'cqrs', user.id, [{ product: 'Scone', quantity: 1, unit_price_cents: 275 }]);
    await apiCreateOrder(page.request, 'cqrs', user.id, [{ product: 'Muffin', quantity: 3, unit_price_cents: 225 }]);
    await expect
      .poll(async () => ((await (await page.request.get('/demos/cqrs/api/orders')).json()) as unknown[]).length)
      .toBe(2);
    await openDemo(page, '/patterns/cqrs');
    await expect(settledOrders(page)).toHaveCount(2);
    await markDocument(page);

    await panel(page).getByRole('button', { name: 'Rebuild the read model from events' }).click();
    await expect(trace(page).locator('.trace-summary')).toHaveText(/^POST \/demos\/cqrs\/api\/projection\/rebuild → 2\d\d /);
    await expect(alert(page)).toBeEmpty();
    await expect(settledOrders(page)).toHaveCount(2);
    await expect(settledOrders(page).locator('.items')).toHaveText(['3 × Muffin', '1 × Scone']);
    await expect(usersList(page)).toHaveCount(1);
    expect(await documentIsTheSame(page)).toBe(true);

    // And the rebuilt read model is what a fresh page reads.
    await page.reload();
    await expect(settledOrders(page)).toHaveCount(2);
  });
});
