/**
 * One owner per collection (issue 14): a file may name a collection only when it lives in the collection's owner
 * folder (declared in schema.ts). Handlers, the runtime and files outside a domain folder name none. The database
 * adapters (shared/db) and local/ (demo seed, db engine, simulators, tests) are outside the rule.
 *
 * A file "names" a collection when it passes a string literal to `.collection(...)`, passes a constant whose value is
 * a collection name (declared in the file, or imported), declares such a constant, imports one, or (when it calls a
 * helper that takes the collection as a parameter) passes the name as a literal argument.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { OWNERS, SCHEMA } from './schema';

const ROOT = resolve(__dirname, '../../..');
const FUNCTIONS = join(ROOT, 'cloudfunctions');
const DOMAIN = 'cloudfunctions/shared/domain/';

/**
 * Files allowed, for a while, to name a collection of another folder (file -> collections). Empty: every file reads and
 * writes through the owners. A move that needs a staging step lists its files here and removes them when done.
 */
const PENDING: Record<string, string[]> = {};

/** outside the rule: the database seam and its adapters, and the collection list itself */
const EXEMPT = [/^cloudfunctions\/shared\/db\//, /^cloudfunctions\/shared\/domain\/schema\.ts$/];

interface Named {
  file: string;
  collection: string;
  line: number;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listSources(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const stringsIn = (n: ts.Node): string[] => {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return [n.text];
  if (ts.isConditionalExpression(n)) return [...stringsIn(n.whenTrue), ...stringsIn(n.whenFalse)];
  if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) return stringsIn(n.expression);
  return [];
};

interface Parsed {
  source: ts.SourceFile;
  /** const name -> the string values it may hold */
  consts: Map<string, string[]>;
  /** local name -> [module file, exported name] */
  imports: Map<string, [string, string]>;
  /** re-exports: exported name -> [module file, name there]; '*' entries list whole modules */
  reexports: Map<string, [string, string]>;
  starExports: string[];
}

/** Scans source texts (path -> text, paths relative to the repo root) and returns every collection each file names. */
function collectionsNamed(files: Map<string, string>, known: Set<string>): Named[] {
  const parsed = new Map<string, Parsed>();
  const resolveModule = (from: string, spec: string): string | null => {
    if (!spec.startsWith('.')) return null;
    const base = join(dirname(from), spec);
    for (const c of [`${base}.ts`, join(base, 'index.ts')]) if (files.has(c)) return c;
    return null;
  };
  for (const [file, text] of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const p: Parsed = { source, consts: new Map(), imports: new Map(), reexports: new Map(), starExports: [] };
    const visit = (n: ts.Node) => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.getCombinedNodeFlags(n) & ts.NodeFlags.Const) {
        const v = stringsIn(n.initializer);
        if (v.length) p.consts.set(n.name.text, v);
      }
      if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && n.importClause?.namedBindings && ts.isNamedImports(n.importClause.namedBindings)) {
        const m = resolveModule(file, n.moduleSpecifier.text);
        if (m) for (const s of n.importClause.namedBindings.elements) p.imports.set(s.name.text, [m, (s.propertyName ?? s.name).text]);
      }
      if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const m = resolveModule(file, n.moduleSpecifier.text);
        if (m && !n.exportClause) p.starExports.push(m);
        else if (m && n.exportClause && ts.isNamedExports(n.exportClause)) for (const s of n.exportClause.elements) p.reexports.set(s.name.text, [m, (s.propertyName ?? s.name).text]);
      }
      ts.forEachChild(n, visit);
    };
    visit(source);
    parsed.set(file, p);
  }
  /** the string values an exported name of a module may hold */
  const exported = (file: string, name: string, seen = new Set<string>()): string[] => {
    const key = `${file}#${name}`;
    const p = parsed.get(file);
    if (!p || seen.has(key)) return [];
    seen.add(key);
    if (p.consts.has(name)) return p.consts.get(name)!;
    const r = p.reexports.get(name) ?? p.imports.get(name);
    if (r) return exported(r[0], r[1], seen);
    return p.starExports.flatMap((m) => exported(m, name, seen));
  };
  const valuesOf = (p: Parsed, file: string, name: string): string[] | null => {
    if (p.consts.has(name)) return p.consts.get(name)!;
    const imp = p.imports.get(name);
    if (imp) return exported(imp[0], imp[1]);
    return null;
  };
  const isCollectionCall = (n: ts.Node): boolean =>
    ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'collection' && n.arguments.length === 1;

  // pass 1: files that call .collection() with a name they do not fix themselves (a helper taking the collection)
  const dynamic = new Set<string>();
  for (const [file, p] of parsed) {
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && isCollectionCall(n)) {
        const a = n.arguments[0];
        if (!stringsIn(a).length && !(ts.isIdentifier(a) && valuesOf(p, file, a.text)?.length)) dynamic.add(file);
      }
      ts.forEachChild(n, visit);
    };
    visit(p.source);
  }

  const out: Named[] = [];
  for (const [file, p] of parsed) {
    const add = (names: string[], n: ts.Node, always: boolean) => {
      const line = p.source.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      for (const c of names) if (always || known.has(c)) out.push({ file, collection: c, line });
    };
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && isCollectionCall(n)) {
        const a = n.arguments[0];
        const lit = stringsIn(a);
        // a literal passed to .collection() is a collection name whether or not schema.ts declares it
        if (lit.length) add(lit, a, true);
        else if (ts.isIdentifier(a)) add(valuesOf(p, file, a.text) ?? [], a, true);
      } else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && p.consts.has(n.name.text)) {
        add(p.consts.get(n.name.text)!, n, false);
      } else if (ts.isImportSpecifier(n)) {
        add(valuesOf(p, file, n.name.text) ?? [], n, false);
      } else if (ts.isCallExpression(n) && !isCollectionCall(n)) {
        // a collection passed by name to a helper that opens it (here, or in the module the callee comes from)
        const callee = ts.isIdentifier(n.expression) ? n.expression.text : null;
        const from = callee ? p.imports.get(callee)?.[0] : undefined;
        if (dynamic.has(file) || (from && dynamic.has(from))) for (const a of n.arguments) add(stringsIn(a), a, false);
      }
      ts.forEachChild(n, visit);
    };
    visit(p.source);
  }
  return out;
}

