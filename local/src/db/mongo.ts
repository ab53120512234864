/**
 * MongoDB-style query and update documents as the local adapters use them internally, and the pieces that
 * run in JS: the update applier (MongoDB semantics for the operators the seam offers), the element matcher
 * used by $pull, and field projection.
 */
import { DbError } from '../../../cloudfunctions/shared/db/types';
import { cloneJson, deepEqual, isPlainObject } from './json';

export type MQuery = Record<string, unknown>;
export type MUpdate = Record<string, unknown>;

const invalid = (msg: string) => new DbError('DATABASE_INVALID_ARGUMENT', msg);

// ---------------------------------------------------------------------------------------------------------
// Query matching in JS (same semantics as the SQL translator; used by $pull and as a cross-check in tests)

const isIndex = (s: string) => /^(0|[1-9]\d*)$/.test(s);

/** The values a dotted path reaches, MongoDB style: arrays on the way are descended one level. */
export function pathValues(v: unknown, parts: string[], i = 0): unknown[] {
  if (i === parts.length) return [v];
  if (Array.isArray(v)) {
    if (isIndex(parts[i])) {
      const idx = Number(parts[i]);
      return idx < v.length ? pathValues(v[idx], parts, i + 1) : [];
    }
    const out: unknown[] = [];
    for (const el of v) if (isPlainObject(el)) out.push(...pathValues(el, parts, i));
    return out;
  }
  if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, parts[i])) return pathValues(v[parts[i]], parts, i + 1);
  return [];
}

const typeRank = (v: unknown): number => {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (typeof v === 'object') return 4;
  return 6;
};

/** Compares two JSON scalars of the same type (numbers numerically, strings by code point). */
function cmpSame(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return cmpCodePoints(a, b);
  return undefined;
}

export function cmpCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Whether a dotted path runs through an array before its last part (then the field is not "missing"). */
function throughArray(doc: unknown, parts: string[]): boolean {
  let cur: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, parts[i])) return false;
    cur = cur[parts[i]];
    if (Array.isArray(cur)) return true;
  }
  return false;
}

function eqMatch(cands: unknown[], v: unknown, viaArray = false): boolean {
  if (v === null && cands.length === 0 && !viaArray) return true;
  return cands.some((c) => deepEqual(c, v) || (Array.isArray(c) && c.some((e) => deepEqual(e, v))));
}

function scalars(cands: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const c of cands) {
    if (Array.isArray(c)) out.push(...c);
    else out.push(c);
  }
  return out;
}

/** Builds a JS RegExp from MongoDB $regex/$options (best effort: JS syntax, not POSIX). */
function jsRegex(pattern: string, options: string): RegExp {
  return new RegExp(pattern, options.replace(/[^ims]/g, '') + 'u');
}

export function matchFieldOps(cands: unknown[], ops: Record<string, unknown>, viaArray = false): boolean {
  for (const [op, v] of Object.entries(ops)) {
    let ok: boolean;
    switch (op) {
      case '$eq':
        ok = eqMatch(cands, v, viaArray);
        break;
      case '$ne':
        ok = !eqMatch(cands, v, viaArray);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        ok = scalars(cands).some((c) => {
          const r = cmpSame(c, v);
          if (r === undefined) return false;
          return op === '$gt' ? r > 0 : op === '$gte' ? r >= 0 : op === '$lt' ? r < 0 : r <= 0;
        });
        break;
      case '$in':
        ok = (v as unknown[]).some((x) => eqMatch(cands, x, viaArray));
        break;
      case '$nin':
        ok = !(v as unknown[]).some((x) => eqMatch(cands, x, viaArray));
        break;
      case '$exists':
        ok = (cands.length > 0) === !!v;
        break;
      case '$regex': {
        const re = jsRegex(String(v), String(ops.$options ?? ''));
        ok = scalars(cands).some((c) => typeof c === 'string' && re.test(c));
        break;
      }
      case '$options':
        ok = true;
        break;
      case '$not':
        ok = !matchFieldOps(cands, v as Record<string, unknown>, viaArray);
        break;
      default:
        throw invalid(`unsupported query operator ${op}`);
    }
    if (!ok) return false;
  }
  return true;
}

export const isOperatorDoc = (v: unknown): v is Record<string, unknown> =>
  isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

