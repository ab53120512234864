/**
 * Item activities as the shopper meets them: badges on cards, the product page's activity, reminders, the
 * flash venue, and the plan a checkout line follows (price, stock and quota to take).
 */
import {
  ACTIVITY_NAMES,
  limitedPrice,
  type ActivityBadge,
  type ActivityKind,
  type ActivityApi,
  type ItemActivity,
  type OrderLineActivity,
  type OrderPresale,
  type ProductActivity,
  type ProductCard,
  type Sku,
} from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { isMarkedSoldOut, markSoldOut, soldOutMessage } from '../../runtime/instanceCache';
import { loadGoods, type Goods } from '../catalog/goods';
import { productsByIds } from '../catalog/lookup';
import { activityStatus, currentPeriod, effectiveEnd, planLine, presaleShipFrom, type LinePlan } from './rules';
import { quotaKeyOf, type Take } from './reserve';
import { cardFacts, type CardFacts } from './cardFacts';
import { activitiesNotEndedCached, itemKey, readActivity, stockId, type StoredActivity, type StoredItem } from './store';

/** The period holding `now`, or the next one (only limited-time discounts repeat). */
const periodOf = (a: StoredActivity, now: Date) => currentPeriod({ ...a, repeat: a.kind === 'limited' ? a.repeat : undefined }, now);

/** The per-shopper limit per SKU (0 = none). */
const limitOf = (a: StoredActivity): number => (a.kind === 'flash' ? a.limitPerShopper : a.kind === 'limited' && a.limit.mode !== 'none' ? a.limit.quantity : 0);

/** The activity a product is in now or next: a running one first, else the one starting soonest. */
function pick(activities: StoredActivity[], productId: string, now: Date): { a: StoredActivity; items: StoredItem[] } | null {
  let best: { a: StoredActivity; items: StoredItem[]; running: boolean; start: string } | null = null;
  for (const a of activities) {
    const items = a.items.filter((i) => i.productId === productId);
    if (!items.length) continue;
    const period = periodOf(a, now);
    if (!period || activityStatus(a, now) === 'ended') continue;
    const running = period.active;
    if (!best || (running && !best.running) || (running === best.running && period.start < best.start)) best = { a, items, running, start: period.start };
  }
  return best;
}

async function leftOf(db: Database, keys: string[]): Promise<Map<string, number>> {
  if (!keys.length) return new Map();
  const { data } = await db.collection('activity_stock').where({ _id: db.command.in(keys) }).limit(1000).get();
  return new Map(data.map((d) => [d._id, Number(d.left)]));
}

function badge(a: StoredActivity, items: StoredItem[], now: Date, prices: (number | null)[], soldOut: boolean): ActivityBadge {
  const period = periodOf(a, now)!;
  const ps = prices.filter((p): p is number => p !== null);
  return {
    id: a._id,
    kind: a.kind,
    name: a.name,
    tag: a.kind === 'limited' && a.tag ? a.tag : ACTIVITY_NAMES[a.kind],
    status: period.active ? 'running' : 'upcoming',
    startsAt: a.startsAt,
    endsAt: effectiveEnd(a),
    periodStart: period.start,
    periodEnd: period.end,
    priceMin: ps.length ? Math.min(...ps) : null,
    soldOut,
  };
}

const itemPrice = (a: StoredActivity, i: StoredItem, sku: Sku | undefined): number | null =>
  a.kind === 'flash' ? Number(i.price) : a.kind === 'limited' && sku ? limitedPrice(sku.price, i as never, a.rounding) : null;

const presaleOpen = (a: StoredActivity, i: StoredItem) => a.kind === 'presale' && (i as { oversell?: boolean }).oversell === true;

/** Nothing left of any of these items (a presale allowing oversell never sells out). */
const soldOutOf = (a: StoredActivity, items: StoredItem[], left: Map<string, number>) =>
  items.every((i) => !presaleOpen(a, i) && (left.get(stockId(a._id, i.key)) ?? 0) <= 0);

