/**
 * Words, colours and small pieces shared by the order, campaign and order-settings pages: status and star names,
 * campaign rule summaries (fen → yuan, per mille → 折), the star flag menu and the errors these pages explain.
 */
import { useEffect, useState } from 'react';
import { Badge, Button, Dropdown, Tag, Tooltip, type MenuProps } from 'antd';
import { FlagFilled, FlagOutlined } from '@ant-design/icons';
import { AWAITING_PICKUP_TEXT, awaitsPickup, DELIVERY_METHOD_TEXT, formatYuan, ORDER_STATUS_TEXT, type Campaign, type CampaignStatus, type Order, type OrderStatus } from '@shop/types';
import { ApiError, call, useSession } from './api';
import { errorText } from './errors';

export type StarColor = NonNullable<Order['star']>;
export type CampaignKind = Campaign['rule']['kind'];

export { ORDER_STATUS_TEXT } from '@shop/types';
export const ORDER_STATUS_COLOR: Record<OrderStatus, string> = {
  unpaid: 'orange',
  paid: 'blue',
  partly_shipped: 'cyan',
  shipped: 'geekblue',
  completed: 'green',
  closed: 'default',
};
/** One order's label: a paid pickup order reads 待自提 (the rule the storefront uses), not 待发货. */
export const orderStatusText = (o: { status: OrderStatus; delivery?: { method: string } }): string =>
  o.delivery && awaitsPickup({ status: o.status, delivery: o.delivery }) ? AWAITING_PICKUP_TEXT : (ORDER_STATUS_TEXT[o.status] ?? o.status);
/** An order's status tag; pass `method` (the order's delivery method) so a paid pickup order reads 待自提. */
export const OrderStatusTag = ({ status, method, testId }: { status: OrderStatus; method?: string; testId?: string }) => (
  <Tag color={ORDER_STATUS_COLOR[status]} data-testid={testId} data-status={status}>
    {orderStatusText({ status, delivery: method ? { method } : undefined })}
  </Tag>
);

export const CLOSE_REASON_TEXT: Record<string, string> = {
  timeout: '超时未付款，自动关闭',
  shopper_cancel: '顾客取消',
  merchant_close: '商家关闭',
  refunded: '已全额退款',
};

export const STAR_COLORS: StarColor[] = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'];
export const STAR_TEXT: Record<StarColor, string> = { red: '红旗', orange: '橙旗', yellow: '黄旗', green: '绿旗', blue: '蓝旗', purple: '紫旗' };
export const STAR_HEX: Record<StarColor, string> = {
  red: '#f5222d',
  orange: '#fa8c16',
  yellow: '#fadb14',
  green: '#52c41a',
  blue: '#1677ff',
  purple: '#722ed1',
};

export const CAMPAIGN_KIND_TEXT: Record<CampaignKind, string> = { reduction: '满减', discount: '满折', giftCoupon: '满赠券', freeShipping: '满免邮' };
export const CAMPAIGN_KIND_COLOR: Record<CampaignKind, string> = { reduction: 'red', discount: 'volcano', giftCoupon: 'purple', freeShipping: 'cyan' };
export const CAMPAIGN_STATUS_TEXT: Record<CampaignStatus, string> = { upcoming: '未开始', running: '进行中', ended: '已结束' };
export const CAMPAIGN_STATUS_COLOR: Record<CampaignStatus, string> = { upcoming: 'blue', running: 'green', ended: 'default' };
export const DELIVERY_TEXT: Record<string, string> = DELIVERY_METHOD_TEXT;

export const STEP_KIND_TEXT: Record<string, string> = {
  goods: '商品金额',
  activity: '单品活动',
  campaign: '营销活动',
  coupon: '优惠券',
  member: '会员折扣',
  points: '积分抵扣',
};

/** A step's own name, unless it only repeats its kind (the engine's fixed names for goods, member and points steps). */
export const stepName = (s: { kind: string; name: string }) => {
  const generic: Record<string, string> = { 商品金额: 'goods', 积分抵扣: 'points', 会员折扣: 'member' };
  return generic[s.name] === s.kind ? '' : s.name;
};

/** ¥12.30 */
export const yuan = (fen: number) => `¥${formatYuan(fen)}`;

