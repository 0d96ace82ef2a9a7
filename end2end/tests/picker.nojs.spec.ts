import { expect, test, type Locator, type Page } from '@playwright/test';

// Runs in the `no-js` project: the picker is a plain GET form, and the server
// renders the ranking for the answers in the URL.

function ranking(page: Page): Locator {
  return page.locator('#picker ol.picker-ranking > li');
}

function firstPattern(page: Page): Locator {
  return ranking(page).first().locator('a.picker-name');
}

test('without answers the defaults are checked and ranked', async ({ page }) => {
  const response = await page.goto('/choosing');
  expect(response?.status()).toBe(200);
  for (const label of ['3–10 people', 'Moderate business rules', 'Grow as a whole', 'Balanced']) {
    await expect(page.getByLabel(label, { exact: true })).toBeChecked();
  }
  await expect(ranking(page)).toHaveCount(5);
  await expect(firstPattern(page)).toHaveText('Clean');
});

test('choosing answers and submitting lands on /choosing with the new ranking', async ({ page }) => {
  await page.goto('/choosing');
  await page.getByLabel('1–5 people').check();
  await page.getByLabel('Simple CRUD').check();
  await page.getByLabel('Ship fast').check();
  await page.getByRole('button', { name: 'Rank the patterns' }).click();

  await expect(page).toHaveURL(/\/choosing\?team=1-5&domain=crud&scale=whole&ttm=fast#picker$/);
  await expect(firstPattern(page)).toHaveText('Layered');
  await expect(firstPattern(page)).toHaveAttribute('href', '/patterns/layered');
  await expect(page.getByLabel('1–5 people')).toBeChecked();
  await expect(page.getByLabel('Ship fast')).toBeChecked();
});

test('a large team that scales parts independently gets microservices first, with reasons', async ({ page }) => {
  await page.goto('/choosing');
  await page.getByLabel('10 or more').check();
  await page.getByLabel('Scale parts independently').check();
  await page.getByRole('button', { name: 'Rank the patterns' }).click();

  await expect(page).toHaveURL(/team=10-plus/);
  const first = ranking(page).first();
  await expect(first.locator('a.picker-name')).toHaveText('Microservices');
  await expect(first.locator('.picker-fit')).toHaveText(/fit · \d+ of 21 points$/);
  await expect(first.locator('.picker-reasons > li')).toHaveCount(4);
  await expect(first).toContainText('Your team of 10 or more is where microservices pay off');
  const links = await ranking(page).locator('a.picker-name').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  expect([...links].sort()).toEqual(
    ['/patterns/clean', '/patterns/cqrs', '/patterns/hexagonal', '/patterns/layered', '/patterns/microservices'],
  );
});

test('every input is labelled and the ranking has a heading', async ({ page }) => {
  await page.goto('/choosing');
  const inputs = page.locator('#picker input');
  expect(await inputs.count()).toBe(14);
  for (const input of await inputs.all()) {
    await expect(input).toHaveAccessibleName(/\S/);
  }
  await expect(page.locator('#picker fieldset')).toHaveCount(4);
  await expect(page.locator('#picker').getByRole('heading', { name: 'Your ranking' })).toBeVisible();
  await expect(page.locator('#picker').getByRole('list', { name: 'Your ranking' })).toBeVisible();
});

test('a hostile query value is ignored, never rendered', async ({ page }) => {
  const hostile = '/choosing?team=<img src=x onerror=alert(1)>&domain="><script>alert(2)</script>&ttm=fast';
  const response = await page.goto(hostile);
  expect(response?.status()).toBe(200);
  await expect(page.locator('#picker img')).toHaveCount(0);
  await expect(page.locator('#picker')).not.toContainText('onerror');
  // The bad values fall back to their defaults; the good one is kept.
  await expect(page.getByLabel('3–10 people')).toBeChecked();
  await expect(page.getByLabel('Ship fast')).toBeChecked();

  const html = await (await page.request.get(hostile)).text();
  expect(html).not.toContain('<img src=x');
  expect(html).not.toContain('onerror=alert');
  expect(html).not.toContain('alert(2)');
});