/** Evaluates a MongoDB-style query document against a document in JS. */
export function matchQuery(doc: unknown, q: MQuery): boolean {
  for (const [k, v] of Object.entries(q)) {
    if (k === '$and') {
      if (!(v as MQuery[]).every((s) => matchQuery(doc, s))) return false;
    } else if (k === '$or') {
      if (!(v as MQuery[]).some((s) => matchQuery(doc, s))) return false;
    } else if (k === '$nor') {
      if ((v as MQuery[]).some((s) => matchQuery(doc, s))) return false;
    } else {
      const parts = k.split('.');
      const cands = pathValues(doc, parts);
      const via = throughArray(doc, parts);
      if (isOperatorDoc(v)) {
        if (!matchFieldOps(cands, v, via)) return false;
      } else if (!eqMatch(cands, v, via)) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------
// Sorting in JS (the order the SQL ORDER BY produces; used by tests)

export function compareForSort(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1) return 0;
  const r = cmpSame(a, b);
  if (r !== undefined) return r;
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return 0;
}

// ---------------------------------------------------------------------------------------------------------
// Update applier

type Container = Record<string, unknown> | unknown[];

function splitPath(path: string): string[] {
  const parts = path.split('.');
  if (parts.some((p) => p === '')) throw invalid(`invalid field path "${path}"`);
  return parts;
}

/** Walks to the parent of the last path component, creating objects on the way when `create`. */
function walk(doc: Record<string, unknown>, parts: string[], create: boolean): { parent: Container; key: string } | null {
  let cur: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    let next: unknown;
    if (Array.isArray(cur)) {
      if (!isIndex(p)) throw invalid(`cannot use the part "${p}" of "${parts.join('.')}" to traverse an array`);
      next = cur[Number(p)];
      if (next === undefined) {
        if (!create) return null;
        while (cur.length < Number(p)) cur.push(null);
        next = {};
        cur[Number(p)] = next;
      }
    } else if (isPlainObject(cur)) {
      next = Object.prototype.hasOwnProperty.call(cur, p) ? cur[p] : undefined;
      if (next === undefined) {
        if (!create) return null;
        next = {};
        cur[p] = next;
      }
    } else {
      throw invalid(`cannot create field "${p}" of "${parts.join('.')}" in a ${cur === null ? 'null' : typeof cur} value`);
    }
    cur = next;
  }
  if (Array.isArray(cur)) {
    const last = parts[parts.length - 1];
    if (!isIndex(last)) throw invalid(`cannot use the part "${last}" of "${parts.join('.')}" to traverse an array`);
    return { parent: cur, key: last };
  }
  if (!isPlainObject(cur)) {
    if (!create) return null;
    throw invalid(`cannot create field "${parts[parts.length - 1]}" of "${parts.join('.')}" in a ${cur === null ? 'null' : typeof cur} value`);
  }
  return { parent: cur, key: parts[parts.length - 1] };
}

function getAt(c: Container, key: string): unknown {
  if (Array.isArray(c)) return c[Number(key)];
  return Object.prototype.hasOwnProperty.call(c, key) ? c[key] : undefined;
}

function setAt(c: Container, key: string, v: unknown): void {
  if (Array.isArray(c)) {
    const i = Number(key);
    while (c.length < i) c.push(null);
    c[i] = v;
  } else c[key] = v;
}

function pullMatches(el: unknown, cond: unknown): boolean {
  if (isOperatorDoc(cond)) return matchFieldOps([el], cond);
  if (isPlainObject(cond)) return isPlainObject(el) && matchQuery(el, cond);
  return deepEqual(el, cond);
}

const UPDATE_OPS = new Set(['$set', '$unset', '$inc', '$mul', '$push', '$pull', '$addToSet', '$pullAll', '$pop', '$min', '$max']);

/** Checks an update document: known operators, no `_id`, no conflicting paths. */
export function checkUpdate(u: MUpdate): void {
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(u)) {
    if (!UPDATE_OPS.has(op)) throw invalid(`unsupported update operator ${op}`);
    if (!isPlainObject(fields)) throw invalid(`${op} needs an object`);
    for (const path of Object.keys(fields)) {
      splitPath(path);
      if (path === '_id' || path.startsWith('_id.')) throw invalid('update cannot change _id');
      paths.push(path);
    }
  }
  paths.sort();
  for (let i = 1; i < paths.length; i++) {
    if (paths[i] === paths[i - 1] || paths[i].startsWith(paths[i - 1] + '.')) {
      throw invalid(`update paths "${paths[i - 1]}" and "${paths[i]}" conflict`);
    }
  }
}

