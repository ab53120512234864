/**
 * Item activities as the merchant keeps them: create, edit, end early, list, and the stock counters.
 * Collection `activities` holds the rules; `activity_stock` one counter per activity item (`<activityId>:<key>`,
 * key = SKU id, or `p:<productId>` for a presale) with `left` and `sold`, changed only by conditional updates.
 */
import type { z } from 'zod';
import {
  ACTIVITY_NAMES,
  limitedItemProblem,
  limitedPrice,
  type Activity,
  type ActivityData,
  type ActivityDetail,
  type ActivityItemView,
  type ActivityListInput,
  type ActivitySummary,
  type Page,
  type Sku,
} from '@shop/types';
import type { Database, Doc } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { newId } from '../catalog/products';
import { loadGoods } from '../catalog/goods';
import { productsByIds } from '../catalog/lookup';
import { activityStatus, effectiveEnd, findActivityConflict, findPresaleOverlap, repeatHasPeriod } from './rules';
import { pageOf } from '../paging';
import { clearSoldOut, instanceCache } from '../../runtime/instanceCache';
import { countersMoved } from './cardFacts';

/** An activity as stored: every item also names its product (flash and limited items are SKUs). */
export type StoredItem = { productId: string; skuId: string | null; key: string; stock: number } & Record<string, unknown>;
type WithoutItems<T> = T extends unknown ? Omit<T, 'items'> : never;
export type StoredActivity = WithoutItems<ActivityData> & { _id: string; items: StoredItem[]; endedAt: string | null; createdAt: string; updatedAt: string };

export const stockId = (activityId: string, key: string) => `${activityId}:${key}`;
export const itemKey = (i: { skuId?: string | null; productId: string }) => (i.skuId ? i.skuId : `p:${i.productId}`);

const asStored = (d: Doc) => d as unknown as StoredActivity;
const toActivity = (a: StoredActivity, now: Date): Activity => ({ ...(a as unknown as ActivityData), _id: a._id, endedAt: a.endedAt, createdAt: a.createdAt, updatedAt: a.updatedAt, status: activityStatus(a, now) });

/** Every activity that has not ended by `since` (the ones a new window could overlap, or a shopper could see). */
export async function activitiesNotEnded(db: Database, since: string): Promise<StoredActivity[]> {
  const out: StoredActivity[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await db.collection('activities').where({ endsAt: db.command.gt(since) }).orderBy('endsAt', 'asc').orderBy('_id', 'asc').skip(skip).limit(1000).get();
    out.push(...data.map(asStored).filter((a) => !a.endedAt || a.endedAt > since));
    if (data.length < 1000) return out;
  }
}

/**
 * The activities not ended, as this instance last read them (short life): what shoppers' cards, product pages and
 * checkouts read on every request. Creating, editing or ending an activity here drops them at once; other instances
 * read them again within the cache's life. The merchant's own checks (overlaps) read the collection itself.
 */
const notEnded = instanceCache<{ since: string; list: StoredActivity[] }>();

export async function activitiesNotEndedCached(db: Database, since: string): Promise<StoredActivity[]> {
  // read a minute back, so that requests racing with slightly older clocks share the copy
  const from = new Date(Date.parse(since) - 60_000).toISOString();
  const load = async () => ({ since: from, list: await activitiesNotEnded(db, from) });
  let cached = await notEnded.get(db, 'all', load);
  // read for a later moment than this one (a test's clock went back further): read again
  if (cached.since > since) {
    notEnded.invalidate(db);
    cached = await notEnded.get(db, 'all', load);
  }
  return cached.list.filter((a) => a.endsAt > since && (!a.endedAt || a.endedAt > since));
}

/** An activity changed here: the cached list goes, and its items may sell again (their stock may have grown). */
function changed(db: Database, id: string, items: StoredItem[]) {
  notEnded.invalidate(db);
  countersMoved(db, id);
  for (const i of items) clearSoldOut(db, stockId(id, i.key));
}

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

