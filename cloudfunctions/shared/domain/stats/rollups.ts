/**
 * The dashboard's rollups, kept by the order's own transactions (stats/orderParticipant.ts) so that the dashboard
 * never scans orders:
 * - `stats_rollups`: one document per Beijing day (`d:<day>#<slot>`) and per hour (`h:<day>T<hh>#<slot>`) with the
 *   counts of StatsCounts. Each day and hour is split over SLOTS documents (the slot comes from the order or refund
 *   number), so payments at the same moment rarely write the same document; readers add the slots up. A day also
 *   counts its paying customers by how many days before they had last paid (`payerGaps`: `g1`..`g31`, `gx` for longer
 *   or never), which makes the distinct paying customers of any span of up to 32 days exact (distinctPayers).
 * - `stats_products`: per day and product (`<day>:<productId>`), units and amount paid.
 * - `stats_customers`: per day and paying shopper (`<day>:<openid>`), orders and amount paid: 数据中心's customer
 *   report (distinct, repeat and best customers of any range) reads these, one small document per payer and day.
 * - `stats_marks`: one document per shopper who paid, `s:<openid>`: the first paid order ever (a new customer is a
 *   shopper without one) and the day and hour of the last payment (a shopper who already paid this day or hour is
 *   not counted again).
 * Each counter is created when missing and moved with `inc` otherwise, inside the caller's transaction: two
 * transactions creating the same document conflict and one re-runs, finding it.
 */
import { STATS_COUNT_KEYS, type StatsCounts } from '@shop/types';
import type { Database, Doc, Transaction } from '../../db/types';
import { beijingDay, beijingHour } from './periods';
import { gapKey, type PayerGaps } from './payers';

const ROLLUPS = 'stats_rollups';
const PRODUCTS = 'stats_products';
const MARKS = 'stats_marks';
const CUSTOMERS = 'stats_customers';

/** documents per day (and per hour) */
export const SLOTS = 4;
export type Unit = 'day' | 'hour';
/** a day's or hour's counts; a day's also its payers by gap */
export type Rollup = StatsCounts & { payerGaps: PayerGaps };

export const zeroCounts = (): StatsCounts => Object.fromEntries(STATS_COUNT_KEYS.map((k) => [k, 0])) as unknown as StatsCounts;

/** a stable slot for an order or refund number */
export function slotOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % SLOTS;
}

const rollupId = (unit: Unit, key: string, slot: number) => `${unit === 'day' ? 'd' : 'h'}:${key}#${slot}`;
const dayOfKey = (key: string) => key.slice(0, 10);

/** `{'a.b': 1}` as `{a: {b: 1}}` (a new document cannot hold dotted names) */
function nest(flat: Record<string, number>): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(flat)) {
    const [a, b] = k.split('.');
    if (b === undefined) out[a] = v;
    else (out[a] ??= {})[b] = v;
  }
  return out;
}

/** Inside a transaction: adds `incs` (dotted names allowed) to a counter document, creating it (with `base`) when missing. */
async function bump(tx: Transaction, db: Database, coll: string, id: string, base: Record<string, unknown>, incs: Record<string, number>): Promise<void> {
  const moves = Object.entries(incs).filter(([, v]) => v !== 0);
  if (!moves.length) return;
  const ref = tx.collection(coll).doc(id);
  if ((await ref.get()).data) await ref.update(Object.fromEntries(moves.map(([k, v]) => [k, db.command.inc(v)])));
  else await ref.set({ ...base, ...nest(Object.fromEntries(moves)) });
}

async function bumpRollups(tx: Transaction, db: Database, now: Date, slotKey: string, day: Record<string, number>, hour: Record<string, number>) {
  const slot = slotOf(slotKey);
  const d = beijingDay(now);
  const h = beijingHour(now);
  await bump(tx, db, ROLLUPS, rollupId('day', d, slot), { unit: 'day', key: d, day: d, slot, ...zeroCounts(), payerGaps: {} }, day);
  await bump(tx, db, ROLLUPS, rollupId('hour', h, slot), { unit: 'hour', key: h, day: d, slot, ...zeroCounts() }, hour);
}

export interface PaidFacts {
  orderId: string;
  openid: string;
  amount: number;
  lines: { productId: string; name: string; quantity: number; payable: number }[];
}

/** units and amount per product of an order's lines (name: the first line's) */
export function productsOf(lines: PaidFacts['lines']): Map<string, { name: string; units: number; amount: number }> {
  const out = new Map<string, { name: string; units: number; amount: number }>();
  for (const l of lines) {
    const p = out.get(l.productId) ?? { name: l.name, units: 0, amount: 0 };
    p.units += l.quantity;
    p.amount += l.payable;
    out.set(l.productId, p);
  }
  return out;
}

