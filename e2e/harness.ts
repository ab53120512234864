/**
 * What the browser tests share. `useE2E()` starts the whole local stack in this process on a free port with a fresh
 * data directory and demo data, and Debian's chromium through playwright-core, before a file's tests (and closes them
 * after). Screenshots go to artifacts/screenshots/ (look at them). `watch` collects a page's errors, `apiOf` calls the
 * function API, `until` waits.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';
import { startStack } from '../local/src/stack';

const ROOT = resolve(__dirname, '..');
export const SHOTS = join(ROOT, 'artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const launch = (userDataDir: string, viewport: { width: number; height: number }) =>
  chromium.launchPersistentContext(mkdtempSync(join(userDataDir, 'p-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

/** The stack and the browsers of one test file, started by `start` (useE2E: before the file's tests). */
function e2e() {
  let run: { stack: Awaited<ReturnType<typeof startStack>>; dataDir: string; userDataDir: string } | undefined;
  const started = () => {
    if (!run) throw new Error('the e2e stack is not started (useE2E starts it before the tests)');
    return run;
  };
  const contexts: BrowserContext[] = [];
  const page = async (viewport: { width: number; height: number }): Promise<Page> => {
    const c = await launch(started().userDataDir, viewport);
    contexts.push(c);
    return c.pages()[0] ?? c.newPage();
  };
  /** Opens the admin panel's login (to go on to `from`, a hash path, when given) and submits the form. */
  const submitAdminLogin = async (p: Page, username: string, password: string, from?: string) => {
    await p.goto(`${started().stack.url}/admin/${from === undefined ? '' : `#/login?from=${encodeURIComponent(from)}`}`);
    await p.locator('#username').fill(username);
    await p.locator('#password').fill(password);
    await p.locator('button[type=submit]').click();
  };
  return {
    async start() {
      const h5Dir = join(ROOT, 'miniprogram/dist/h5');
      const adminDir = join(ROOT, 'admin/dist');
      for (const d of [h5Dir, adminDir]) if (!existsSync(join(d, 'index.html'))) throw new Error(`${d} is not built: run npm run build first`);
      const dataDir = mkdtempSync(join(tmpdir(), 'wsc-e2e-'));
      const stack = await startStack({ port: 0, host: '127.0.0.1', dataDir, seedDemo: true, h5Dir, adminDir });
      run = { stack, dataDir, userDataDir: mkdtempSync(join(tmpdir(), 'wsc-chromium-')) };
      mkdirSync(SHOTS, { recursive: true });
    },
    get stack() {
      return started().stack;
    },
    get url() {
      return started().stack.url;
    },
    /** a phone-sized page for the storefront */
    phone: () => page({ width: 375, height: 812 }),
    /** a desktop-sized page for the admin panel */
    desktop: () => page({ width: 1366, height: 900 }),
    submitAdminLogin,
    /** Logs `p` in to the admin panel (the demo owner unless told) and waits for the signed-in layout. */
    async adminLogin(p: Page, username = 'admin', password = 'admin123', from?: string) {
      await submitAdminLogin(p, username, password, from);
      await p.locator('[data-testid="current-user"]').waitFor();
    },
    async shot(p: Page, name: string) {
      await p.waitForTimeout(400); // let page transitions finish before the picture
      await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      if (!run) return;
      await run.stack.close();
      rmSync(run.dataDir, { recursive: true, force: true });
      rmSync(run.userDataDir, { recursive: true, force: true });
    },
  };
}
export type E2E = ReturnType<typeof e2e>;

/** The stack for the test file that calls it (at its top): started before its tests, closed after them. */
export function useE2E(): E2E {
  const env = e2e();
  beforeAll(() => env.start());
  afterAll(() => env.close());
  return env;
}

/** What `watch` collects besides uncaught errors; a RegExp or function names the expected ones, left out. */
export interface Watch {
  /** console errors (a RegExp: those whose text it matches are expected) */
  console?: true | RegExp;
  /** HTTP answers of 400 and above (a function: those it answers true for are expected; asked at each answer) */
  http?: true | ((r: Response) => boolean);
  /** named in the pageerror entries, for a second page: `pageerror (<who>): ...` */
  who?: string;
}

/** Collects what goes wrong on `page` into `problems` (the test's last check): uncaught errors and what `w` asks for. */
export function watch(problems: string[], page: Page, w: Watch = {}): Page {
  page.on('pageerror', (e) => problems.push(`pageerror${w.who ? ` (${w.who})` : ''}: ${e.message}`));
  const { console: c, http } = w;
  if (c) page.on('console', (m) => m.type() === 'error' && !(c !== true && c.test(m.text())) && problems.push(`console: ${m.text()}`));
  if (http) page.on('response', (r) => r.status() >= 400 && !(http !== true && http(r)) && problems.push(`HTTP ${r.status()} ${r.url()}`));
  return page;
}

/**
 * The storefront (H5) on a page (or the page a variable holds when asked): Taro's H5 router keeps earlier pages in
 * the DOM, hidden, so `visible` looks only inside the visible page; `text` is the first match's text with its white
 * space folded, `attr` the first match's attribute ('' when absent).
 */
export function h5(page: Page | (() => Page)) {
  const at = typeof page === 'function' ? page : () => page;
  const visible = (sel: string) => at().locator(`.taro_page:not([style*="display: none"]) ${sel}`).filter({ visible: true });
  const text = async (sel: string) => (await visible(sel).first().innerText()).trim().replace(/\s+/g, ' ');
  const attr = async (sel: string, name: string) => (await visible(sel).first().getAttribute(name)) ?? '';
  /** 所在地区 on the address form: opens the region sheet and taps the province, city and district by their codes */
  const pickRegion = async (...codes: string[]) => {
    await visible('#addr-region').click();
    for (const [level, code] of codes.entries()) {
      await visible(`.region-sheet .region-list[data-level="${level}"]`).waitFor();
      await visible(`.region-sheet .region-item[data-code="${code}"]`).click();
    }
    await visible('.region-sheet').waitFor({ state: 'detached' });
  };
  return { visible, text, attr, pickRegion };
}

/**
 * 提交订单 goes straight to payment (issue 17): on H5 the simulator's cashier opens. Cancels there and waits to be back
 * on the order's detail, unpaid (for tests that look at the unpaid order, or pay with 去支付 afterwards).
 */
export async function leaveCashier(page: Page): Promise<void> {
  await page.waitForURL(/\/_sim\/cashier/);
  await page.locator('#sim-cancel').click();
  await page.waitForURL(/order-detail/);
}

/**
 * Function-API helpers for a started stack: `call` answers the envelope, `ok` the data (or fails the test with the
 * server's error), `sim` posts to the WeChat Pay simulator's control API, `loginMerchant` / `loginShopper` answer a token.
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
  /** a merchant's token: the demo owner's (admin / admin123) unless told */
  const loginMerchant = async (username = 'admin', password = 'admin123') => (await ok('auth', 'merchantLogin', { username, password })).token as string;
  const loginShopper = async (code: string) => (await ok('auth', 'shopperLogin', { code })).token as string;
  return { call, ok, sim, loginMerchant, loginShopper };
}

/** Waits until `read` answers true (checked every 150 ms, up to `ms`). */
export async function until(read: () => Promise<boolean>, what = 'a condition', ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 150))) {
    if (await read()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}
