import { expect, type Locator, type Page } from '@playwright/test';

import { DEMOS, PASSWORD } from './demo';

// The /compare page: one operation on all five backends, its results table.

export type Operation = { email: string; name: string; password?: string; product?: string; quantity?: number; price?: number };

/** Fills the compare form and runs it; waits to be back on /compare#results. */
export async function runComparison(page: Page, op: Operation): Promise<void> {
  await page.goto('/compare');
  const form = page.locator('form.compare-form');
  await form.getByLabel('Email').fill(op.email);
  await form.getByLabel('Name', { exact: true }).fill(op.name);
  await form.getByLabel('Password (8 characters or more)').fill(op.password ?? PASSWORD);
  if (op.product !== undefined) await form.getByLabel('Product').fill(op.product);
  if (op.quantity !== undefined) await form.getByLabel('Quantity').fill(String(op.quantity));
  if (op.price !== undefined) await form.getByLabel('Unit price (cents)').fill(String(op.price));
  await form.getByRole('button', { name: 'Run on all five backends' }).click();
  await expect(page).toHaveURL(/\/compare\?layered=[^#]+#results$/);
}

export function resultsTable(page: Page): Locator {
  return page.locator('section#results table');
}

/** The five cells of the row headed `label`, in the columns' order. */
export function row(page: Page, label: string): Locator {
  return resultsTable(page)
    .locator('tbody tr', { has: page.locator('th[scope="row"]', { hasText: new RegExp(`^${label}$`) }) })
    .locator('td');
}

export async function rowTexts(page: Page, label: string): Promise<string[]> {
  const cells = row(page, label);
  await expect(cells).toHaveCount(5);
  return (await cells.allTextContents()).map((t) => t.trim());
}

export const ROWS = ['Status', 'Steps', 'Components crossed', 'SQL statements', 'Services', 'Events', 'Server time'];

/** Everything a successful run must show, the same with and without JavaScript. */
export async function expectSuccessfulComparison(page: Page): Promise<void> {
  const table = resultsTable(page);
  await expect(table).toBeVisible();

  // Five columns, each headed by a link to its pattern's page.
  const headers = table.locator('thead th[scope="col"] a');
  await expect(headers).toHaveText(DEMOS.map((d) => d.title));
  for (const [i, demo] of DEMOS.entries()) {
    await expect(headers.nth(i)).toHaveAttribute('href', demo.path);
  }
  await expect(table.locator('tbody th[scope="row"]')).toHaveText(ROWS);
  for (const label of ROWS) {
    await expect(row(page, label)).toHaveCount(5);
  }

  const statuses = await rowTexts(page, 'Status');
  for (const status of statuses) expect(status).toContain('201');
  expect(statuses.slice(0, 4), 'four backends answer 201 to both calls').toEqual(Array(4).fill('201 then 201'));
  expect(statuses[4], 'CQRS accepts the order with 202').toMatch(/^201 then 202$/);

  for (const label of ['Steps', 'SQL statements']) {
    const numbers = await rowTexts(page, label);
    for (const [i, text] of numbers.entries()) {
      expect(text, `${label} on ${DEMOS[i].title}`).toMatch(/^\d+$/);
      expect(Number(text), `${label} on ${DEMOS[i].title}`).toBeGreaterThan(0);
    }
  }

  const services = await rowTexts(page, 'Services');
  expect(services[3]).toContain('users');
  expect(services[3]).toContain('orders');
  for (const i of [0, 1, 2, 4]) expect(services[i]).toBe('one process');

  const crossed = await rowTexts(page, 'Components crossed');
  expect(crossed[0]).toContain('Controller');
  expect(crossed[3]).toContain('Gateway');
  for (const text of crossed) expect(text).toContain('SQLite');

  const times = await rowTexts(page, 'Server time');
  for (const text of times) expect(text).toMatch(/^[\d.]+ (µs|ms|s)$/);

  // Each backend's steps, both calls, in a disclosure.
  const details = page.locator('section#results details.compare-steps');
  await expect(details).toHaveCount(5);
  await expect(details.locator('summary')).toHaveText(DEMOS.map((d) => `Every step on ${d.title}`));
  for (const [i, demo] of DEMOS.entries()) {
    const traces = details.nth(i).locator('section.trace');
    await expect(traces).toHaveCount(2);
    await expect(traces.nth(0).locator('.trace-summary')).toHaveText(new RegExp(`^POST /demos/${demo.pattern}/api/users → 201 `));
    await expect(traces.nth(1).locator('.trace-summary')).toHaveText(
      new RegExp(`^POST /demos/${demo.pattern}/api/orders → ${demo.pattern === 'cqrs' ? 202 : 201} `),
    );
    expect(await traces.nth(1).locator('ol.steps > li.step').count()).toBeGreaterThan(0);
  }
}
