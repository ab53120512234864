/**
 * Translates MongoDB-style query documents into SQL over a `doc jsonb` column.
 *
 * Conditions become SQL/JSON path predicates in lax mode (`doc @@ 'exists($."tags" ? (@ == "x"))'`): lax mode
 * descends through arrays on the way like MongoDB does, a filter on an array tests its elements (so
 * `{tags: 'x'}` matches an array containing 'x'), comparisons between different types are simply false, and
 * string comparison is by code point (MongoDB's binary order). A type guard (`@.type() == "string"`) keeps
 * lax mode from unwrapping a second array level, which MongoDB does not do. Such predicates are served by the
 * collection's GIN (jsonb_path_ops) index for their equality parts. Equality with an object or an array value
 * falls back to plain SQL over jsonb_path_query.
 */
import { DbError } from '../../../cloudfunctions/shared/db/types';
import type { IndexSpec } from '../../../cloudfunctions/shared/db/types';
import { isOperatorDoc, type MQuery } from './mongo';
import { isPlainObject } from './json';

export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

type Cond = { jp: string } | { sql: string };

const invalid = (msg: string) => new DbError('DATABASE_INVALID_ARGUMENT', msg);
const isIndex = (s: string) => /^(0|[1-9]\d*)$/.test(s);
const lit = (v: unknown) => JSON.stringify(v); // JSON string/number literals are valid SQL/JSON path literals

/** SQL string literal. */
export const sqlLit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** SQL identifier. */
export const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

interface PathAlt {
  path: string;
  /** Predicates that must hold for this alternative (array-index steps need an actual array). */
  guards: string[];
}

/** The SQL/JSON path alternatives of a dotted field path: a numeric part is an object key or an array index. */
function pathAlts(field: string): PathAlt[] {
  let alts: PathAlt[] = [{ path: '$', guards: [] }];
  for (const part of field.split('.')) {
    if (part === '') throw invalid(`invalid field path "${field}"`);
    const next: PathAlt[] = [];
    for (const a of alts) {
      next.push({ path: `${a.path}.${lit(part)}`, guards: a.guards });
      if (isIndex(part)) next.push({ path: `${a.path}[${part}]`, guards: [...a.guards, `${a.path}.type() == "array"`] });
    }
    alts = next;
    if (alts.length > 8) throw invalid(`field path "${field}" has too many numeric parts`);
  }
  return alts;
}

/** `exists(path ? (filter))` over every alternative of the path. */
function existsPred(field: string, filter?: string): string {
  const parts = pathAlts(field).map((a) => {
    const e = `exists(${a.path}${filter ? ` ? (${filter})` : ''})`;
    return a.guards.length ? `(${[...a.guards, e].join(' && ')})` : e;
  });
  return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
}

/** The path reaches an array (the value itself, not its elements: `.type()` does not unwrap in lax mode). */
function isArrayPred(field: string): string {
  const parts = pathAlts(field).map((a) => [...a.guards, `${a.path}.type() == "array"`].join(' && '));
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' || ');
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

const and = (cs: Cond[], p: Params): Cond => {
  if (cs.length === 0) return { sql: 'TRUE' };
  if (cs.length === 1) return cs[0];
  if (cs.every((c) => 'jp' in c)) return { jp: cs.map((c) => `(${(c as { jp: string }).jp})`).join(' && ') };
  return { sql: cs.map((c) => `(${render(c, p)})`).join(' AND ') };
};
const or = (cs: Cond[], p: Params): Cond => {
  if (cs.length === 0) return { sql: 'FALSE' };
  if (cs.length === 1) return cs[0];
  if (cs.every((c) => 'jp' in c)) return { jp: cs.map((c) => `(${(c as { jp: string }).jp})`).join(' || ') };
  return { sql: cs.map((c) => `(${render(c, p)})`).join(' OR ') };
};
const not = (c: Cond): Cond => ('jp' in c ? { jp: `!(${c.jp})` } : { sql: `NOT (${c.sql})` });

function render(c: Cond, p: Params): string {
  if ('sql' in c) return c.sql;
  return `doc @@ ${p.add(c.jp)}::jsonpath`;
}

