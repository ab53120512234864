/**
 * The checks WeChat's compiler runs on upload that can run here, on a built package (miniprogram/dist/weapp):
 * - app.json: pages listed, each page's .js/.wxml present; subpackage roots unique, not nested, present on disk,
 *   holding no main-package page; no page listed twice; tabBar of 2–5 items whose pages are in the main package
 *   and whose icons exist (≤ 40 KB each); window enum fields;
 * - references: every absolute page URL in the code (`/pages/…`, links and navigateTo) is a page of app.json;
 *   every `usingComponents` path, wxml `<import>`/`<include>`/`<wxs src>`, wxss `@import` and JS `require("…")`
 *   resolves to a file in the package, and no file requires another subpackage's code (or the main package a
 *   subpackage's);
 * - sizes (scripts/weapp-size.js): main package and each subpackage ≤ 2 MB, all together ≤ 20 MB, and the main
 *   package within our 1.5 MB budget.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const size = require('../weapp-size.js') as {
  measure(dist: string): { main: number; subTotals: Record<string, number>; files: { rel: string; size: number }[] };
  KB: number;
  MB: number;
  WECHAT_LIMIT: number;
  BUDGET: number;
};

export interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[]; independent?: boolean }[];
  subpackages?: AppJson['subPackages'];
  entryPagePath?: string;
  window?: Record<string, unknown>;
  tabBar?: { list: { pagePath: string; text?: string; iconPath?: string; selectedIconPath?: string }[] };
}

export interface Check {
  name: string;
  problems: string[];
}

const TOTAL_LIMIT = 20 * 1024 * 1024;
const ICON_LIMIT = 40 * 1024;

export function readAppJson(dist: string): AppJson {
  return JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as AppJson;
}

/** every page route: main package first, then each subpackage's, as app.json lists them */
export function pageRoutes(app: AppJson): { main: string[]; sub: string[] } {
  const subs = app.subPackages ?? app.subpackages ?? [];
  return { main: [...(app.pages ?? [])], sub: subs.flatMap((s) => (s.pages ?? []).map((p) => `${trim(s.root)}/${p}`)) };
}

const trim = (root: string) => String(root).replace(/^\/+|\/+$/g, '');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function checkAppJson(dist: string, app: AppJson): Check {
  const problems: string[] = [];
  const subs = app.subPackages ?? app.subpackages ?? [];
  const { main, sub } = pageRoutes(app);
  if (!Array.isArray(app.pages) || !app.pages.length) problems.push('app.json: `pages` must list at least one page');
  const seen = new Set<string>();
  for (const route of [...main, ...sub]) {
    if (seen.has(route)) problems.push(`app.json: page ${route} is listed twice`);
    seen.add(route);
    for (const ext of ['.js', '.wxml']) if (!existsSync(join(dist, route + ext))) problems.push(`app.json lists page ${route}, but ${route}${ext} is missing`);
  }
  const roots = subs.map((s) => trim(s.root));
  roots.forEach((root, i) => {
    if (!root) problems.push(`app.json: subpackage ${i} has no root`);
    if (roots.indexOf(root) !== i) problems.push(`app.json: subpackage root ${root} is declared twice`);
    const outer = roots.find((r, j) => j !== i && root.startsWith(r + '/'));
    if (outer) problems.push(`app.json: subpackage root ${root} is inside subpackage ${outer}`);
    if (!existsSync(join(dist, root)) || !statSync(join(dist, root)).isDirectory()) problems.push(`app.json: subpackage root ${root} is not a folder of the package`);
    if (!subs[i].pages?.length) problems.push(`app.json: subpackage ${root} lists no pages`);
    for (const m of main) if (m.startsWith(root + '/')) problems.push(`app.json: main-package page ${m} lies inside subpackage root ${root}`);
  });
  if (app.entryPagePath && !seen.has(app.entryPagePath)) problems.push(`app.json: entryPagePath ${app.entryPagePath} is not a page`);
  const tab = app.tabBar?.list;
  if (app.tabBar) {
    if (!Array.isArray(tab) || tab.length < 2 || tab.length > 5) problems.push('app.json: tabBar.list must have 2 to 5 items');
    for (const item of tab ?? []) {
      if (!main.includes(item.pagePath)) problems.push(`app.json: tabBar page ${item.pagePath} is not a main-package page${sub.includes(item.pagePath) ? ' (it is in a subpackage)' : ''}`);
      if (!item.text) problems.push(`app.json: tabBar item ${item.pagePath} has no text`);
      for (const icon of [item.iconPath, item.selectedIconPath]) {
        if (!icon) continue;
        const file = join(dist, icon);
        if (!existsSync(file)) problems.push(`app.json: tabBar icon ${icon} is missing`);
        else if (statSync(file).size > ICON_LIMIT) problems.push(`app.json: tabBar icon ${icon} is ${kb(statSync(file).size)}, over WeChat's 40 KB`);
      }
    }
  }
  const w = app.window ?? {};
  if (w.navigationBarTextStyle !== undefined && !['black', 'white'].includes(String(w.navigationBarTextStyle))) problems.push('app.json: window.navigationBarTextStyle must be black or white');
  if (w.backgroundTextStyle !== undefined && !['dark', 'light'].includes(String(w.backgroundTextStyle))) problems.push('app.json: window.backgroundTextStyle must be dark or light');
  return { name: 'app.json fields', problems };
}

