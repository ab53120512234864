/**
 * Property tests of the database seam (run by property*.test.ts against each adapter):
 * - random documents and random queries (operators, dotted paths, arrays, and/or) give the same documents,
 *   in the same order, as mingo (an in-memory MongoDB query engine) as the oracle;
 * - random update sequences give the same documents as a small JS model of MongoDB's update operators;
 * - random JSON documents round-trip unchanged.
 */
import fc from 'fast-check';
import { find as mingoFind } from 'mingo';
import type { Database, DatabaseAdmin, Doc, QueryOperand, Where } from '../../../cloudfunctions/shared/db/types';
import { DbError } from '../../../cloudfunctions/shared/db/types';
import { matchQuery } from './mongo';
import type { AdapterCase, AdapterFixture } from './testkit';

// ---------------------------------------------------------------------------------------------------------
// Documents

type Scalar = string | number | boolean | null;
const scalarArb: fc.Arbitrary<Scalar> = fc.oneof(
  fc.integer({ min: -2, max: 3 }),
  fc.constant(1.5),
  fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'B', 'abc', 'é'),
  fc.boolean(),
  fc.constant(null),
);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const arrayArb = fc.array(scalarArb, { maxLength: 3 });
const objArb = fc.record({ x: opt(fc.oneof(scalarArb, arrayArb)), y: opt(scalarArb) }, { requiredKeys: [] });
const valueArb: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: scalarArb }, { weight: 2, arbitrary: arrayArb }, { weight: 1, arbitrary: objArb });

const docArb = fc.record(
  {
    a: valueArb,
    b: scalarArb,
    o: fc.oneof({ weight: 4, arbitrary: objArb }, { weight: 1, arbitrary: scalarArb }),
    arr: fc.array(fc.oneof({ weight: 3, arbitrary: fc.record({ x: opt(scalarArb), y: opt(scalarArb) }, { requiredKeys: [] }) }, { weight: 1, arbitrary: scalarArb }), {
      maxLength: 3,
    }),
  },
  { requiredKeys: [] },
);

const clean = (v: unknown): unknown => JSON.parse(JSON.stringify(v)); // drop undefined members

// ---------------------------------------------------------------------------------------------------------
// Queries: an AST rendered both as a MongoDB query (for mingo) and as seam calls (db.command / db.RegExp)

type Leaf =
  | { t: 'eq' | 'neq'; path: string; v: unknown; plain: boolean }
  | { t: 'gt' | 'gte' | 'lt' | 'lte'; path: string; v: number | string }
  | { t: 'in' | 'nin'; path: string; v: Scalar[] }
  | { t: 'exists'; path: string; v: boolean }
  | { t: 'regex'; path: string; v: string; i: boolean };
type Node = Leaf | { t: 'and' | 'or'; kids: Node[] } | { t: 'chain'; op: 'and' | 'or'; path: string; kids: Leaf[] };

const pathArb = fc.constantFrom('a', 'b', 'o', 'o.x', 'o.y', 'arr', 'arr.x', 'arr.y');
const cmpValArb = fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(1.5), fc.constantFrom('', 'a', 'ab', 'b', 'B', 'c'));

const leafArb = (pathA: fc.Arbitrary<string>): fc.Arbitrary<Leaf> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record({ t: fc.constant('eq' as const), path: pathA, v: fc.oneof({ weight: 5, arbitrary: scalarArb }, { weight: 1, arbitrary: arrayArb }, { weight: 1, arbitrary: objArb.map(clean) }), plain: fc.boolean() })
        // mingo compares the list of values collected through an array with an array operand as a whole
        // ({'arr.x': [1, 2]} matches arr: [{x: 1}, {x: 2}]); MongoDB and the adapters compare each value.
        .filter((l) => !(Array.isArray(l.v) && l.path.startsWith('arr.'))),
    },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('neq' as const), path: pathA, v: scalarArb, plain: fc.constant(false) }) },
    { weight: 4, arbitrary: fc.record({ t: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const), path: pathA, v: cmpValArb }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('in' as const, 'nin' as const), path: pathA, v: fc.array(scalarArb, { maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('exists' as const), path: pathA, v: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('regex' as const), path: pathA, v: fc.constantFrom('^a', 'b$', 'ab', 'a.', '^$', '[ab]c', 'é'), i: fc.boolean() }) },
  );

