/**
 * Headless Chromium from Debian (/usr/bin/chromium, installed by .ci/run) driven by playwright-core: no browser
 * download, no network, a fresh profile per run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.YJSGK_CHROMIUM ?? '/usr/bin/chromium';

export interface Browser {
  open(file: string, viewport?: { width: number; height: number }): Promise<{ page: Page; ms: number; requests: string[] }>;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'yjsgk-chromium-'));
  const ctx: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
  });
  return {
    async open(file, viewport) {
      const page = await ctx.newPage();
      if (viewport) await page.setViewportSize(viewport);
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const t0 = performance.now();
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      // opened = loaded and one frame painted
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      return { page, ms: performance.now() - t0, requests };
    },
    async close() {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