/** Checks the items against the catalogue and shapes them for storage. */
async function storedItems(db: Database, a: ActivityData): Promise<StoredItem[]> {
  if (a.kind === 'presale') {
    const ids = a.items.map((i) => i.productId);
    if (new Set(ids).size !== ids.length) throw invalid('items', 'a product is listed twice');
    const found = new Set((await productsByIds(db, ids)).map((d) => d._id));
    a.items.forEach((i, n) => {
      if (!found.has(i.productId)) throw invalid(`items.${n}.productId`, 'no such product');
    });
    return a.items.map((i) => ({ ...i, skuId: null, key: itemKey(i) }));
  }
  const ids = a.items.map((i) => i.skuId);
  if (new Set(ids).size !== ids.length) throw invalid('items', 'a SKU is listed twice');
  const goods = await loadGoods(db, ids);
  return a.items.map((i, n) => {
    const g = goods.get(i.skuId);
    if (!g) throw invalid(`items.${n}.skuId`, 'no such SKU');
    if (a.kind === 'flash') {
      if ((i as { price: number }).price >= g.sku.price) throw invalid(`items.${n}.price`, `秒杀价必须低于售价 ${(g.sku.price / 100).toFixed(2)}`);
    } else {
      const li = i as (typeof a.items)[number];
      const problem = limitedItemProblem(g.sku.price, li);
      if (problem) throw invalid(`items.${n}.value`, problem);
      if (li.stock > g.sku.stock) throw invalid(`items.${n}.stock`, `限时折扣库存不能超过商品库存 ${g.sku.stock}`);
    }
    return { ...i, productId: g.product._id, key: i.skuId };
  });
}

async function assertAllowed(db: Database, a: ActivityData, items: StoredItem[], id: string | undefined, now: Date) {
  if (a.kind === 'limited' && !repeatHasPeriod(a)) throw invalid('repeat', '周期重复时间无效：在有效期内没有一个生效时段');
  const others = (await activitiesNotEnded(db, now.toISOString())).map((o) => ({ ...o, kind: o.kind }));
  const candidate = { _id: id, kind: a.kind, startsAt: a.startsAt, endsAt: a.endsAt, items };
  if (a.kind === 'presale') {
    const p = findPresaleOverlap(candidate, others);
    if (p) throw new AppError('ACTIVITY_CONFLICT', `只能有一个进行中的预售活动：「${p.name}」的时间与之重叠`, { activityId: p._id, activityName: p.name, activityKind: p.kind, keys: [] });
  }
  const hit = findActivityConflict(candidate, others);
  if (hit) {
    throw new AppError(
      'ACTIVITY_CONFLICT',
      `${hit.keys.length}个商品规格已在${ACTIVITY_NAMES[hit.other.kind]}「${hit.other.name}」中，两个活动的时间重叠`,
      { activityId: hit.other._id, activityName: hit.other.name, activityKind: hit.other.kind, keys: hit.keys },
    );
  }
}

/** Sets each item's counter to its stock (new items), or moves it by the change (edited items; refused below sold). */
async function syncCounters(db: Database, id: string, before: StoredItem[], after: StoredItem[], now: Date) {
  const old = new Map(before.map((i) => [i.key, i]));
  for (const i of after) {
    const was = old.get(i.key);
    const sid = stockId(id, i.key);
    if (!was) {
      const cur = (await db.collection('activity_stock').doc(sid).get()).data[0];
      if (!cur) await db.collection('activity_stock').doc(sid).set({ activityId: id, key: i.key, left: i.stock, sold: 0, updatedAt: now.toISOString() });
      else await db.collection('activity_stock').doc(sid).update({ left: i.stock - Number(cur.sold ?? 0), updatedAt: now.toISOString() });
      continue;
    }
    const delta = i.stock - was.stock;
    if (delta === 0) continue;
    const _ = db.command;
    const r = await db.collection('activity_stock').where({ _id: sid, left: _.gte(-delta) }).update({ left: _.inc(delta), updatedAt: now.toISOString() });
    if (r.updated !== 1) throw invalid('items', `活动库存不能少于已售出的数量（${i.key}）`);
  }
}

export async function createActivity(db: Database, a: ActivityData, now: Date): Promise<ActivityDetail> {
  const items = await storedItems(db, a);
  await assertAllowed(db, a, items, undefined, now);
  const t = now.toISOString();
  const _id = newId();
  const doc = { ...a, items, endedAt: null, createdAt: t, updatedAt: t };
  await syncCounters(db, _id, [], items, now);
  await db.collection('activities').doc(_id).set(doc);
  changed(db, _id, items);
  return getActivity(db, _id, now);
}

export async function readActivity(db: Database, id: string): Promise<StoredActivity> {
  const d = (await db.collection('activities').doc(id).get()).data[0];
  if (!d) throw notFound('activity');
  return asStored(d);
}

/**
 * Edits an activity that has not ended. Its kind never changes; once it runs, its start stays and items with
 * sales stay (their stock may grow, or shrink down to what is sold).
 */
