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

/**
 * Function-API helpers for a started stack: `call` answers the envelope, `ok` the data (or fails the test with the
 * server's error), `sim` posts to the WeChat Pay simulator's control API.
 */
export function apiOf(env: () => { url: string; stack: { wxpaySimUrl: string | null } }) {
  const call = async (fn: string, action: string, data: unknown, token?: string): Promise<any> => {
    const r = await fetch(`${env().url}/api/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ action, data }),
    });
    return r.json();
  };
  const ok = async <T = any>(fn: string, action: string, data: unknown, token?: string): Promise<T> => {
    const body = await call(fn, action, data, token);
    if (!body.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(body.error)}`);
    return body.data as T;
  };
  const sim = async (path: string, body: unknown): Promise<any> => {
    const r = await fetch(`${env().stack.wxpaySimUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return { call, ok, sim };
}

/** Waits until `read` answers true (checked every 150 ms, up to `ms`). */
export async function until(read: () => Promise<boolean>, what = 'a condition', ms = 15_000): Promise<void> {
  for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 150))) {
    if (await read()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}
