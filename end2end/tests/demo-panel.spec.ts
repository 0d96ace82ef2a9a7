import { expect, test } from '@playwright/test';

import {
  DEMOS,
  alert,
  apiCreateUser,
  documentIsTheSame,
  expectFieldError,
  expectTraceDrawn,
  fillLine,
  markDocument,
  openDemo,
  orderForm,
  panel,
  projectingRows,
  settledOrders,
  submitOrderForm,
  submitUserForm,
  usersList,
  uniqueEmail,
} from './support/demo';

// The live demo panel with JavaScript: once the island runs, its forms are
// sent with fetch and the panel updates in place, without a navigation.

for (const demo of DEMOS) {
  test(`${demo.title}: a user and an order are created in place, each with its trace`, async ({ page }) => {
    await openDemo(page, demo.path);
    await expect(panel(page).getByRole('heading', { level: 2 })).toHaveText(`Live demo: the ${demo.title} backend`);
    await expect(usersList(page)).toHaveCount(0);
    await expect(orderForm(page).getByRole('button', { name: 'Place order' })).toBeDisabled();
    const url = page.url();
    await markDocument(page);
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });

    const email = uniqueEmail(demo.pattern);
    const name = `Ada ${demo.title}`;
    await submitUserForm(page, { email, name });

    await expect(usersList(page)).toHaveCount(1);
    await expect(usersList(page).first().locator('.name')).toHaveText(name);
    await expect(usersList(page).first().locator('.email')).toHaveText(email);
    await expectTraceDrawn(page, new RegExp(`^POST /demos/${demo.pattern}/api/users → 201 in .+ · \\d+ steps · \\d+ SQL statements$`));
    // The form is emptied after a success, ready for the next user.
    await expect(panel(page).getByLabel('Email')).toHaveValue('');

    await expect(orderForm(page).getByRole('button', { name: 'Place order' })).toBeEnabled();
    await submitOrderForm(page, email, { product: 'Green tea', quantity: 2, price: 450 });

    if (demo.pattern === 'cqrs') {
      // Accepted by the write side (202), shown as projecting until the read model has it.
      // The row may last only a few hundred milliseconds: waitFor watches every frame.
      const projecting = page.locator('section#demo ol.orders > li.order.projecting', { hasText: 'projecting…' });
      await projecting.first().waitFor({ state: 'visible', timeout: 10_000 });
    }
    const order = settledOrders(page).first();
    await expect(order).toBeVisible({ timeout: 10_000 });
    await expect(settledOrders(page)).toHaveCount(1);
    await expect(projectingRows(page)).toHaveCount(0);
    await expect(order.locator('.customer')).toHaveText(name);
    await expect(order.locator('.items')).toHaveText('2 × Green tea');
    await expect(order.locator('.total')).toHaveText('$9.00');
    await expect(order.locator('.status')).toHaveText(/^(pending|paid)$/);
    const status = demo.pattern === 'cqrs' ? 202 : 201;
    await expectTraceDrawn(page, new RegExp(`^POST /demos/${demo.pattern}/api/orders → ${status} in `));
    await expect(alert(page)).toBeEmpty();

    expect(page.url(), 'no navigation happened').toBe(url);
    expect(navigations, 'no navigation happened').toBe(0);
    expect(await documentIsTheSame(page), 'the document was not reloaded').toBe(true);
  });

  test(`${demo.title}: a refused field shows its error right next to that field`, async ({ page }) => {
    await openDemo(page, demo.path);
    const url = page.url();
    const email = uniqueEmail(`${demo.pattern}-short`);
    await submitUserForm(page, { email, name: 'Shorty', password: 'short' });

    const password = panel(page).getByLabel('Password (8 characters or more)');
    await expectFieldError(page, password, 'at least 8 characters');
    await expect(panel(page).getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(panel(page).locator('.field-error')).toHaveCount(1);
    // The refused request has its trace too, and nothing was stored.
    await expect(panel(page).locator('section.trace .trace-summary')).toHaveText(
      new RegExp(`^POST /demos/${demo.pattern}/api/users → 400 in `),
    );
    await expect(usersList(page)).toHaveCount(0);
    // What was typed stays, so the reader can fix it.
    await expect(panel(page).getByLabel('Email')).toHaveValue(email);

    // An email of the wrong shape is shown beside Email instead.
    await panel(page).getByLabel('Email').fill('not-an-email');
    await panel(page).getByLabel('Password (8 characters or more)').fill('long enough password');
    await panel(page).getByRole('button', { name: 'Create user' }).click();
    await expectFieldError(page, panel(page).getByLabel('Email'), /email/i);
    await expect(password).not.toHaveAttribute('aria-invalid', 'true');
    await expect(panel(page).locator('[id="demo-password-error"]')).toHaveCount(0);

    // Fixed, the user is created and the errors go away.
    await panel(page).getByLabel('Email').fill(email);
    await panel(page).getByLabel('Password (8 characters or more)').fill('long enough password');
    await panel(page).getByRole('button', { name: 'Create user' }).click();
    await expect(usersList(page)).toHaveCount(1);
    await expect(panel(page).locator('.field-error')).toHaveCount(0);
    expect(page.url()).toBe(url);
  });
}

