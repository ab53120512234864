/**
 * The price engine's working state: one per quote, built from the parsed input, updated by each step in turn
 * (steps/*.ts), then turned into the `Quote`. Everything is integer fen; nothing here does I/O or reads the clock.
 */
import { type CouponVerdict, formatYuan, type ItemActivity, type QuoteInputParsed, type QuoteStep } from '@shop/types';
import { apportion } from './money';

export type ParsedLine = QuoteInputParsed['lines'][number];

export interface LineState {
  readonly input: ParsedLine;
  /** sale price × quantity */
  readonly listAmount: number;
  unitPrice: number;
  /** the activity that set the unit price; null when none, or when its price was not lower (ignored) */
  activity: ItemActivity | null;
  activityOff: number;
  campaignOff: number;
  couponOff: number;
  memberOff: number;
  pointsOff: number;
  campaignId: string | null;
  pointsEarned: number;
}

export interface PricingState {
  readonly input: QuoteInputParsed;
  /** input.now in epoch milliseconds */
  readonly now: number;
  readonly lines: LineState[];
  readonly goodsAmount: number;
  readonly freight: number;
  /** freight taken off by a free-shipping campaign */
  freeShippingOff: number;
  /** freight paid with points */
  pointsFreightOff: number;
  steps: QuoteStep[];
  giftCoupons: { campaignId: string; couponId: string; quantity: number }[];
  /** 满赠券 campaigns and the lines they took, judged once the goods' paid amount is known (after points) */
  pendingGifts: { id: string; name: string; tiers: { threshold: number; couponId: string; quantity: number }[]; lines: LineState[] }[];
  campaignIds: string[];
  coupon: { chosen: string | null; best: string | null };
  coupons: CouponVerdict[];
  points: { used: number; max: number; off: number; earned: number };
}

/** One rule of the stacking order: reads and updates the working state, nothing else. */
export type PricingStep = (s: PricingState) => void;

export type LineShare = 'campaignOff' | 'couponOff' | 'memberOff' | 'pointsOff';

/** What the line costs now, after every step so far. */
export const lineAmount = (l: LineState): number =>
  l.listAmount - l.activityOff - l.campaignOff - l.couponOff - l.memberOff - l.pointsOff;

export const freightLeft = (s: PricingState): number => s.freight - s.freeShippingOff - s.pointsFreightOff;

export const sumAmounts = (lines: readonly LineState[]): number => lines.reduce((a, l) => a + lineAmount(l), 0);

/** The running order amount: goods after discounts + freight after free shipping and points. */
export const orderAmount = (s: PricingState): number => sumAmounts(s.lines) + freightLeft(s);

export const isFlash = (l: LineState): boolean => l.activity?.kind === 'flash';
export const hasActivity = (l: LineState): boolean => l.activity !== null;

/** Records a step; its amountAfter is the running amount once the step's shares are in place. */
export function addStep(s: PricingState, step: Omit<QuoteStep, 'amountAfter'>): void {
  const { kind, id, name, rule, off, freightOff } = step;
  s.steps.push({ kind, id, name, rule, off, freightOff, amountAfter: orderAmount(s) });
}

/**
 * Splits `total` fen over `lines` by their current amounts (largest remainder, capped at each line's amount so no
 * line goes below zero) and adds each share to `field`.
 */
export function shareOut(total: number, lines: readonly LineState[], field: LineShare): void {
  if (total === 0) return;
  const amounts = lines.map(lineAmount);
  const shares = apportion(total, amounts, amounts);
  for (let i = 0; i < lines.length; i++) lines[i][field] += shares[i];
}

export const yuan = formatYuan;

/** 900 -> "9.0 折", 875 -> "8.75 折" (display only). */
export const zhe = (perMille: number): string =>
  `${perMille % 10 === 0 ? (perMille / 100).toFixed(1) : (perMille / 100).toFixed(2)} 折`;

/**
 * `f` remembering its answers per string: a quote reads the same few campaign and coupon instants many times (the
 * coupon sort most of all), and Date.parse was the engine's largest cost. Bounded, so a long-lived instance does
 * not grow.
 */
function remembered<T>(f: (iso: string) => T): (iso: string) => T {
  const known = new Map<string, T>();
  return (iso) => {
    let v = known.get(iso);
    if (v === undefined) {
      v = f(iso);
      if (known.size >= 4096) known.clear();
      known.set(iso, v);
    }
    return v;
  };
}

/** An instant as Beijing time for the shopper's eyes, e.g. "2026-11-23 16:00" (China keeps UTC+8 all year). */
export const beijing = remembered((iso): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '));

/** Instants are ISO-8601 with an offset (validated by the schema); compared as epoch milliseconds. */
export const instant = remembered((iso): number => Date.parse(iso));