/** the domain folder a file lives in, or null (handlers, runtime, registry, files directly under domain/) */
const folderOf = (file: string): string | null => (file.startsWith(DOMAIN) ? (/^([^/]+)\//.exec(file.slice(DOMAIN.length))?.[1] ?? null) : null);

/** every rule break in the given files: a collection named outside its owner folder, or missing from schema.ts */
function violations(named: Named[], owners: Record<string, string>, pending: Record<string, string[]>): string[] {
  const out = new Set<string>();
  for (const { file, collection, line } of named) {
    const owner = owners[collection];
    if (!owner) out.add(`${file}:${line} names collection ${collection}, which schema.ts does not declare`);
    else if (folderOf(file) !== owner && !pending[file]?.includes(collection)) out.add(`${file} names collection ${collection} owned by folder ${owner}`);
  }
  return [...out].sort();
}

function scanRepo(): Named[] {
  const files = new Map<string, string>();
  for (const abs of listSources(FUNCTIONS)) {
    const file = relative(ROOT, abs).split('\\').join('/');
    if (!EXEMPT.some((r) => r.test(file))) files.set(file, readFileSync(abs, 'utf8'));
  }
  return collectionsNamed(files, new Set(Object.keys(OWNERS)));
}

describe('collection ownership', () => {
  const named = scanRepo();

  it('every owner is a domain folder', () => {
    const folders = new Set(readdirSync(join(FUNCTIONS, 'shared/domain'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name));
    expect(Object.entries(SCHEMA).filter(([, c]) => !folders.has(c.owner)).map(([n, c]) => `${n} -> ${c.owner}`)).toEqual([]);
  });

  it('finds the collections the code names (the scan is not blind)', () => {
    const seen = new Set(named.map((n) => n.collection));
    for (const c of ['orders', 'products', 'coupon_codes', 'sync_outbox', 'pickup_codes', 'activity_holds', 'login_attempts', 'jdy_auth']) expect(seen).toContain(c);
  });

  it('no file names a collection it does not own, and every named collection is in schema.ts', () => {
    expect(violations(named, OWNERS, PENDING)).toEqual([]);
  });

  it('PENDING lists only breaks that still exist (remove a line once its file is moved)', () => {
    const live = new Set(named.map((n) => `${n.file}|${n.collection}`));
    const stale = Object.entries(PENDING).flatMap(([f, cs]) => cs.filter((c) => !live.has(`${f}|${c}`) || OWNERS[c] === folderOf(f)).map((c) => `${f}: ${c}`));
    expect(stale).toEqual([]);
  });

  it('catches literals, constants (local, imported, re-exported), helpers taking a name, and unknown names', () => {
    const files = new Map([
      ['cloudfunctions/shared/domain/coupons/store.ts', "export const CODES = 'coupon_codes';"],
      ['cloudfunctions/shared/domain/coupons/index.ts', "export * from './store';"],
      ['cloudfunctions/shared/domain/auth/attempts.ts', 'export const bump = (db: any, collection: string) => db.collection(collection).get();'],
      [
        'cloudfunctions/shared/domain/sync/x.ts',
        [
          "import { CODES } from '../coupons';",
          "import { bump } from '../auth/attempts';",
          "const OUT = 'sync_outbox';",
          "export const f = (db: any) => [db.collection('orders'), db.collection(OUT), db.collection(CODES), bump(db, 'login_attempts'), db.collection('nope')];",
        ].join('\n'),
      ],
      ['cloudfunctions/order/handler.ts', "export const h = (db: any) => db.collection('sync_outbox').get();"],
    ]);
    const owners = { orders: 'orders', sync_outbox: 'sync', coupon_codes: 'coupons', login_attempts: 'auth' };
    const v = violations(collectionsNamed(files, new Set(Object.keys(owners))), owners, {});
    expect(v).toEqual([
      'cloudfunctions/order/handler.ts names collection sync_outbox owned by folder sync',
      'cloudfunctions/shared/domain/sync/x.ts names collection coupon_codes owned by folder coupons',
      'cloudfunctions/shared/domain/sync/x.ts names collection login_attempts owned by folder auth',
      'cloudfunctions/shared/domain/sync/x.ts names collection orders owned by folder orders',
      'cloudfunctions/shared/domain/sync/x.ts:4 names collection nope, which schema.ts does not declare',
    ]);
  });
});