/** a shopper's mark: the first paid order ever, and when they last paid */
export interface ShopperMark {
  firstDay: string;
  firstOrderId: string;
  lastDay: string;
  lastHour: string;
}

/**
 * What a payment adds to its day and hour, given the shopper's mark before it (null: never paid): a new customer, a
 * new payer of the day (with its gap) and of the hour. A mark later than now (clocks apart) counts as this day.
 */
export function paymentCounts(mark: ShopperMark | null, amount: number, day: string, hour: string): { day: Record<string, number>; hour: Record<string, number> } {
  const newOfDay = !mark || mark.lastDay < day;
  const newOfHour = !mark || mark.lastHour < hour;
  const c = { paidAmount: amount, paidOrders: 1, newCustomers: mark ? 0 : 1 };
  return {
    day: { ...c, payingCustomers: newOfDay ? 1 : 0, ...(newOfDay ? { [`payerGaps.${gapKey(mark?.lastDay ?? null, day)}`]: 1 } : {}) },
    hour: { ...c, payingCustomers: newOfHour ? 1 : 0 },
  };
}

/** Inside the paying transaction: the payment's share of the day's and hour's rollups and products; the shopper's mark. */
export async function recordPaid(tx: Transaction, db: Database, o: PaidFacts, now: Date): Promise<void> {
  const d = beijingDay(now);
  const h = beijingHour(now);
  const ref = tx.collection(MARKS).doc(`s:${o.openid}`);
  const mark = (await ref.get()).data as unknown as ShopperMark | null;
  const counts = paymentCounts(mark, o.amount, d, h);
  if (!mark) await ref.set({ kind: 'shopper', day: d, firstDay: d, firstOrderId: o.orderId, lastDay: d, lastHour: h });
  else if (mark.lastHour < h) await ref.update({ lastDay: d, lastHour: h });
  await bumpRollups(tx, db, now, o.orderId, counts.day, counts.hour);
  for (const [productId, p] of productsOf(o.lines)) {
    await bump(tx, db, PRODUCTS, `${d}:${productId}`, { day: d, productId, name: p.name, units: 0, amount: 0 }, { units: p.units, amount: p.amount });
  }
  await bump(tx, db, CUSTOMERS, `${d}:${o.openid}`, { day: d, openid: o.openid, orders: 0, amount: 0 }, { orders: 1, amount: o.amount });
}

/** Inside the refund's transaction (a refund that succeeded, whole or part). */
export async function recordRefunded(tx: Transaction, db: Database, refundNo: string, amount: number, now: Date): Promise<void> {
  const c = { refundAmount: amount, refundCount: 1 };
  await bumpRollups(tx, db, now, refundNo, c, c);
}

/** Inside the completing transaction. */
export async function recordCompleted(tx: Transaction, db: Database, orderId: string, amount: number, now: Date): Promise<void> {
  const c = { completedOrders: 1, completedAmount: amount };
  await bumpRollups(tx, db, now, orderId, c, c);
}

// ------------------------------------------------------------------------------------------------------------------
// Reading

