// Time from saving a content file to the open page showing the change, on a
// development server (LEPTOS_ENV=DEV) over CONTENT_DIR.
//
//   DEV_BASE_URL=http://127.0.0.1:3998 DEV_CONTENT_DIR=/tmp/dev/content node bench/reload-latency.mjs
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');
const base = process.env.DEV_BASE_URL;
const file = join(process.env.DEV_CONTENT_DIR, 'layered.md');
const runs = Number(process.env.RUNS || 10);
const original = readFileSync(file, 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage();
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    await page.goto(`${base}/patterns/layered`);
    await page.waitForTimeout(300);
    const title = `Layered ${Date.now()}`;
    const saved = Date.now();
    writeFileSync(file, original.replace(/^title = ".*"$/m, `title = "${title}"`));
    await page.locator('main h1', { hasText: title }).waitFor({ timeout: 20000 });
    times.push(Date.now() - saved);
  }
} finally {
  writeFileSync(file, original);
  await browser.close();
}
times.sort((a, b) => a - b);
console.log(`saves: ${times.length}  median: ${times[Math.floor(times.length / 2)]} ms  min: ${times[0]} ms  max: ${times[times.length - 1]} ms`);
