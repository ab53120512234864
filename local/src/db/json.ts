/** JSON value checks shared by the local adapters. */
import { DbError } from '../../../cloudfunctions/shared/db/types';

/** A plain object from any realm (jest's vm context, a worker's structured clone, the main context). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if (Object.prototype.toString.call(v) !== '[object Object]') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function bad(path: string, why: string): never {
  throw new DbError('DATABASE_INVALID_ARGUMENT', `${path ? `"${path}": ` : ''}${why}`);
}

function checkString(s: string, path: string): void {
  if (s.includes('\u0000')) bad(path, 'strings may not contain U+0000');
  // Lone surrogates cannot be stored as JSON text by PostgreSQL.
  if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) bad(path, 'strings must be well-formed UTF-16');
}

/**
 * Throws DATABASE_INVALID_ARGUMENT unless `v` is plain JSON: string, finite number, boolean, null, arrays and
 * plain objects. `undefined` object members are allowed (they are dropped, as JSON.stringify and the SDK do).
 * With `docKeys`, object keys must also be storable field names (no '.', not starting with '$', not empty).
 */
export function assertJsonValue(v: unknown, path = '', docKeys = false, depth = 0): void {
  if (depth > 100) bad(path, 'nested too deeply');
  switch (typeof v) {
    case 'string':
      checkString(v, path);
      return;
    case 'number':
      if (!Number.isFinite(v)) bad(path, `${v} is not a JSON number`);
      return;
    case 'boolean':
      return;
    case 'object':
      if (v === null) return;
      if (Array.isArray(v)) {
        v.forEach((x, i) => {
          if (x === undefined) bad(`${path}.${i}`, 'undefined in an array is not JSON');
          assertJsonValue(x, `${path}.${i}`, docKeys, depth + 1);
        });
        return;
      }
      if (!isPlainObject(v)) {
        bad(path, `a ${(v as object).constructor?.name ?? 'non-plain'} object is not JSON (store times as ISO-8601 strings)`);
      }
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        checkString(k, p);
        if (docKeys && (k === '' || k.includes('.') || k.startsWith('$'))) bad(p, 'field names may not be empty, contain "." or start with "$"');
        if (x !== undefined) assertJsonValue(x, p, docKeys, depth + 1);
      }
      return;
    default:
      bad(path, `a ${typeof v} is not JSON`);
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A structured clone of plain JSON with `undefined` members dropped. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