/** The badge of each product that is in a running or upcoming activity (for the catalogue's cards). */
export async function badgesFor(db: Database, productIds: string[], now: Date): Promise<Map<string, ActivityBadge>> {
  const out = new Map<string, ActivityBadge>();
  if (!productIds.length) return out;
  const all = await activitiesNotEndedCached(db, now.toISOString());
  if (!all.length) return out;
  const picks = productIds.map((p) => [p, pick(all, p, now)] as const).filter((x): x is readonly [string, NonNullable<ReturnType<typeof pick>>] => x[1] !== null);
  if (!picks.length) return out;
  // each activity's counters and SKU prices from this instance's short-lived copy (none read on a warm instance)
  const facts = new Map<string, CardFacts>();
  await Promise.all(
    [...new Map(picks.map(([, { a }]) => [a._id, a])).values()].map(async (a) =>
      facts.set(
        a._id,
        await cardFacts.get(db, a._id, async () => {
          const skuIds = a.items.map((i) => i.skuId).filter((s): s is string => !!s);
          const [left, goods] = await Promise.all([leftOf(db, a.items.map((i) => stockId(a._id, i.key))), loadGoods(db, skuIds)]);
          return { left, goods };
        }),
      ),
    ),
  );
  for (const [productId, { a, items }] of picks) {
    const { left, goods } = facts.get(a._id)!;
    const prices = items.map((i) => itemPrice(a, i, i.skuId ? goods.get(i.skuId)?.sku : undefined));
    const soldOut = soldOutOf(a, items, left);
    out.set(productId, badge(a, items, now, prices, soldOut));
  }
  return out;
}

/** Cards with the running or upcoming item activity (flash, limited, presale) of their product. */
export async function withBadges(db: Database, cards: ProductCard[], now: Date): Promise<ProductCard[]> {
  const badges = await badgesFor(db, [...new Set(cards.map((c) => c._id))], now);
  return cards.map((c) => ({ ...c, activity: badges.get(c._id) ?? null }));
}

/** The product page's activity, with this shopper's quota and reminder (openid null: anonymous). */
export async function productActivity(db: Database, openid: string | null, productId: string, now: Date): Promise<ProductActivity | null> {
  const all = await activitiesNotEndedCached(db, now.toISOString());
  const hit = pick(all, productId, now);
  if (!hit) return null;
  const { a, items } = hit;
  const keys = items.map((i) => stockId(a._id, i.key));
  const skuIds = items.map((i) => i.skuId).filter((s): s is string => !!s);
  const [left, goods, quotas, reminder] = await Promise.all([
    leftOf(db, keys),
    loadGoods(db, skuIds),
    openid && skuIds.length
      ? db.collection('activity_quota').where({ _id: db.command.in(skuIds.map((s) => quotaKeyOf(a._id, s, openid))) }).limit(1000).get()
      : Promise.resolve({ data: [] as { _id: string; taken?: unknown }[] }),
    openid ? db.collection('activity_reminders').doc(reminderId(a._id, openid, productId)).get() : Promise.resolve({ data: [] }),
  ]);
  const taken = new Map(quotas.data.map((d) => [d._id, Number(d.taken ?? 0)]));
  const limit = limitOf(a);
  const prices = items.map((i) => itemPrice(a, i, i.skuId ? goods.get(i.skuId)?.sku : undefined));
  const soldOut = soldOutOf(a, items, left);
  const b = badge(a, items, now, prices, soldOut);
  return {
    ...b,
    description: a.description,
    limitMode: a.kind === 'flash' ? 'flash' : a.kind === 'limited' ? a.limit.mode : 'none',
    skus: items.map((i, n) => ({
      skuId: i.skuId ?? '',
      price: prices[n],
      left: presaleOpen(a, i) ? null : Math.max(0, left.get(stockId(a._id, i.key)) ?? 0),
      limit,
      taken: openid && i.skuId ? taken.get(quotaKeyOf(a._id, i.skuId, openid)) ?? 0 : 0,
    })),
    ship: a.kind === 'presale' ? a.ship : null,
    share: { title: a.share.title, image: a.share.image },
    reminded: (reminder.data as unknown[]).length > 0,
  };
}

export const reminderId = (activityId: string, openid: string, productId: string) => `${activityId}:${openid}:${productId}`;

/** Asks for (or cancels) a reminder before an upcoming activity (or the next period of a repeating one). */
export async function remind(db: Database, openid: string, input: { activityId: string; productId: string; on: boolean }, now: Date): Promise<{ reminded: boolean }> {
  const a = await readActivity(db, input.activityId);
  const id = reminderId(a._id, openid, input.productId);
  if (!input.on) {
    await db.collection('activity_reminders').where({ _id: id, state: 'waiting' }).remove();
    return { reminded: false };
  }
  if (!a.items.some((i) => i.productId === input.productId)) throw new AppError('VALIDATION_FAILED', 'the product is not in this activity', [{ path: 'productId', message: 'not in the activity' }]);
  const period = periodOf(a, now);
  if (!period || period.active) throw new AppError('INVALID_STATE', '活动已开始，无需提醒');
  const minutes = a.kind === 'presale' ? 5 : a.remindMinutes;
  await db.collection('activity_reminders').doc(id).set({
    activityId: a._id,
    openid,
    productId: input.productId,
    state: 'waiting',
    remindAt: new Date(Date.parse(period.start) - minutes * 60_000).toISOString(),
    periodStart: period.start,
    createdAt: now.toISOString(),
  });
  return { reminded: true };
}

