/**
 * The dashboard's rollups, kept by the order's own transactions (stats/orderParticipant.ts) so that the dashboard
 * never scans orders:
 * - `stats_rollups`: one document per Beijing day (`d:<day>#<slot>`) and per hour (`h:<day>T<hh>#<slot>`) with the
 *   counts of StatsCounts. Each day and hour is split over SLOTS documents (the slot comes from the order or refund
 *   number), so payments at the same moment rarely write the same document; readers add the slots up.
 * - `stats_products`: per day and product (`<day>:<productId>`), units and amount paid.
 * - `stats_marks`: what makes the distinct counts exact without scanning: `p:<day>:<openid>` (the shopper paid that
 *   day), `ph:<hour>:<openid>` (that hour) and `n:<openid>` (the shopper's first paid order ever: a new customer).
 * Each counter is created when missing and moved with `inc` otherwise, inside the caller's transaction: two
 * transactions creating the same document conflict and one re-runs, finding it.
 */
import { STATS_COUNT_KEYS, type StatsCounts } from '@shop/types';
import type { Database, Doc, Transaction } from '../../db/types';
import { beijingDay, beijingHour } from './periods';

const ROLLUPS = 'stats_rollups';
const PRODUCTS = 'stats_products';
const MARKS = 'stats_marks';

/** documents per day (and per hour) */
export const SLOTS = 4;
export type Unit = 'day' | 'hour';

export const zeroCounts = (): StatsCounts => Object.fromEntries(STATS_COUNT_KEYS.map((k) => [k, 0])) as unknown as StatsCounts;

/** a stable slot for an order or refund number */
export function slotOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h % SLOTS;
}

const rollupId = (unit: Unit, key: string, slot: number) => `${unit === 'day' ? 'd' : 'h'}:${key}#${slot}`;
const dayOfKey = (key: string) => key.slice(0, 10);

/** Inside a transaction: adds `incs` to a counter document, creating it (with `base`) when missing. */
async function bump(tx: Transaction, db: Database, coll: string, id: string, base: Record<string, unknown>, incs: Record<string, number>): Promise<void> {
  const moves = Object.entries(incs).filter(([, v]) => v !== 0);
  if (!moves.length) return;
  const ref = tx.collection(coll).doc(id);
  if ((await ref.get()).data) await ref.update(Object.fromEntries(moves.map(([k, v]) => [k, db.command.inc(v)])));
  else await ref.set({ ...base, ...incs });
}

/** Inside a transaction: writes a mark unless it is there; answers whether this call wrote it. */
async function mark(tx: Transaction, id: string, doc: Record<string, unknown>): Promise<boolean> {
  const ref = tx.collection(MARKS).doc(id);
  if ((await ref.get()).data) return false;
  await ref.set(doc);
  return true;
}

