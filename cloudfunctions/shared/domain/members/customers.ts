/**
 * Customers (顾客管理) for the merchant: search, detail with level and ledgers, blacklist, tags (会员标签),
 * points and experience adjustments with a reason.
 */
import type { z } from 'zod';
import type {
  CustomerDetail,
  CustomerListInput,
  CustomerSummary,
  CustomerTag,
  CustomerTrade,
  CustomerTagRow,
  MemberLevel,
  Page,
  PointsLedgerEntry,
  TagInput,
} from '@shop/types';
import type { Database, Doc, QueryOperand } from '../../db/types';
import { isDbError } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { getSettings } from '../settings/settings';
import { adjustAccount } from './account';
import { experienceRange, levelFor, listLevels, nextLevelFor } from './levels';
import { lapse, readAccount } from './points';
import { pageOf } from '../paging';
import { blockedChanged } from './shoppers';
import { endShopperSessions } from '../auth/sessions';

/** A keyword taken literally inside a regular expression. */
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const summary = (d: Doc, levels: MemberLevel[], now: Date, expiryEnabled: boolean): CustomerSummary => {
  // lapsed points are not shown as held, even before the expiry job has cleared them
  const acc = lapse(readAccount(d, now), now, expiryEnabled).account;
  const level = levelFor(levels, acc.experience);
  return {
    openid: d._id,
    nickname: String(d.nickname ?? ''),
    avatar: (d.avatar as string | null | undefined) ?? null,
    blocked: d.blocked === true,
    createdAt: String(d.createdAt ?? ''),
    experience: acc.experience,
    points: acc.points,
    level: { _id: level._id, name: level.name, icon: level.icon },
    tags: Array.isArray(d.tags) ? (d.tags as unknown[]).filter((t): t is string => typeof t === 'string') : [],
    trade: tradeOf(d),
  };
};

/** The customer's trade as kept by the order participant (absent before a first order). */
export const tradeOf = (d: Doc): CustomerTrade => {
  const t = (d.trade ?? {}) as Partial<CustomerTrade>;
  return { orders: Number(t.orders ?? 0), spent: Number(t.spent ?? 0), lastOrderAt: typeof t.lastOrderAt === 'string' ? t.lastOrderAt : null };
};

/** `trade` fields the list sorts by */
const SORT_FIELD = { createdAt: 'createdAt', experience: 'experience', points: 'points', orders: 'trade.orders', spent: 'trade.spent', lastOrderAt: 'trade.lastOrderAt' } as const;

/** a range condition on one field, or nothing when neither end is given */
function range(db: Database, field: string, from: unknown, to: unknown): Record<string, unknown> | null {
  const _ = db.command;
  const ends = [from === undefined ? null : _.gte(from), to === undefined ? null : _.lte(to)].filter((x) => x !== null);
  return ends.length ? { [field]: ends.length === 1 ? ends[0] : _.and(ends) } : null;
}

/** `found.openids`: the customers another folder's search found first (members/history.ts: by an address's phone). */
export async function listCustomers(db: Database, input: z.output<typeof CustomerListInput>, now: Date, found: { openids?: string[] } = {}): Promise<Page<CustomerSummary>> {
  const _ = db.command;
  const [levels, settings] = await Promise.all([listLevels(db, now), getSettings(db)]);
  const empty = { items: [], total: 0, page: input.page, pageSize: input.pageSize };
  const conds: (Record<string, unknown> | QueryOperand)[] = [];
  if (input.keyword) {
    const re = { regexp: escapeRegExp(input.keyword), options: 'i' };
    conds.push(_.or([{ nickname: db.RegExp(re) }, { _id: db.RegExp(re) }]));
  }
  if (input.levelId) {
    const i = levels.findIndex((l) => l._id === input.levelId);
    if (i < 0) return empty; // a level deleted meanwhile has no customers
    conds.push(experienceRange(db, levels, i));
  }
  if (input.tagId) conds.push({ tags: input.tagId });
  if (input.blocked !== undefined) conds.push({ blocked: input.blocked ? true : _.neq(true) });
  if (found.openids) {
    if (!found.openids.length) return empty;
    conds.push({ _id: _.in(found.openids) });
  }
  for (const c of [
    range(db, 'trade.orders', input.minOrders, input.maxOrders),
    range(db, 'trade.spent', input.minSpent, input.maxSpent),
    range(db, 'trade.lastOrderAt', input.lastOrderFrom, input.lastOrderTo),
  ])
    if (c) conds.push(c);
  const q = db.collection('shoppers').where(conds.length === 0 ? {} : conds.length === 1 ? conds[0] : _.and(conds));
  return pageOf(q.orderBy(SORT_FIELD[input.sortBy], input.order).orderBy('_id', input.order), input, (d) => summary(d, levels, now, settings.points.expiryEnabled));
}

export const asEntry = (d: Doc): PointsLedgerEntry => ({
  _id: d._id,
  openid: String(d.openid),
  delta: Number(d.delta ?? 0),
  balanceAfter: Number(d.balanceAfter ?? 0),
  experience: Number(d.experience ?? 0),
  experienceAfter: Number(d.experienceAfter ?? 0),
  kind: d.kind as PointsLedgerEntry['kind'],
  orderId: (d.orderId as string | null | undefined) ?? null,
  reason: String(d.reason ?? ''),
  operator: typeof d.operator === 'string' ? d.operator : null,
  createdAt: String(d.createdAt ?? ''),
});

/** One shopper's points changes (`points`: delta ≠ 0) or experience changes (`experience`: experience ≠ 0), newest first. */
export async function ledgerPage(
  db: Database,
  openid: string,
  type: 'points' | 'experience',
  page: number,
  pageSize: number,
): Promise<Page<PointsLedgerEntry>> {
  const _ = db.command;
  const q = db.collection('points_ledger').where(type === 'points' ? { openid, delta: _.neq(0) } : { openid, experience: _.neq(0) });
  return pageOf(q.orderBy('createdAt', 'desc').orderBy('seq', 'desc'), { page, pageSize }, asEntry);
}