const nodeArb: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { weight: 5, arbitrary: leafArb(pathArb) as fc.Arbitrary<Node> },
    { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('and' as const, 'or' as const), kids: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }) as fc.Arbitrary<Node> },
    {
      weight: 1,
      arbitrary: pathArb.chain((path) =>
        fc.record({
          t: fc.constant('chain' as const),
          op: fc.constantFrom('and' as const, 'or' as const),
          path: fc.constant(path),
          kids: fc.array(leafArb(fc.constant(path)).filter((l) => l.t !== 'eq' || !l.plain), { minLength: 2, maxLength: 3 }),
        }),
      ) as fc.Arbitrary<Node>,
    },
  ),
})).node;

function mongoOf(n: Node): Record<string, unknown> {
  switch (n.t) {
    case 'and':
    case 'or':
      return { [`$${n.t}`]: n.kids.map(mongoOf) };
    case 'chain':
      return { [`$${n.op}`]: n.kids.map(mongoOf) };
    case 'eq':
      return { [n.path]: { $eq: n.v } };
    case 'neq':
      return { [n.path]: { $ne: n.v } };
    case 'regex':
      return { [n.path]: { $regex: n.v, $options: n.i ? 'i' : '' } };
    default:
      return { [n.path]: { [`$${n.t}`]: n.v } };
  }
}

function operandOf(db: Database, l: Leaf): QueryOperand | unknown {
  const _ = db.command;
  switch (l.t) {
    case 'eq':
      // A plain value, as business code writes it (objects would be flattened by the SDK rules: use _.eq).
      return l.plain && (l.v === null || typeof l.v !== 'object') ? l.v : _.eq(l.v);
    case 'neq':
      return _.neq(l.v);
    case 'regex':
      return db.RegExp({ regexp: l.v, options: l.i ? 'i' : '' });
    default:
      return (_[l.t] as (v: unknown) => QueryOperand)(l.v);
  }
}

function whereOf(db: Database, n: Node): Where {
  const _ = db.command;
  switch (n.t) {
    case 'and':
      return _.and(n.kids.map((k) => whereOf(db, k)));
    case 'or':
      return _.or(n.kids.map((k) => whereOf(db, k)));
    case 'chain': {
      const ops = n.kids.map((k) => operandOf(db, k) as QueryOperand);
      const [first, ...rest] = ops;
      // Both spellings: _.gt(1).and(_.lt(5)) and _.and(_.gt(1), _.lt(5)).
      if (n.kids.length === 3) return { [n.path]: n.op === 'and' ? db.command.and(...ops) : db.command.or(ops) };
      return { [n.path]: n.op === 'and' ? first.and(...rest) : first.or(...rest) };
    }
    default:
      return { [n.path]: operandOf(db, n) };
  }
}

/** Several top-level conditions: one object when their paths differ (at most one field-level or), else _.and. */
function topWhere(db: Database, nodes: Node[]): Where {
  const leaves = nodes.filter((n) => n.t !== 'and' && n.t !== 'or') as (Leaf | Extract<Node, { t: 'chain' }>)[];
  const paths = leaves.map((l) => l.path);
  const ors = leaves.filter((l) => l.t === 'chain' && l.op === 'or').length;
  if (leaves.length === nodes.length && new Set(paths).size === paths.length && ors <= 1) {
    return Object.assign({}, ...nodes.map((n) => whereOf(db, n) as Record<string, unknown>));
  }
  return db.command.and(nodes.map((n) => whereOf(db, n)));
}

const sortArb = fc.array(fc.record({ field: fc.constantFrom('b', 'o.y'), dir: fc.constantFrom('asc' as const, 'desc' as const) }), { maxLength: 2 });

// ---------------------------------------------------------------------------------------------------------
// Update model

type UDoc = { _id: string; n?: number; s?: string; o?: { x?: number; y?: string }; arr?: Scalar[] };
type UOp =
  | { k: 'setN'; v: number }
  | { k: 'incN'; v: number }
  | { k: 'mulN'; v: number }
  | { k: 'unsetN' }
  | { k: 'setS'; v: string }
  | { k: 'unsetS' }
  | { k: 'setOX'; v: number; nested: boolean }
  | { k: 'incOX'; v: number }
  | { k: 'replaceO'; v: number }
  | { k: 'unsetO' }
  | { k: 'unsetOX' }
  | { k: 'push'; v: Scalar[] }
  | { k: 'pull'; v: Scalar }
  | { k: 'addToSet'; v: Scalar }
  | { k: 'setArr'; v: Scalar[] }
  | { k: 'unsetArr' };

