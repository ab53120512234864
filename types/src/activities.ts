/**
 * Item activities (商品活动): flash sales (秒杀), limited-time discounts (限时折扣) and full-payment presales (全款预售).
 * A flash sale and a limited-time discount set a SKU's price for a window; a presale sells products that are not in
 * stock yet and ships them later. The same SKU (a presale: any SKU of the product) is never in two activities whose
 * windows overlap. Money is integer fen; times are ISO-8601 instants; clock times (HH:mm) and dates are Beijing time.
 */
import { z } from 'zod';
import { Fen, Id, PageInput, type Page, type SchemaIn as In } from './common';
import { Instant } from './pricing';

export const ActivityKind = z.enum(['flash', 'limited', 'presale']);
export type ActivityKind = z.infer<typeof ActivityKind>;
export const ACTIVITY_NAMES: Record<ActivityKind, string> = { flash: '秒杀', limited: '限时折扣', presale: '全款预售' };

const Name = z.string().trim().min(1).max(40);
const Description = z.string().trim().max(200).default('');
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

/** The card shown when a shopper shares the activity's product (分享设置); empty title = the product name. */
export const ShareSettings = z
  .object({ title: z.string().trim().max(40).default(''), image: z.string().max(500).nullable().default(null) })
  .strict()
  .prefault({});


// --- flash sale -------------------------------------------------------------------------------------------------

export const FlashItemInput = z
  .object({
    skuId: Id,
    /** the flash price: lower than the SKU's sale price */
    price: Fen,
    /** the flash sale's own stock (独立库存), separate from the SKU's stock */
    stock: z.number().int().min(1).max(1_000_000),
  })
  .strict();

export const FlashInput = z
    .object({
      kind: z.literal('flash'),
      name: Name,
      description: Description,
      startsAt: Instant,
      endsAt: Instant,
      /** per shopper and per SKU, for the whole activity; taken when the order is submitted (0 = no limit) */
      limitPerShopper: z.number().int().min(0).max(999).default(1),
      /** an unpaid flash order closes after this many minutes (and gives its stock and quota back) */
      closeMinutes: z.number().int().min(1).max(1440).default(30),
      /** shoppers who asked to be reminded hear this many minutes before the start */
      remindMinutes: z.number().int().min(1).max(1440).default(5),
      share: ShareSettings,
      items: z.array(FlashItemInput).min(1).max(100),
    })
    .strict();

// --- limited-time discount --------------------------------------------------------------------------------------

/**
 * discount: `value` is the rate in hundredths of 折 (750 = 7.5折), more than 1折 and at most 10折;
 * reduction: `value` fen off the sale price (more than 0, at most the price); fixed: `value` is the price itself.
 */
export const LimitedItemInput = z
  .object({
    skuId: Id,
    mode: z.enum(['discount', 'reduction', 'fixed']),
    value: z.number().int().min(0).max(1_000_000_000),
    /** units sold at the activity price; at most the SKU's stock when saved */
    stock: z.number().int().min(1).max(1_000_000),
  })
  .strict();
export type LimitedItemInput = z.infer<typeof LimitedItemInput>;

/** Repeats inside the window (按周期重复): weekdays 1 = Monday … 7 = Sunday; month days 1–31 (a short month skips). */
export const RepeatRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('daily'), from: ClockTime, to: ClockTime }).strict(),
  z.object({ kind: z.literal('weekly'), days: z.array(z.number().int().min(1).max(7)).min(1).max(7), from: ClockTime, to: ClockTime }).strict(),
  z.object({ kind: z.literal('monthly'), days: z.array(z.number().int().min(1).max(31)).min(1).max(31), from: ClockTime, to: ClockTime }).strict(),
]);
export type RepeatRule = z.infer<typeof RepeatRule>;

/**
 * Per shopper and SKU over the activity (每人每种商品限购): `all_or_none` — more than N and none of them is
 * discounted; `first_n` — the first N are discounted and the rest pay the sale price; `block` — more than N cannot
 * be ordered.
 */
export const LimitRule = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).strict(),
  z.object({ mode: z.enum(['all_or_none', 'first_n', 'block']), quantity: z.number().int().min(1).max(999) }).strict(),
]);
export type LimitRule = z.infer<typeof LimitRule>;

/** 取整: `jiao` drops the fen (9.87 → 9.80), `yuan` drops the jiao and fen (9.87 → 9.00); never below 1.00 yuan. */
export const Rounding = z.enum(['none', 'jiao', 'yuan']);
export type Rounding = z.infer<typeof Rounding>;

