/**
 * `npm run test:weapp`: the built weapp under the mini-program stand-in (scripts/weapp/run.ts), in a child process
 * of its own (it owns the process's unhandled-rejection handler): every page of app.json loads without a finding,
 * WeChat's upload checks pass, and a copy of the build with broken pages fails for each of them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageRoutes, readAppJson } from './checks';
import type { Report } from './run';
import { checkTree } from './tree';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'miniprogram', 'dist', 'weapp');
const built = existsSync(join(DIST, 'app.json'));
const routes = built ? Object.values(pageRoutes(readAppJson(DIST))).flat() : [];

/** a page that renders one text node, as Taro's runtime would, after `body` ran in onLoad */
const page = (body: string) => `Page({ data: {}, onLoad() { ${body}; this.setData({ root: { cn: [{ nn: '9', v: 'x', sid: '_n1' }] } }); } });`;
const BROKEN: Record<string, string> = {
  // throws while its file is evaluated, before Page()
  'pages/member/index.js': `throw new Error('member page broken on purpose');`,
  'pages/coupons/index.js': `Page({ onLoad() { throw new Error('onLoad broken on purpose'); } });`,
  // an H5-only global, read inside a try as a guarded H5 code path would
  'pages/flash/index.js': page(`try { localStorage.getItem('k'); } catch (e) {}`),
  'pages/search/index.js': page(`Promise.reject(new Error('nobody catches this'))`),
  // navigates at load to a page app.json does not have
  'pages/categories/index.js': page(`wx.navigateTo({ url: '/pages/gone/index?id=1' })`),
  // loads but never calls setData
  'pages/address/index.js': `Page({ onLoad() {} });`,
};

function brokenCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weapp-broken-'));
  cpSync(DIST, dir, { recursive: true, filter: (f) => !f.endsWith('.map') });
  for (const [file, text] of Object.entries(BROKEN)) writeFileSync(join(dir, file), text);
  const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'));
  app.pages.push('pages/ghost/index'); // listed, never built
  app.tabBar.list[3].pagePath = 'pages/orders/index'; // a subpackage page on the tab bar
  writeFileSync(join(dir, 'app.json'), JSON.stringify(app));
  return dir;
}

let real: Report;
let broken: Report;
let brokenDir = '';
let exitCode: number | null = null;

beforeAll(() => {
  if (!built) return;
  brokenDir = brokenCopy();
  mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
  const out = join(ROOT, 'artifacts', 'weapp-report.json');
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'run.ts'), '--dist', DIST, '--dist', brokenDir, '--json', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 220000,
  });
  exitCode = r.status;
  process.stdout.write(r.stdout.split('weapp run:').slice(0, 2).join('weapp run:').slice(0, 20000));
  if (!existsSync(out)) throw new Error(`the weapp runner wrote no report (exit ${r.status}): ${r.stderr.slice(-3000)}`);
  [real, broken] = JSON.parse(readFileSync(out, 'utf8')) as Report[];
});
afterAll(() => brokenDir && rmSync(brokenDir, { recursive: true, force: true }));

test('there is a weapp build to run (npm run build:weapp)', () => expect(built).toBe(true));

describe('the built weapp', () => {
  test("passes WeChat's upload checks: app.json fields, references, package sizes", () => {
    expect(real.checks.map((c) => [c.name, c.problems])).toEqual(real.checks.map((c) => [c.name, []]));
  });
  test('launches: App() registered, onLaunch/onShow without a finding', () => expect(real.app.findings).toEqual([]));
  test.each(routes)('%s loads: onLoad/onShow/onReady without an exception, a non-empty first tree, no H5-only global', (route) => {
    const runs = real.pages.filter((p) => p.route === route);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      expect({ case: run.label, findings: run.findings }).toEqual({ case: run.label, findings: [] });
      expect(run.first?.nodes).toBeGreaterThan(0);
      expect(run.settled?.nodes).toBeGreaterThan(0);
    }
  });
  test('leaves no page of app.json unvisited', () => expect(real.unvisited).toEqual([]));
  test('pages show what the cloud calls answered: the demo product on the pages about it', () => {
    for (const route of ['pages/product/index', 'pages/cart/index', 'pages/checkout/index', 'pages/order-detail/index', 'pages/orders/index']) {
      for (const run of real.pages.filter((p) => p.route === route)) expect({ route, case: run.label, text: run.settled?.text }).toEqual({ route, case: run.label, text: expect.stringContaining('纯棉圆领短袖T恤') });
    }
  });
});

