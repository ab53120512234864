/** From a shopper's checkout choices to a quote input built only from the database (client prices are never used). */
import type { z } from 'zod';
import { methodsFor, freightFor, placeKey, type MethodAvailability } from '../fulfilment/freight';
import { loadTemplates } from '../fulfilment/templates';
import { storeChoicesCached } from '../fulfilment/stores';
import type { Address, CheckoutInput, CheckoutLine, CheckoutPreview, DeliveryMethod, OrderDeliveryMethod, PickupStore, Quote, QuoteCoupon, QuoteInput, ShopSettings } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { selectedItems } from '../cart/cart';
import { reusableForShopper } from '../coupons';
import type { MemberSnapshot } from '../members';
import { quoteTrusted } from '../pricing/engine';
import { getSettings } from '../settings/settings';
import { lineName, loadGoods, type Goods } from './goods';
import { promotionsFor, quoteLine } from './quote';
import { planCheckout, type CheckoutActivities } from '../activities/shopping';

type Checkout = z.output<typeof CheckoutInput>;

export interface BuiltCheckout {
  items: { skuId: string; quantity: number; goods: Goods }[];
  quoteInput: QuoteInput;
  quote: Quote;
  settings: ShopSettings;
  member: MemberSnapshot;
  address: Address | null;
  store: PickupStore | null;
  addresses: Address[];
  stores: PickupStore[];
  /** how the order is delivered: the shopper's choice, or 'virtual' for virtual goods (whatever was asked) */
  method: OrderDeliveryMethod;
  methods: MethodAvailability[];
  couponCodeError: string | null;
  coupons: QuoteCoupon[];
  /** what the running item activities give each line (price, stock and quota to take) */
  activities: CheckoutActivities;
  /** false: an order for pickup or of virtual goods did not read the shopper's addresses (`addresses` is empty) */
  addressesRead: boolean;
}

/** Same SKU twice in one request counts once, with the quantities added. */
export function mergeItems(items: { skuId: string; quantity: number }[]) {
  const m = new Map<string, number>();
  for (const i of items) m.set(i.skuId, (m.get(i.skuId) ?? 0) + i.quantity);
  return [...m].map(([skuId, quantity]) => ({ skuId, quantity }));
}

export async function listAddresses(db: Database, openid: string): Promise<Address[]> {
  const { data } = await db.collection('addresses').where({ openid }).limit(50).get();
  return data
    .map(({ openid: _o, ...a }) => a as unknown as Address)
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a._id.localeCompare(b._id));
}
export async function listStores(db: Database): Promise<PickupStore[]> {
  return (await storeChoicesCached(db)).filter((s) => s.pickupEnabled).map((s) => ({ _id: s._id, name: s.name, address: s.address }));
}

/**
 * `forOrder`: the checkout of an order being placed reads only what the order needs: no addresses for pickup or
 * virtual goods, no held coupons when none is asked for, and the flash and presale counters are left to the
 * conditional takes that follow (the preview reads them all, to show them).
 */
