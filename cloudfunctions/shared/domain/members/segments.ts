/**
 * Customer segments (发券宝, issue 17): which shoppers a segment holds, as a pure rule (`inSegment`, table-tested) and
 * as a query on the shopper documents (`segmentWhere`) that the trade indexes (trade_spent, trade_orders,
 * trade_last), the experience index and the tags index serve. Shoppers are read in pages after a cursor (`_id` order),
 * never all at once. A shopper who never paid has no `trade`: 0 orders, 0 spent, no last order.
 */
import type { MemberLevel, Segment } from '@shop/types';
import type { Database, Doc, QueryOperand } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { tradeOf } from './customers';
import { experienceRange, levelFor, listLevels } from './levels';

const DAY = 24 * 3600e3;

/** What the rule looks at in a shopper's document. */
export interface SegmentFacts {
  orders: number;
  spent: number;
  lastOrderAt: string | null;
  experience: number;
  tags: string[];
}

export const segmentFacts = (d: Doc): SegmentFacts => {
  const t = tradeOf(d);
  return {
    ...t,
    experience: Number(d.experience ?? 0),
    tags: Array.isArray(d.tags) ? (d.tags as unknown[]).filter((x): x is string => typeof x === 'string') : [],
  };
};

const within = (v: number, lo?: number, hi?: number) => (lo === undefined || v >= lo) && (hi === undefined || v <= hi);

/** The earliest last-order instant of `lastOrderWithinDays` at `now`. */
const windowStart = (days: number, now: Date) => new Date(now.getTime() - days * DAY).toISOString();

/** Whether a shopper is in the segment (levels sorted by threshold, as listLevels answers them). */
export function inSegment(s: Segment, f: SegmentFacts, levels: MemberLevel[], now: Date): boolean {
  if (!within(f.spent, s.minSpent, s.maxSpent)) return false;
  if (!within(f.orders, s.minOrders, s.maxOrders)) return false;
  const last = f.lastOrderAt === null ? null : Date.parse(f.lastOrderAt);
  if (s.lastOrderWithinDays !== undefined && (last === null || last < Date.parse(windowStart(s.lastOrderWithinDays, now)))) return false;
  if (s.lastOrderBefore !== undefined && (last === null || last >= Date.parse(s.lastOrderBefore))) return false;
  if (s.levelIds && !s.levelIds.includes(levelFor(levels, f.experience)._id)) return false;
  if (s.tagIds && !s.tagIds.some((t) => f.tags.includes(t))) return false;
  return true;
}

/** a range on a trade field; a shopper without `trade` counts as 0 when 0 is inside it */
function tradeRange(db: Database, field: 'orders' | 'spent', lo?: number, hi?: number): Record<string, unknown> | QueryOperand | null {
  if (lo === undefined && hi === undefined) return null;
  const _ = db.command;
  const ends = [lo === undefined ? null : _.gte(lo), hi === undefined ? null : _.lte(hi)].filter((x) => x !== null);
  const cond = { [`trade.${field}`]: ends.length === 1 ? ends[0] : _.and(ends) };
  return within(0, lo, hi) ? _.or([cond, { [`trade.${field}`]: _.exists(false) }]) : cond;
}

/** The segment's levels as indexes into `levels`; VALIDATION_FAILED (path segment.levelIds.i) for a level that does not exist. */
function levelIndexes(s: Segment, levels: MemberLevel[]): number[] {
  return (s.levelIds ?? []).map((id, i) => {
    const at = levels.findIndex((l) => l._id === id);
    if (at < 0) throw new AppError('VALIDATION_FAILED', `unknown member level ${id}`, [{ path: `segment.levelIds.${i}`, message: 'no such level' }]);
    return at;
  });
}

/** The where-condition of a segment on `shoppers` (the same rule as inSegment). */
export function segmentWhere(db: Database, s: Segment, levels: MemberLevel[], now: Date): Record<string, unknown> | QueryOperand {
  const _ = db.command;
  const conds: (Record<string, unknown> | QueryOperand)[] = [];
  const spent = tradeRange(db, 'spent', s.minSpent, s.maxSpent);
  const orders = tradeRange(db, 'orders', s.minOrders, s.maxOrders);
  if (spent) conds.push(spent);
  if (orders) conds.push(orders);
  const last = [
    s.lastOrderWithinDays === undefined ? null : _.gte(windowStart(s.lastOrderWithinDays, now)),
    s.lastOrderBefore === undefined ? null : _.lt(new Date(s.lastOrderBefore).toISOString()),
  ].filter((x) => x !== null);
  if (last.length) conds.push({ 'trade.lastOrderAt': last.length === 1 ? last[0] : _.and(last) });
  const li = levelIndexes(s, levels);
  if (li.length) conds.push(li.length === 1 ? experienceRange(db, levels, li[0]) : _.or(li.map((i) => experienceRange(db, levels, i))));
  if (s.tagIds) conds.push({ tags: _.in(s.tagIds) });
  return conds.length === 0 ? {} : conds.length === 1 ? conds[0] : _.and(conds);
}

/** A segment ready to query: its levels read once. */
export interface SegmentQuery {
  segment: Segment;
  levels: MemberLevel[];
  where: Record<string, unknown> | QueryOperand;
}

export async function segmentQuery(db: Database, segment: Segment, now: Date): Promise<SegmentQuery> {
  const levels = await listLevels(db, now);
  return { segment, levels, where: segmentWhere(db, segment, levels, now) };
}

/** How many shoppers the segment holds. */
export async function countSegment(db: Database, q: SegmentQuery): Promise<number> {
  return (await db.collection('shoppers').where(q.where).count()).total;
}

export interface SegmentShopper {
  openid: string;
  nickname: string;
  /** has paid at least one order */
  hasOrdered: boolean;
}

/**
 * The next `limit` shoppers of the segment after `after` (an openid; null: from the start), in `_id` order, and
 * whether more may follow. The rule is applied again to what the query answers, so the query and the rule cannot
 * disagree about who is sent to.
 */
export async function segmentPage(db: Database, q: SegmentQuery, after: string | null, limit: number, now: Date): Promise<{ shoppers: SegmentShopper[]; last: string | null; more: boolean }> {
  const _ = db.command;
  const where = after === null ? q.where : _.and([q.where, { _id: _.gt(after) }]);
  const { data } = await db
    .collection('shoppers')
    .where(where)
    .orderBy('_id', 'asc')
    .field({ nickname: true, trade: true, experience: true, tags: true })
    .limit(limit)
    .get();
  const shoppers = data
    .filter((d) => inSegment(q.segment, segmentFacts(d), q.levels, now))
    .map((d) => ({ openid: d._id, nickname: String(d.nickname ?? ''), hasOrdered: tradeOf(d).orders > 0 }));
  return { shoppers, last: data.length ? data[data.length - 1]._id : null, more: data.length === limit };
}