export async function updateActivity(db: Database, id: string, a: ActivityData, now: Date): Promise<ActivityDetail> {
  const cur = await readActivity(db, id);
  const status = activityStatus(cur, now);
  if (status === 'ended') throw new AppError('INVALID_STATE', '活动已结束，不能修改');
  if (cur.kind !== a.kind) throw invalid('kind', 'the kind of an activity cannot change');
  if (status === 'running' && a.startsAt !== cur.startsAt) throw invalid('startsAt', '进行中的活动不能修改开始时间');
  const items = await storedItems(db, a);
  if (status === 'running') {
    const keep = new Set(items.map((i) => i.key));
    for (const gone of cur.items.filter((i) => !keep.has(i.key))) {
      const c = (await db.collection('activity_stock').doc(stockId(id, gone.key)).get()).data[0];
      if (c && Number(c.sold) > 0) throw invalid('items', '已有销量的商品不能从进行中的活动中移除');
    }
  }
  await assertAllowed(db, a, items, id, now);
  await syncCounters(db, id, cur.items, items, now);
  await db.collection('activities').doc(id).set({ ...a, items, endedAt: null, createdAt: cur.createdAt, updatedAt: now.toISOString() });
  changed(db, id, items);
  return getActivity(db, id, now);
}

/** Ends an activity now (an upcoming one never starts); orders already placed keep their prices. */
export async function endActivity(db: Database, id: string, now: Date): Promise<ActivityDetail> {
  const cur = await readActivity(db, id);
  if (activityStatus(cur, now) === 'ended') throw new AppError('INVALID_STATE', '活动已结束');
  await db.collection('activities').doc(id).update({ endedAt: now.toISOString(), updatedAt: now.toISOString() });
  changed(db, id, cur.items);
  return getActivity(db, id, now);
}

export async function countersOf(db: Database, id: string): Promise<Map<string, { left: number; sold: number }>> {
  const { data } = await db.collection('activity_stock').where({ activityId: id }).limit(1000).get();
  return new Map(data.map((d) => [String(d.key), { left: Number(d.left), sold: Number(d.sold) }]));
}

export async function getActivity(db: Database, id: string, now: Date): Promise<ActivityDetail> {
  const a = await readActivity(db, id);
  const counters = await countersOf(db, id);
  const views: ActivityItemView[] = [];
  if (a.kind === 'presale') {
    const byId = new Map((await productsByIds(db, a.items.map((i) => i.productId))).map((d) => [d._id, d]));
    for (const i of a.items) {
      const p = byId.get(i.productId);
      const c = counters.get(i.key);
      views.push({ key: i.key, productId: i.productId, skuId: null, name: p?.name ?? '(已删除)', specValues: [], salePrice: p?.priceMin ?? 0, price: null, stock: i.stock, left: c?.left ?? i.stock, sold: c?.sold ?? 0 });
    }
  } else {
    const goods = await loadGoods(db, a.items.map((i) => i.skuId!));
    for (const i of a.items) {
      const g = goods.get(i.skuId!);
      const c = counters.get(i.key);
      const sale = g?.sku.price ?? 0;
      const price = a.kind === 'flash' ? Number(i.price) : limitedPrice(sale, i as never, a.rounding);
      views.push({ key: i.key, productId: i.productId, skuId: i.skuId, name: g?.product.name ?? '(已删除)', specValues: g?.sku.specValues ?? [], salePrice: sale, price, stock: i.stock, left: c?.left ?? i.stock, sold: c?.sold ?? 0 });
    }
  }
  return { ...toActivity(a, now), itemViews: views };
}

export async function listActivities(db: Database, input: z.output<typeof ActivityListInput>, now: Date): Promise<Page<ActivitySummary>> {
  const t = now.toISOString();
  const _ = db.command;
  const conds: Record<string, unknown>[] = [{ kind: input.kind }];
  if (input.status === 'upcoming') conds.push({ startsAt: _.gt(t), endedAt: null });
  if (input.status === 'running') conds.push({ startsAt: _.lte(t), endsAt: _.gt(t), endedAt: null });
  if (input.status === 'ended') conds.push(_.or([{ endsAt: _.lte(t) }, { endedAt: _.neq(null) }]) as unknown as Record<string, unknown>);
  const where = _.and(...conds);
  const p = await pageOf(db.collection('activities').where(where).orderBy('startsAt', 'desc').orderBy('_id', 'desc'), input, asStored);
  const items = await Promise.all(
    p.items.map(async (a): Promise<ActivitySummary> => {
      const counters = await countersOf(db, a._id);
      return {
        _id: a._id,
        kind: a.kind,
        name: a.name,
        status: activityStatus(a, now),
        startsAt: a.startsAt,
        endsAt: effectiveEnd(a),
        endedAt: a.endedAt,
        items: a.items.length,
        sold: [...counters.values()].reduce((n, c) => n + c.sold, 0),
        tag: a.kind === 'limited' ? a.tag : '',
        sort: a.kind === 'limited' ? a.sort : 0,
      };
    }),
  );
  return { ...p, items };
}

