// Time from clicking "Create user" on the layered demo panel to the trace of
// that request being drawn, measured inside the page (performance.now(), up
// to the first animation frame after the trace appears). Median of 20 runs.
//
//   BASE_URL=http://127.0.0.1:3000 node bench/panel-latency.mjs
//
// Uses the Playwright installed for the browser tests (end2end/node_modules)
// and the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('set BASE_URL to the running server, e.g. BASE_URL=http://127.0.0.1:3000');
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 20);
const WARMUP = 2;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto('/patterns/layered');
  // The island is awake once it reveals the "Add an item line" button.
  await page.locator('#demo button.add-line').waitFor({ state: 'visible', timeout: 30_000 });

  const times = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const email = `bench-${Date.now().toString(36)}-${i}@example.test`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Name', { exact: true }).fill(`Bench ${i}`);
    await page.getByLabel('Password (8 characters or more)').fill('benchmark password');
    const ms = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const before = document.querySelector('#demo section.trace')?.getAttribute('data-trace-id') ?? null;
          const button = [...document.querySelectorAll('#demo form button[type="submit"]')].find((b) => b.textContent.trim() === 'Create user');
          const drawn = () => {
            const trace = document.querySelector('#demo section.trace');
            if (!trace || trace.getAttribute('data-trace-id') === before) return false;
            const summary = trace.querySelector('.trace-summary')?.textContent ?? '';
            return summary.startsWith('POST /demos/layered/api/users → 201') && trace.querySelector('ol.steps li.step') !== null;
          };
          const timer = setTimeout(() => reject(new Error('no trace within 10 s')), 10_000);
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            if (!drawn()) return;
            observer.disconnect();
            clearTimeout(timer);
            // Visible = the frame that paints it.
            requestAnimationFrame(() => resolve(performance.now() - t0));
          });
          observer.observe(document.querySelector('#demo'), { subtree: true, childList: true, attributes: true, characterData: true });
          button.click();
        }),
    );
    if (i >= WARMUP) times.push(ms);
  }

  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)];
  console.log(`runs: ${times.length} (after ${WARMUP} warm-up)`);
  console.log(`each (ms): ${times.map((t) => t.toFixed(1)).join(' ')}`);
  console.log(`click → trace visible: median ${median.toFixed(1)} ms · min ${sorted[0].toFixed(1)} · p90 ${p90.toFixed(1)} · max ${sorted.at(-1).toFixed(1)}`);
  await context.close();
} finally {
  await browser.close();
}
