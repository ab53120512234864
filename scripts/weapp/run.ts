/**
 * `npm run test:weapp` runs this through jest (scripts/weapp/run.weapp.ts); it also runs on its own:
 *   npx tsx scripts/weapp/run.ts [--dist miniprogram/dist/weapp]… [--json reports.json]
 * Runs the built weapp under the mini-program stand-in (scripts/weapp/runtime.ts): WeChat's upload checks
 * (scripts/weapp/checks.ts), then the app's launch and every page of app.json (main package and subpackages) with
 * typical query parameters, the cloud calls answered by the local gateway's handlers over a seeded in-memory
 * database (scripts/weapp/fixtures.ts). Exits 1 when a check or a page fails, 2 when there is no build.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { staticChecks, pageRoutes, type Check } from './checks';
import { WeappRuntime, type PageRun } from './runtime';
import { openFixtures, type Fixtures } from './fixtures';

export interface Report {
  dist: string;
  ms: number;
  /** static checks and the seeded backend */
  setupMs: number;
  checks: Check[];
  sizes: { main: number; subTotals: Record<string, number> };
  app: PageRun;
  pages: PageRun[];
  /** pages of app.json that ran in no case: always empty (every page runs at least once) */
  unvisited: string[];
  failed: number;
}

/** a failing page: findings, never registered, or rendered nothing */
export const pageFailed = (p: PageRun): boolean => p.findings.length > 0;

/** runs each build in turn against one seeded backend (starting it is most of a run's time) */
export async function runWeapps(dists: string[]): Promise<Report[]> {
  const start = Date.now();
  const fx = await openFixtures();
  const setupMs = Date.now() - start;
  const reports: Report[] = [];
  try {
    for (const dist of dists) reports.push(await runWeapp(dist, fx, reports.length ? 0 : setupMs));
  } finally {
    await fx.close();
  }
  return reports;
}

export async function runWeapp(dist: string, fx: Fixtures, setupMs = 0): Promise<Report> {
  const start = Date.now() - setupMs;
  const { checks, app, sizes } = staticChecks(dist);
  const rt = new WeappRuntime(dist, fx.host);
  const onRejection = (reason: unknown) => rt.find('unhandled rejection', rt.describe(reason));
  process.on('unhandledRejection', onRejection);
  const pages: PageRun[] = [];
  try {
    const { main, sub } = pageRoutes(app);
    rt.launch(main);
    await rt.settle();
    for (const c of casesFor([...main, ...sub], fx)) {
      const run = rt.newRun(c.route, c.label, c.query);
      pages.push(run);
      const t0 = Date.now();
      rt.storage.delete('shop.merchantSession');
      for (const [k, v] of Object.entries(c.storage ?? {})) rt.storage.set(k, JSON.stringify(v));
      fx.calls.length = 0;
      const page = rt.open(run);
      if (page) {
        if (!(await rt.settle())) run.notes.push('still busy after 8 s (a cloud call never answered or setData kept coming)');
        if (run.setDataCalls === 0) rt.find('render', 'onLoad/onShow/onReady ran but the page never called setData: nothing would show');
        else if (!run.first?.nodes) rt.find('render', 'the first setData produced an empty tree');
        run.settled = rt.snapshot(page);
        for (const m of new Set([...(run.first?.missingTemplates ?? []), ...(run.settled?.missingTemplates ?? [])])) rt.find('template', `node has no template in base.wxml, renders nothing on weapp: ${m}`);
        rt.close(page);
        await rt.settle(20, 1000);
      } else if (!run.findings.length) rt.find('page', 'the page did not register');
      rt.clearTimers();
      for (const call of fx.calls) {
        if (call.bug) rt.find('cloud call', `${call.name} answered ${call.code}: ${call.message}`);
        else if (call.code) run.notes.push(`${call.name} answered ${call.code}`);
      }
      run.ms = Date.now() - t0;
      rt.current = rt.appRun;
    }
  } finally {
    process.off('unhandledRejection', onRejection);
    rt.clearTimers();
  }
  const unvisited = Object.values(pageRoutes(app)).flat().filter((r) => !pages.some((p) => p.route === r));
  const failed = checks.filter((c) => c.problems.length).length + [rt.appRun, ...pages].filter(pageFailed).length + unvisited.length;
  return { dist, ms: Date.now() - start, setupMs, checks, sizes, app: rt.appRun, pages, unvisited, failed };
}

