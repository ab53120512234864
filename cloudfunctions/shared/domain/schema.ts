import type { IndexSpec } from '../db/types';

/**
 * Every collection the product uses, with its indexes. The local adapters create them at start;
 * on CloudBase `npm run provision` creates the collections and prints the indexes to add in the console.
 */
export const COLLECTIONS: Record<string, IndexSpec[]> = {
  meta: [],
  admins: [{ name: 'username_unique', keys: { username: 1 }, unique: true }],
  sessions: [
    { name: 'expiresAt', keys: { expiresAt: 1 } },
    { name: 'subject', keys: { subject: 1 } },
  ],
  login_attempts: [],
  shoppers: [
    { name: 'created', keys: { createdAt: -1, _id: -1 } },
    { name: 'experience', keys: { experience: 1 } },
  ],
  stores: [],
  categories: [
    { name: 'sort', keys: { sort: 1 } },
    { name: 'name_unique', keys: { name: 1 }, unique: true },
  ],
  brands: [{ name: 'name_unique', keys: { name: 1 }, unique: true }],
  banners: [{ name: 'sort', keys: { sort: 1 } }],
  products: [
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
  ],
  settings: [],
  /** merchant secrets (WeChat Pay keys): read by the payments code only, never answered */
  secrets: [],
  // promotions (issue 3)
  campaigns: [{ name: 'startsAt', keys: { startsAt: -1, _id: -1 } }],
  coupons: [{ name: 'createdAt', keys: { createdAt: -1, _id: -1 } }],
  coupon_codes: [
    { name: 'code_unique', keys: { code: 1 }, unique: true },
    { name: 'holder', keys: { openid: 1, status: 1 } },
    { name: 'coupon_status', keys: { couponId: 1, status: 1 } },
  ],
  /** reusable-coupon uses, per-shopper claim counters and grant records (`kind`), by deterministic ids */
  coupon_uses: [{ name: 'coupon_kind', keys: { couponId: 1, kind: 1, at: -1 } }],
  /** wrong reusable-code guesses per shopper (`_id` = openid), counted by auth/attempts.ts */
  coupon_code_attempts: [],
  member_levels: [
    { name: 'threshold_unique', keys: { threshold: 1 }, unique: true },
    { name: 'name_unique', keys: { name: 1 }, unique: true },
  ],
  points_ledger: [{ name: 'holder_time', keys: { openid: 1, createdAt: -1 } }],
  customer_tags: [{ name: 'name_unique', keys: { name: 1 }, unique: true }],
  // cart and orders (issue 3)
  cart_items: [{ name: 'holder', keys: { openid: 1, addedAt: -1 } }],
  addresses: [{ name: 'holder', keys: { openid: 1 } }],
  orders: [
    { name: 'holder_time', keys: { openid: 1, createdAt: -1 } },
    { name: 'status_time', keys: { status: 1, createdAt: -1 } },
    { name: 'created', keys: { createdAt: -1, _id: -1 } },
    { name: 'close_due', keys: { status: 1, closeAt: 1 } },
    { name: 'activity_paid', keys: { activityIds: 1, paidAt: -1 } },
  ],
  /** item activities (issue 6): flash sales, limited-time discounts, presales */
  activities: [
    { name: 'kind_start', keys: { kind: 1, startsAt: -1, _id: -1 } },
    { name: 'ends', keys: { endsAt: 1, _id: 1 } },
  ],
  /** one counter per activity item, `_id` = <activityId>:<skuId or p:productId>, moved by conditional updates */
  activity_stock: [{ name: 'activity', keys: { activityId: 1 } }],
  /** one counter per (activity, SKU, shopper), `_id` = <activityId>:<skuId>:<openid> */
  activity_quota: [],
  /** what an order attempt took from the counters, given back unless its order was written */
  activity_holds: [{ name: 'state_at', keys: { state: 1, at: 1 } }],
  /** shoppers waiting for a reminder, `_id` = <activityId>:<openid>:<productId> */
  activity_reminders: [
    { name: 'due', keys: { state: 1, remindAt: 1 } },
    { name: 'activity', keys: { activityId: 1 } },
  ],
  /** Jingdou Cloud sync (issue 7): the outbox written with the business change, the binding and cursors, the auth */
  sync_outbox: [
    { name: 'status_due', keys: { status: 1, nextAttemptAt: 1 } },
    { name: 'order', keys: { orderId: 1 } },
    { name: 'updated', keys: { updatedAt: -1 } },
  ],
  sync_state: [],
  jdy_auth: [],
  /** the reminder outbox (WeChat subscribe messages in production) */
  activity_messages: [{ name: 'status_created', keys: { status: 1, createdAt: -1 } }],
  /** WeChat Pay JSAPI orders, `_id` = out_trade_no (issue 4) */
  payments: [
    { name: 'order', keys: { orderId: 1, createdAt: 1 } },
    { name: 'open_created', keys: { state: 1, createdAt: 1 } },
  ],
  /** refunds, `_id` = out_refund_no */
  refunds: [
    { name: 'order', keys: { orderId: 1, createdAt: 1 } },
    { name: 'created', keys: { createdAt: -1 } },
    { name: 'status_next', keys: { status: 1, nextAttemptAt: 1 } },
    { name: 'status_updated', keys: { status: 1, updatedAt: 1 } },
  ],
  /** after-sales requests, `_id` = <order>A<n> */
  aftersales: [
    { name: 'holder_time', keys: { openid: 1, createdAt: -1 } },
    { name: 'created', keys: { createdAt: -1 } },
    { name: 'status_time', keys: { status: 1, createdAt: -1 } },
    { name: 'order', keys: { orderId: 1 } },
  ],
  /** the local simulated courier platform's deliveries */
  courier_sim: [{ name: 'due', keys: { status: 1, nextStepAt: 1 } }],
  /** WeChat shipping-information uploads (outbox) */
  wx_shipping_uploads: [
    { name: 'pending', keys: { status: 1, createdAt: 1 } },
    { name: 'order', keys: { orderId: 1, createdAt: 1 } },
  ],
  freight_templates: [{ name: 'created', keys: { createdAt: 1 } }],
  /** pickup codes, one per pickup order (`_id` = order id); a code is never issued twice */
  pickup_codes: [{ name: 'code_unique', keys: { code: 1 }, unique: true }],
  /** every pickup verification attempt (audit log) */
  pickup_audit: [
    { name: 'time', keys: { at: -1 } },
    { name: 'store_time', keys: { storeId: 1, at: -1 } },
  ],
  /** per clerk: recent wrong pickup codes (throttle and lock) */
  pickup_throttle: [],
  /** one document per (shopper, client request id): makes order creation idempotent */
  order_requests: [],
  skus: [
    { name: 'productId', keys: { productId: 1 } },
    { name: 'code_unique', keys: { code: 1 }, unique: true },
  ],
};