/** the package a file belongs to: a subpackage root, or '' for the main package */
export function packageOf(app: AppJson, rel: string): string {
  return (app.subPackages ?? app.subpackages ?? []).map((s) => trim(s.root)).find((r) => rel.startsWith(r + '/')) ?? '';
}

export function checkReferences(dist: string, app: AppJson, files: string[]): Check {
  const problems: string[] = [];
  const pages = new Set(Object.values(pageRoutes(app)).flat());
  const target = (from: string, spec: string) => normalize(spec.startsWith('/') ? join(dist, spec) : join(dirname(join(dist, from)), spec));
  const missing = (from: string, spec: string, what: string, exts: string[]) => {
    const base = target(from, spec);
    const found = exts.find((e) => existsSync(base + e) && statSync(base + e).isFile());
    if (found === undefined) problems.push(`${from}: ${what} ${spec} is missing`);
    return found === undefined ? null : relative(dist, base + found).split('\\').join('/');
  };
  for (const rel of files) {
    const text = () => readFileSync(join(dist, rel), 'utf8');
    if (rel.endsWith('.json') && rel !== 'app.json' && !rel.startsWith('assets/')) {
      const using = (JSON.parse(text()) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
      for (const [tag, spec] of Object.entries(using)) for (const ext of ['.js', '.json', '.wxml']) missing(rel, spec, `component <${tag}>'s ${ext} file`, [ext]);
    } else if (rel.endsWith('.wxml')) {
      for (const m of text().matchAll(/<(import|include|wxs)\b[^>]*\bsrc="([^"]+)"/g)) missing(rel, m[2], `<${m[1]}>`, m[1] === 'wxs' ? [''] : ['', '.wxml']);
    } else if (rel.endsWith('.wxss')) {
      for (const m of text().matchAll(/@import\s+["']([^"']+)["']/g)) missing(rel, m[1], '@import', ['']);
    } else if (rel.endsWith('.js')) {
      // an absolute page URL in the code (a link, a navigateTo) names a page of app.json
      for (const m of new Set([...text().matchAll(/["'`](\/pages\/[A-Za-z0-9_/-]+)/g)].map((x) => x[1]))) {
        if (!pages.has(m.slice(1))) problems.push(`${rel}: links to ${m}, which is not a page of app.json`);
      }
      for (const m of text().matchAll(/\brequire\("(\.{1,2}\/[^"]+|\/[^"]+)"\)/g)) {
        const to = missing(rel, m[1], 'require', ['', '.js']);
        if (!to) continue;
        const [a, b] = [packageOf(app, rel), packageOf(app, to)];
        if (b && a !== b) problems.push(`${rel}: requires ${to} from ${b ? `subpackage ${b}` : 'the main package'}, which ${a ? `subpackage ${a}` : 'the main package'} cannot load`);
      }
    }
  }
  return { name: 'references resolve', problems };
}

export function checkSizes(dist: string): Check & { main: number; subTotals: Record<string, number> } {
  const { main, subTotals, files } = size.measure(dist);
  const problems: string[] = [];
  if (main > size.WECHAT_LIMIT) problems.push(`main package ${kb(main)} is over WeChat's 2 MB`);
  if (main > size.BUDGET) problems.push(`main package ${kb(main)} is over our 1.5 MB budget`);
  for (const [root, n] of Object.entries(subTotals)) if (n > size.WECHAT_LIMIT) problems.push(`subpackage ${root} ${kb(n)} is over WeChat's 2 MB`);
  const total = files.reduce((s, f) => s + f.size, 0);
  if (total > TOTAL_LIMIT) problems.push(`all packages ${kb(total)} are over WeChat's 20 MB`);
  return { name: 'package sizes', problems, main, subTotals };
}

export function staticChecks(dist: string): { checks: Check[]; app: AppJson; sizes: { main: number; subTotals: Record<string, number> } } {
  const app = readAppJson(dist);
  const { files } = size.measure(dist);
  const sizes = checkSizes(dist);
  return { app, checks: [checkAppJson(dist, app), checkReferences(dist, app, files.map((f) => f.rel)), sizes], sizes: { main: sizes.main, subTotals: sizes.subTotals } };
}