/** Applies a MongoDB update document to a copy of `doc` and returns the copy. */
export function applyUpdate<T extends Record<string, unknown>>(doc: T, u: MUpdate): T {
  checkUpdate(u);
  const out = cloneJson(doc) as Record<string, unknown>;
  for (const [op, fields] of Object.entries(u)) {
    for (const [path, arg0] of Object.entries(fields as Record<string, unknown>)) {
      const arg = cloneJson(arg0);
      const parts = splitPath(path);
      if (op === '$unset') {
        const w = walk(out, parts, false);
        if (!w) continue;
        if (Array.isArray(w.parent)) {
          if (Number(w.key) < w.parent.length) w.parent[Number(w.key)] = null;
        } else delete w.parent[w.key];
        continue;
      }
      if (op === '$pull' || op === '$pullAll' || op === '$pop') {
        const w = walk(out, parts, false);
        if (!w) continue;
        const cur = getAt(w.parent, w.key);
        if (cur === undefined) continue;
        if (!Array.isArray(cur)) throw invalid(`${op} needs "${path}" to be an array`);
        if (op === '$pull') setAt(w.parent, w.key, cur.filter((el) => !pullMatches(el, arg)));
        else if (op === '$pullAll') {
          if (!Array.isArray(arg)) throw invalid('$pullAll needs an array');
          setAt(w.parent, w.key, cur.filter((el) => !arg.some((x) => deepEqual(el, x))));
        } else setAt(w.parent, w.key, arg === -1 ? cur.slice(1) : cur.slice(0, -1));
        continue;
      }
      const w = walk(out, parts, true)!;
      const cur = getAt(w.parent, w.key);
      switch (op) {
        case '$set':
          setAt(w.parent, w.key, arg);
          break;
        case '$inc':
        case '$mul': {
          if (typeof arg !== 'number') throw invalid(`${op} needs a number`);
          if (cur !== undefined && typeof cur !== 'number') throw invalid(`${op} needs "${path}" to be a number`);
          const base = (cur as number | undefined) ?? 0;
          const r = op === '$inc' ? base + arg : base * arg;
          if (!Number.isFinite(r)) throw invalid(`${op} on "${path}" overflows`);
          setAt(w.parent, w.key, r === 0 ? 0 : r);
          break;
        }
        case '$min':
        case '$max': {
          if (cur === undefined) setAt(w.parent, w.key, arg);
          else {
            const r = compareForSort(arg, cur);
            if (op === '$min' ? r < 0 : r > 0) setAt(w.parent, w.key, arg);
          }
          break;
        }
        case '$push':
        case '$addToSet': {
          if (cur !== undefined && !Array.isArray(cur)) throw invalid(`${op} needs "${path}" to be an array`);
          const arr = (cur as unknown[] | undefined) ?? [];
          let each: unknown[];
          let position: number | undefined;
          if (isPlainObject(arg) && '$each' in arg) {
            if (!Array.isArray(arg.$each)) throw invalid(`${op} $each needs an array`);
            each = arg.$each;
            if (arg.$position !== undefined) position = Number(arg.$position);
          } else each = [arg];
          if (op === '$addToSet') {
            for (const x of each) if (!arr.some((y) => deepEqual(x, y))) arr.push(x);
          } else if (position === undefined) arr.push(...each);
          else {
            const at = position < 0 ? Math.max(0, arr.length + position) : Math.min(position, arr.length);
            arr.splice(at, 0, ...each);
          }
          setAt(w.parent, w.key, arr);
          break;
        }
        default:
          throw invalid(`unsupported update operator ${op}`);
      }
    }
  }
  return out as T;
}

// ---------------------------------------------------------------------------------------------------------
// Projection

export type MProjection = Record<string, 0 | 1 | boolean>;

function pick(v: unknown, parts: string[]): unknown {
  if (parts.length === 0) return cloneJson(v);
  if (Array.isArray(v)) {
    const out = v.filter((x) => isPlainObject(x) || Array.isArray(x)).map((x) => pick(x, parts));
    return out.filter((x) => x !== undefined);
  }
  if (!isPlainObject(v) || !Object.prototype.hasOwnProperty.call(v, parts[0])) return undefined;
  const sub = pick(v[parts[0]], parts.slice(1));
  return sub === undefined ? undefined : { [parts[0]]: sub };
}

function mergeInto(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => mergeInto(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = mergeInto(out[k], v);
    return out;
  }
  return b;
}

function drop(v: unknown, parts: string[]): void {
  if (Array.isArray(v)) {
    for (const x of v) drop(x, parts);
    return;
  }
  if (!isPlainObject(v)) return;
  if (parts.length === 1) delete v[parts[0]];
  else drop(v[parts[0]], parts.slice(1));
}

/** Applies a MongoDB projection (inclusion or exclusion; `_id` is included unless excluded). */
export function applyProjection(doc: Record<string, unknown>, p: MProjection | undefined): Record<string, unknown> {
  if (!p) return doc;
  const entries = Object.entries(p).map(([k, v]) => [k, v === true || v === 1] as const);
  // `{_id: true}` alone is an inclusion projection too (MongoDB returns only _id)
  const inclusion = entries.some(([k, inc]) => inc && k !== '_id') || (entries.length > 0 && entries.every(([, inc]) => inc));
  const exclusionOfOthers = entries.some(([k, inc]) => !inc && k !== '_id');
  if (inclusion && exclusionOfOthers) throw invalid('field(): cannot mix inclusion and exclusion');
  if (inclusion) {
    let out: unknown = {};
    for (const [k, inc] of entries) if (inc && k !== '_id') out = mergeInto(out, pick(doc, k.split('.')) ?? {});
    const res = out as Record<string, unknown>;
    const idEntry = entries.find(([k]) => k === '_id');
    if ((!idEntry || idEntry[1]) && doc._id !== undefined) return { _id: doc._id, ...res };
    return res;
  }
  const out = cloneJson(doc);
  for (const [k] of entries) drop(out, k.split('.'));
  return out;
}