function eqCond(field: string, v: unknown, p: Params): Cond {
  const t = jsonType(v);
  if (t === 'object' || t === 'array') {
    const val = p.add(JSON.stringify(v));
    const alts = pathAlts(field).map(
      (a) =>
        `EXISTS (SELECT 1 FROM jsonb_path_query(doc, ${p.add(a.path)}::jsonpath) AS x(v) WHERE x.v = ${val}::jsonb OR ` +
        `(jsonb_typeof(x.v) = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements(x.v) AS e(v) WHERE e.v = ${val}::jsonb)))`,
    );
    return { sql: alts.length === 1 ? alts[0] : alts.map((s) => `(${s})`).join(' OR ') };
  }
  if (t === 'null') {
    // Like mingo (and MongoDB): null matches a null value, an array holding null, or a missing field, but a
    // field is not "missing" when the path runs through an array on the way (an empty array, or an array
    // whose elements lack the field, resolve to an empty list, not to missing).
    const parts = field.split('.');
    const viaArray = parts.slice(0, -1).map((_p, i) => isArrayPred(parts.slice(0, i + 1).join('.')));
    const missing = [`!${existsPred(field)}`, ...viaArray.map((v) => `!(${v})`)].join(' && ');
    return { jp: `(${missing}) || ${existsPred(field, '@.type() == "null"')}` };
  }
  return { jp: existsPred(field, `@ == ${lit(v)} && @.type() == "${t}"`) };
}

/**
 * A condition implied by a comparison on a top-level field, written on the sort-key expressions so that a
 * btree index declared on the field (see indexSql) can serve it: the value itself is of the operand's type
 * and in range, or the field is an array (whose elements the exact predicate then checks).
 */
function rangePrefilter(field: string, sym: string, v: number | string, p: Params): string {
  const [rank, str, val] = sortKeys(field);
  const inRange =
    typeof v === 'number'
      ? `${rank} = 2 AND ${str} IS NULL AND ${val} ${sym} ${p.add(JSON.stringify(v))}::jsonb`
      : `${rank} = 3 AND ${str} ${sym} (${p.add(v)}::text COLLATE "C")`;
  return `(${inRange}) OR ${rank} = 5`;
}

/** What the translator knows about the collection's indexes. */
export interface SqlContext {
  schema: string;
  /** top-level fields with a text index (IndexSpec kind 'text') */
  textFields?: ReadonlySet<string>;
}

/** The grams function of a schema (created with the first text index, see textIndexSql). */
const gramsFn = (schema: string) => `${ident(schema)}.docdb_grams`;

/**
 * The text a regex matches when it is plain escaped text (what `escapeRegExp` makes of a keyword), else null.
 * Only characters whose case is ASCII's or that have none (Chinese, digits, punctuation): for those, lower()
 * and the regex's case folding agree on every server.
 */
export function regexLiteral(re: string): string | null {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    let ch = re[i];
    if (ch === '\\') {
      ch = re[++i] ?? '';
      if (!/^[.*+?^${}()|[\]\\\/-]$/.test(ch)) return null;
    } else if (/[.*+?^${}()|[\]]/.test(ch)) return null;
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) return null;
    if (!/[A-Za-z]/.test(ch) && ch.toLowerCase() !== ch.toUpperCase()) return null;
    out += ch;
  }
  return out || null;
}

/**
 * A condition implied by a regex over a text-indexed field: the lower-cased text holds every character pair of
 * the literal (one character: that character), or the field is an array (whose elements the exact predicate
 * then checks). Served by the GIN index and the partial index that textIndexSql creates.
 */
function textPrefilter(field: string, literal: string, ctx: SqlContext, p: Params): string {
  const f = sqlLit(field);
  return `(${gramsFn(ctx.schema)}((doc ->> ${f})) @> ${p.add(literalGrams(literal))}::text[]) OR jsonb_typeof(doc -> ${f}) = 'array'`;
}

/** The grams a literal needs: its character pairs (one character: itself), lower-cased as lower() does for them. */
export function literalGrams(literal: string): string[] {
  const l = literal.toLowerCase(); // ASCII letters or caseless characters only (regexLiteral)
  if (l.length === 1) return [l];
  const out = new Set<string>();
  for (let i = 0; i + 1 < l.length; i++) out.add(l.slice(i, i + 2));
  return [...out];
}

