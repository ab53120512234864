/**
 * A mini-program runtime stand-in for Node: runs the compiled weapp (miniprogram/dist/weapp) the way WeChat's
 * app service does, without a view layer.
 * - One vm context is the app service. Its globals are WeChat's: `wx` (scripts/weapp/wx.ts), `App`, `Page`,
 *   `Component`, `Behavior`, `getApp`, `getCurrentPages`, `requirePlugin`, timers and `console`; each file is a
 *   module with its own `require` (paths inside the package only), `module` and `exports`, as WeChat wraps them.
 * - `window`, `document`, `localStorage`, `sessionStorage`, `navigator` and `location` exist only on H5: here they
 *   are absent as on a phone (reading one answers undefined, so `typeof window` guards still work) and every
 *   read is recorded with the file and line that did it.
 * - Pages are instantiated as WeChat does (data copied, `route`, `options`, `setData` with WeChat's path syntax,
 *   getCurrentPages) and driven through onLoad(query) → onShow → onReady, later onHide → onUnload.
 * - Exceptions thrown from lifecycles, timers and API callbacks are collected per page; unhandled promise
 *   rejections are collected by the runner (scripts/weapp/run.ts), which owns the process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import vm from 'node:vm';
import { createWx, type HostCall } from './wx';
import { checkTree, type TreeSummary } from './tree';
import { pageRoutes, readAppJson } from './checks';

export interface Finding {
  kind: string;
  message: string;
}

export interface PageRun {
  /** page route and the case's label (a page may run in several cases) */
  route: string;
  label: string;
  query: Record<string, string>;
  ms: number;
  setDataCalls: number;
  /** the tree after the first setData */
  first: TreeSummary | null;
  /** the tree once the page settled (its data loaded) */
  settled: TreeSummary | null;
  apis: Record<string, number>;
  notes: string[];
  findings: Finding[];
}

const H5_ONLY = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location'];
const SETDATA_LIMIT = 1024 * 1024; // WeChat refuses a setData over 1 MB of JSON

/** WeChat's setData path: `a.b[0].c`; Taro writes `root.cn.[0].cn.[2]` */
export function setPath(target: Record<string, any>, path: string, value: unknown): void {
  const keys: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new Error(`setData: bad path ${path}`);
    if (m[1]) keys.push(m[1]);
    for (const i of m[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(i[1]));
  }
  let o: any = target;
  keys.forEach((k, n) => {
    if (n === keys.length - 1) o[k] = value;
    else {
      if (o[k] === null || typeof o[k] !== 'object') o[k] = typeof keys[n + 1] === 'number' ? [] : {};
      o = o[k];
    }
  });
}

const jsonCopy = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

export class WeappRuntime {
  readonly dist: string;
  readonly context: vm.Context;
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly pageDefs = new Map<string, Record<string, any>>();
  private readonly components = new Set<string>();
  private app: Record<string, any> | null = null;
  /** main-package page files that threw when the app started (WeChat evaluates them then) */
  private readonly loadErrors = new Map<string, string>();
  private stack: Record<string, any>[] = [];
  private loading: string | null = null;
  private timers = new Set<NodeJS.Timeout>();
  /** one-shot timers due within 100 ms: work the page has queued (React's scheduler, setData callbacks) */
  private soon = new Set<NodeJS.Timeout>();
  /** wx storage (JSON text by key), kept across pages as on a phone */
  readonly storage = new Map<string, string>();
  private inflight = 0;
  lastActivity = Date.now();
  /** where findings go now: the page running, or the app while it launches */
  current: PageRun;
  readonly appRun: PageRun;