type Running = ActivityApi['running']['output'];

/** Running and upcoming activities of a kind with their products (the flash venue), soonest first. */
export async function runningActivities(db: Database, kind: ActivityKind | undefined, now: Date): Promise<Running> {
  const all = (await activitiesNotEndedCached(db, now.toISOString())).filter((a) => !kind || a.kind === kind);
  const out: Running = [];
  for (const a of all) {
    const period = periodOf(a, now);
    if (!period) continue;
    const skuIds = a.items.map((i) => i.skuId).filter((s): s is string => !!s);
    const productIds = [...new Set(a.items.map((i) => i.productId))];
    const [left, goods, products] = await Promise.all([
      leftOf(db, a.items.map((i) => stockId(a._id, i.key))),
      loadGoods(db, skuIds),
      productsByIds(db, productIds, { onShelf: true }),
    ]);
    const prices = a.items.map((i) => itemPrice(a, i, i.skuId ? goods.get(i.skuId)?.sku : undefined));
    const soldOutAll = soldOutOf(a, a.items, left);
    const rows = products.map((p) => {
      const mine = a.items.map((i, n) => ({ i, n })).filter(({ i }) => i.productId === p._id);
      const ps = mine.map(({ n }) => prices[n]).filter((x): x is number => x !== null);
      return {
        productId: p._id,
        name: String(p.name ?? ''),
        image: ((p.images as string[] | undefined) ?? [])[0] ?? null,
        price: ps.length ? Math.min(...ps) : null,
        salePrice: Number(p.priceMin ?? 0),
        soldOut: soldOutOf(a, mine.map(({ i }) => i), left),
      };
    });
    out.push({ activity: badge(a, a.items, now, prices, soldOutAll), products: rows });
  }
  // running before upcoming; then the merchant's order (limited-time discounts have one), then the sooner start
  const sortOf = new Map(all.map((a) => [a._id, a.kind === 'limited' ? a.sort : 0]));
  return out.sort(
    (x, y) =>
      Number(y.activity.status === 'running') - Number(x.activity.status === 'running') ||
      (sortOf.get(x.activity.id) ?? 0) - (sortOf.get(y.activity.id) ?? 0) ||
      x.activity.periodStart.localeCompare(y.activity.periodStart),
  );
}

// --- checkout ---------------------------------------------------------------------------------------------------

export interface LineActivityPlan {
  /** the engine's activity (null: sale price) */
  activity: ItemActivity | null;
  /** what the order line records (null: the line is not in an activity) */
  record: OrderLineActivity | null;
  take: Take | null;
  /** flash and presale lines take the activity's stock instead of the SKU's */
  ownStock: boolean;
}
export interface CheckoutActivities {
  lines: Map<string, LineActivityPlan>;
  presale: OrderPresale | null;
  /** the shortest unpaid-close time among the order's flash lines, in minutes */
  closeMinutes: number | null;
}

/**
 * Before anything is read for an order: a flash-sale SKU this instance saw sold out a moment ago (its conditional
 * take failed, see `markSoldOut`) is refused at once, with no database operation. The marker lives 2 s, so
 * stock given back elsewhere sells again within that time; the counter's conditional take stays the only truth.
 */
export async function refuseSoldOutFlash(db: Database, skuIds: string[], now: Date): Promise<void> {
  const running = await activitiesNotEndedCached(db, now.toISOString());
  for (const a of running) {
    if (a.kind !== 'flash' || !periodOf(a, now)?.active) continue;
    for (const skuId of skuIds) {
      const item = a.items.find((i) => i.skuId === skuId);
      const key = item && stockId(a._id, item.key);
      if (key && isMarkedSoldOut(db, key)) throw new AppError('OUT_OF_STOCK', soldOutMessage(db, key) ?? '秒杀商品已抢光', { activityId: a._id, skuId });
    }
  }
}

