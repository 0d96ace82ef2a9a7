import { expect, type Locator, type Page } from '@playwright/test';

/** Every page of the guide, in reading order (the sidebar's order). */
export const GUIDE_PATHS = [
  '/',
  '/patterns/layered',
  '/patterns/clean',
  '/patterns/hexagonal',
  '/patterns/microservices',
  '/patterns/cqrs',
  '/choosing',
] as const;

export const PATTERN_PATHS = GUIDE_PATHS.filter((path) => path.startsWith('/patterns/'));

/** A path no page lives at. */
export const UNKNOWN_PATH = '/no-such-page-here';

export const LIGHT_BG = 'rgb(255, 255, 255)';
export const DARK_BG = 'rgb(13, 17, 23)';

export function sidebar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Guide' });
}

export function sidebarLinks(page: Page): Locator {
  return sidebar(page).getByRole('link');
}

export function pageTitle(page: Page): Locator {
  return page.locator('main h1');
}

/** Absolute URL of `path` on the server under test, for `toHaveURL`. */
export function urlOf(page: Page, path: string): string {
  return new URL(path, page.url()).href;
}

/**
 * Waits until the islands have hydrated. Every code block's copy button is
 * rendered `hidden` and only the copy-code island reveals it, so a visible
 * copy button means the page's WebAssembly is awake (both islands hydrate in
 * the same pass).
 */
export async function waitForIslands(page: Page): Promise<void> {
  await expect(page.locator('button.copy-code').first()).toBeVisible({ timeout: 15_000 });
}

/** What one rendered frame showed, sampled in a requestAnimationFrame callback. */
export type FrameSample = {
  theme: string | null;
  scripted: boolean;
  hasBody: boolean;
  bodyBg: string | null;
  stylesheetApplied: boolean;
  hydrated: boolean;
};

declare global {
  interface Window {
    __frames?: FrameSample[];
  }
}

/**
 * From the next navigation on, records the theme of every frame the page
 * renders, starting with the very first one. A requestAnimationFrame callback
 * runs just before each rendering update, and Chromium renders nothing while
 * the stylesheet in <head> still blocks rendering, so the first sample is what
 * the first paint shows. Sampling stops after 120 frames.
 */
export async function recordFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const frames: FrameSample[] = [];
    window.__frames = frames;
    const sample = () => {
      const root = document.documentElement;
      const body = document.body;
      frames.push({
        theme: root.getAttribute('data-theme'),
        scripted: root.classList.contains('js'),
        hasBody: body !== null,
        bodyBg: body ? getComputedStyle(body).backgroundColor : null,
        // The stylesheet gives the body a margin of 0 (the UA default is 8px).
        stylesheetApplied: body ? getComputedStyle(body).marginTop === '0px' : false,
        hydrated: document.querySelector('button.copy-code:not([hidden])') !== null,
      });
      if (frames.length < 120) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

export async function recordedFrames(page: Page): Promise<FrameSample[]> {
  return page.evaluate(() => window.__frames ?? []);
}