interface Case {
  route: string;
  label: string;
  query: Record<string, string>;
  storage?: Record<string, unknown>;
}

/** the cases: each page with the query a shopper's tap would give it; a page without a case runs with no query */
function casesFor(routes: string[], fx: Fixtures): Case[] {
  const enc = encodeURIComponent;
  const clerk = { 'shop.merchantSession': fx.clerkSession };
  const known: Record<string, Omit<Case, 'route'>[]> = {
    'pages/search/index': [{ label: 'a keyword', query: { keyword: enc('T恤') } }],
    'pages/product/index': [{ label: 'a product', query: { id: fx.productId } }],
    'pages/checkout/index': [
      { label: 'buy now', query: { items: enc(JSON.stringify([{ skuId: fx.skuId, quantity: 1 }])) } },
      { label: 'from the cart', query: { cart: '1' } },
    ],
    'pages/address/index': [{ label: 'choosing for checkout', query: { select: '1' } }],
    'pages/address-edit/index': [
      { label: 'editing an address', query: { id: fx.addressId } },
      { label: 'a new address', query: {} },
    ],
    'pages/orders/index': [{ label: 'all orders', query: {} }, { label: 'to pay', query: { status: 'pending_payment' } }],
    'pages/order-detail/index': [
      { label: 'an unpaid order', query: { id: fx.unpaidOrderId } },
      { label: 'a paid order', query: { id: fx.paidOrderId } },
    ],
    'pages/coupon-claim/index': [{ label: 'a claim link', query: { c: fx.claimToken } }],
    'pages/aftersales/index': [{ label: 'one order\'s requests', query: { orderId: fx.paidOrderId } }],
    'pages/aftersale-apply/index': [{ label: 'a paid order', query: { orderId: fx.toReturnOrderId, type: 'refund' } }],
    'pages/aftersale-detail/index': [{ label: 'a refund request', query: { id: fx.aftersaleId } }],
    'pages/staff-verify/index': [
      { label: 'a clerk logged in', query: {}, storage: clerk },
      { label: 'nobody logged in', query: {} },
    ],
    'pages/staff-verify/log/index': [{ label: 'a clerk logged in', query: {}, storage: clerk }],
  };
  return routes.flatMap((route) => (known[route] ?? [{ label: 'no query', query: {} }]).map((c) => ({ route, ...c })));
}

function summary(r: Report): string {
  const lines = [`weapp run: ${r.pages.length} page runs of ${new Set(r.pages.map((p) => p.route)).size} pages in ${(r.ms / 1000).toFixed(1)} s (${(r.setupMs / 1000).toFixed(1)} s of it checks and the seeded backend)`];
  for (const c of r.checks) lines.push(`  ${c.problems.length ? 'FAIL' : 'ok  '} ${c.name}${c.problems.map((p) => `\n         ${p}`).join('')}`);
  for (const p of [r.app, ...r.pages]) {
    const what = p.route === 'app' ? '' : ` setData ×${p.setDataCalls}, first tree ${p.first?.nodes ?? 0} nodes, settled ${p.settled?.nodes ?? 0}`;
    lines.push(`  ${pageFailed(p) ? 'FAIL' : 'ok  '} ${p.route} (${p.label}) ${p.ms} ms${what}${p.findings.map((f) => `\n         [${f.kind}] ${f.message}`).join('')}`);
  }
  for (const u of r.unvisited) lines.push(`  FAIL ${u}: not run`);
  lines.push(r.failed ? `weapp run: ${r.failed} failed` : 'weapp run: all passed');
  return lines.join('\n');
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const given = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--dist' ? [resolve(a)] : []));
  const dists = given.length ? given : [join(__dirname, '..', '..', 'miniprogram', 'dist', 'weapp')];
  for (const dist of dists) {
    if (!existsSync(join(dist, 'app.json'))) {
      console.error(`test:weapp: no build at ${dist} (run npm run build:weapp first)`);
      process.exit(2);
    }
  }
  runWeapps(dists).then(
    (reports) => {
      const out = arg('--json');
      if (out) writeFileSync(out, JSON.stringify(reports, null, 1));
      for (const r of reports) console.log(summary(r));
      process.exit(reports.some((r) => r.failed) ? 1 : 0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
