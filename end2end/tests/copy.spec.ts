import { expect, test, type Locator, type Page } from '@playwright/test';
import { waitForIslands } from './support/site';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

async function expectCopies(page: Page, block: Locator) {
  const button = block.locator('button.copy-code');
  const code = block.locator('pre.code');
  const expected = await code.evaluate((pre) => pre.textContent ?? '');
  expect(expected.trim().length, 'the code block has text').toBeGreaterThan(0);

  await expect(button).toBeVisible();
  await expect(button).toHaveText('Copy');
  await expect(button).toHaveAccessibleName('Copy code');
  await button.click();

  await expect(button).toHaveText('Copied');
  await expect(page.locator('p.copy-status[role="status"]')).toHaveText('Code copied to the clipboard');
  await expect.poll(() => clipboardText(page)).toBe(expected);
  // The confirmation is temporary: the label returns after about two seconds.
  await expect(button).toHaveText('Copy', { timeout: 6_000 });
}

test.beforeEach(async ({ page }) => {
  await page.goto('/patterns/layered');
  await waitForIslands(page);
});

test('the first copy button puts its code block on the clipboard and says so', async ({ page }) => {
  await expectCopies(page, page.locator('div.code-block').first());
});

test('each copy button copies its own code block, not the first one', async ({ page }) => {
  const blocks = page.locator('div.code-block');
  expect(await blocks.count()).toBeGreaterThan(1);
  const first = await blocks.first().locator('pre.code').evaluate((pre) => pre.textContent);
  const last = await blocks.last().locator('pre.code').evaluate((pre) => pre.textContent);
  expect(last).not.toBe(first);

  await blocks.last().scrollIntoViewIfNeeded();
  await expectCopies(page, blocks.last());
});