async function shopperDoc(db: Database, openid: string): Promise<Doc> {
  const d = (await db.collection('shoppers').doc(openid).get()).data[0];
  if (!d) throw notFound('customer');
  return d;
}

/** The customer's own part of the detail; members/history.ts adds what other folders hold. */
export type CustomerProfile = Omit<CustomerDetail, 'orders' | 'addresses' | 'coupons' | 'aftersales'>;

export async function getCustomer(db: Database, openid: string, now: Date): Promise<CustomerProfile> {
  const [d, levels, settings, pointsLedger, experienceLedger] = await Promise.all([
    shopperDoc(db, openid),
    listLevels(db, now),
    getSettings(db),
    ledgerPage(db, openid, 'points', 1, 20),
    ledgerPage(db, openid, 'experience', 1, 20),
  ]);
  const s = summary(d, levels, now, settings.points.expiryEnabled);
  const level = levelFor(levels, s.experience);
  const next = nextLevelFor(levels, s.experience);
  return {
    ...s,
    level: { _id: level._id, name: level.name, icon: level.icon, discountRate: level.discountRate, threshold: level.threshold },
    nextLevel: next ? { name: next.name, threshold: next.threshold, needed: next.threshold - s.experience } : null,
    pointBuckets: lapse(readAccount(d, now), now, settings.points.expiryEnabled).account.buckets,
    pointsLedger,
    experienceLedger,
  };
}

/** Blacklists or restores a shopper. A blacklisted shopper cannot log in, and their sessions end at once. */
export async function setBlocked(db: Database, openid: string, blocked: boolean): Promise<{ openid: string; blocked: boolean; sessionsEnded: number }> {
  await shopperDoc(db, openid);
  await db.collection('shoppers').doc(openid).update({ blocked });
  blockedChanged(db);
  let sessionsEnded = 0;
  if (blocked) sessionsEnded = await endShopperSessions(db, openid);
  return { openid, blocked, sessionsEnded };
}

// ---------------------------------------------------------------------------------------------------------
// Tags

const asTag = (d: Doc): CustomerTag => ({ _id: d._id, name: String(d.name), createdAt: String(d.createdAt ?? '') });

export async function listTags(db: Database): Promise<CustomerTagRow[]> {
  const { data } = await db.collection('customer_tags').orderBy('name', 'asc').limit(1000).get();
  return Promise.all(data.map(async (d) => ({ ...asTag(d), customerCount: (await db.collection('shoppers').where({ tags: d._id }).count()).total })));
}

/** Creates or renames a tag; names are unique (unique index): NAME_TAKEN. */
export async function saveTag(db: Database, input: z.output<typeof TagInput>, now: Date): Promise<CustomerTag> {
  const nameTaken = () => new AppError('NAME_TAKEN', `a tag named "${input.name}" already exists`, [{ path: 'name', message: 'taken' }]);
  try {
    if (input._id) {
      const ref = db.collection('customer_tags').doc(input._id);
      const old = (await ref.get()).data[0];
      if (!old) throw notFound('tag');
      await ref.update({ name: input.name });
      return asTag({ ...old, name: input.name });
    }
    const doc = { name: input.name, createdAt: now.toISOString() };
    const { id } = await db.collection('customer_tags').add(doc);
    return asTag({ _id: id, ...doc });
  } catch (e) {
    if (isDbError(e, 'DATABASE_DUPLICATE_WRITE')) throw nameTaken();
    throw e;
  }
}

/** Deletes a tag and takes it off every customer who had it (the seed: 删除后这些顾客将取消当前标签值). */
export async function deleteTag(db: Database, id: string): Promise<{ deleted: number; customersUntagged: number }> {
  const { deleted } = await db.collection('customer_tags').doc(id).remove();
  if (!deleted) throw notFound('tag');
  // after the tag is gone nobody can add it again, so this sweep leaves no customer with it
  const { updated } = await db.collection('shoppers').where({ tags: id }).update({ tags: db.command.pull(id) });
  return { deleted, customersUntagged: updated };
}

export async function setCustomerTags(db: Database, openid: string, tagIds: string[]): Promise<{ openid: string; tags: string[] }> {
  const ids = [...new Set(tagIds)];
  await shopperDoc(db, openid);
  if (ids.length) {
    const { data } = await db.collection('customer_tags').where({ _id: db.command.in(ids) }).field({ _id: true }).limit(1000).get();
    const known = new Set(data.map((d) => d._id));
    const unknown = ids.filter((i) => !known.has(i));
    if (unknown.length) throw new AppError('NOT_FOUND', `unknown tag(s): ${unknown.join(', ')}`, { tagIds: unknown });
  }
  await db.collection('shoppers').doc(openid).update({ tags: db.command.set(ids) });
  return { openid, tags: ids };
}

// ---------------------------------------------------------------------------------------------------------
// Adjustments

export async function adjustPoints(db: Database, input: { openid: string; delta: number; reason: string }, by: string | null, now: Date) {
  const { account, entry } = await adjustAccount(db, input.openid, { points: input.delta }, input.reason, now, { operator: by });
  return { openid: input.openid, points: account.points, entry: entry! };
}

export async function adjustExperience(db: Database, input: { openid: string; delta: number; reason: string }, by: string | null, now: Date) {
  const { account, entry } = await adjustAccount(db, input.openid, { experience: input.delta }, input.reason, now, { operator: by });
  return { openid: input.openid, experience: account.experience, entry: entry! };
}