/** 900 → "9", 850 → "8.5", 875 → "8.75" (折) */
export const perMilleToZhe = (v: number) => String(Number((v / 100).toFixed(2)));
/** "9" / "8.5" → 900 / 850; null when not a rate between 0.01 and 9.99 折 with at most two decimals */
export const zheToPerMille = (text: string | number | null | undefined): number | null => {
  const s = text === null || text === undefined ? '' : String(text).trim();
  if (!/^\d(?:\.\d{1,2})?$/.test(s)) return null;
  const v = Math.round(Number(s) * 100);
  return v >= 1 && v <= 999 ? v : null;
};

/** The rule in words, e.g. 满100.00减10.00；满200.00减30.00 */
export function ruleSummary(rule: Campaign['rule'], couponName?: (id: string) => string | undefined): string {
  switch (rule.kind) {
    case 'reduction':
      if (rule.mode === 'every') return `每满${formatYuan(rule.every)}元减${formatYuan(rule.off)}元${rule.cap ? `，最多减${formatYuan(rule.cap)}元` : ''}`;
      return rule.tiers.map((t) => `满${formatYuan(t.threshold)}元减${formatYuan(t.value)}元`).join('；');
    case 'discount':
      return rule.tiers
        .map((t) => `满${rule.basis === 'count' ? `${t.threshold}件` : `${formatYuan(t.threshold)}元`}打${perMilleToZhe(t.value)}折`)
        .join('；');
    case 'giftCoupon':
      return rule.tiers.map((t) => `满${formatYuan(t.threshold)}元送「${couponName?.(t.couponId) ?? t.couponId}」×${t.quantity}`).join('；');
    case 'freeShipping': {
      const head = rule.threshold > 0 ? `满${formatYuan(rule.threshold)}元包邮` : '包邮（不限金额）';
      const methods = rule.deliveryMethods.map((m) => DELIVERY_TEXT[m] ?? m).join('、');
      const excluded = rule.excludedRegions.length ? `，不含${rule.excludedRegions.join('、')}` : '';
      return `${head}（${methods}）${excluded}`;
    }
  }
}

/** Who did it, from an order history entry's `by` (merchant:<username> / shopper / system). */
export const byText = (by: string) => {
  if (by.startsWith('merchant:')) return `商家 ${by.slice('merchant:'.length)}`;
  if (by === 'shopper') return '顾客';
  if (by === 'system') return '系统';
  return by;
};

const EXTRA_CODE_TEXT: Record<string, string> = {
  ILLEGAL_TRANSITION: '订单当前状态不允许此操作',
  INVALID_STATE: '当前状态不允许此操作',
  CAMPAIGN_CONFLICT: '与其他活动冲突',
  PAYMENT_NOT_CONFIGURED: '微信支付尚未配置',
  PAYMENT_UNAVAILABLE: '微信支付暂时不可用，请稍后重试',
  REFUND_EXCEEDS_PAID: '退款金额超过可退金额',
  AFTERSALE_AMOUNT_TOO_HIGH: '售后金额超过可退金额',
};
/** errorText, plus the codes these pages meet (the shared table predates them): label and the server's words. */
export const actionErrorText = (e: unknown): string => {
  if (e instanceof ApiError && EXTRA_CODE_TEXT[e.code]) return `${EXTRA_CODE_TEXT[e.code]}（${e.message}）`;
  return errorText(e);
};