async function bumpRollups(tx: Transaction, db: Database, now: Date, slotKey: string, day: Partial<StatsCounts>, hour: Partial<StatsCounts>) {
  const slot = slotOf(slotKey);
  const d = beijingDay(now);
  const h = beijingHour(now);
  await bump(tx, db, ROLLUPS, rollupId('day', d, slot), { unit: 'day', key: d, day: d, slot, ...zeroCounts() }, day as Record<string, number>);
  await bump(tx, db, ROLLUPS, rollupId('hour', h, slot), { unit: 'hour', key: h, day: d, slot, ...zeroCounts() }, hour as Record<string, number>);
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

/** Inside the paying transaction: the payment's share of the day's and hour's rollups, products and marks. */
export async function recordPaid(tx: Transaction, db: Database, o: PaidFacts, now: Date): Promise<void> {
  const d = beijingDay(now);
  const h = beijingHour(now);
  const payerOfDay = await mark(tx, `p:${d}:${o.openid}`, { kind: 'payer', day: d });
  const payerOfHour = await mark(tx, `ph:${h}:${o.openid}`, { kind: 'payerHour', day: d });
  const first = await mark(tx, `n:${o.openid}`, { kind: 'first', day: d, orderId: o.orderId });
  const counts = { paidAmount: o.amount, paidOrders: 1, newCustomers: first ? 1 : 0 };
  await bumpRollups(tx, db, now, o.orderId, { ...counts, payingCustomers: payerOfDay ? 1 : 0 }, { ...counts, payingCustomers: payerOfHour ? 1 : 0 });
  for (const [productId, p] of productsOf(o.lines)) {
    await bump(tx, db, PRODUCTS, `${d}:${productId}`, { day: d, productId, name: p.name, units: 0, amount: 0 }, { units: p.units, amount: p.amount });
  }
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
export async function rollupsBetween(db: Database, unit: Unit, from: string, to: string): Promise<Map<string, StatsCounts>> {
  const _ = db.command;
  const docs = await all(db, ROLLUPS, { unit, key: _.gte(from).and(_.lte(to)) }, 'key');
  const out = new Map<string, StatsCounts>();
  for (const d of docs) {
    const key = d.key as string;
    const c = out.get(key) ?? zeroCounts();
    for (const k of STATS_COUNT_KEYS) c[k] += Number(d[k] ?? 0);
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

/** units and amount per product paid from day `from` to `to` (both included) */
export async function productsBetween(db: Database, from: string, to: string): Promise<ProductTotal[]> {
  const _ = db.command;
  const docs = await all(db, PRODUCTS, { day: _.gte(from).and(_.lte(to)) }, 'day');
  const out = new Map<string, ProductTotal>();
  for (const d of docs) {
    const id = d.productId as string;
    const p = out.get(id) ?? { productId: id, name: d.name as string, units: 0, amount: 0 };
    p.units += Number(d.units ?? 0);
    p.amount += Number(d.amount ?? 0);
    p.name = d.name as string; // the latest day's name
    out.set(id, p);
  }
  return [...out.values()];
}

// ------------------------------------------------------------------------------------------------------------------
// Rebuilding (stats/rebuild.ts computes, this writes)

/** Removes the rollups, product rollups and day/hour payer marks of days `from`..`to`. */
export async function clearDays(db: Database, from: string, to: string): Promise<void> {
  const _ = db.command;
  const days = _.gte(from).and(_.lte(to));
  await db.collection(ROLLUPS).where({ day: days }).remove();
  await db.collection(PRODUCTS).where({ day: days }).remove();
  await db.collection(MARKS).where({ kind: _.in(['payer', 'payerHour']), day: days }).remove();
  await db.collection(MARKS).where({ kind: 'first', day: days }).remove();
}

export interface Rebuilt {
  days: Map<string, StatsCounts>;
  hours: Map<string, StatsCounts>;
  products: Map<string, ProductTotal & { day: string }>;
  payers: { day: Set<string>; hour: Set<string> };
  /** openid -> the first paid order ever */
  firsts: Map<string, { day: string; orderId: string }>;
}

async function addAll(db: Database, coll: string, docs: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 500) await db.collection(coll).add(docs.slice(i, i + 500));
}

/** Writes what a rebuild computed (after clearDays of the same days): every count in slot 0. */
export async function writeRebuilt(db: Database, r: Rebuilt): Promise<void> {
  const rollup = (unit: Unit) => ([key, c]: [string, StatsCounts]) => ({ _id: rollupId(unit, key, 0), unit, key, day: dayOfKey(key), slot: 0, ...c });
  await addAll(db, ROLLUPS, [...[...r.days].map(rollup('day')), ...[...r.hours].map(rollup('hour'))]);
  await addAll(db, PRODUCTS, [...r.products].map(([id, p]) => ({ _id: id, ...p })));
  await addAll(db, MARKS, [
    ...[...r.payers.day].map((k) => ({ _id: `p:${k}`, kind: 'payer', day: dayOfKey(k) })),
    ...[...r.payers.hour].map((k) => ({ _id: `ph:${k}`, kind: 'payerHour', day: dayOfKey(k) })),
  ]);
  // the first-order marks outside the days cleared may exist already: set, one by one
  for (const [openid, f] of r.firsts) await db.collection(MARKS).doc(`n:${openid}`).set({ kind: 'first', day: f.day, orderId: f.orderId });
}
