/**
 * The desired CloudBase state, read from the repo, and the checks `npm run deploy -- --plan` runs on it:
 * - functions from cloudbaserc.json (timeout, runtime, handler, env variables, timer triggers) with their bundle in
 *   dist/functions/<name> (size and content hash, when built);
 * - HTTP access routes: `/api/fn/<name>` for every function the admin panel calls (`call('<fn>'` in admin/src) or
 *   the storefront calls as a merchant (`callAsMerchant('<fn>'`), over HTTP in production; `/wxpay/notify` for
 *   `wxpayNotify`;
 * - collections and indexes from cloudfunctions/shared/domain/schema.ts;
 * - static hosting files: admin/dist under `admin/`, miniprogram/dist/h5 under `h5/` (when built).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { IndexSpec } from '../../cloudfunctions/shared/db/types';
import { SCHEMA } from '../../cloudfunctions/shared/domain/schema';

/**
 * SCF's documented quota (cloud.tencent.com/document/product/583/11637, 配额限制说明): 单个函数(版本)的代码压缩前
 * 体积 (包含绑定的层) 500MB, and 50 functions per namespace. CloudBase functions are SCF functions.
 */
export const FUNCTION_CODE_LIMIT = 500 * 1024 * 1024;
export const FUNCTIONS_PER_NAMESPACE = 50;
/** manager-node's direct upload (ZipFile, base64) takes at most 1.5 MB zipped; larger packages go through COS. */
export const ZIP_UPLOAD_LIMIT = 1.5 * 1024 * 1024;

export interface TimerTrigger {
  name: string;
  type: 'timer';
  config: string;
}
export interface FunctionPlan {
  name: string;
  timeout: number;
  runtime: string;
  handler: string;
  installDependency: boolean;
  /** values may still be `{{env.X}}` templates (resolved at apply) */
  envVariables: Record<string, string>;
  triggers: TimerTrigger[];
  /** the built bundle, when dist/functions/<name> exists */
  bundle?: { dir: string; bytes: number; gzipBytes: number; sha256: string };
}
export interface RoutePlan {
  path: string;
  name: string;
}
export interface CollectionPlan {
  name: string;
  indexes: IndexSpec[];
}
export interface HostingFile {
  localPath: string;
  cloudPath: string;
  size: number;
  md5: string;
}
export interface DeployPlan {
  functions: FunctionPlan[];
  routes: RoutePlan[];
  collections: CollectionPlan[];
  hosting: HostingFile[];
  /** folders not built (dist/functions, admin/dist, miniprogram/dist/h5): what was skipped */
  notes: string[];
  /** failed checks: the plan must not be applied */
  errors: string[];
}

interface RcFunction {
  name: string;
  timeout?: number;
  runtime?: string;
  handler?: string;
  installDependency?: boolean;
  envVariables?: Record<string, string>;
  triggers?: { name: string; type: string; config: string }[];
}

const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));

const sourceFiles = (dir: string): string[] => walk(dir).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));

/** Function folders: cloudfunctions/<name>/ with an index.ts or handler.ts (shared/ is not a function). */
export function functionFolders(root: string): string[] {
  const src = join(root, 'cloudfunctions');
  return readdirSync(src)
    .filter((n) => n !== 'shared' && statSync(join(src, n)).isDirectory())
    .filter((n) => existsSync(join(src, n, 'index.ts')) || existsSync(join(src, n, 'handler.ts')))
    .sort();
}

function bundleOf(dir: string): NonNullable<FunctionPlan['bundle']> {
  const hash = createHash('sha256');
  let bytes = 0;
  const gz: Buffer[] = [];
  for (const f of walk(dir)) {
    const data = readFileSync(f);
    hash.update(`${relative(dir, f)}\0${data.length}\0`).update(data);
    bytes += data.length;
    gz.push(gzipSync(data));
  }
  return { dir, bytes, gzipBytes: gz.reduce((a, b) => a + b.length, 0), sha256: hash.digest('hex') };
}

