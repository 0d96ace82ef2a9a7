import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';

import {
  alert,
  apiCreateOrder,
  apiCreateUser,
  documentIsTheSame,
  markDocument,
  openDemo,
  panel,
  sandboxCode,
  settledOrders,
  submitUserForm,
  trace,
  unique,
  uniqueEmail,
  usersList,
  waitForPanel,
} from './support/demo';

// Sandboxes, with JavaScript on: every visitor has a private one; a shared
// code puts several browsers in the same one; leaving starts a fresh one;
// reset empties it.

const PAGE = '/patterns/layered';

async function visitor(browser: Browser, baseURL: string | undefined): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await openDemo(page, PAGE);
  return { context, page };
}

async function join(page: Page, code: string): Promise<void> {
  await panel(page).getByLabel('Shared sandbox code').fill(code);
  await panel(page).getByRole('button', { name: 'Join a shared sandbox' }).click();
}

async function userEmails(page: Page): Promise<string[]> {
  return usersList(page).locator('.email').allTextContents();
}

test('two browsers get different sandboxes and do not see each other’s users', async ({ browser, baseURL }) => {
  const a = await visitor(browser, baseURL);
  const b = await visitor(browser, baseURL);
  try {
    const codeA = (await sandboxCode(a.page).textContent())!.trim();
    const codeB = (await sandboxCode(b.page).textContent())!.trim();
    expect(codeA).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(codeB).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(codeA).not.toBe(codeB);

    const emailA = uniqueEmail('alice');
    await submitUserForm(a.page, { email: emailA, name: 'Alice' });
    await expect(usersList(a.page)).toHaveCount(1);

    await b.page.reload();
    await expect(sandboxCode(b.page)).toHaveText(codeB);
    await expect(usersList(b.page)).toHaveCount(0);
    const emailB = uniqueEmail('bob');
    await submitUserForm(b.page, { email: emailB, name: 'Bob' });
    await expect(usersList(b.page)).toHaveCount(1);

    await a.page.reload();
    await expect(sandboxCode(a.page)).toHaveText(codeA);
    expect(await userEmails(a.page)).toEqual([emailA]);
    // The API agrees: each context's cookie scopes what it reads.
    const seenByB = (await (await b.context.request.get('/demos/layered/api/users')).json()) as { email: string }[];
    expect(seenByB.map((u) => u.email)).toEqual([emailB]);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('joining a shared code shows the same users; leaving gives a new private sandbox', async ({ browser, baseURL }) => {
  const a = await visitor(browser, baseURL);
  const b = await visitor(browser, baseURL);
  try {
    const room = unique('room');
    await join(a.page, room);
    await expect(sandboxCode(a.page)).toHaveText(room);
    await expect(a.page).toHaveURL(new RegExp(`${PAGE}(\\?[^#]*)?#demo$`));
    await join(b.page, room);
    await expect(sandboxCode(b.page)).toHaveText(room);
    await expect(usersList(b.page)).toHaveCount(0);

    const emailA = uniqueEmail('room-alice');
    // Joining was a form post: the page came back and its island wakes up again.
    await waitForPanel(a.page);
    await submitUserForm(a.page, { email: emailA, name: 'Alice in the room' });
    await expect(usersList(a.page)).toHaveCount(1);

    await b.page.reload();
    await expect(usersList(b.page)).toHaveCount(1);
    await expect(usersList(b.page).first().locator('.email')).toHaveText(emailA);
    await waitForPanel(b.page);
    const emailB = uniqueEmail('room-bob');
    await submitUserForm(b.page, { email: emailB, name: 'Bob in the room' });
    await expect(usersList(b.page)).toHaveCount(2);

    await a.page.reload();
    expect(await userEmails(a.page)).toEqual([emailB, emailA]);

    await panel(b.page).getByRole('button', { name: 'Leave: start a new private sandbox' }).click();
    await expect(sandboxCode(b.page)).not.toHaveText(room);
    await expect(sandboxCode(b.page)).toHaveText(/^[A-Za-z0-9_-]{8,64}$/);
    await expect(usersList(b.page)).toHaveCount(0);

    // The room keeps its users for whoever is still in it.
    await a.page.reload();
    await expect(sandboxCode(a.page)).toHaveText(room);
    expect(await userEmails(a.page)).toEqual([emailB, emailA]);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('"Reset my data" empties the lists in place', async ({ page }) => {
  await page.goto(PAGE);
  const user = await apiCreateUser(page.request, 'layered', { email: uniqueEmail('reset'), name: 'Rita Reset' });
  await apiCreateOrder(page.request, 'layered', user.id, [{ product: 'Biscotti', quantity: 4, unit_price_cents: 150 }]);
  await openDemo(page, PAGE);
  await expect(usersList(page)).toHaveCount(1);
  await expect(settledOrders(page)).toHaveCount(1);
  const code = await sandboxCode(page).textContent();
  await markDocument(page);

  await panel(page).getByRole('button', { name: 'Reset my data' }).click();
  await expect(usersList(page)).toHaveCount(0);
  await expect(settledOrders(page)).toHaveCount(0);
  await expect(panel(page).getByText('No users in your sandbox yet.')).toBeVisible();
  await expect(panel(page).getByText('No orders yet.')).toBeVisible();
  await expect(trace(page).locator('.trace-summary')).toHaveText(/^DELETE \/demos\/layered\/api\/sandbox → 204 /);
  await expect(alert(page)).toBeEmpty();
  await expect(sandboxCode(page)).toHaveText(code!);
  expect(await documentIsTheSame(page), 'reset happened without a reload').toBe(true);

  // It is gone on the server too, not only on screen.
  await page.reload();
  await expect(usersList(page)).toHaveCount(0);
  await expect(settledOrders(page)).toHaveCount(0);
});

test('an invalid sandbox code is refused next to the code field', async ({ page }) => {
  await openDemo(page, PAGE);
  const code = (await sandboxCode(page).textContent())!.trim();
  const input = panel(page).getByLabel('Shared sandbox code');
  await join(page, 'bad code!');

  const error = panel(page).locator('[id="demo-sandbox-code-error"]');
  await expect(error).toBeVisible();
  await expect(error).toHaveClass(/field-error/);
  await expect(error).toContainText('8 to 64 characters');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(input).toHaveAttribute('aria-describedby', 'demo-sandbox-code-error');
  // The error belongs to the join form, beside the code field, not the page-wide alert.
  await expect(panel(page).locator('form.join')).toContainText('8 to 64 characters');
  await expect(alert(page)).toBeEmpty();
  await expect(sandboxCode(page)).toHaveText(code);
});
