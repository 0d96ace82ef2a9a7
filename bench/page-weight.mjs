// Bytes transferred for a first visit (empty cache) to each page, as served
// (compressed on the wire), grouped by kind, read from Chromium's network
// events once the page is loaded and the network has been idle.
//
//   PAGES="patterns-live=http://127.0.0.1:3000/patterns/layered,mdBook=http://127.0.0.1:8080/layered.html" \
//     node bench/page-weight.mjs
//
// Uses the Playwright installed for the browser tests (end2end/node_modules)
// and the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const pages = (process.env.PAGES ?? '').split(',').filter(Boolean).map((entry) => entry.split('='));
if (pages.length === 0) {
  console.error('set PAGES to label=url pairs, comma separated');
  process.exit(2);
}

function kindOf(url, type) {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm')) return 'wasm';
  if (type === 'Document') return 'html';
  if (type === 'Stylesheet') return 'css';
  if (type === 'Script') return 'js';
  if (type === 'Font') return 'font';
  if (type === 'Image') return 'image';
  return 'other';
}

const KINDS = ['html', 'css', 'js', 'wasm', 'font', 'image', 'other'];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const rows = [];
try {
  for (const [label, url] of pages) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const requests = new Map();
    const totals = Object.fromEntries(KINDS.map((k) => [k, 0]));
    const files = Object.fromEntries(KINDS.map((k) => [k, 0]));
    cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, type: e.type }));
    cdp.on('Network.responseReceived', (e) => {
      const known = requests.get(e.requestId);
      if (known) known.type = e.type;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const known = requests.get(e.requestId);
      if (!known || known.url.startsWith('data:')) return;
      const kind = kindOf(known.url, known.type);
      totals[kind] += e.encodedDataLength;
      files[kind] += 1;
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    // Islands hydrate when the browser is idle; give late fetches their time.
    await page.waitForTimeout(1500);
    await context.close();
    rows.push({ label, url, totals, files });
  }
} finally {
  await browser.close();
}

const kb = (n) => (n / 1024).toFixed(1);
console.log(`| page | ${KINDS.join(' KB | ')} KB | JS + WASM KB | total KB |`);
console.log(`|---|${KINDS.map(() => '---').join('|')}|---|---|`);
for (const { label, url, totals, files } of rows) {
  const all = KINDS.reduce((sum, k) => sum + totals[k], 0);
  const cells = KINDS.map((k) => (files[k] ? `${kb(totals[k])} (${files[k]})` : '–'));
  console.log(`| ${label} \`${new URL(url).pathname}\` | ${cells.join(' | ')} | ${kb(totals.js + totals.wasm)} | ${kb(all)} |`);
}
console.log('\nBytes on the wire (headers included), first visit, cache disabled; (n) = number of files.');