const intArb = fc.integer({ min: -5, max: 5 });
const uopArb: fc.Arbitrary<UOp> = fc.oneof(
  fc.record({ k: fc.constant('setN' as const), v: intArb }),
  fc.record({ k: fc.constant('incN' as const), v: intArb }),
  fc.record({ k: fc.constant('mulN' as const), v: intArb }),
  fc.record({ k: fc.constant('unsetN' as const) }),
  fc.record({ k: fc.constant('setS' as const), v: fc.constantFrom('x', 'y', '') }),
  fc.record({ k: fc.constant('unsetS' as const) }),
  fc.record({ k: fc.constant('setOX' as const), v: intArb, nested: fc.boolean() }),
  fc.record({ k: fc.constant('incOX' as const), v: intArb }),
  fc.record({ k: fc.constant('replaceO' as const), v: intArb }),
  fc.record({ k: fc.constant('unsetO' as const) }),
  fc.record({ k: fc.constant('unsetOX' as const) }),
  fc.record({ k: fc.constant('push' as const), v: fc.array(scalarArb, { maxLength: 3 }) }),
  fc.record({ k: fc.constant('pull' as const), v: scalarArb }),
  fc.record({ k: fc.constant('addToSet' as const), v: scalarArb }),
  fc.record({ k: fc.constant('setArr' as const), v: fc.array(scalarArb, { maxLength: 3 }) }),
  fc.record({ k: fc.constant('unsetArr' as const) }),
);
const rootOf = (op: UOp) => (op.k.endsWith('N') ? 'n' : op.k.endsWith('S') ? 's' : /O|OX/.test(op.k) ? 'o' : 'arr');
/** One update = ops on distinct roots (MongoDB refuses conflicting paths in one update). */
const updateArb = fc.uniqueArray(uopArb, { minLength: 1, maxLength: 4, selector: rootOf });

function modelApply(d: UDoc, ops: UOp[]): UDoc {
  const m: UDoc = JSON.parse(JSON.stringify(d));
  for (const op of ops) {
    switch (op.k) {
      case 'setN': m.n = op.v; break;
      case 'incN': m.n = (m.n ?? 0) + op.v; break;
      case 'mulN': m.n = (m.n ?? 0) * op.v; break;
      case 'unsetN': delete m.n; break;
      case 'setS': m.s = op.v; break;
      case 'unsetS': delete m.s; break;
      case 'setOX': m.o = { ...(m.o ?? {}), x: op.v }; break;
      case 'incOX': m.o = { ...(m.o ?? {}), x: (m.o?.x ?? 0) + op.v }; break;
      case 'replaceO': m.o = { x: op.v }; break;
      case 'unsetO': delete m.o; break;
      case 'unsetOX': if (m.o) delete m.o.x; break;
      case 'push': m.arr = [...(m.arr ?? []), ...op.v]; break;
      case 'pull': if (m.arr) m.arr = m.arr.filter((x) => x !== op.v); break;
      case 'addToSet': m.arr = [...(m.arr ?? [])]; if (!m.arr.includes(op.v)) m.arr.push(op.v); break;
      case 'setArr': m.arr = [...op.v]; break;
      case 'unsetArr': delete m.arr; break;
    }
    if (m.n === 0) m.n = 0; // -0
  }
  return m;
}

function updateDataOf(db: Database, ops: UOp[]): Record<string, unknown> {
  const _ = db.command;
  const data: Record<string, unknown> = {};
  for (const op of ops) {
    switch (op.k) {
      case 'setN': data.n = op.v; break;
      case 'incN': data.n = _.inc(op.v); break;
      case 'mulN': data.n = _.mul(op.v); break;
      case 'unsetN': data.n = _.remove(); break;
      case 'setS': data.s = op.v; break;
      case 'unsetS': data.s = _.remove(); break;
      case 'setOX': if (op.nested) data.o = { x: op.v }; else data['o.x'] = op.v; break;
      case 'incOX': data.o = { x: _.inc(op.v) }; break;
      case 'replaceO': data.o = _.set({ x: op.v }); break;
      case 'unsetO': data.o = _.remove(); break;
      case 'unsetOX': data['o.x'] = _.remove(); break;
      case 'push': data.arr = _.push(op.v); break;
      case 'pull': data.arr = _.pull(op.v); break;
      case 'addToSet': data.arr = _.addToSet(op.v); break;
      case 'setArr': data.arr = op.v; break;
      case 'unsetArr': data.arr = _.remove(); break;
    }
  }
  return data;
}

const udocArb: fc.Arbitrary<UDoc> = fc
  .record(
    {
      n: intArb,
      s: fc.constantFrom('x', 'y'),
      o: fc.record({ x: intArb, y: fc.constantFrom('p', 'q') }, { requiredKeys: [] }),
      arr: fc.array(scalarArb, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  )
  .map((d) => ({ _id: 'u', ...d }));

// ---------------------------------------------------------------------------------------------------------

const sameSet = (a: unknown, b: unknown) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
/** Canonical JSON: object keys sorted (jsonb does not keep key order). */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]));
  return v;
}