test('an item error named items[0].quantity is shown under "Quantity, line 1"', async ({ page }) => {
  await page.goto('/patterns/layered');
  const user = await apiCreateUser(page.request, 'layered', { email: uniqueEmail('qty'), name: 'Quinn' });
  await openDemo(page, '/patterns/layered');
  await expect(usersList(page)).toHaveCount(1);

  await fillLine(page, 1, { product: 'Coffee beans', quantity: 0, price: 1299 });
  await submitOrderForm(page, user.email);
  const quantity = orderForm(page).getByLabel('Quantity, line 1', { exact: true });
  await expectFieldError(page, quantity, /quantity/i);
  await expect(settledOrders(page)).toHaveCount(0);
  await expect(orderForm(page).getByLabel('Unit price (cents), line 1', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
});

test('the total preview follows quantities and prices as they are typed', async ({ page }) => {
  await openDemo(page, '/patterns/layered');
  const total = orderForm(page).locator('p.total output');
  await expect(total).toHaveText('$12.99');

  await orderForm(page).getByLabel('Quantity, line 1', { exact: true }).fill('3');
  await expect(total).toHaveText('$38.97');
  await orderForm(page).getByLabel('Unit price (cents), line 1', { exact: true }).fill('250');
  await expect(total).toHaveText('$7.50');

  await fillLine(page, 2, { product: 'Mug', quantity: 2, price: 1005 });
  await expect(total).toHaveText('$27.60');
  await orderForm(page).getByLabel('Quantity, line 2', { exact: true }).fill('1');
  await expect(total).toHaveText('$17.55');
});

test('"Add an item line" adds line 4, which counts in the total', async ({ page }) => {
  await openDemo(page, '/patterns/clean');
  const form = orderForm(page);
  await expect(form.locator('.item-line')).toHaveCount(3);
  await expect(form.getByLabel('Product, line 4', { exact: true })).toHaveCount(0);

  await form.getByRole('button', { name: 'Add an item line' }).click();
  await expect(form.locator('.item-line')).toHaveCount(4);
  await expect(form.getByLabel('Product, line 4', { exact: true })).toBeVisible();
  await expect(form.getByLabel('Quantity, line 4', { exact: true })).toBeVisible();
  await expect(form.getByLabel('Unit price (cents), line 4', { exact: true })).toBeVisible();
  // Line 1 keeps what it had.
  await expect(form.getByLabel('Product, line 1', { exact: true })).toHaveValue('Coffee beans');

  await fillLine(page, 4, { product: 'Filter papers', quantity: 2, price: 300 });
  await expect(form.locator('p.total output')).toHaveText('$18.99');
});
