/**
 * Starts the whole local stack in this process on a free port with a fresh data directory and demo data, and
 * Debian's chromium through playwright-core. Screenshots go to artifacts/screenshots/ (look at them).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startStack } from '../local/src/stack';

const ROOT = resolve(__dirname, '..');
export const SHOTS = join(ROOT, 'artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function startE2E() {
  const h5Dir = join(ROOT, 'miniprogram/dist/h5');
  const adminDir = join(ROOT, 'admin/dist');
  for (const d of [h5Dir, adminDir]) if (!existsSync(join(d, 'index.html'))) throw new Error(`${d} is not built: run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'wsc-e2e-'));
  const stack = await startStack({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, h5Dir, adminDir });
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsc-chromium-'));
  mkdirSync(SHOTS, { recursive: true });
  const launch = (viewport: { width: number; height: number }) =>
    chromium.launchPersistentContext(mkdtempSync(join(userDataDir, 'p-')), {
      executablePath: CHROMIUM,
      headless: true,
      viewport,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  const contexts: BrowserContext[] = [];
  return {
    stack,
    url: stack.url,
    /** a phone-sized page for the storefront */
    async phone(): Promise<Page> {
      const c = await launch({ width: 375, height: 812 });
      contexts.push(c);
      return c.pages()[0] ?? c.newPage();
    },
    /** a desktop-sized page for the admin panel */
    async desktop(): Promise<Page> {
      const c = await launch({ width: 1366, height: 900 });
      contexts.push(c);
      return c.pages()[0] ?? c.newPage();
    },
    async shot(page: Page, name: string) {
      await page.waitForTimeout(400); // let page transitions finish before the picture
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
