/**
 * Demo item activities, so the storefront shows them: a running flash sale, one starting tomorrow (for 提醒我), a
 * limited-time discount and a presale. Idempotent: an activity is looked up by name before it is created.
 */
import type { Database } from '@shop/functions/shared/db/types';
import { createActivity } from '@shop/functions/shared/domain/activities/store';
import { ActivityInput, type Sku } from '@shop/types';

const H = 3600_000;

async function skusOf(db: Database, code: string): Promise<{ productId: string; skus: Sku[] } | null> {
  const { data } = await db.collection('products').where({ code }).limit(1).get();
  if (!data[0]) return null;
  const { data: skus } = await db.collection('skus').where({ productId: data[0]._id }).limit(100).get();
  return { productId: data[0]._id, skus: skus as unknown as Sku[] };
}

export async function seedDemoActivities(db: Database, now: Date): Promise<void> {
  const at = (h: number) => new Date(now.getTime() + h * H).toISOString();
  const [serum, band, bedding, bag] = await Promise.all(['BT002', 'DG005', 'HM002', 'SB003'].map((c) => skusOf(db, c)));
  const wanted = [
    serum && { kind: 'flash', name: '整点秒杀', description: '每人限购 1 件，30 分钟内未支付自动取消', startsAt: at(-1), endsAt: at(24 * 7), limitPerShopper: 1, items: [{ skuId: serum.skus[0]._id, price: 9900, stock: 20 }], share: { title: '玻尿酸精华秒杀 99 元' } },
    band && { kind: 'flash', name: '明日秒杀', startsAt: at(24), endsAt: at(48), limitPerShopper: 2, items: band.skus.map((s) => ({ skuId: s._id, price: 12900, stock: 30 })) },
    bedding && { kind: 'limited', name: '家居焕新', tag: '限时8折', startsAt: at(-24), endsAt: at(24 * 30), rounding: 'yuan', limit: { mode: 'first_n', quantity: 2 }, items: bedding.skus.filter((s) => s.stock > 0).map((s) => ({ skuId: s._id, mode: 'discount', value: 800, stock: Math.min(10, s.stock) })) },
    bag && { kind: 'presale', name: '新款通勤包预售', startsAt: at(-24), endsAt: at(24 * 30), ship: { mode: 'afterPayment', days: 15 }, items: [{ productId: bag.productId, stock: 100, oversell: true }] },
  ].filter((x): x is NonNullable<typeof x> => !!x);
  for (const a of wanted) {
    if ((await db.collection('activities').where({ name: a.name }).count()).total) continue;
    await createActivity(db, ActivityInput.parse(a), now);
  }
}