function fieldOpsCond(field: string, ops: Record<string, unknown>, p: Params, ctx?: SqlContext): Cond {
  const cs: Cond[] = [];
  for (const [op, v] of Object.entries(ops)) {
    switch (op) {
      case '$eq':
        cs.push(eqCond(field, v, p));
        break;
      case '$ne':
        cs.push(not(eqCond(field, v, p)));
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const t = jsonType(v);
        if (t !== 'number' && t !== 'string') throw invalid(`${op} on "${field}" needs a number or a string`);
        const sym = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
        cs.push({ jp: existsPred(field, `@.type() == "${t}" && @ ${sym} ${lit(v)}`) });
        if (!field.includes('.')) cs.push({ sql: rangePrefilter(field, sym, v as number | string, p) });
        break;
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(v)) throw invalid(`${op} on "${field}" needs an array`);
        const c = or(v.map((x) => eqCond(field, x, p)), p);
        cs.push(op === '$in' ? c : not(c));
        break;
      }
      case '$exists':
        cs.push({ jp: v ? existsPred(field) : `!${existsPred(field)}` });
        break;
      case '$regex': {
        if (typeof v !== 'string') throw invalid(`$regex on "${field}" needs a string`);
        const opts = String(ops.$options ?? '');
        if (!/^[imsx]*$/.test(opts)) throw invalid(`unsupported regex options "${opts}"`);
        cs.push({ jp: existsPred(field, `@.type() == "string" && @ like_regex ${lit(v)}${opts ? ` flag ${lit(opts)}` : ''}`) });
        const literal = ctx?.textFields?.has(field) && /^i?$/.test(opts) ? regexLiteral(v) : null;
        if (literal) cs.push({ sql: textPrefilter(field, literal, ctx!, p) });
        break;
      }
      case '$options':
        if (!('$regex' in ops)) throw invalid(`$options without $regex on "${field}"`);
        break;
      case '$not':
        if (!isOperatorDoc(v)) throw invalid(`$not on "${field}" needs operators`);
        cs.push(not(fieldOpsCond(field, v, p, ctx)));
        break;
      default:
        throw invalid(`unsupported query operator ${op}`);
    }
  }
  return and(cs, p);
}

function queryCond(q: MQuery, p: Params, ctx?: SqlContext): Cond {
  if (!isPlainObject(q)) throw invalid('a query must be an object');
  const cs: Cond[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (k === '$and' || k === '$or' || k === '$nor') {
      if (!Array.isArray(v) || v.length === 0) throw invalid(`${k} needs a non-empty array`);
      const subs = v.map((s) => queryCond(s as MQuery, p, ctx));
      cs.push(k === '$and' ? and(subs, p) : k === '$or' ? or(subs, p) : not(or(subs, p)));
      continue;
    }
    if (k.startsWith('$')) throw invalid(`unsupported query operator ${k}`);
    if (k === '_id') {
      const idc = idCond(v, p);
      if (idc) {
        cs.push(idc);
        continue;
      }
    }
    if (isOperatorDoc(v)) cs.push(fieldOpsCond(k, v, p, ctx));
    else cs.push(eqCond(k, v, p));
  }
  return and(cs, p);
}

/** `_id` conditions on the primary key where that is exact. */
function idCond(v: unknown, p: Params): Cond | null {
  if (typeof v === 'string') return { sql: `id = ${p.add(v)}` };
  if (isOperatorDoc(v) && Object.keys(v).length === 1) {
    if (typeof v.$eq === 'string') return { sql: `id = ${p.add(v.$eq)}` };
    if (typeof v.$ne === 'string') return { sql: `id <> ${p.add(v.$ne)}` };
    if (Array.isArray(v.$in) && v.$in.every((x) => typeof x === 'string')) return { sql: `id = ANY(${p.add(v.$in)}::text[])` };
    if (Array.isArray(v.$nin) && v.$nin.every((x) => typeof x === 'string')) return { sql: `NOT (id = ANY(${p.add(v.$nin)}::text[]))` };
  }
  return null;
}