/**
 * What each line of a checkout gets from the activities running now. A line the activity refuses (limit reached,
 * activity stock gone) throws the plan's code; the counters are only read here, and taken by `reserve`.
 * `takeDecides`: flash and presale counters are not read (an order's conditional takes decide, and refuse); a
 * limited-time discount's are, as its price depends on them.
 */
export async function planCheckout(
  db: Database,
  openid: string,
  items: { skuId: string; quantity: number; goods: Goods }[],
  now: Date,
  opts: { takeDecides?: boolean } = {},
): Promise<CheckoutActivities> {
  const out: CheckoutActivities = { lines: new Map(), presale: null, closeMinutes: null };
  const all = (await activitiesNotEndedCached(db, now.toISOString())).filter((a) => activityStatus(a, now) === 'running');
  if (!all.length) return out;
  const found: { skuId: string; quantity: number; goods: Goods; a: StoredActivity; item: StoredItem }[] = [];
  for (const it of items) {
    for (const a of all) {
      const period = periodOf(a, now);
      if (!period?.active) continue;
      const item = a.items.find((i) => (a.kind === 'presale' ? i.productId === it.goods.product._id : i.skuId === it.skuId));
      if (item) {
        found.push({ ...it, a, item });
        break;
      }
    }
  }
  if (!found.length) return out;
  const stockKeys = found.map((f) => stockId(f.a._id, itemKey(f.item)));
  const quotaKeys = found.map((f) => quotaKeyOf(f.a._id, f.skuId, openid));
  const read = found.map((f) => !opts.takeDecides || f.a.kind === 'limited');
  const readKeys = (keys: string[]) => keys.filter((_k, n) => read[n]);
  const [left, { data: quotas }] = await Promise.all([
    leftOf(db, readKeys(stockKeys)),
    readKeys(quotaKeys).length ? db.collection('activity_quota').where({ _id: db.command.in(readKeys(quotaKeys)) }).limit(1000).get() : Promise.resolve({ data: [] }),
  ]);
  const taken = new Map(quotas.map((d) => [d._id, Number(d.taken ?? 0)]));
  // a presale's virtual stock is shared by the product's SKUs: lines of one product draw on it in turn
  const drawn = new Map<string, number>();
  for (const [n, f] of found.entries()) {
    const a = f.a;
    const key = stockKeys[n];
    const price = itemPrice(a, f.item, f.goods.sku);
    const plan: LinePlan = planLine(
      { id: a._id, kind: a.kind, name: a.name, price, limitPerShopper: a.kind === 'flash' ? a.limitPerShopper : 0, limit: a.kind === 'limited' ? a.limit : undefined, oversell: presaleOpen(a, f.item) },
      { quantity: f.quantity, salePrice: f.goods.sku.price, left: presaleOpen(a, f.item) || !read[n] ? null : (left.get(key) ?? 0) - (drawn.get(key) ?? 0), taken: taken.get(quotaKeys[n]) ?? 0 },
    );
    if (!plan.ok && plan.code === 'OUT_OF_STOCK' && (left.get(key) ?? 0) <= 0) markSoldOut(db, key, `${f.goods.product.name}：${plan.message}`);
    if (!plan.ok) throw new AppError(plan.code, `${f.goods.product.name}：${plan.message}`, { activityId: a._id, skuId: f.skuId, ...(plan.code === 'ACTIVITY_LIMIT_REACHED' ? { limit: limitOf(a), taken: taken.get(quotaKeys[n]) ?? 0 } : {}) });
    drawn.set(key, (drawn.get(key) ?? 0) + plan.stock);
    if (plan.units === 0) continue; // a limited line with no discounted unit: an ordinary line
    const take: Take = { label: f.goods.product.name, activityId: a._id, skuId: f.skuId, stockKey: plan.stock > 0 ? key : null, stock: plan.stock, conditional: plan.stockConditional, quotaKey: plan.quota > 0 ? quotaKeys[n] : null, quota: plan.quota, limit: plan.limit };
    out.lines.set(f.skuId, {
      activity: plan.activity,
      record: { kind: a.kind, id: a._id, name: a.name, units: plan.units, stockKey: take.stockKey, stockTaken: plan.stock, quotaKey: take.quotaKey, quotaTaken: plan.quota },
      take,
      ownStock: a.kind !== 'limited',
    });
    if (a.kind === 'flash') out.closeMinutes = Math.min(out.closeMinutes ?? Infinity, a.closeMinutes);
    if (a.kind === 'presale' && !out.presale) out.presale = { activityId: a._id, name: a.name, ship: a.ship, shipFrom: presaleShipFrom(a.ship, null) };
  }
  return out;
}
