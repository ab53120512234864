import type { CollectionOptions, IndexSpec } from '../db/types';

/** The domain folders under cloudfunctions/shared/domain/ that own collections. */
export type OwnerFolder = 'activities' | 'aftersales' | 'auth' | 'campaigns' | 'cart' | 'catalog' | 'coupons' | 'decoration' | 'fulfilment' | 'jdy' | 'members' | 'messages' | 'orders' | 'payments' | 'settings' | 'stats' | 'sync' | 'wxapi';

/**
 * Every collection the product uses: its owning domain folder and its indexes. Only files in the owner folder read
 * or write a collection; others call the owner's functions (ownership.test.ts checks it). The local adapters create
 * the collections at start; on CloudBase `npm run provision` creates them and prints the indexes to add in the console.
 */
export const SCHEMA: Record<string, { owner: OwnerFolder; indexes: IndexSpec[]; documentIndex?: false }> = {
  /** unused by the functions today; kept so every deployment has it */
  meta: { owner: 'settings', indexes: [] },
  admins: { owner: 'auth', indexes: [{ name: 'username_unique', keys: { username: 1 }, unique: true }] },
  sessions: {
    owner: 'auth',
    indexes: [
      { name: 'expiresAt', keys: { expiresAt: 1 } },
      { name: 'subject', keys: { subject: 1 } },
    ],
  },
  login_attempts: { owner: 'auth', indexes: [] },
  shoppers: {
    owner: 'members',
    indexes: [
      { name: 'created', keys: { createdAt: -1, _id: -1 } },
      { name: 'experience', keys: { experience: 1 } },
      // 顾客管理's filters and sorts on what a customer bought (issue 17)
      { name: 'trade_spent', keys: { 'trade.spent': -1, _id: -1 } },
      { name: 'trade_orders', keys: { 'trade.orders': -1, _id: -1 } },
      { name: 'trade_last', keys: { 'trade.lastOrderAt': -1, _id: -1 } },
      // 顾客管理's tag filter and 发券宝's segments by tag (issue 17)
      { name: 'tags', keys: { tags: 1 } },
    ],
  },
  // `documentIndex: false`: read only by _id, so the local engine keeps no whole-document index (CollectionOptions)
  stores: { owner: 'fulfilment', indexes: [], documentIndex: false },
  categories: {
    owner: 'catalog',
    indexes: [
      { name: 'sort', keys: { sort: 1 } },
      { name: 'name_unique', keys: { name: 1 }, unique: true },
    ],
  },
  brands: { owner: 'catalog', indexes: [{ name: 'name_unique', keys: { name: 1 }, unique: true }] },
  /** 商品分组 (issue 16): named, ordered product lists the home page's product-group modules show */
  product_groups: { owner: 'catalog', indexes: [{ name: 'created', keys: { createdAt: 1, _id: 1 } }] },
  /** 店铺装修 (issue 16): one document, `home`: the draft, the published page and the one before it */
  decorations: { owner: 'decoration', indexes: [] },
  products: {
    owner: 'catalog',
    indexes: [
      { name: 'slug_unique', keys: { slug: 1 }, unique: true },
      { name: 'code_unique', keys: { code: 1 }, unique: true },
      // one index per sort the storefront and the admin list offer (each ends with _id, as the queries do);
      // a btree serves both directions, and filters such as onShelf or a category are applied while scanning it
      { name: 'sort_default', keys: { sales: -1, createdAt: -1, _id: -1 } },
      { name: 'sort_sales', keys: { sales: -1, _id: -1 } },
      { name: 'sort_price', keys: { priceMin: 1, _id: 1 } },
      { name: 'sort_created', keys: { createdAt: -1, _id: -1 } },
      { name: 'sort_stock', keys: { stockTotal: -1, _id: -1 } },
      { name: 'sort_name', keys: { name: 1, _id: 1 } },
      { name: 'categoryIds', keys: { categoryIds: 1 } },
      { name: 'freightTemplateId', keys: { freightTemplateId: 1 } },
      // the storefront's keyword search (a regex over searchText); locally a character-pair index, none on CloudBase
      { name: 'search', keys: { searchText: 1 }, kind: 'text' },
    ],
  },
  settings: { owner: 'settings', indexes: [], documentIndex: false },
  /** merchant secrets (WeChat Pay keys, the Jingdou Cloud client secret): read through settings/secrets.ts, never answered */
  secrets: { owner: 'settings', indexes: [], documentIndex: false },
  // promotions (issue 3)
  campaigns: { owner: 'campaigns', indexes: [{ name: 'startsAt', keys: { startsAt: -1, _id: -1 } }] },
  coupons: { owner: 'coupons', indexes: [{ name: 'createdAt', keys: { createdAt: -1, _id: -1 } }] },
  coupon_codes: {
    owner: 'coupons',
    indexes: [
      { name: 'code_unique', keys: { code: 1 }, unique: true },
      { name: 'holder', keys: { openid: 1, status: 1 } },
      { name: 'coupon_status', keys: { couponId: 1, status: 1 } },
      // held codes about to expire, in order, for the shopper's reminder (messages/coupons.ts)
      { name: 'held_expiry', keys: { status: 1, validTo: 1, _id: 1 } },
      // an idempotent grant counts its codes (grantCoupons): one per customer of a 发券宝 send (issue 17)
      { name: 'grant_key', keys: { grantKey: 1 } },
    ],
  },
  /** reusable-coupon uses, per-shopper claim counters and grant records (`kind`), by deterministic ids */
  coupon_uses: { owner: 'coupons', indexes: [{ name: 'coupon_kind', keys: { couponId: 1, kind: 1, at: -1 } }] },
  /** 发券宝 (issue 17): one document per send of a coupon to a customer segment, `_id` = the caller's key */
  coupon_sends: {
    owner: 'coupons',
    indexes: [
      { name: 'created', keys: { createdAt: -1, _id: -1 } },
      { name: 'coupon_created', keys: { couponId: 1, createdAt: -1 } },
      { name: 'state_lease', keys: { state: 1, leaseUntil: 1 } },
    ],
  },
  /** wrong reusable-code guesses per shopper (`_id` = openid), counted by auth/attempts.ts */
  coupon_code_attempts: { owner: 'coupons', indexes: [] },
  member_levels: {
    owner: 'members',
    indexes: [
      { name: 'threshold_unique', keys: { threshold: 1 }, unique: true },
      { name: 'name_unique', keys: { name: 1 }, unique: true },
    ],
  },
  points_ledger: { owner: 'members', indexes: [{ name: 'holder_time', keys: { openid: 1, createdAt: -1 } }] },
  customer_tags: { owner: 'members', indexes: [{ name: 'name_unique', keys: { name: 1 }, unique: true }] },
  // cart and orders (issue 3)
  cart_items: { owner: 'cart', indexes: [{ name: 'holder', keys: { openid: 1, addedAt: -1 } }] },
  /** 导出订单 (issue 17): a big export's job, and the rows of each part it has built */
  order_exports: { owner: 'orders', indexes: [{ name: 'created', keys: { createdAt: 1 } }] },
  order_export_parts: { owner: 'orders', indexes: [{ name: 'job_part', keys: { jobId: 1, no: 1 } }] },
  addresses: {
    owner: 'orders',
    indexes: [
      { name: 'holder', keys: { openid: 1 } },
      // the admin finds a customer by an address's phone (issue 17)
      { name: 'phone', keys: { phone: 1 } },
    ],
  },
  orders: {
    owner: 'orders',
    indexes: [
      { name: 'holder_time', keys: { openid: 1, createdAt: -1 } },
      { name: 'status_time', keys: { status: 1, createdAt: -1 } },
      { name: 'created', keys: { createdAt: -1, _id: -1 } },
      { name: 'close_due', keys: { status: 1, closeAt: 1 } },
      { name: 'activity_paid', keys: { activityIds: 1, paidAt: -1 } },
      // the dashboard's rebuild reads orders by when they were paid and completed (issue 16)
      { name: 'paid', keys: { paidAt: 1, _id: 1 } },
      { name: 'completed', keys: { completedAt: 1, _id: 1 } },
      // the admin's exact searches (issue 17): a parcel's tracking number, WeChat Pay's transaction number
      { name: 'tracking_no', keys: { 'shipments.trackingNo': 1 } },
      { name: 'transaction', keys: { 'payment.transactionId': 1 } },
    ],
  },
  /** item activities (issue 6): flash sales, limited-time discounts, presales */
  activities: {
    owner: 'activities',
    indexes: [
      { name: 'kind_start', keys: { kind: 1, startsAt: -1, _id: -1 } },
      { name: 'ends', keys: { endsAt: 1, _id: 1 } },
    ],
  },
  /** one counter per activity item, `_id` = <activityId>:<skuId or p:productId>, moved by conditional updates */
  activity_stock: { owner: 'activities', indexes: [{ name: 'activity', keys: { activityId: 1 } }] },
  /** one counter per (activity, SKU, shopper), `_id` = <activityId>:<skuId>:<openid> */
  activity_quota: { owner: 'activities', indexes: [], documentIndex: false },
  /** what an order attempt took from the counters, given back unless its order was written */
  activity_holds: { owner: 'activities', indexes: [{ name: 'state_at', keys: { state: 1, at: 1 } }] },
  /** shoppers waiting for a reminder, `_id` = <activityId>:<openid>:<productId> */
  activity_reminders: {
    owner: 'activities',
    indexes: [
      { name: 'due', keys: { state: 1, remindAt: 1 } },
      { name: 'activity', keys: { activityId: 1 } },
    ],
  },
  /** Jingdou Cloud sync (issue 7): the outbox written with the business change, the binding and cursors, the auth */
  sync_outbox: {
    owner: 'sync',
    indexes: [
      { name: 'status_due', keys: { status: 1, nextAttemptAt: 1 } },
      { name: 'order', keys: { orderId: 1 } },
      { name: 'updated', keys: { updatedAt: -1 } },
    ],
  },
  sync_state: { owner: 'sync', indexes: [] },
  jdy_auth: { owner: 'jdy', indexes: [] },
  /** the reminder outbox (WeChat subscribe messages in production) */
  activity_messages: { owner: 'activities', indexes: [{ name: 'status_created', keys: { status: 1, createdAt: -1 } }] },
  /** WeChat Pay JSAPI orders, `_id` = out_trade_no (issue 4) */
  payments: {
    owner: 'payments',
    indexes: [
      { name: 'order', keys: { orderId: 1, createdAt: 1 } },
      { name: 'open_created', keys: { state: 1, createdAt: 1 } },
    ],
  },
  /** refunds, `_id` = out_refund_no */
  refunds: {
    owner: 'payments',
    indexes: [
      { name: 'order', keys: { orderId: 1, createdAt: 1 } },
      { name: 'created', keys: { createdAt: -1 } },
      { name: 'status_next', keys: { status: 1, nextAttemptAt: 1 } },
      { name: 'status_updated', keys: { status: 1, updatedAt: 1 } },
    ],
  },
  /** after-sales requests, `_id` = <order>A<n> */
  aftersales: {
    owner: 'aftersales',
    indexes: [
      { name: 'holder_time', keys: { openid: 1, createdAt: -1 } },
      { name: 'created', keys: { createdAt: -1 } },
      { name: 'status_time', keys: { status: 1, createdAt: -1 } },
      { name: 'order', keys: { orderId: 1 } },
    ],
  },
  /** the local simulated courier platform's deliveries */
  courier_sim: { owner: 'fulfilment', indexes: [{ name: 'due', keys: { status: 1, nextStepAt: 1 } }] },
  /** WeChat shipping-information uploads (outbox) */
  wx_shipping_uploads: {
    owner: 'fulfilment',
    indexes: [
      { name: 'pending', keys: { status: 1, createdAt: 1 } },
      { name: 'order', keys: { orderId: 1, createdAt: 1 } },
    ],
  },
  /** subscribe messages to shoppers (issue 15): the owner's template ids per event, one-time grants, the outbox */
  message_settings: { owner: 'messages', indexes: [] },
  /** grants left per (shopper, template), `_id` = <openid>|<templateId> */
  subscribe_grants: { owner: 'messages', indexes: [] },
  /** one message per event, `_id` = <event>:<what it is about>, so an event never queues twice */
  wx_messages: {
    owner: 'messages',
    indexes: [
      { name: 'due', keys: { state: 1, nextAt: 1 } },
      { name: 'created', keys: { createdAt: -1, _id: -1 } },
      { name: 'event_created', keys: { event: 1, createdAt: -1 } },
      { name: 'state_created', keys: { state: 1, createdAt: -1 } },
      { name: 'order', keys: { orderId: 1, createdAt: -1 } },
    ],
  },
  /** the WeChat server-API access token (stable_token), one document per AppID, shared by every function instance */
  wx_tokens: { owner: 'wxapi', indexes: [] },
  freight_templates: { owner: 'fulfilment', indexes: [{ name: 'created', keys: { createdAt: 1 } }] },
  /** pickup codes, one per pickup order (`_id` = order id); a code is never issued twice */
  pickup_codes: { owner: 'fulfilment', indexes: [{ name: 'code_unique', keys: { code: 1 }, unique: true }] },
  /** every pickup verification attempt (audit log) */
  pickup_audit: {
    owner: 'fulfilment',
    indexes: [
      { name: 'time', keys: { at: -1 } },
      { name: 'store_time', keys: { storeId: 1, at: -1 } },
    ],
  },
  /** per clerk: recent wrong pickup codes (throttle and lock) */
  pickup_throttle: { owner: 'fulfilment', indexes: [] },
  /** one document per (shopper, client request id): makes order creation idempotent */
  order_requests: { owner: 'orders', indexes: [], documentIndex: false },
  skus: {
    owner: 'catalog',
    indexes: [
      { name: 'productId', keys: { productId: 1 } },
      { name: 'code_unique', keys: { code: 1 }, unique: true },
    ],
  },
  /** 概况 (issue 16): day and hour rollups (`d:<day>#<slot>`, `h:<day>T<hh>#<slot>`), per day and product, and the marks that keep distinct counts exact */
  stats_rollups: { owner: 'stats', indexes: [{ name: 'unit_key', keys: { unit: 1, key: 1 } }, { name: 'day', keys: { day: 1 } }] },
  stats_products: { owner: 'stats', indexes: [{ name: 'day', keys: { day: 1 } }] },
  stats_marks: { owner: 'stats', indexes: [{ name: 'kind_day', keys: { kind: 1, day: 1 } }] },
  stats_customers: { owner: 'stats', indexes: [{ name: 'day', keys: { day: 1 } }] },
};

/** collection -> its indexes (what the adapters and provisioning create) */
export const COLLECTIONS: Record<string, IndexSpec[]> = Object.fromEntries(Object.entries(SCHEMA).map(([name, c]) => [name, c.indexes]));

/** collection -> how the local adapters lay it out (ensureCollection's third argument) */
export const COLLECTION_OPTIONS: Record<string, CollectionOptions> = Object.fromEntries(
  Object.entries(SCHEMA).map(([name, c]) => [name, c.documentIndex === false ? { documentIndex: false } : {}]),
);

/** collection -> the domain folder that owns it */
export const OWNERS: Record<string, OwnerFolder> = Object.fromEntries(Object.entries(SCHEMA).map(([name, c]) => [name, c.owner]));
