/** Words, URLs and small hand-overs shared by the cart, checkout, address and order screens (no React). */
import type { CartLineProblem, CloseReason, CouponRejection, OrderDeliveryMethod, QuoteStepKind } from '@shop/types';

/** The shopper's words for an order's state live with the types (one source for every screen). */
export { SHOPPER_STATUS_TEXT as STATUS_TEXT, shopperStatusText as orderStatusText } from '@shop/types/src/orderTexts';

/** The orders page's tabs (and the `status=` of its URL); `orderListFilter` says what order.list is asked. */
export type OrderTab = 'all' | 'unpaid' | 'paid' | 'pickup' | 'shipped' | 'completed' | 'closed';
export const ORDER_TABS: { status: OrderTab; label: string }[] = [
  { status: 'all', label: '全部' },
  { status: 'unpaid', label: '待付款' },
  { status: 'paid', label: '待发货' },
  { status: 'pickup', label: '待自提' },
  { status: 'shipped', label: '已发货' },
  { status: 'completed', label: '已完成' },
  { status: 'closed', label: '已关闭' },
];
export const isOrderTab = (v: string | undefined): v is OrderTab => ORDER_TABS.some((t) => t.status === v);
/** A tab's filter for order.list: 待发货 and 待自提 are both paid orders, split by pickup or not (as their labels are). */
export const orderListFilter = (tab: OrderTab): { status?: 'unpaid' | 'shipped' | 'completed' | 'closed'; tab?: 'to_ship' | 'to_pickup' } => {
  if (tab === 'all') return {};
  if (tab === 'paid') return { tab: 'to_ship' };
  if (tab === 'pickup') return { tab: 'to_pickup' };
  return { status: tab };
};

export const CLOSE_REASON_TEXT: Record<CloseReason, string> = {
  timeout: '超时未付款，订单自动关闭',
  shopper_cancel: '你取消了订单',
  merchant_close: '商家关闭了订单',
  refunded: '已全额退款',
};

export const CANCEL_REASONS = ['不想要了', '商品选错了', '地址信息填写错误', '价格有点贵', '其他原因'];

export const DELIVERY_TEXT: Record<OrderDeliveryMethod, string> = { express: '快递配送', pickup: '到店自提', local: '同城配送', virtual: '虚拟商品 · 无需物流' };

/**
 * COUPON_CODE_THROTTLED's words (the server sends `details.retryAfterSeconds`): how long until another typed code is
 * looked up; meanwhile the checkout quotes without the code, so the order can still be placed.
 */
export const couponCodeThrottledText = (retryAfterSeconds: number | null): string => {
  if (retryAfterSeconds === null || retryAfterSeconds <= 0) return '优惠码尝试次数过多，请稍后再试';
  return retryAfterSeconds < 60
    ? `优惠码尝试次数过多，请 ${Math.ceil(retryAfterSeconds)} 秒后再试`
    : `优惠码尝试次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`;
};

/** The breakdown's freight row: none for virtual goods (no logistics, so no 运费 · 免运费), else the freight in fen. */
export const freightShown = (method: OrderDeliveryMethod, freight: number): number | null => (method === 'virtual' ? null : freight);

/** The server's reason for an unavailable delivery method (already in Chinese). */
export const deliveryReasonText = (reason: string | null): string => reason ?? '暂不可用';

/** LINE_MAX_QUANTITY of @shop/types (its module brings zod, which stays out of the mini-program bundle). */
export const LINE_MAX_QUANTITY = 999;

export const PROBLEM_TEXT: Record<CartLineProblem, string> = {
  gone: '已失效',
  off_shelf: '已下架',
  out_of_stock: '已售罄',
  insufficient_stock: '库存不足',
  price_changed: '价格变动',
};
/** A price change is shown but does not stop the purchase; the other problems do (as the server decides). */
export const blocksPurchase = (problems: CartLineProblem[]): boolean => problems.some((p) => p !== 'price_changed');

export const COUPON_REJECTION_TEXT: Record<CouponRejection, string> = {
  NOT_STARTED: '未到使用时间',
  EXPIRED: '已过期',
  USED: '已使用',
  VOID: '已作废',
  NEW_CUSTOMERS_ONLY: '新人专享，仅限首单使用',
  NO_ELIGIBLE_LINES: '所选商品不适用',
  BELOW_THRESHOLD: '未达到使用门槛',
  ZERO_OFF: '当前无可抵扣金额',
};

/** The breakdown row's title for a quote step (the step's own name says which campaign, coupon or level). */
export const stepTitle = (kind: QuoteStepKind, name: string): string => {
  switch (kind) {
    case 'goods':
      return '商品金额';
    case 'activity':
      return `限时活动 · ${name}`;
    case 'campaign':
      return `营销活动 · ${name}`;
    case 'coupon':
      return `优惠券 · ${name}`;
    case 'member':
      return `会员折扣${name && name !== '会员折扣' ? ` · ${name}` : ''}`;
    case 'points':
      return '积分抵扣';
    default:
      return name;
  }
};

const pad = (n: number) => String(n).padStart(2, '0');
/** ISO instant -> "2026-11-26 03:07" in the device's time zone. */
export const formatTime = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
/** Milliseconds left -> "29:58" (or "1:02:03" beyond an hour); "00:00" once past. */
export const formatCountdown = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
};

// ---------------------------------------------------------------------------------------------------------------
// Checkout URLs: the cart's selected lines, or 立即购买 items passed through the URL as encoded JSON.

export type CheckoutItem = { skuId: string; quantity: number };
export const checkoutUrlForCart = (): string => '/pages/checkout/index?cart=1';
export const checkoutUrlForItems = (items: CheckoutItem[]): string => `/pages/checkout/index?items=${encodeURIComponent(JSON.stringify(items))}`;

/** The `items` parameter back to items (null when missing or malformed). Platforms differ on decoding it first. */
export const parseItemsParam = (raw: string | undefined): CheckoutItem[] | null => {
  if (!raw) return null;
  const tries = [raw];
  try {
    tries.push(decodeURIComponent(raw));
  } catch {
    /* already decoded */
  }
  for (const t of tries) {
    try {
      const v = JSON.parse(t) as unknown;
      if (!Array.isArray(v) || v.length === 0) continue;
      const items = v.filter(
        (i): i is CheckoutItem =>
          typeof i === 'object' && i !== null && typeof i.skuId === 'string' && Number.isInteger(i.quantity) && i.quantity > 0,
      );
      if (items.length === v.length) return items.map((i) => ({ skuId: i.skuId, quantity: i.quantity }));
    } catch {
      /* try the next form */
    }
  }
  return null;
};

/** One id per checkout page visit: the server makes one order per id, so a double tap or a retry cannot make two. */
export const newRequestId = (): string =>
  `ck${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 6)}`;

export const addressLine = (a: { province: string; city: string; district: string; detail: string }): string =>
  [a.province, a.city === a.province ? '' : a.city, a.district, a.detail].filter(Boolean).join(' ');