/** The SQL boolean expression for a query; its parameters are appended to `p`. */
export function whereSql(q: MQuery, p: Params, ctx?: SqlContext): string {
  if (!ctx?.textFields?.size || !isPlainObject(q) || !Object.entries(q).some(([k, v]) => ctx.textFields!.has(k) && textRegex(v))) {
    return render(queryCond(q, p, ctx), p);
  }
  // A keyword search served by a text index: the top-level jsonpath conditions are kept away from the document
  // GIN index (`x IS TRUE` is the same condition at the top of a WHERE). Its fixed, far too small estimate for any
  // jsonpath condition (onShelf = true matches most products) would otherwise win the plan over the text index.
  const parts = Object.entries(q).map(([k, v]) => {
    const c = queryCond({ [k]: v }, p, ctx);
    return 'jp' in c ? `((${render(c, p)}) IS TRUE)` : `(${c.sql})`;
  });
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/** A `$regex` operand the text prefilter can serve. */
function textRegex(v: unknown): boolean {
  if (!isOperatorDoc(v) || typeof v.$regex !== 'string') return false;
  return /^i?$/.test(String(v.$options ?? '')) && regexLiteral(v.$regex) !== null;
}

// ---------------------------------------------------------------------------------------------------------
// Sorting and indexes

/** The jsonb expression for a field path (inlined, so that ORDER BY matches the index expressions). */
export function fieldExpr(field: string): string {
  const parts = field.split('.');
  if (parts.some((x) => x === '')) throw invalid(`invalid field path "${field}"`);
  if (parts.length === 1) return `(doc -> ${sqlLit(parts[0])})`;
  const arr = `{${parts.map((x) => `"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
  return `(doc #> ${sqlLit(arr)}::text[])`;
}

/**
 * The sort keys of a field: MongoDB's type order (null/missing, numbers, strings, objects, arrays, booleans),
 * then strings by code point (C collation), then the jsonb value (numbers numerically, false < true).
 */
export function sortKeys(field: string): string[] {
  const e = fieldExpr(field);
  return [
    `(CASE jsonb_typeof(${e}) WHEN 'number' THEN 2 WHEN 'string' THEN 3 WHEN 'object' THEN 4 WHEN 'array' THEN 5 WHEN 'boolean' THEN 6 ELSE 1 END)`,
    `((CASE WHEN jsonb_typeof(${e}) = 'string' THEN ${e} #>> '{}' END) COLLATE "C")`,
    `(NULLIF(${e}, 'null'::jsonb))`,
  ];
}

export function orderBySql(order: { field: string; dir: 'asc' | 'desc' }[]): string {
  if (order.length === 0) return 'ORDER BY id';
  const parts: string[] = [];
  for (const o of order) {
    const d = o.dir === 'desc' ? ' DESC' : '';
    for (const k of sortKeys(o.field)) parts.push(k + d);
  }
  parts.push(`id${order[order.length - 1].dir === 'desc' ? ' DESC' : ''}`);
  return `ORDER BY ${parts.join(', ')}`;
}

export function indexSql(schema: string, coll: string, spec: IndexSpec): string {
  const keys = Object.entries(spec.keys);
  if (keys.length === 0) throw invalid(`index ${spec.name} has no keys`);
  const name = ident(indexName(coll, spec.name));
  const table = `${ident(schema)}.${ident(coll)}`;
  if (spec.unique) {
    const cols = keys.map(([f]) => `(COALESCE(${fieldExpr(f)}, 'null'::jsonb))`);
    return `CREATE UNIQUE INDEX IF NOT EXISTS ${name} ON ${table} (${cols.join(', ')})`;
  }
  const cols: string[] = [];
  for (const [f, dir] of keys) for (const k of sortKeys(f)) cols.push(k + (dir === -1 ? ' DESC' : ''));
  cols.push(`id${keys[keys.length - 1][1] === -1 ? ' DESC' : ''}`);
  return `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${cols.join(', ')})`;
}

/**
 * A text index (IndexSpec kind 'text'): the grams function (the distinct characters and character pairs of the
 * lower-cased text), a GIN index of each field's grams, and a partial index of the documents where the field is
 * an array (so that the prefilter's second arm is served too and the whole condition runs as a bitmap OR).
 */
export function textIndexSql(schema: string, coll: string, spec: IndexSpec): string[] {
  const fields = Object.keys(spec.keys);
  if (fields.length === 0) throw invalid(`index ${spec.name} has no keys`);
  if (spec.unique) throw invalid(`text index ${spec.name} cannot be unique`);
  for (const f of fields) if (f.includes('.')) throw invalid(`text index ${spec.name}: only top-level fields, not "${f}"`);
  const table = `${ident(schema)}.${ident(coll)}`;
  const out = [
    `CREATE OR REPLACE FUNCTION ${gramsFn(schema)}(s text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $f$ ` +
      `SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (SELECT lower(s) AS l) x, ` +
      `LATERAL (SELECT substr(x.l, i, 1) FROM generate_series(1, length(x.l)) i UNION ALL SELECT substr(x.l, i, 2) FROM generate_series(1, length(x.l) - 1) i) AS t(g) $f$`,
  ];
  fields.forEach((f, i) => {
    const n = fields.length === 1 ? spec.name : `${spec.name}_${i}`;
    out.push(`CREATE INDEX IF NOT EXISTS ${ident(indexName(coll, n))} ON ${table} USING gin (${gramsFn(schema)}((doc ->> ${sqlLit(f)}))) WITH (fastupdate = off)`);
    out.push(`CREATE INDEX IF NOT EXISTS ${ident(indexName(coll, `${n}_arr`))} ON ${table} (id) WHERE jsonb_typeof(doc -> ${sqlLit(f)}) = 'array'`);
  });
  return out;
}

export function indexName(coll: string, name: string): string {
  const n = `${coll}__${name}`;
  if (Buffer.byteLength(n) <= 63) return n;
  let h = 0;
  for (const ch of n) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return `${n.slice(0, 50)}_${(h >>> 0).toString(16)}`;
}
