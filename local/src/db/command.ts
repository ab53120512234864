/**
 * The local adapters' `db.command` and `db.RegExp`, and the encoders that turn where-objects and update data
 * (written against the seam's interface) into MongoDB-style query and update documents, following the same
 * flattening rules as @cloudbase/database's QuerySerializer / UpdateSerializer.
 */
import type { Command, QueryOperand, UpdateOperand, Where } from '../../../cloudfunctions/shared/db/types';
import { DbError } from '../../../cloudfunctions/shared/db/types';
import { assertJsonValue, isPlainObject } from './json';
import type { MQuery, MUpdate } from './mongo';

type CmpOp = '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$nin' | '$exists';

type QNode =
  | { t: 'cmp'; op: CmpOp; v: unknown }
  | { t: 'regex'; pattern: string; options: string }
  | { t: 'logic'; op: '$and' | '$or'; operands: unknown[] };

export class LocalQueryOperand implements QueryOperand {
  readonly __queryOperand = true as const;
  constructor(readonly node: QNode) {}
  and(...others: QueryOperand[]): QueryOperand {
    return new LocalQueryOperand({ t: 'logic', op: '$and', operands: [this, ...flatArgs(others)] });
  }
  or(...others: QueryOperand[]): QueryOperand {
    return new LocalQueryOperand({ t: 'logic', op: '$or', operands: [this, ...flatArgs(others)] });
  }
}

export type UpdOp = '$set' | '$unset' | '$inc' | '$mul' | '$push' | '$pull' | '$addToSet';

export class LocalUpdateOperand implements UpdateOperand {
  readonly __updateOperand = true as const;
  constructor(readonly op: UpdOp, readonly v: unknown) {}
}

function flatArgs(args: unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
}

function num(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new DbError('DATABASE_INVALID_ARGUMENT', `${what} needs a finite number`);
  return n;
}

export const localCommand: Command = {
  eq: (v) => new LocalQueryOperand({ t: 'cmp', op: '$eq', v }),
  neq: (v) => new LocalQueryOperand({ t: 'cmp', op: '$ne', v }),
  gt: (v) => new LocalQueryOperand({ t: 'cmp', op: '$gt', v }),
  gte: (v) => new LocalQueryOperand({ t: 'cmp', op: '$gte', v }),
  lt: (v) => new LocalQueryOperand({ t: 'cmp', op: '$lt', v }),
  lte: (v) => new LocalQueryOperand({ t: 'cmp', op: '$lte', v }),
  in: (v) => {
    if (!Array.isArray(v)) throw new DbError('DATABASE_INVALID_ARGUMENT', 'in() needs an array');
    return new LocalQueryOperand({ t: 'cmp', op: '$in', v });
  },
  nin: (v) => {
    if (!Array.isArray(v)) throw new DbError('DATABASE_INVALID_ARGUMENT', 'nin() needs an array');
    return new LocalQueryOperand({ t: 'cmp', op: '$nin', v });
  },
  exists: (v) => new LocalQueryOperand({ t: 'cmp', op: '$exists', v: !!v }),
  and: (...conds) => new LocalQueryOperand({ t: 'logic', op: '$and', operands: flatArgs(conds) }),
  or: (...conds) => new LocalQueryOperand({ t: 'logic', op: '$or', operands: flatArgs(conds) }),

  set: (v) => new LocalUpdateOperand('$set', v),
  remove: () => new LocalUpdateOperand('$unset', ''),
  inc: (n) => new LocalUpdateOperand('$inc', num(n, 'inc()')),
  mul: (n) => new LocalUpdateOperand('$mul', num(n, 'mul()')),
  push: (v) => new LocalUpdateOperand('$push', { $each: Array.isArray(v) ? v : [v] }),
  pull: (v) => new LocalUpdateOperand('$pull', v),
  addToSet: (v) => new LocalUpdateOperand('$addToSet', v),
};

export function localRegExp(opts: { regexp: string; options?: string }): QueryOperand {
  if (!opts || typeof opts.regexp !== 'string' || !opts.regexp) {
    throw new DbError('DATABASE_INVALID_ARGUMENT', 'RegExp needs a non-empty regexp string');
  }
  const options = opts.options ?? '';
  if (!/^[imsx]*$/.test(options)) throw new DbError('DATABASE_INVALID_ARGUMENT', `unsupported RegExp options "${options}"`);
  return new LocalQueryOperand({ t: 'regex', pattern: opts.regexp, options });
}

export const isQueryOperand = (v: unknown): v is LocalQueryOperand => v instanceof LocalQueryOperand;
export const isUpdateOperand = (v: unknown): v is LocalUpdateOperand => v instanceof LocalUpdateOperand;
const isOperandLike = (v: unknown): boolean =>
  !!v && typeof v === 'object' && ('__queryOperand' in (v as object) || '__updateOperand' in (v as object));

/**
 * Flattens nested plain objects into dotted paths, like the SDK's flattenQueryObject: operands, arrays,
 * RegExps and scalars are kept; an empty nested object disappears (as in the SDK).
 */
function flatten(obj: Record<string, unknown>, prefix: string, out: Record<string, unknown>, onUndefined: 'drop' | 'throw'): void {
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (v === undefined) {
      if (onUndefined === 'throw') {
        throw new DbError('DATABASE_INVALID_ARGUMENT', `where(): field "${path}" is undefined (the SDK would silently drop the condition)`);
      }
      continue;
    }
    if (isPlainObject(v) && !isOperandLike(v) && !Object.keys(v).some((k) => k.startsWith('$'))) {
      flatten(v as Record<string, unknown>, path, out, onUndefined);
    } else {
      out[path] = v;
    }
  }
}

