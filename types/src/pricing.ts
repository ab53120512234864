/**
 * The price engine's contract: a self-contained quote input and the quote it produces.
 * The same shapes are read by `npm run -s quote < input.json` (stable: documented in the README).
 * Money is integer fen; rates are per mille (900 = 90 % = 9 折); times are ISO-8601 instants.
 */
import { z } from 'zod';
import { Fen, Id } from './common';

export const PerMille = z.number().int().min(0).max(1000);
export const Instant = z.string().datetime({ offset: true });
export const DeliveryMethod = z.enum(['express', 'pickup', 'local']);
export type DeliveryMethod = z.infer<typeof DeliveryMethod>;

/**
 * An item activity price set by a flash sale or a limited-time discount. `units` (default: the whole line) is how
 * many of the line's units get the price: a limited-time discount's "first N" limit discounts only some.
 */
export const ItemActivity = z
  .object({ kind: z.enum(['flash', 'limited']), id: Id, name: z.string().max(100).default(''), price: Fen, units: z.number().int().min(1).max(9999).optional() })
  .strict();
export type ItemActivity = z.infer<typeof ItemActivity>;

export const QuoteLineInput = z
  .object({
    skuId: Id,
    productId: Id,
    categoryIds: z.array(Id).max(10).default([]),
    name: z.string().max(200).default(''),
    quantity: z.number().int().min(1).max(9999),
    /** the SKU's sale price (售价) per unit, before any promotion */
    price: Fen,
    /** the crossed-out price (划线价) per unit, 0 = none; display only */
    originalPrice: Fen.default(0),
    /** points earned = floor(price in yuan × quantity × coefficient) */
    pointsCoefficient: z.number().min(0).max(100).default(0),
    activity: ItemActivity.nullable().default(null),
  })
  .strict();
export type QuoteLineInput = z.input<typeof QuoteLineInput>;

export const Tier = z.object({ threshold: z.number().int().min(1), value: z.number().int().min(0) }).strict();

/** Campaign rules (营销活动). Thresholds are fen, except a discount campaign by count (items). */
export const CampaignRule = z.union([
  /** 满减: tiered (the highest tier met only; value = fen off) */
  z.object({ kind: z.literal('reduction'), mode: z.literal('tiered'), tiers: z.array(Tier).min(1).max(10) }).strict(),
  /** 每满减: every `every` fen takes `off` fen, at most `cap` fen in all (0 = no cap) */
  z.object({ kind: z.literal('reduction'), mode: z.literal('every'), every: z.number().int().min(1), off: Fen, cap: Fen.default(0) }).strict(),
  /** 满折: the highest tier met; value = rate per mille paid (900 = 9 折); basis amount (fen) or count (items) */
  z.object({ kind: z.literal('discount'), basis: z.enum(['amount', 'count']), tiers: z.array(Tier).min(1).max(10) }).strict(),
  /** 满赠券: the highest tier met grants `quantity` of coupon `couponId` after the order completes */
  z
    .object({
      kind: z.literal('giftCoupon'),
      tiers: z.array(z.object({ threshold: z.number().int().min(1), couponId: Id, quantity: z.number().int().min(1).max(10) }).strict()).min(1).max(10),
    })
    .strict(),
  /** 满免邮: goods of the campaign reaching `threshold` (0 = any amount) ship free, except to excluded regions */
  z
    .object({
      kind: z.literal('freeShipping'),
      threshold: Fen.default(0),
      excludedRegions: z.array(z.string().min(1).max(40)).max(100).default([]),
      deliveryMethods: z.array(DeliveryMethod).min(1).default(['express', 'local']),
    })
    .strict(),
]);
export type CampaignRule = z.infer<typeof CampaignRule>;
export type CampaignKind = CampaignRule['kind'];

/** Who may take part (the seed's four audiences). */
export const Audience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('levels'), levelIds: z.array(Id).min(1) }).strict(),
  z.object({ kind: z.literal('customers'), openids: z.array(Id).min(1) }).strict(),
  z.object({ kind: z.literal('firstOrder') }).strict(),
]);
export type Audience = z.infer<typeof Audience>;

export const QuoteCampaign = z
  .object({
    id: Id,
    name: z.string().max(100),
    rule: CampaignRule,
    /** null = every product (全场) */
    productIds: z.array(Id).nullable().default(null),
    audience: Audience.prefault({ kind: 'all' }),
    startsAt: Instant,
    /** null = permanent */
    endsAt: Instant.nullable().default(null),
  })
  .strict();
export type QuoteCampaign = z.input<typeof QuoteCampaign>;

