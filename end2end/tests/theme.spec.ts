import { expect, test, type Page } from '@playwright/test';
import {
  DARK_BG,
  LIGHT_BG,
  recordedFrames,
  recordFrames,
  waitForIslands,
  type FrameSample,
} from './support/site';

const PAGE = '/patterns/layered';

function toggle(page: Page) {
  return page.locator('button.theme-toggle');
}

async function savedTheme(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('theme'));
}

/**
 * Reloads the page and checks that every frame it rendered, from the very
 * first one (before the WebAssembly woke up), showed `theme` with its
 * background: no flash of the other theme.
 */
async function expectThemeFromFirstPaint(page: Page, theme: 'dark' | 'light', bg: string) {
  await recordFrames(page);
  await page.reload();
  await waitForIslands(page);
  await expect.poll(async () => (await recordedFrames(page)).length).toBeGreaterThan(2);
  const frames: FrameSample[] = await recordedFrames(page);

  expect(frames[0].hydrated, 'the first frame is rendered before hydration').toBe(false);
  for (const [i, frame] of frames.entries()) {
    expect(frame.theme, `data-theme in frame ${i}`).toBe(theme);
    expect(frame.scripted, `html.js in frame ${i}`).toBe(true);
    if (frame.hasBody) {
      expect(frame.stylesheetApplied, `stylesheet applied in frame ${i}`).toBe(true);
      expect(frame.bodyBg, `body background in frame ${i}`).toBe(bg);
    }
  }
  expect(frames.some((f) => f.hasBody && !f.hydrated), 'a styled frame was painted before hydration').toBe(true);
}

test.describe('with a light system preference', () => {
  test.use({ colorScheme: 'light' });

  test('the page starts light when the reader saved no choice', async ({ page }) => {
    await page.goto(PAGE);
    await expect(page.locator('html')).not.toHaveAttribute('data-theme');
    await expect(page.locator('body')).toHaveCSS('background-color', LIGHT_BG);
    await waitForIslands(page);
    await expect(toggle(page)).toBeVisible();
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'false');
    expect(await savedTheme(page)).toBeNull();
  });

  test('clicking the theme toggle switches to dark and saves the choice', async ({ page }) => {
    await page.goto(PAGE);
    await waitForIslands(page);
    await toggle(page).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.locator('body')).toHaveCSS('background-color', DARK_BG);
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
    expect(await savedTheme(page)).toBe('dark');
  });

  test('after choosing dark, a reload is dark from the first paint', async ({ page }) => {
    await page.goto(PAGE);
    await waitForIslands(page);
    await toggle(page).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    await expectThemeFromFirstPaint(page, 'dark', DARK_BG);
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
  });

  test('the saved dark choice also applies on other pages from the first paint', async ({ page }) => {
    await page.goto(PAGE);
    await waitForIslands(page);
    await toggle(page).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    await page.goto('/patterns/cqrs');
    await expectThemeFromFirstPaint(page, 'dark', DARK_BG);
  });

  test('toggling twice comes back to light and saves light', async ({ page }) => {
    await page.goto(PAGE);
    await waitForIslands(page);
    await toggle(page).click();
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
    await toggle(page).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(page.locator('body')).toHaveCSS('background-color', LIGHT_BG);
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'false');
    expect(await savedTheme(page)).toBe('light');
  });
});

test.describe('with a dark system preference', () => {
  test.use({ colorScheme: 'dark' });

  test('the page is dark when the reader saved no choice', async ({ page }) => {
    await page.goto(PAGE);
    await expect(page.locator('html')).not.toHaveAttribute('data-theme');
    await expect(page.locator('body')).toHaveCSS('background-color', DARK_BG);
    await waitForIslands(page);
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
  });

  test('choosing light overrides the system and persists from the first paint after a reload', async ({ page }) => {
    await page.goto(PAGE);
    await waitForIslands(page);
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
    await toggle(page).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(page.locator('body')).toHaveCSS('background-color', LIGHT_BG);
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'false');
    expect(await savedTheme(page)).toBe('light');

    await expectThemeFromFirstPaint(page, 'light', LIGHT_BG);
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'false');
  });
});