/** Every document of a query, 1,000 at a time (the most CloudBase answers). */
async function all(db: Database, coll: string, where: Record<string, unknown>, order: string): Promise<Doc[]> {
  const out: Doc[] = [];
  for (;;) {
    const { data } = await db.collection(coll).where(where).orderBy(order, 'asc').orderBy('_id', 'asc').skip(out.length).limit(1000).get();
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

/** The rollups from key `from` to key `to` (both included), slots added up, by key; keys with nothing are absent. */
export async function rollupsBetween(db: Database, unit: Unit, from: string, to: string): Promise<Map<string, Rollup>> {
  const _ = db.command;
  const docs = await all(db, ROLLUPS, { unit, key: _.gte(from).and(_.lte(to)) }, 'key');
  const out = new Map<string, Rollup>();
  for (const d of docs) {
    const key = d.key as string;
    const c = out.get(key) ?? { ...zeroCounts(), payerGaps: {} };
    for (const k of STATS_COUNT_KEYS) c[k] += Number(d[k] ?? 0);
    for (const [g, n] of Object.entries((d.payerGaps as PayerGaps | undefined) ?? {})) c.payerGaps[g] = (c.payerGaps[g] ?? 0) + n;
    out.set(key, c);
  }
  return out;
}

export interface ProductTotal {
  productId: string;
  name: string;
  units: number;
  amount: number;
}

/**
 * The per-day documents of `coll` from day `from` to `to` (both included), added up by the value of `idField`: the
 * `counts` fields summed, the other fields of `make` taken from the latest day.
 */
async function totalsBetween<T extends Record<string, unknown>>(db: Database, coll: string, idField: string, counts: (keyof T & string)[], from: string, to: string, make: (d: Doc) => T): Promise<T[]> {
  const _ = db.command;
  const out = new Map<string, T>();
  for (const d of await all(db, coll, { day: _.gte(from).and(_.lte(to)) }, 'day')) {
    const id = d[idField] as string;
    const t = { ...make(d) } as Record<string, unknown>;
    const before = out.get(id) as Record<string, unknown> | undefined;
    for (const k of counts) t[k] = Number(before?.[k] ?? 0) + Number(d[k] ?? 0);
    out.set(id, t as T);
  }
  return [...out.values()];
}

/** units and amount per product paid from day `from` to `to` (both included); the name: the latest day's */
export const productsBetween = (db: Database, from: string, to: string): Promise<ProductTotal[]> =>
  totalsBetween<ProductTotal & Record<string, unknown>>(db, PRODUCTS, 'productId', ['units', 'amount'], from, to, (d) => ({ productId: d.productId as string, name: d.name as string, units: 0, amount: 0 }));

export interface CustomerTotal {
  openid: string;
  orders: number;
  amount: number;
}

/** orders and amount per shopper who paid from day `from` to `to` (both included) */
export const customersBetween = (db: Database, from: string, to: string): Promise<CustomerTotal[]> =>
  totalsBetween<CustomerTotal & Record<string, unknown>>(db, CUSTOMERS, 'openid', ['orders', 'amount'], from, to, (d) => ({ openid: d.openid as string, orders: 0, amount: 0 }));

// ------------------------------------------------------------------------------------------------------------------
// Rebuilding (stats/rebuild.ts computes, this writes)

export interface Rebuilt {
  days: Map<string, Rollup>;
  hours: Map<string, StatsCounts>;
  products: Map<string, ProductTotal & { day: string }>;
  /** `<day>:<openid>` -> that day's payments of the shopper */
  customers: Map<string, CustomerTotal & { day: string }>;
  /** openid -> the mark after the rebuilt days (firstDay '' when the first order came before them) */
  marks: Map<string, ShopperMark>;
}

async function addAll(db: Database, coll: string, docs: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) await db.collection(coll).add(docs.slice(i, i + 500));
}

/**
 * Replaces the rollups and product rollups of days `from`..`to` with what a rebuild computed (every count in slot
 * 0), and writes the shoppers' marks, unless a mark already says more (a later payment, an earlier first order).
 */
export async function writeRebuilt(db: Database, from: string, to: string, r: Rebuilt): Promise<void> {
  const _ = db.command;
  const days = _.gte(from).and(_.lte(to));
  await db.collection(ROLLUPS).where({ day: days }).remove();
  await db.collection(PRODUCTS).where({ day: days }).remove();
  await db.collection(CUSTOMERS).where({ day: days }).remove();
  const rollup = (unit: Unit) => ([key, c]: [string, StatsCounts]) => ({ _id: rollupId(unit, key, 0), unit, key, day: dayOfKey(key), slot: 0, ...c });
  await addAll(db, ROLLUPS, [...[...r.days].map(rollup('day')), ...[...r.hours].map(rollup('hour'))]);
  await addAll(db, PRODUCTS, [...r.products].map(([id, p]) => ({ _id: id, ...p })));
  await addAll(db, CUSTOMERS, [...r.customers].map(([id, c]) => ({ _id: id, ...c })));
  const ids = [...r.marks.keys()];
  const fresh: Record<string, unknown>[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const { data } = await db.collection(MARKS).where({ _id: _.in(chunk.map((id) => `s:${id}`)) }).limit(100).get();
    const olds = new Map(data.map((d) => [d._id, d as unknown as ShopperMark]));
    for (const openid of chunk) {
      const m = r.marks.get(openid)!;
      const old = olds.get(`s:${openid}`);
      const first = old?.firstDay && (!m.firstDay || old.firstDay < m.firstDay) ? old : m;
      const latest = old && old.lastHour > m.lastHour ? old : m;
      const doc = { kind: 'shopper', day: first.firstDay, firstDay: first.firstDay, firstOrderId: first.firstOrderId, lastDay: latest.lastDay, lastHour: latest.lastHour };
      if (old) await db.collection(MARKS).doc(`s:${openid}`).set(doc);
      else fresh.push({ _id: `s:${openid}`, ...doc });
    }
  }
  await addAll(db, MARKS, fresh);
}