/** The functions the admin panel (and the storefront's staff screens) call over HTTP. */
function httpCallers(root: string): Set<string> {
  const found = new Set<string>();
  const scan = (dir: string, re: RegExp) => {
    if (!existsSync(dir)) return;
    for (const f of sourceFiles(dir)) for (const m of readFileSync(f, 'utf8').matchAll(re)) found.add(m[1]);
  };
  scan(join(root, 'admin/src'), /\bcall\(\s*'([A-Za-z]+)'/g);
  scan(join(root, 'miniprogram/src'), /\bcallAsMerchant\(\s*'([A-Za-z]+)'/g);
  return found;
}

function hostingFiles(root: string, notes: string[]): HostingFile[] {
  const out: HostingFile[] = [];
  for (const [local, prefix] of [
    ['admin/dist', 'admin'],
    ['miniprogram/dist/h5', 'h5'],
  ] as const) {
    const dir = join(root, local);
    if (!existsSync(dir)) {
      notes.push(`${local} is not built: its hosting files are skipped (npm run build)`);
      continue;
    }
    for (const f of walk(dir)) {
      const data = readFileSync(f);
      out.push({ localPath: f, cloudPath: `${prefix}/${relative(dir, f).split('\\').join('/')}`, size: data.length, md5: createHash('md5').update(data).digest('hex') });
    }
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An index is used when its first key appears in the owning domain folder's code as a quoted field or an object key. */
export function unusedIndexes(root: string, collections: CollectionPlan[], owners: Record<string, string>): string[] {
  const code = new Map<string, string>();
  const codeOf = (owner: string) => {
    if (!code.has(owner)) {
      const dir = join(root, 'cloudfunctions/shared/domain', owner);
      code.set(owner, existsSync(dir) ? sourceFiles(dir).map((f) => readFileSync(f, 'utf8')).join('\n') : '');
    }
    return code.get(owner)!;
  };
  const errors: string[] = [];
  for (const c of collections)
    for (const ix of c.indexes) {
      const first = Object.keys(ix.keys)[0];
      const re = new RegExp(`['"\`]${escapeRe(first)}['"\`]|[{,\\s]${escapeRe(first)}\\s*:`);
      if (!re.test(codeOf(owners[c.name]))) errors.push(`index ${c.name}.${ix.name}: no code in shared/domain/${owners[c.name]}/ queries '${first}'`);
    }
  return errors;
}

export interface PlanOptions {
  /** the repo root */
  root: string;
  /** the function folders (default: read from cloudfunctions/) */
  folders?: string[];
  /** cloudbaserc.json's functions (default: read from the file) */
  rcFunctions?: RcFunction[];
  /** where the bundles are (default <root>/dist/functions) */
  distDir?: string;
  /** the bundle size limit (default FUNCTION_CODE_LIMIT) */
  codeLimit?: number;
}

export function buildPlan(opts: PlanOptions): DeployPlan {
  const { root } = opts;
  const notes: string[] = [];
  const errors: string[] = [];
  const rc: RcFunction[] = opts.rcFunctions ?? (JSON.parse(readFileSync(join(root, 'cloudbaserc.json'), 'utf8')) as { functions: RcFunction[] }).functions;
  const folders = opts.folders ?? functionFolders(root);
  const rcNames = new Set(rc.map((f) => f.name));
  for (const f of folders) if (!rcNames.has(f)) errors.push(`function folder cloudfunctions/${f}/ is missing from cloudbaserc.json`);
  for (const f of rc) if (!folders.includes(f.name)) errors.push(`cloudbaserc.json names function ${f.name}, but cloudfunctions/${f.name}/ has no index.ts or handler.ts`);
  if (rc.length > FUNCTIONS_PER_NAMESPACE) errors.push(`${rc.length} functions: SCF allows ${FUNCTIONS_PER_NAMESPACE} per namespace`);

  const dist = opts.distDir ?? join(root, 'dist/functions');
  if (!existsSync(dist)) notes.push('dist/functions is not built: the bundle size check was skipped (npm run build:functions)');
  const limit = opts.codeLimit ?? FUNCTION_CODE_LIMIT;
  const functions: FunctionPlan[] = rc.map((f) => {
    const fp: FunctionPlan = {
      name: f.name,
      timeout: f.timeout ?? 3,
      runtime: f.runtime ?? 'Nodejs18.15',
      handler: f.handler ?? 'index.main',
      installDependency: f.installDependency ?? true,
      envVariables: f.envVariables ?? {},
      triggers: (f.triggers ?? []).map((t) => {
        if (t.type !== 'timer') errors.push(`${f.name}: trigger ${t.name} is ${t.type}; only timer triggers are deployed`);
        if (t.config.trim().split(/\s+/).length !== 7) errors.push(`${f.name}: trigger ${t.name} needs a 7-field cron (seconds first), got '${t.config}'`);
        return { name: t.name, type: 'timer', config: t.config };
      }),
    };
    if (existsSync(dist)) {
      if (!existsSync(join(dist, f.name))) errors.push(`dist/functions/${f.name} is missing: run npm run build:functions`);
      else {
        const bundle = bundleOf(join(dist, f.name));
        fp.bundle = bundle;
        if (bundle.bytes > limit) errors.push(`${f.name}: bundle ${(bundle.bytes / 1048576).toFixed(1)} MB is over CloudBase's ${(limit / 1048576).toFixed(0)} MB code limit`);
      }
    }
    return fp;
  });

  const callers = httpCallers(root);
  const routes: RoutePlan[] = rc
    .filter((f) => callers.has(f.name))
    .map((f) => ({ path: `/api/fn/${f.name}`, name: f.name }))
    .concat(rcNames.has('wxpayNotify') ? [{ path: '/wxpay/notify', name: 'wxpayNotify' }] : []);
  for (const c of callers) if (!rcNames.has(c)) errors.push(`the admin calls ${c} over HTTP, but cloudbaserc.json has no such function`);

  const collections: CollectionPlan[] = Object.entries(SCHEMA).map(([name, c]) => ({ name, indexes: c.indexes }));
  errors.push(...unusedIndexes(root, collections, Object.fromEntries(Object.entries(SCHEMA).map(([n, c]) => [n, c.owner]))));

  for (const c of collections)
    for (const ix of c.indexes)
      if (ix.kind === 'text')
        notes.push(`index ${c.name}.${ix.name} is a text index: CloudBase has none, so nothing is created for it and a regex search over ${Object.keys(ix.keys).join(', ')} scans the collection there (locally a character-pair GIN index serves it)`);
  return { functions, routes, collections, hosting: hostingFiles(root, notes), notes, errors };
}

const mb = (n: number) => `${(n / 1048576).toFixed(2)} MB`;

/** The plan as text (what `--plan` prints without --json). */
export function formatPlan(p: DeployPlan): string {
  const lines: string[] = [];
  lines.push(`Functions (${p.functions.length}):`);
  for (const f of p.functions) {
    const env = Object.keys(f.envVariables);
    const timers = f.triggers.map((t) => `timer ${t.name} '${t.config}'`);
    const size = f.bundle ? `${mb(f.bundle.bytes)} (≈${mb(f.bundle.gzipBytes)} zipped)` : 'not built';
    lines.push(`  ${f.name.padEnd(15)} ${String(f.timeout).padStart(3)} s  ${f.runtime}  ${f.handler}  ${size}${env.length ? `  env ${env.join(', ')}` : ''}${timers.length ? `  ${timers.join(', ')}` : ''}`);
  }
  lines.push(`Timers (${p.functions.reduce((a, f) => a + f.triggers.length, 0)}), HTTP routes (${p.routes.length}):`);
  for (const r of p.routes) lines.push(`  ${r.path} → ${r.name}`);
  lines.push(`Collections (${p.collections.length}), indexes (${p.collections.reduce((a, c) => a + c.indexes.length, 0)}):`);
  for (const c of p.collections)
    lines.push(`  ${c.name}${c.indexes.length ? ': ' + c.indexes.map((i) => `${i.name}${i.unique ? ' (unique)' : ''}${i.kind === 'text' ? ' (text: local only, not created on CloudBase)' : ''} {${Object.entries(i.keys).map(([k, d]) => `${k} ${d}`).join(', ')}}`).join('; ') : ''}`);
  const bytes = p.hosting.reduce((a, f) => a + f.size, 0);
  lines.push(`Hosting files (${p.hosting.length}, ${mb(bytes)}): ${['admin/', 'h5/'].map((pre) => `${pre} ${p.hosting.filter((f) => f.cloudPath.startsWith(pre)).length}`).join(', ')}`);
  for (const n of p.notes) lines.push(`note: ${n}`);
  for (const e of p.errors) lines.push(`error: ${e}`);
  lines.push(p.errors.length ? `The plan has ${p.errors.length} error(s): fix them before deploying.` : 'The plan checks passed.');
  return lines.join('\n');
}

/** The machine-readable plan (`--plan --json`): no local paths, no file contents. */
export function planJson(p: DeployPlan) {
  return {
    functions: p.functions.map(({ bundle, ...f }) => ({ ...f, bundle: bundle && { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes, sha256: bundle.sha256 } })),
    triggers: p.functions.flatMap((f) => f.triggers.map((t) => ({ function: f.name, ...t }))),
    routes: p.routes,
    collections: p.collections,
    hosting: p.hosting.map(({ cloudPath, size, md5 }) => ({ cloudPath, size, md5 })),
    notes: p.notes,
    errors: p.errors,
  };
}