export function propertySuite(c: AdapterCase, runs: { query: number; update: number; json: number }): void {
  describe(`database seam properties: ${c.name}`, () => {
    let fx: AdapterFixture;
    let admin: DatabaseAdmin;
    let db: Database;
    beforeAll(async () => {
      fx = await c.setup();
      admin = fx.admin;
      db = admin.db;
      await admin.ensureCollection('prop_q', [{ name: 'b', keys: { b: 1 } }]);
      await admin.ensureCollection('prop_u');
      await admin.ensureCollection('prop_j');
    }, 180_000);
    afterAll(() => fx?.teardown(), 180_000);

    test('random queries match mingo (same documents, same order)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(docArb, { minLength: 1, maxLength: 8 }),
          fc.array(nodeArb, { minLength: 1, maxLength: 3 }),
          sortArb,
          async (rawDocs, nodes, sort) => {
            const docs = rawDocs.map((d, i) => ({ _id: `d${i}`, ...(clean(d) as object) })) as Doc[];
            const col = db.collection('prop_q');
            await col.where({}).remove();
            await col.add(docs);
            const mq = nodes.length === 1 ? mongoOf(nodes[0]) : { $and: nodes.map(mongoOf) };
            const sortSpec: Record<string, 1 | -1> = {};
            for (const s of sort) if (!(s.field in sortSpec)) sortSpec[s.field] = s.dir === 'asc' ? 1 : -1;
            sortSpec._id = 1;
            const expected = mingoFind(docs, mq).sort(sortSpec).all() as Doc[];
            // The JS matcher (used for $pull conditions) agrees with mingo too.
            expect(docs.filter((d) => matchQuery(d, mq)).map((d) => d._id)).toEqual(expected.map((d) => d._id).sort((x, y) => (x < y ? -1 : 1)));
            let q = col.where(topWhere(db, nodes));
            for (const [f, d] of Object.entries(sortSpec)) q = q.orderBy(f, d === 1 ? 'asc' : 'desc');
            const got = await q.get();
            const ctx = `query ${JSON.stringify(mq)} sort ${JSON.stringify(sortSpec)}`;
            expect({ ctx, ids: got.data.map((d) => d._id) }).toEqual({ ctx, ids: expected.map((d) => d._id) });
            expect(sameSet(got.data, expected)).toBe(true);
            expect((await col.where(topWhere(db, nodes)).count()).total).toBe(expected.length);
          },
        ),
        { numRuns: runs.query },
      );
    }, 600_000);

    test('random update sequences match the JS model', async () => {
      await fc.assert(
        fc.asyncProperty(udocArb, fc.array(updateArb, { minLength: 1, maxLength: 4 }), fc.boolean(), async (d0, updates, viaWhere) => {
          const col = db.collection('prop_u');
          await col.where({}).remove();
          const { _id, ...rest } = d0;
          await col.doc(_id).set(rest);
          let model = d0;
          for (const ops of updates) {
            const next = modelApply(model, ops);
            const data = updateDataOf(db, ops);
            const r = viaWhere ? await col.where({ _id }).update(data) : await col.doc(_id).update(data);
            expect(r.updated).toBe(sameSet(next, model) ? 0 : 1);
            model = next;
            const got = (await col.doc(_id).get()).data[0];
            expect(canon(got)).toEqual(canon(model));
          }
        }),
        { numRuns: runs.update },
      );
    }, 600_000);

    test('random JSON documents round-trip unchanged; non-JSON values are refused', async () => {
      const key = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,6}$/);
      const str = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((s) => !s.includes('\u0000'));
      const json = fc.letrec<{ v: unknown }>((tie) => ({
        v: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          str,
          fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(tie('v'), { maxLength: 4 }),
          fc.dictionary(key, tie('v'), { maxKeys: 4 }),
        ),
      })).v;
      const col = db.collection('prop_j');
      await fc.assert(
        fc.asyncProperty(fc.dictionary(key.filter((k) => k !== '_id'), json, { maxKeys: 6 }), async (doc) => {
          const { id } = await col.add(doc);
          const got = (await col.doc(id).get()).data[0];
          expect(canon(got)).toEqual(canon({ ...doc, _id: id }));
          await col.doc(id).remove();
        }),
        { numRuns: runs.json },
      );
      for (const badValue of [new Date(), NaN, -Infinity, new Map(), new (class Money {})(), () => 1]) {
        await expect(col.add({ v: badValue as never })).rejects.toBeInstanceOf(DbError);
      }
    }, 600_000);
  });
}