  constructor(dist: string, host: HostCall) {
    this.dist = dist;
    this.appRun = this.newRun('app', 'app launch', {});
    this.current = this.appRun;
    const launch = { path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {}, apiCategory: 'default' };
    const wx = createWx(
      host,
      {
        called: (api) => (this.current.apis[api] = (this.current.apis[api] ?? 0) + 1),
        note: (m) => this.current.notes.includes(m) || this.current.notes.push(m),
        problem: (kind, message) => this.find(kind, message),
        later: (fn, ms = 0) => this.setTimer(fn, ms),
        track: (p) => this.track(p),
        navigate: (api, url) => this.refuseNavigation(api, url),
      },
      launch,
      this.storage,
    );
    // H5-only names live on the global's prototype: absent from its own keys (Taro's window copies those), seen on read
    const h5 = {};
    for (const name of H5_ONLY) {
      Object.defineProperty(h5, name, {
        get: () => {
          this.find('h5-global', `read of \`${name}\`, which exists only on H5 (undefined on weapp) at ${this.where(new Error().stack)}`);
          return undefined;
        },
      });
    }
    const sandbox: Record<string, unknown> = Object.create(h5);
    const self = this;
    Object.assign(sandbox, {
      wx,
      console: this.console(),
      setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => this.setTimer(() => fn(...args), ms ?? 0),
      clearTimeout: (t: NodeJS.Timeout) => this.clearTimer(t),
      setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => this.setTimer(() => fn(...args), ms ?? 0, true),
      clearInterval: (t: NodeJS.Timeout) => this.clearTimer(t),
      App(options: Record<string, any>) {
        if (self.app) throw new Error('App() called twice');
        self.app = options;
      },
      Page(options: Record<string, any>) {
        if (!self.loading) throw new Error('Page() called outside a page file');
        if (self.pageDefs.has(self.loading)) throw new Error(`Page() called twice for ${self.loading}`);
        self.pageDefs.set(self.loading, options);
      },
      Component(options: Record<string, any>) {
        if (typeof options !== 'object' || options === null) throw new Error('Component() needs an options object');
        self.components.add(self.loading ?? '?');
      },
      Behavior: (definition: Record<string, unknown>) => definition,
      getApp: () => self.app,
      getCurrentPages: () => [...self.stack],
      requirePlugin: (name: string) => {
        throw new Error(`requirePlugin('${name}'): app.json declares no plugins`);
      },
    });
    this.context = vm.createContext(sandbox, { name: 'weapp app service' });
  }

  /** WeChat's rules for the page APIs: the page exists; switchTab only to tab pages, the others never to one */
  private refuseNavigation(api: string, url: string): string | null {
    const app = readAppJson(this.dist);
    const { main, sub } = pageRoutes(app);
    const route = url.replace(/^\/+/, '').split('?')[0];
    const tabs = (app.tabBar?.list ?? []).map((t) => t.pagePath);
    if (!url.startsWith('/')) return null; // relative to the current page: not used by the storefront
    if (![...main, ...sub].includes(route)) return `page "${route}" is not found`;
    if (api === 'switchTab' && !tabs.includes(route)) return `can not switchTab to a page that is not on the tab bar (${route})`;
    if ((api === 'navigateTo' || api === 'redirectTo') && tabs.includes(route)) return `can not ${api} a tabbar page (${route})`;
    if (api === 'switchTab' && url.includes('?')) this.current.notes.push(`switchTab drops the query of ${url}`);
    return null;
  }

  newRun(route: string, label: string, query: Record<string, string>): PageRun {
    return { route, label, query, ms: 0, setDataCalls: 0, first: null, settled: null, apis: {}, notes: [], findings: [] };
  }

  find(kind: string, message: string): void {
    this.current.findings.push({ kind, message });
  }

  /** the first stack frame inside the package, as `file:line` */
  where(stack: string | undefined): string {
    for (const line of (stack ?? '').split('\n').slice(1)) {
      const m = /\(?([^()\s]+):(\d+):(\d+)\)?$/.exec(line.trim());
      if (m && m[1].startsWith(this.dist)) return `${relative(this.dist, m[1])}:${m[2]}:${m[3]}`;
    }
    return 'an unknown place';
  }

  describe(e: unknown): string {
    if (e instanceof Error || (e && typeof e === 'object' && 'stack' in e)) {
      const err = e as Error;
      return `${err.name}: ${err.message} (at ${this.where(err.stack)})`;
    }
    return typeof e === 'string' ? e : JSON.stringify(e);
  }