test('a node whose template base.wxml lacks is reported (it would render nothing on a phone)', () => {
  expect(checkTree(DIST, { cn: [{ nn: '9', v: 'text' }] }).missingTemplates).toEqual([]);
  expect(checkTree(DIST, { cn: [{ nn: 'no-such-kind', cn: [] }] }).missingTemplates).toEqual(['tmpl_0_no-such-kind (node kind no-such-kind)']);
});

describe('a build with broken pages fails, page by page', () => {
  const kinds = (route: string) => broken.pages.filter((p) => p.route === route).flatMap((p) => p.findings.map((f) => `${f.kind}: ${f.message}`));
  test('a page that throws while loading (a main-package page: at launch, so the launch fails too)', () => {
    expect(kinds('pages/member/index').join('\n')).toMatch(/exception: .*Error: member page broken on purpose \(at pages\/member\/index\.js:1/);
    expect(broken.app.findings.map((f) => f.message).join('\n')).toMatch(/while evaluating pages\/member\/index\.js: Error: member page broken on purpose/);
  });
  test('a page whose onLoad throws', () => expect(kinds('pages/coupons/index').join('\n')).toMatch(/exception: Error: onLoad broken on purpose/));
  test('a page that reads localStorage, even inside try/catch', () => expect(kinds('pages/flash/index').join('\n')).toMatch(/h5-global: read of `localStorage`.* at pages\/flash\/index\.js:1/));
  test('a page that leaves a promise rejection unhandled', () => expect(kinds('pages/search/index').join('\n')).toMatch(/unhandled rejection: Error: nobody catches this/));
  test('a page that never renders', () => expect(kinds('pages/address/index').join('\n')).toMatch(/render: .*never called setData/));
  test('app.json naming a missing page and a subpackage page on the tab bar', () => {
    const problems = broken.checks.find((c) => c.name === 'app.json fields')!.problems.join('\n');
    expect(problems).toMatch(/lists page pages\/ghost\/index, but pages\/ghost\/index\.js is missing/);
    expect(problems).toMatch(/tabBar page pages\/orders\/index is not a main-package page \(it is in a subpackage\)/);
    expect(broken.unvisited).toEqual([]); // the ghost page ran too, and failed
    expect(kinds('pages/ghost/index').join('\n')).toMatch(/module "pages\/ghost\/index\.js" is not defined/);
  });
  test('a link to a page app.json does not have: in the code, and when the page navigates to it', () => {
    expect(broken.checks.find((c) => c.name === 'references resolve')!.problems).toEqual(['pages/categories/index.js: links to /pages/gone/index, which is not a page of app.json']);
    expect(kinds('pages/categories/index').join('\n')).toMatch(/navigation: navigateTo\(\/pages\/gone\/index\?id=1\): page "pages\/gone\/index" is not found/);
  });
  test('and only those: the other pages still pass in the same run', () => {
    const failing = new Set(broken.pages.filter((p) => p.findings.length).map((p) => p.route));
    expect([...failing].sort()).toEqual([...Object.keys(BROKEN).map((f) => f.replace(/\.js$/, '')), 'pages/ghost/index'].sort());
    expect(broken.failed).toBeGreaterThan(0);
    expect(exitCode).toBe(1); // the runner's own exit status says so too
  });
});