/** A coupon the shopper holds (or a reusable code entered), as the engine needs it. */
export const QuoteCoupon = z
  .object({
    /** the held coupon's id (a normal coupon's code document, or `reusable:<couponId>`) */
    id: Id,
    couponId: Id,
    name: z.string().max(100),
    type: z.enum(['cash', 'discount']),
    /** cash: fen off; discount: rate per mille paid (800 = 8 折) */
    value: z.number().int().min(0),
    /** discount coupons: at most this many fen off (0 = no maximum) */
    maxOff: Fen.default(0),
    /** goods amount (after campaigns) the coupon needs, 0 = no threshold */
    threshold: Fen.default(0),
    /** null = every product */
    productIds: z.array(Id).nullable().default(null),
    validFrom: Instant,
    validTo: Instant,
    /** only `available` coupons can apply; the others are explained */
    state: z.enum(['available', 'used', 'void']).default('available'),
    /** 'new': applies only when the customer has no paid order (`customer.isFirstOrder`) */
    audience: z.enum(['all', 'new']).default('all'),
  })
  .strict();
export type QuoteCoupon = z.input<typeof QuoteCoupon>;

export const QuoteInput = z
  .object({
    /** the instant campaigns and coupons are judged at */
    now: Instant,
    lines: z.array(QuoteLineInput).min(1).max(100),
    campaigns: z.array(QuoteCampaign).max(200).default([]),
    coupons: z.array(QuoteCoupon).max(500).default([]),
    /** a held coupon id, null for none, 'best' to let the engine pick the largest saving */
    couponId: z.union([Id, z.null()]).default('best'),
    customer: z
      .object({
        openid: Id.default('anonymous'),
        levelId: Id.nullable().default(null),
        levelName: z.string().max(40).default(''),
        /** member-level rate per mille paid (1000 = no discount) */
        discountRate: PerMille.default(1000),
        isFirstOrder: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    points: z
      .object({
        enabled: z.boolean().default(false),
        balance: z.number().int().min(0).default(0),
        /** points to use: a number (clamped to what is allowed) or 'max' */
        use: z.union([z.number().int().min(0), z.literal('max')]).default(0),
        /** how many fen one point pays */
        fenPerPoint: z.number().int().min(1).max(100_000).default(1),
        /** points may pay at most this percentage of the amount they apply to */
        maxPercent: z.number().int().min(0).max(100).default(100),
      })
      .strict()
      .prefault({}),
    delivery: z
      .object({ method: DeliveryMethod.default('express'), region: z.string().max(40).default(''), freight: Fen.default(0) })
      .strict()
      .prefault({}),
  })
  .strict();
export type QuoteInput = z.input<typeof QuoteInput>;
export type QuoteInputParsed = z.output<typeof QuoteInput>;

export type QuoteStepKind = 'goods' | 'activity' | 'campaign' | 'coupon' | 'member' | 'points';
/** One step of the breakdown: what it took off and the order amount (goods + freight) after it. */
export interface QuoteStep {
  kind: QuoteStepKind;
  /** campaign / coupon / activity / level id, when the step comes from one */
  id: string | null;
  name: string;
  /** the rule in words, e.g. "满100.00减15.00 on 100.00 of goods" */
  rule: string;
  off: number;
  /** of `off`, how much came off the freight */
  freightOff: number;
  amountAfter: number;
}

export interface QuoteLine {
  skuId: string;
  productId: string;
  name: string;
  quantity: number;
  /** sale price × quantity */
  listAmount: number;
  /** the unit price after the item activity */
  unitPrice: number;
  activityOff: number;
  campaignOff: number;
  couponOff: number;
  memberOff: number;
  pointsOff: number;
  /** what this line really costs the shopper: listAmount minus every share above */
  payable: number;
  /** the discount campaign the line took part in */
  campaignId: string | null;
  activity: ItemActivity | null;
  pointsEarned: number;
}

export type CouponRejection = 'NOT_STARTED' | 'EXPIRED' | 'USED' | 'VOID' | 'NEW_CUSTOMERS_ONLY' | 'NO_ELIGIBLE_LINES' | 'BELOW_THRESHOLD' | 'ZERO_OFF';
export interface CouponVerdict {
  id: string;
  couponId: string;
  name: string;
  applicable: boolean;
  /** the saving it would give now (0 when not applicable) */
  off: number;
  reason: CouponRejection | null;
  /** words for the shopper, e.g. "needs 12.00 more of eligible goods" */
  message: string;
}

export interface Quote {
  /** sum of sale price × quantity */
  goodsAmount: number;
  freight: number;
  steps: QuoteStep[];
  lines: QuoteLine[];
  /** freight still to pay after free shipping and the points share on freight */
  freightPayable: number;
  /** everything taken off goods and freight */
  totalOff: number;
  /** what the shopper pays: goods + freight − totalOff */
  payable: number;
  coupon: { chosen: string | null; best: string | null };
  coupons: CouponVerdict[];
  points: { used: number; max: number; off: number; earned: number };
  /** granted after the order completes (满赠券) */
  giftCoupons: { campaignId: string; couponId: string; quantity: number }[];
  /** campaigns that applied, by id */
  campaignIds: string[];
}