  /** runs `fn`, turning a throw into a finding of `kind` */
  guard(kind: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.find(kind, this.describe(e));
    }
  }

  private console() {
    const out = (level: string) => (...args: unknown[]) => {
      const text = args.map((a) => (a instanceof Error || (a && typeof a === 'object' && 'stack' in a) ? this.describe(a) : typeof a === 'string' ? a : safeJson(a))).join(' ');
      if (level === 'error') this.find('console.error', text);
      else if (level === 'warn') this.current.notes.push(`console.warn: ${text}`);
    };
    return { log: out('log'), info: out('info'), debug: out('debug'), warn: out('warn'), error: out('error'), group: out('log'), groupEnd: () => undefined, time: () => undefined, timeEnd: () => undefined, trace: out('log') };
  }

  private setTimer(fn: () => void, ms: number, repeat = false): NodeJS.Timeout {
    const run = this.current;
    const t: NodeJS.Timeout = (repeat ? setInterval : setTimeout)(() => {
      if (!repeat) {
        this.timers.delete(t);
        this.soon.delete(t);
        this.lastActivity = Date.now();
      }
      const before = this.current;
      this.current = run;
      this.guard('exception', fn);
      this.current = before;
    }, Math.max(0, Number(ms) || 0));
    this.timers.add(t);
    if (!repeat && (Number(ms) || 0) <= 100) this.soon.add(t);
    return t;
  }

  private clearTimer(t: NodeJS.Timeout): void {
    clearTimeout(t);
    clearInterval(t);
    this.timers.delete(t);
    this.soon.delete(t);
  }

  /** stops every timer (a page's countdowns when it is left) */
  clearTimers(): void {
    for (const t of this.timers) this.clearTimer(t);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight++;
    this.lastActivity = Date.now();
    return p.finally(() => {
      this.inflight--;
      this.lastActivity = Date.now();
    });
  }

  /** WeChat's module loader: `require` relative to the requiring file, inside the package, `.js` optional */
  require(file: string): unknown {
    const cached = this.modules.get(file);
    if (cached) return cached.exports;
    if (!existsSync(file)) throw new Error(`module "${relative(this.dist, file)}" is not defined`);
    const mod = { exports: {} as unknown };
    this.modules.set(file, mod);
    const wrapper = new vm.Script(`(function (require, module, exports) {${readFileSync(file, 'utf8')}\n})`, { filename: file });
    const fn = wrapper.runInContext(this.context) as (r: (s: string) => unknown, m: typeof mod, e: unknown) => void;
    fn((spec) => this.require(this.resolve(dirname(file), spec)), mod, mod.exports);
    return mod.exports;
  }

  private resolve(fromDir: string, spec: string): string {
    const base = spec.startsWith('/') ? join(this.dist, spec) : join(fromDir, spec);
    const file = normalize(base.endsWith('.js') ? base : `${base}.js`);
    if (!file.startsWith(this.dist + sep)) throw new Error(`require("${spec}") leaves the package`);
    return file;
  }

  /** app.js, then the main package's pages (WeChat evaluates them at start), then onLaunch and onShow */
  launch(mainPages: string[]): void {
    this.guard('exception', () => this.require(join(this.dist, 'app.js')));
    if (!this.app) return this.find('app', 'app.js did not call App()');
    for (const route of mainPages) {
      try {
        this.loadPage(route);
      } catch (e) {
        this.loadErrors.set(route, this.describe(e));
        this.find('exception', `while evaluating ${route}.js: ${this.describe(e)}`);
      }
    }
    const opts = { path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} };
    this.guard('exception', () => this.app!.onLaunch?.call(this.app, opts));
    this.guard('exception', () => this.app!.onShow?.call(this.app, opts));
  }

  /** evaluates a page's file (and the components its JSON uses); answers whether it registered itself */
  loadPage(route: string): boolean {
    if (this.pageDefs.has(route)) return true;
    const json = join(this.dist, `${route}.json`);
    const config = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as { usingComponents?: Record<string, string> }) : {};
    for (const [tag, path] of Object.entries(config.usingComponents ?? {})) {
      const file = path.startsWith('/') ? join(this.dist, path) : join(dirname(json), path);
      for (const ext of ['.js', '.json', '.wxml']) if (!existsSync(file + ext)) this.find('missing', `${route} uses component <${tag}> at ${path}, but ${relative(this.dist, file + ext)} is missing`);
      this.loading = relative(this.dist, file);
      if (!this.components.has(this.loading)) this.guard('exception', () => this.require(file + '.js'));
    }
    this.loading = route;
    try {
      this.require(join(this.dist, `${route}.js`));
    } finally {
      this.loading = null;
    }
    if (!this.pageDefs.has(route)) this.find('page', `${route}.js did not call Page()`);
    return this.pageDefs.has(route);
  }

  /** opens `route` with `query` as WeChat would after reLaunch: onLoad, onShow, onReady; answers the page instance */
  open(run: PageRun): Record<string, any> | null {
    this.current = run;
    this.lastActivity = Date.now();
    let ok = false;
    const failed = this.loadErrors.get(run.route);
    if (failed) this.find('exception', `while evaluating ${run.route}.js at launch: ${failed}`);
    this.guard('exception', () => (ok = this.loadPage(run.route)));
    const def = this.pageDefs.get(run.route);
    if (!ok || !def) return null;
    const page = this.instantiate(run, def);
    this.stack = [page];
    const call = (hook: string, ...args: unknown[]) => this.guard('exception', () => page[hook]?.call(page, ...args));
    call('onLoad', { ...run.query });
    call('onShow');
    call('onReady');
    return page;
  }

  /** leaves the page: onHide, onUnload, its timers stop */
  close(page: Record<string, any>): void {
    this.guard('exception', () => page.onHide?.call(page));
    this.guard('exception', () => page.onUnload?.call(page));
    this.stack = [];
  }

  private instantiate(run: PageRun, def: Record<string, any>): Record<string, any> {
    const page: Record<string, any> = {};
    for (const [k, v] of Object.entries(def)) page[k] = typeof v === 'function' ? v : k === 'data' ? jsonCopy(v ?? {}) : v;
    page.data ??= {};
    Object.assign(page, {
      route: run.route,
      __route__: run.route,
      is: run.route,
      options: { ...run.query },
      __wxWebviewId__: 1,
      __wxExparserNodeId__: `page-${run.route}`,
      getPageId: () => `pageId:${run.route}`,
      selectComponent: () => null,
      selectAllComponents: () => [],
      getTabBar: () => undefined,
      createSelectorQuery: () => (this.context.wx as { createSelectorQuery: () => unknown }).createSelectorQuery(),
      createIntersectionObserver: () => ({ relativeTo: () => undefined, relativeToViewport: () => undefined, observe: () => undefined, disconnect: () => undefined }),
      getOpenerEventChannel: () => ({ emit: () => undefined, on: () => undefined, once: () => undefined, off: () => undefined }),
      setData: (data: Record<string, unknown>, cb?: () => void) => this.setData(run, page, data, cb),
    });
    return page;
  }

  private setData(run: PageRun, page: Record<string, any>, data: Record<string, unknown>, cb?: () => void): void {
    this.lastActivity = Date.now();
    if (data === null || typeof data !== 'object') return this.find('setData', `setData with ${typeof data}: WeChat needs an object`);
    const json = JSON.stringify(data, (k, v) => {
      if (typeof v === 'function') this.find('setData', `setData field ${k} is a function: WeChat drops it`);
      return v;
    });
    if (json.length > SETDATA_LIMIT) this.find('setData', `setData of ${(json.length / 1024).toFixed(0)} KB: WeChat refuses more than 1024 KB in one call`);
    for (const [path, value] of Object.entries(data)) {
      if (value === undefined) this.find('setData', `setData field ${path} is undefined: WeChat warns and leaves it unset`);
      else this.guard('setData', () => setPath(page.data, path, jsonCopy(value)));
    }
    run.setDataCalls++;
    if (run.setDataCalls === 1) run.first = checkTree(this.dist, page.data.root);
    if (cb) this.setTimer(cb, 0);
  }

  /** waits until no host call is in flight and nothing happened for `quietMs` (at most `maxMs`) */
  async settle(quietMs = 80, maxMs = 8000): Promise<boolean> {
    const start = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 10));
      if (this.inflight === 0 && this.soon.size === 0 && Date.now() - this.lastActivity >= quietMs) return true;
      if (Date.now() - start > maxMs) return false;
    }
  }

  /** what the page's data would render now */
  snapshot(page: Record<string, any>): TreeSummary {
    return checkTree(this.dist, page.data.root);
  }

  get registeredComponents(): number {
    return this.components.size;
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
