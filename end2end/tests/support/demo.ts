import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

/** The five demo backends, with the page that carries each one's panel. */
export const DEMOS = [
  { pattern: 'layered', path: '/patterns/layered', title: 'Layered' },
  { pattern: 'clean', path: '/patterns/clean', title: 'Clean' },
  { pattern: 'hexagonal', path: '/patterns/hexagonal', title: 'Hexagonal' },
  { pattern: 'microservices', path: '/patterns/microservices', title: 'Microservices' },
  { pattern: 'cqrs', path: '/patterns/cqrs', title: 'CQRS' },
] as const;

export type Pattern = (typeof DEMOS)[number]['pattern'];

export const PASSWORD = 'correct horse battery';

/** A string no other test (nor an earlier run) uses: for emails and codes. */
export function unique(tag: string): string {
  return `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function uniqueEmail(tag: string): string {
  return `${unique(tag)}@example.test`;
}

export function panel(page: Page): Locator {
  return page.locator('section#demo');
}

export function usersList(page: Page): Locator {
  return panel(page).locator('ol.users > li');
}

export function ordersList(page: Page): Locator {
  return panel(page).locator('ol.orders > li.order');
}

/** Orders that reached the list (not the CQRS "projecting…" placeholder rows). */
export function settledOrders(page: Page): Locator {
  return panel(page).locator('ol.orders > li.order:not(.projecting)');
}

export function projectingRows(page: Page): Locator {
  return panel(page).locator('ol.orders > li.order.projecting');
}

export function trace(page: Page): Locator {
  return panel(page).locator('section.trace');
}

export function sandboxCode(page: Page): Locator {
  return panel(page).locator('code.sandbox-code');
}

export function alert(page: Page): Locator {
  return panel(page).locator('.demo-alert');
}

/**
 * Waits until the panel's island has hydrated: the "Add an item line" button
 * is rendered `hidden` and only the running island reveals it.
 */
export async function waitForPanel(page: Page): Promise<void> {
  await expect(panel(page).getByRole('button', { name: 'Add an item line' })).toBeVisible({ timeout: 15_000 });
}

/** Opens a pattern page and waits for its demo panel to hydrate. */
export async function openDemo(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForPanel(page);
}

export type UserInput = { email: string; name: string; password?: string };

/** Fills the "Create a user" form and submits it. */
export async function submitUserForm(page: Page, user: UserInput): Promise<void> {
  const form = panel(page).locator('form', { has: page.getByRole('heading', { name: 'Create a user' }) });
  await form.getByLabel('Email').fill(user.email);
  await form.getByLabel('Name', { exact: true }).fill(user.name);
  await form.getByLabel('Password (8 characters or more)').fill(user.password ?? PASSWORD);
  await form.getByRole('button', { name: 'Create user' }).click();
}

export function orderForm(page: Page): Locator {
  return panel(page).locator('form', { has: page.getByRole('heading', { name: 'Place an order' }) });
}

export type Line = { product: string; quantity: number | string; price: number | string };

/** Fills item line `n` (1-based) of the order form. */
export async function fillLine(page: Page, n: number, line: Line): Promise<void> {
  const form = orderForm(page);
  await form.getByLabel(`Product, line ${n}`, { exact: true }).fill(line.product);
  await form.getByLabel(`Quantity, line ${n}`, { exact: true }).fill(String(line.quantity));
  await form.getByLabel(`Unit price (cents), line ${n}`, { exact: true }).fill(String(line.price));
}

/** Chooses the customer by the option's text ("Name <email>") and places the order. */
export async function submitOrderForm(page: Page, customerEmail: string, line?: Line): Promise<void> {
  const form = orderForm(page);
  const option = form.locator('select#demo-order-user option', { hasText: `<${customerEmail}>` });
  await expect(option).toHaveCount(1);
  const value = await option.getAttribute('value');
  await form.getByLabel('Customer').selectOption(value!);
  if (line) await fillLine(page, 1, line);
  await form.getByRole('button', { name: 'Place order' }).click();
}

/** `input` shows its API error right after it (`<id>-error`, class field-error) and is marked invalid. */
export async function expectFieldError(page: Page, input: Locator, message: RegExp | string): Promise<void> {
  const id = await input.getAttribute('id');
  expect(id, 'the input has an id').toBeTruthy();
  const error = panel(page).locator(`[id="${id}-error"]`);
  await expect(error).toBeVisible();
  await expect(error).toHaveClass(/field-error/);
  await expect(error).toContainText(message);
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  // "Right after that input": the error is the input's next element sibling.
  const next = await input.evaluate((el) => el.nextElementSibling?.id ?? null);
  expect(next).toBe(`${id}-error`);
}

/**
 * A trace is drawn with steps, the parts it used, and at least one step that
 * links to a code block that really exists in the article of the page.
 */
export async function expectTraceDrawn(page: Page, summary: RegExp): Promise<void> {
  const t = trace(page);
  await expect(t).toBeVisible();
  await expect(t.locator('.trace-summary')).toHaveText(summary);
  expect(await t.locator('ol.steps > li.step').count()).toBeGreaterThan(0);
  await expect(t.locator('ol.steps > li.step .kind').first()).not.toBeEmpty();
  expect(await t.locator('ol.parts > li.used').count()).toBeGreaterThan(0);
  const links = t.locator('ol.steps .function a[href^="#code-"]');
  expect(await links.count(), 'some step links to the code on the page').toBeGreaterThan(0);
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const href of new Set(hrefs)) {
    await expect(page.locator(`article [id="${href.slice(1)}"]`), `${href} exists in the article`).toHaveCount(1);
  }
}

/** Sets a flag on the window: it survives only if the page never reloads. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { demoMark: number }).demoMark = 42));
}

export async function documentIsTheSame(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { demoMark?: number }).demoMark === 42);
}

export type ApiUser = { id: string; email: string; name: string };

/**
 * Creates a user through the demo API with the browser context's cookies (so
 * in the same sandbox the page shows). Use it when a test is not about the form.
 */
export async function apiCreateUser(request: APIRequestContext, pattern: Pattern, user: UserInput): Promise<ApiUser> {
  const response = await request.post(`/demos/${pattern}/api/users`, {
    data: { email: user.email, name: user.name, password: user.password ?? PASSWORD },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as ApiUser;
}

export async function apiCreateOrder(
  request: APIRequestContext,
  pattern: Pattern,
  userId: string,
  items: { product: string; quantity: number; unit_price_cents: number }[],
): Promise<{ status: number; body: { id: string } }> {
  const response = await request.post(`/demos/${pattern}/api/orders`, { data: { user_id: userId, items } });
  expect([201, 202], await response.text()).toContain(response.status());
  return { status: response.status(), body: await response.json() };
}