export const LimitedInput = z
    .object({
      kind: z.literal('limited'),
      name: Name,
      description: Description,
      startsAt: Instant,
      endsAt: Instant,
      repeat: RepeatRule.prefault({ kind: 'none' }),
      limit: LimitRule.prefault({ mode: 'none' }),
      rounding: Rounding.default('none'),
      /** shown on the product (活动标签), e.g. 限时特惠 */
      tag: z.string().trim().max(8).default(''),
      /** smaller first in activity listings (活动排序) */
      sort: z.number().int().min(0).max(9999).default(0),
      remindMinutes: z.number().int().min(1).max(1440).default(5),
      share: ShareSettings,
      items: z.array(LimitedItemInput).min(1).max(100),
    })
    .strict();

// --- presale ----------------------------------------------------------------------------------------------------

export const PresaleShip = z.discriminatedUnion('mode', [
  /** ships within N days after payment (支付后X天内发货) */
  z.object({ mode: z.literal('afterPayment'), days: z.number().int().min(1).max(180) }).strict(),
  /** ships from a set Beijing date (自定义发货) */
  z.object({ mode: z.literal('date'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD') }).strict(),
]);
export type PresaleShip = z.infer<typeof PresaleShip>;

export const PresaleItemInput = z
  .object({
    productId: Id,
    /** the virtual stock (虚拟库存) shown and taken by presale orders, shared by the product's SKUs */
    stock: z.number().int().min(0).max(1_000_000),
    /** orders may go on when the virtual stock is used up (允许超卖) */
    oversell: z.boolean().default(false),
  })
  .strict();

export const PresaleInput = z
    .object({
      kind: z.literal('presale'),
      name: Name,
      description: Description,
      startsAt: Instant,
      endsAt: Instant,
      ship: PresaleShip,
      share: ShareSettings,
      items: z.array(PresaleItemInput).min(1).max(100),
    })
    .strict();

export const ActivityInput = z
  .discriminatedUnion('kind', [FlashInput, LimitedInput, PresaleInput])
  .refine((a) => a.endsAt > a.startsAt, { message: 'the end must be after the start', path: ['endsAt'] });
export type ActivityInput = z.input<typeof ActivityInput>;
export type ActivityData = z.output<typeof ActivityInput>;
export type FlashData = z.output<typeof FlashInput>;
export type LimitedData = z.output<typeof LimitedInput>;
export type PresaleData = z.output<typeof PresaleInput>;

export type ActivityStatus = 'upcoming' | 'running' | 'ended';

/** A stored activity; `endedAt` is set when the merchant ends it early. */
export type Activity = ActivityData & {
  _id: string;
  status: ActivityStatus;
  endedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** One item of an activity as the admin sees it: names, prices and what is left of its stock. */
export interface ActivityItemView {
  /** skuId for flash and limited, productId for presale */
  key: string;
  productId: string;
  skuId: string | null;
  name: string;
  specValues: string[];
  /** the SKU's sale price (presale: the product's lowest) */
  salePrice: number;
  /** flash and limited: the activity price */
  price: number | null;
  /** the stock configured, what is left of it now, and what is sold (left may go below zero: a presale overselling) */
  stock: number;
  left: number;
  sold: number;
}
export type ActivityDetail = Activity & { itemViews: ActivityItemView[] };

export interface ActivitySummary {
  _id: string;
  kind: ActivityKind;
  name: string;
  status: ActivityStatus;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  items: number;
  sold: number;
  tag: string;
  sort: number;
}

export const ActivityListInput = z.object({ kind: ActivityKind, status: z.enum(['upcoming', 'running', 'ended']).optional(), ...PageInput }).strict();

export interface ActivityStats {
  /** units of the activity's goods in paid orders (预售商品总数 …) */
  goods: number;
  orders: number;
  buyers: number;
  /** the whole paid amount of those orders, in fen (成交总金额: the seed counts the whole order) */
  amount: number;
  /** shoppers waiting for a reminder / reminded */
  reminders: number;
}
export interface ActivityOrderRow {
  orderId: string;
  openid: string;
  nickname: string;
  units: number;
  amount: number;
  paidAt: string;
  /** presale: when shipping starts (开始发货时间) */
  shipFrom: string | null;
  status: string;
}
export const ActivityStatsInput = z.object({ id: Id, ...PageInput }).strict();

export interface ReminderMessage {
  _id: string;
  activityId: string;
  activityName: string;
  openid: string;
  productId: string;
  productName: string;
  /** the WeChat subscribe-message template data, as sent */
  data: Record<string, string>;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}
export const MessageListInput = z.object({ status: z.enum(['pending', 'sent', 'failed']).optional(), ...PageInput }).strict();

// --- what the shopper sees --------------------------------------------------------------------------------------

/** The activity on a product card or page. */
export interface ActivityBadge {
  id: string;
  kind: ActivityKind;
  name: string;
  /** limited: the merchant's tag; otherwise the kind's name */
  tag: string;
  status: 'upcoming' | 'running';
  startsAt: string;
  endsAt: string;
  /** limited with a repeat rule: the current or next period */
  periodStart: string;
  periodEnd: string;
  /** the lowest activity price among the product's SKUs (presale: null) */
  priceMin: number | null;
  soldOut: boolean;
}
export interface ActivitySkuView {
  skuId: string;
  price: number | null;
  /** units left of the activity stock (presale: the virtual stock; null when oversell is allowed) */
  left: number | null;
  /** per-shopper limit, 0 = none */
  limit: number;
  /** units this shopper has already taken (0 when anonymous) */
  taken: number;
}
export interface ProductActivity extends ActivityBadge {
  description: string;
  limitMode: LimitRule['mode'] | 'flash';
  skus: ActivitySkuView[];
  /** presale: when shipping starts, in words and as a rule */
  ship: PresaleShip | null;
  share: { title: string; image: string | null };
  /** whether the calling shopper asked to be reminded */
  reminded: boolean;
}

export const ProductActivityInput = z.object({ productId: Id }).strict();
export const RemindInput = z.object({ activityId: Id, productId: Id, on: z.boolean().default(true) }).strict();
export const ActivityIdInput = z.object({ id: Id }).strict();
export const RunningInput = z.object({ kind: ActivityKind.optional() }).strict();

/** The presale part of an order (shown at checkout and on the order). */
export interface OrderPresale {
  activityId: string;
  name: string;
  ship: PresaleShip;
  /** when shipping starts: the set date, or payment + days (null until paid) */
  shipFrom: string | null;
}

/** shopper-facing */
export interface ActivityApi {
  /** the running or upcoming activity of a product, with this shopper's quota and reminder */
  forProduct: { input: In<typeof ProductActivityInput>; output: ProductActivity | null };
  /** asks for (or cancels) a reminder before an upcoming activity starts; needs a logged-in shopper */
  remind: { input: In<typeof RemindInput>; output: { reminded: boolean } };
  /** running and upcoming activities with their products (the flash-sale venue) */
  running: { input: In<typeof RunningInput>; output: { activity: ActivityBadge; products: { productId: string; name: string; image: string | null; price: number | null; salePrice: number; soldOut: boolean }[] }[] };
}

/** merchant-facing (owner and operator) */
export interface ActivityAdminApi {
  list: { input: In<typeof ActivityListInput>; output: Page<ActivitySummary> };
  get: { input: In<typeof ActivityIdInput>; output: ActivityDetail };
  /** refuses ACTIVITY_CONFLICT naming the other activity when a SKU would be in two overlapping activities */
  create: { input: ActivityInput; output: ActivityDetail };
  update: { input: ActivityInput & { id: string }; output: ActivityDetail };
  /** ends a running or upcoming activity now */
  end: { input: In<typeof ActivityIdInput>; output: ActivityDetail };
  stats: { input: In<typeof ActivityStatsInput>; output: ActivityStats & { rows: Page<ActivityOrderRow> } };
  /** the paid orders of the activity as a CSV file (UTF-8 with BOM, for Excel) */
  export: { input: In<typeof ActivityIdInput>; output: { filename: string; csv: string } };
  /** the reminder outbox */
  messages: { input: In<typeof MessageListInput>; output: Page<ReminderMessage> };
}

/**
 * The limited-time discount price of a SKU sold at `salePrice` (pure: the admin previews with it).
 * Half up to the fen, then the rounding option, which does nothing below 1.00 yuan.
 */
export function limitedPrice(salePrice: number, item: Pick<LimitedItemInput, 'mode' | 'value'>, rounding: Rounding): number {
  let p: number;
  if (item.mode === 'discount') p = Math.floor((salePrice * item.value + 500) / 1000);
  else if (item.mode === 'reduction') p = salePrice - item.value;
  else p = item.value;
  p = Math.max(0, p);
  if (p < 100 || rounding === 'none') return p;
  const floored = rounding === 'jiao' ? Math.floor(p / 10) * 10 : Math.floor(p / 100) * 100;
  return Math.max(100, floored);
}

/** Why a limited item's value is not allowed for a SKU priced `salePrice` (null = fine). */
export function limitedItemProblem(salePrice: number, item: Pick<LimitedItemInput, 'mode' | 'value'>): string | null {
  if (item.mode === 'discount') return item.value > 100 && item.value <= 1000 ? null : '折扣必须大于1折且不超过10折';
  if (item.mode === 'reduction') return item.value > 0 && item.value <= salePrice ? null : '减价必须大于0且不超过售价';
  return item.value <= salePrice ? null : '活动价不能高于售价';
}