export async function buildCheckout(db: Database, openid: string, input: Checkout, now: Date, opts: { forOrder?: boolean } = {}): Promise<BuiltCheckout> {
  const raw = 'cart' in input.source ? await selectedItems(db, openid) : input.source.items;
  if (!raw.length) throw new AppError('NOTHING_SELECTED', 'select at least one item');
  const merged = mergeItems(raw);
  // the goods and their activities first: a sold-out flash sale or a reached limit is refused before the rest is read
  const goods = await loadGoods(db, merged.map((i) => i.skuId));
  const items = merged.map((i) => {
    const g = goods.get(i.skuId);
    if (!g) throw new AppError('NOT_FOUND', 'an item is no longer sold', { skuId: i.skuId });
    if (!g.product.onShelf) throw new AppError('OFF_SHELF', `${g.product.name} is not on sale`, { skuId: i.skuId });
    return { ...i, goods: g };
  });
  // virtual goods need no address, delivery or freight: an order holds only virtual or only physical goods
  const virtualSkuIds = items.filter((i) => i.goods.product.type === 'virtual').map((i) => i.skuId);
  if (virtualSkuIds.length && virtualSkuIds.length < items.length) {
    throw new AppError('MIXED_PRODUCT_TYPES', '虚拟商品无需物流，请与实物商品分开下单', { virtualSkuIds });
  }
  const virtual = virtualSkuIds.length > 0;
  const activities = await planCheckout(db, openid, items, now, { takeDecides: opts.forOrder });
  const addressesRead = !opts.forOrder || (!virtual && input.delivery.method !== 'pickup');
  const need = { coupons: !opts.forOrder || input.couponId !== null || !!input.couponCode, first: !!input.couponCode };
  const [settings, { member, held, campaigns, first }, addresses, stores] = await Promise.all([
    getSettings(db),
    promotionsFor(db, openid, now, need),
    addressesRead ? listAddresses(db, openid) : Promise.resolve([]),
    listStores(db),
  ]);
  for (const { quantity, goods: g } of items) {
    // flash-sale and presale lines sell the activity's own stock (checked by the plan), not the SKU's
    if (activities.lines.get(g.sku._id)?.ownStock) continue;
    if (g.sku.stock < quantity) {
      throw new AppError('OUT_OF_STOCK', `${lineName(g)}: ${g.sku.stock > 0 ? `only ${g.sku.stock} left` : 'sold out'}`, { skuId: g.sku._id, stock: g.sku.stock });
    }
  }

  // virtual goods: no method is offered or used (the quote sees express with no freight)
  const method: DeliveryMethod = virtual ? 'express' : input.delivery.method;
  const templates = await loadTemplates(db, items.map((i) => i.goods.product.freightTemplateId));
  const freightLines = items.map(({ quantity, goods: g }) => ({
    templateId: g.product.freightTemplateId ?? null,
    quantity,
    weightGrams: g.product.weightGrams ?? 0,
    amount: g.sku.price * quantity,
  }));
  const methods = virtual ? [] : methodsFor(freightLines, templates, { hasStores: stores.length > 0, localEnabled: settings.local.enabled });
  const offered = methods.find((m) => m.method === method) ?? { available: true, reason: null };
  if (!offered.available) throw new AppError('DELIVERY_NOT_AVAILABLE', offered.reason ?? 'this delivery method is not offered', { methods });
  let address: Address | null = null;
  let store: PickupStore | null = null;
  if (virtual) {
    // neither an address nor a store
  } else if (method === 'express' || method === 'local') {
    address = input.delivery.addressId ? addresses.find((a) => a._id === input.delivery.addressId) ?? null : addresses[0] ?? null;
    if (input.delivery.addressId && !address) throw notFound('address');
  } else {
    if (!stores.length) throw new AppError('DELIVERY_NOT_AVAILABLE', 'the shop has no pickup store');
    store = input.delivery.storeId ? stores.find((s) => s._id === input.delivery.storeId) ?? null : stores[0];
    if (!store) throw notFound('store');
  }

  let coupons: QuoteCoupon[] = held;
  let couponId: string | null = input.couponId;
  let couponCodeError: string | null = null;
  if (input.couponCode) {
    const reusable = await reusableForShopper(db, openid, input.couponCode, now);
    if (reusable) {
      coupons = [reusable, ...held];
      couponId = reusable.id;
    } else couponCodeError = '优惠码不存在或已失效';
  }

  const quoteInput: QuoteInput = {
    now: now.toISOString(),
    lines: items.map(({ quantity, goods: g }) => quoteLine(g, quantity, activities.lines.get(g.sku._id)?.activity ?? null)),
    campaigns,
    coupons,
    couponId,
    customer: { ...member.customer, isFirstOrder: first },
    points: {
      enabled: member.points.enabled,
      balance: member.points.balance,
      use: input.usePoints ? 'max' : 0,
      fenPerPoint: member.points.fenPerPoint,
      maxPercent: member.points.maxPercent,
    },
    delivery: { method, region: address?.province ?? '', freight: 0 },
  };
  if (method === 'local') {
    const l = settings.local;
    if (address && l.cities.length && !l.cities.some((c) => placeKey(c) === placeKey(address!.city) || placeKey(c) === placeKey(address!.province))) {
      throw new AppError('DELIVERY_NOT_AVAILABLE', `同城配送只送${l.cities.join('、')}`, { methods: methods.map((m) => (m.method === 'local' ? { ...m, available: false } : m)) });
    }
    const goodsAmount = freightLines.reduce((n, x) => n + x.amount, 0);
    quoteInput.delivery = { method, region: address?.province ?? '', freight: l.freeFrom > 0 && goodsAmount >= l.freeFrom ? 0 : l.fee };
  }
  if (method === 'express' && !virtual) {
    const f = freightFor(freightLines, templates, address?.province ?? '', settings.orders.defaultFreight);
    if (address && f.undeliverable.length) {
      throw new AppError('DELIVERY_NOT_AVAILABLE', `${f.undeliverable.join('、')}不配送至${address.province}`, { methods: methods.map((m) => (m.method === 'express' ? { ...m, available: false } : m)) });
    }
    quoteInput.delivery = { method, region: address?.province ?? '', freight: f.freight };
  }
  return { items, quoteInput, quote: quoteTrusted(quoteInput), settings, member, address, store, addresses, stores, method: virtual ? 'virtual' : method, couponCodeError, coupons, methods, activities, addressesRead };
}

export function toPreview(b: BuiltCheckout): CheckoutPreview {
  const lines: CheckoutLine[] = b.items.map(({ quantity, goods: g }) => ({
    skuId: g.sku._id,
    productId: g.product._id,
    name: g.product.name,
    image: g.product.images[0] ?? null,
    specValues: g.sku.specValues,
    quantity,
    price: g.sku.price,
    activity: ((r) => (r ? { kind: r.kind, id: r.id, name: r.name } : null))(b.activities.lines.get(g.sku._id)?.record),
  }));
  const method = b.method;
  return {
    lines,
    quote: b.quote,
    deliveryMethods: b.methods,
    addresses: b.addresses,
    stores: b.stores,
    delivery: { method, addressId: b.address?._id ?? null, storeId: b.store?._id ?? null },
    points: b.member.points,
    couponCodeError: b.couponCodeError,
    presale: b.activities.presale,
  };
}