function checkPath(path: string): void {
  if (!path || path.split('.').some((p) => p === '' || p.startsWith('$'))) {
    throw new DbError('DATABASE_INVALID_ARGUMENT', `invalid field path "${path}"`);
  }
}

/** Encodes a where-argument into a MongoDB query document. */
export function encodeWhere(where: Where | undefined): MQuery {
  if (where === undefined || where === null) return {};
  if (isQueryOperand(where)) {
    const n = where.node;
    if (n.t !== 'logic') throw new DbError('DATABASE_INVALID_ARGUMENT', 'where() needs an object or _.and()/_.or()');
    return { [n.op]: n.operands.map((o) => encodeWhere(o as Where)) };
  }
  if (!isPlainObject(where)) throw new DbError('DATABASE_INVALID_ARGUMENT', 'where() needs an object');
  const flat: Record<string, unknown> = {};
  flatten(where as Record<string, unknown>, '', flat, 'throw');
  const out: MQuery = {};
  const and: MQuery[] = [];
  let fieldOrs = 0;
  for (const [path, v] of Object.entries(flat)) {
    checkPath(path);
    if (isQueryOperand(v) && v.node.t === 'logic') {
      if (v.node.op === '$or') fieldOrs++;
      and.push(encodeFieldLogic(path, v));
    } else {
      out[path] = encodeFieldValue(path, v);
    }
  }
  if (fieldOrs > 1) {
    // The SDK's mergeConditionAfterEncode concatenates two $or lists into one: on CloudBase such a query
    // silently means something else. Refuse it here so it is fixed before it ships.
    throw new DbError(
      'DATABASE_INVALID_ARGUMENT',
      'where(): more than one field-level or() in one object is merged wrongly by the CloudBase SDK; wrap the conditions in _.and([...])',
    );
  }
  if (and.length === 0) return out;
  if (Object.keys(out).length === 0 && and.length === 1) return and[0];
  return { ...out, $and: and };
}

function encodeFieldValue(path: string, v: unknown): unknown {
  if (isQueryOperand(v)) {
    const n = v.node;
    if (n.t === 'regex') return { $regex: n.pattern, $options: n.options };
    if (n.t === 'cmp') {
      if (n.op === '$in' || n.op === '$nin') {
        (n.v as unknown[]).forEach((x) => assertJsonValue(x, path));
      } else if (n.op !== '$exists') {
        if (n.v === undefined) throw new DbError('DATABASE_INVALID_ARGUMENT', `where(): operand of "${path}" is undefined`);
        assertJsonValue(n.v, path);
      }
      return { [n.op]: n.v };
    }
    throw new Error('unreachable');
  }
  if (v instanceof RegExp) {
    return { $regex: v.source, $options: v.flags.replace(/[gyud]/g, '') };
  }
  if (isOperandLike(v)) throw new DbError('DATABASE_INVALID_ARGUMENT', `where(): "${path}" holds an update operand`);
  assertJsonValue(v, path);
  return v;
}

function encodeFieldLogic(path: string, v: LocalQueryOperand): MQuery {
  const n = v.node;
  if (n.t !== 'logic') return { [path]: encodeFieldValue(path, v) };
  return {
    [n.op]: n.operands.map((o) => {
      if (!isQueryOperand(o)) {
        throw new DbError('DATABASE_INVALID_ARGUMENT', `where(): the operands of a field-level and()/or() on "${path}" must be commands such as _.gt(1)`);
      }
      return encodeFieldLogic(path, o);
    }),
  };
}

/** Encodes update data (SDK flattening: nested objects become dotted paths) into a MongoDB update document. */
export function encodeUpdate(data: Record<string, unknown>): MUpdate {
  if (!isPlainObject(data)) throw new DbError('DATABASE_INVALID_ARGUMENT', 'update() needs an object');
  if (Object.prototype.hasOwnProperty.call(data, '_id')) throw new DbError('DATABASE_INVALID_ARGUMENT', 'update() cannot change _id');
  const flat: Record<string, unknown> = {};
  flatten(data, '', flat, 'drop');
  const out: MUpdate = {};
  const put = (op: string, path: string, v: unknown) => {
    ((out[op] ??= {}) as Record<string, unknown>)[path] = v;
  };
  for (const [path, v] of Object.entries(flat)) {
    checkPath(path);
    if (isUpdateOperand(v)) {
      if (v.op === '$unset') put('$unset', path, '');
      else {
        if (v.op === '$addToSet' && isPlainObject(v.v) && '$each' in (v.v as object)) {
          const each = (v.v as { $each: unknown }).$each;
          if (!Array.isArray(each)) throw new DbError('DATABASE_INVALID_ARGUMENT', 'addToSet({$each}) needs an array');
          assertJsonValue(each, path);
        } else if (v.op === '$pull' && isQueryOperand(v.v)) {
          put('$pull', path, encodeFieldValue(path, v.v));
          continue;
        } else {
          assertJsonValue(v.v, path);
        }
        put(v.op, path, v.v);
      }
    } else if (isQueryOperand(v)) {
      throw new DbError('DATABASE_INVALID_ARGUMENT', `update(): "${path}" holds a query operand`);
    } else {
      assertJsonValue(v, path);
      put('$set', path, v);
    }
  }
  return out;
}

/** Checks that data for add()/set() is a plain JSON object without operands. */
export function checkDocData(data: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(data)) throw new DbError('DATABASE_INVALID_ARGUMENT', `${what} needs a plain object`);
  const walk = (v: unknown, path: string) => {
    if (isOperandLike(v)) throw new DbError('DATABASE_INVALID_ARGUMENT', `${what}: "${path}" holds a command operand`);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v as object)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(data, '');
  assertJsonValue(data, '', true);
  return data as Record<string, unknown>;
}
