import { expect, test, type Locator, type Page } from '@playwright/test';

// The pattern picker on /choosing with JavaScript: once the island is awake,
// the ranking follows the radios without a reload.

function ranking(page: Page): Locator {
  return page.locator('#picker ol.picker-ranking > li');
}

function firstPattern(page: Page): Locator {
  return ranking(page).first().locator('a.picker-name');
}

function question(page: Page, legend: string): Locator {
  return page.locator('#picker').getByRole('group', { name: legend });
}

/** The island marks its form `data-live` once its WebAssembly has hydrated. */
async function waitForPicker(page: Page): Promise<void> {
  await expect(page.locator('#picker form[data-live="true"]')).toBeAttached({ timeout: 15_000 });
}

/** Sets a flag on the window: it survives only if the page never reloads. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { pickerMark: number }).pickerMark = 42));
}

async function documentIsTheSame(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { pickerMark?: number }).pickerMark === 42);
}

test('the ranking follows the answers live, without navigating', async ({ page }) => {
  await page.goto('/choosing');
  await waitForPicker(page);
  await expect(ranking(page)).toHaveCount(5);
  await expect(firstPattern(page)).toHaveText('Clean');
  const url = page.url();
  await markDocument(page);

  await question(page, 'How many people will work on it?').getByLabel('1–5 people').check();
  await question(page, 'How complex is the domain logic?').getByLabel('Simple CRUD').check();
  await question(page, 'How soon must it ship, and how long will it live?').getByLabel('Ship fast').check();
  await expect(firstPattern(page)).toHaveText('Layered');
  await expect(firstPattern(page)).toHaveAttribute('href', '/patterns/layered');
  await expect(ranking(page).first()).toContainText("Your team of 1–5 matches layered's sweet spot");

  await question(page, 'How many people will work on it?').getByLabel('10 or more').check();
  await question(page, 'What must it scale to?').getByLabel('Scale parts independently').check();
  await expect(firstPattern(page)).toHaveText('Microservices');
  await expect(firstPattern(page)).toHaveAttribute('href', '/patterns/microservices');
  await expect(ranking(page)).toHaveCount(5);

  expect(page.url(), 'no navigation happened').toBe(url);
  expect(await documentIsTheSame(page), 'the document was not reloaded').toBe(true);
});

test('the result region is a polite live region with a labelled list', async ({ page }) => {
  await page.goto('/choosing');
  await waitForPicker(page);
  await expect(page.locator('#picker .picker-result')).toHaveAttribute('aria-live', 'polite');
  await expect(page.locator('#picker').getByRole('list', { name: 'Your ranking' })).toBeVisible();
  await expect(page.locator('#picker .picker-hint')).toBeVisible();
});

test('the island starts from the answers in the URL', async ({ page }) => {
  await page.goto('/choosing?team=10-plus&domain=complex&scale=reads&ttm=long');
  await waitForPicker(page);
  await expect(firstPattern(page)).toHaveText('CQRS');
  await expect(page.getByLabel('10 or more')).toBeChecked();
  await expect(page.getByLabel('Reads far outnumber writes')).toBeChecked();

  await page.getByLabel('Scale parts independently').check();
  await expect(firstPattern(page)).toHaveText('Microservices');
});

test('the questions work from the keyboard', async ({ page }) => {
  await page.goto('/choosing');
  await waitForPicker(page);
  await markDocument(page);

  // Arrow keys move the choice within a radio group, as in any form.
  await page.getByLabel('3–10 people').focus();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByLabel('1–5 people')).toBeChecked();
  await expect(page.getByLabel('1–5 people')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Moderate business rules')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByLabel('Simple CRUD')).toBeChecked();

  await expect(firstPattern(page)).toHaveText('Layered');
  expect(await documentIsTheSame(page)).toBe(true);
});

test('submitting with JavaScript on still gives a shareable URL with the same ranking', async ({ page }) => {
  await page.goto('/choosing');
  await waitForPicker(page);
  await page.getByLabel('10 or more').check();
  await page.getByLabel('Scale parts independently').check();
  await expect(firstPattern(page)).toHaveText('Microservices');

  await page.getByRole('button', { name: 'Rank the patterns' }).click();
  await expect(page).toHaveURL(/\/choosing\?team=10-plus&domain=rules&scale=parts&ttm=balanced#picker$/);
  await waitForPicker(page);
  await expect(firstPattern(page)).toHaveText('Microservices');
  await expect(page.getByLabel('10 or more')).toBeChecked();
});