/** The flag menu: pick a colour or clear it. `onChange` gets the order back from the server. */
export function StarMenu({ id, star, onChange, onError }: { id: string; star: StarColor | null; onChange: (o: Order) => void; onError: (e: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  const menu: MenuProps = {
    selectedKeys: star ? [star] : [],
    items: [
      ...STAR_COLORS.map((c) => ({
        key: c,
        icon: <FlagFilled style={{ color: STAR_HEX[c] }} />,
        label: <span data-testid={`star-option-${c}`}>{STAR_TEXT[c]}</span>,
      })),
      { type: 'divider' as const },
      { key: 'none', disabled: !star, icon: <FlagOutlined />, label: <span data-testid="star-option-none">取消标记</span> },
    ],
    onClick: async ({ key }) => {
      setBusy(true);
      try {
        onChange(await call('orderAdmin', 'star', { id, star: key === 'none' ? null : (key as StarColor) }));
      } catch (e) {
        onError(e);
      } finally {
        setBusy(false);
      }
    },
  };
  return (
    <Dropdown menu={menu} trigger={['click']}>
      <Tooltip title={star ? `${STAR_TEXT[star]}（点击修改）` : '标记订单'}>
        <Button
          type="text"
          size="small"
          loading={busy}
          data-testid={`star-${id}`}
          data-star={star ?? ''}
          aria-label={star ? STAR_TEXT[star] : '标记订单'}
          icon={star ? <FlagFilled style={{ color: STAR_HEX[star] }} /> : <FlagOutlined style={{ color: '#bfbfbf' }} />}
        />
      </Tooltip>
    </Dropdown>
  );
}

/** Tell the menu badge to refresh after something changed the counts. */
export const ORDERS_CHANGED = 'shop:orders-changed';
export const notifyOrdersChanged = () => window.dispatchEvent(new Event(ORDERS_CHANGED));

/** What orderAdmin.counts answers. */
export type OrderCounts = Awaited<ReturnType<typeof readOrderCounts>>;
const readOrderCounts = () => call('orderAdmin', 'counts', {});
const countsListeners = new Set<(c: OrderCounts) => void>();
let countsReading: Promise<void> | null = null;
let countsTimer: number | undefined;
const refreshOrderCounts = () =>
  (countsReading ??= readOrderCounts()
    .then((c) => countsListeners.forEach((l) => l(c)))
    .catch(() => undefined) // a hint: nothing when the counts cannot be read
    .finally(() => (countsReading = null)));

/**
 * orderAdmin.counts for everything in the panel that shows them (the 订单列表 badge, the new-order alert): one read
 * every 30 s and on ORDERS_CHANGED however many listen, each listener called with every answer. Answers the
 * unsubscribe; the polling stops with the last listener.
 */
export function subscribeOrderCounts(listener: (c: OrderCounts) => void): () => void {
  countsListeners.add(listener);
  if (countsListeners.size === 1) {
    countsTimer = window.setInterval(refreshOrderCounts, 30_000);
    window.addEventListener(ORDERS_CHANGED, refreshOrderCounts);
  }
  void refreshOrderCounts();
  return () => {
    countsListeners.delete(listener);
    if (countsListeners.size > 0) return;
    window.clearInterval(countsTimer);
    window.removeEventListener(ORDERS_CHANGED, refreshOrderCounts);
  };
}

/** A count read by `load` every minute and on ORDERS_CHANGED, handed to `set`; answers the unsubscribe. */
const polled = (load: () => Promise<number>) => (set: (n: number) => void) => {
  const refresh = () => load().then(set).catch(() => undefined); // the badge is a hint: none when it cannot be read
  void refresh();
  const timer = window.setInterval(refresh, 60_000);
  window.addEventListener(ORDERS_CHANGED, refresh);
  return () => {
    window.clearInterval(timer);
    window.removeEventListener(ORDERS_CHANGED, refresh);
  };
};

/**
 * A side-menu label with a count badge (absent at 0) for owners and operators. `subscribe` hands it the count as it
 * changes and answers the unsubscribe; it must be a module-level function (it is an effect dependency).
 */
export function CountMenuLabel({ text, testId, subscribe }: { text: string; testId: string; subscribe: (set: (n: number) => void) => () => void }) {
  const [count, setCount] = useState(0);
  const role = useSession()?.admin.role;
  const canRead = role === 'owner' || role === 'operator';
  useEffect(() => {
    if (!canRead) return;
    let alive = true;
    const stop = subscribe((n) => alive && setCount(n));
    return () => {
      alive = false;
      stop();
    };
  }, [canRead, subscribe]);
  return (
    <span data-testid={testId} style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
      {text}
      {count > 0 && <Badge count={count} size="small" overflowCount={99} data-testid={`${testId}-pending`} />}
    </span>
  );
}

const pendingOrders = (set: (n: number) => void) => subscribeOrderCounts((c) => set(c.pending));
const pendingAftersales = polled(() => call('aftersaleAdmin', 'list', { status: 'pending', page: 1, pageSize: 1 }).then((p) => p.total));

/** 订单列表 in the side menu, with the number of orders awaiting the merchant (orderAdmin.counts().pending). */
export const OrdersMenuLabel = ({ text = '订单列表' }: { text?: string }) => <CountMenuLabel text={text} testId="menu-orders" subscribe={pendingOrders} />;

/** 售后管理 in the side menu, with the number of after-sales requests awaiting a decision. */
export const AftersalesMenuLabel = () => <CountMenuLabel text="售后管理" testId="menu-aftersales" subscribe={pendingAftersales} />;
