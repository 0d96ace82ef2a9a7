import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Content hot reload, against the development server the test script starts
// over a temporary copy of content/ (DEV_BASE_URL, DEV_CONTENT_DIR).

const devBase = process.env.DEV_BASE_URL;
const contentDir = process.env.DEV_CONTENT_DIR;

test('saving a content file updates an open page by itself; a broken save shows the error and keeps the page', async ({ page }) => {
  expect(devBase, 'DEV_BASE_URL: the test script starts a development server').toBeTruthy();
  expect(contentDir, 'DEV_CONTENT_DIR: its content folder').toBeTruthy();
  const file = join(contentDir!, 'clean.md');
  const original = readFileSync(file, 'utf8');
  try {
    await page.goto(`${devBase}/patterns/clean`);
    await expect(page.locator('main h1')).toHaveText(/Clean/);
    const stamp = `Clean, edited ${Date.now()}`;
    writeFileSync(file, original.replace(/^title = ".*"$/m, `title = "${stamp}"`));
    // No navigation by the test: the page reloads itself.
    await expect(page.locator('main h1')).toHaveText(stamp, { timeout: 15_000 });

    writeFileSync(file, original.replace(/^title = /m, 'titel = '));
    await expect(page.locator('.dev-problem')).toContainText('clean.md:', { timeout: 15_000 });
    await expect(page.locator('main h1')).toHaveText(stamp);
  } finally {
    writeFileSync(file, original);
  }
});
