/**
 * Step 3, one coupon (优惠券), on the goods amount after campaigns. Every held coupon gets a verdict (applicable
 * and its saving, or the reason it cannot apply); `couponId` picks one: 'best' = the largest saving (ties: the one
 * expiring first, then the smaller id), null = none, an id = that coupon if it applies, otherwise none (its
 * verdict says why; the caller refuses the order). Lines with an item activity never take a coupon.
 */
import type { CouponRejection, CouponVerdict, QuoteInputParsed } from '@shop/types';
import { discountByRate } from '../money';
import { addStep, beijing, hasActivity, instant, lineAmount, type LineState, type PricingState, type PricingStep, shareOut, yuan, zhe } from '../state';

type Coupon = QuoteInputParsed['coupons'][number];

export interface CouponJudgement {
  verdict: CouponVerdict;
  lines: LineState[];
  base: number;
  coupon: Coupon;
}

const reject = (c: Coupon, reason: CouponRejection, message: string, lines: LineState[] = [], base = 0): CouponJudgement => ({
  verdict: { id: c.id, couponId: c.couponId, name: c.name, applicable: false, off: 0, reason, message },
  lines,
  base,
  coupon: c,
});

/** The saving a coupon gives on `base` fen of eligible goods (no threshold check). */
export function couponOff(c: Pick<Coupon, 'type' | 'value' | 'maxOff'>, base: number): number {
  if (c.type === 'cash') return Math.min(c.value, base);
  const off = discountByRate(base, c.value);
  return c.maxOff > 0 ? Math.min(off, c.maxOff) : off;
}

/** The lines a coupon may apply to (no item activity), with their amounts after campaigns; built once per quote. */
export interface CouponCandidates {
  lines: LineState[];
  amounts: number[];
  total: number;
}

export function couponCandidates(s: PricingState): CouponCandidates {
  const lines = s.lines.filter((l) => !hasActivity(l));
  const amounts = lines.map(lineAmount);
  return { lines, amounts, total: amounts.reduce((a, x) => a + x, 0) };
}

export function judgeCoupon(s: PricingState, c: Coupon, candidates: CouponCandidates = couponCandidates(s)): CouponJudgement {
  if (c.state === 'used') return reject(c, 'USED', '已使用');
  if (c.state === 'void') return reject(c, 'VOID', '已作废');
  if (s.now < instant(c.validFrom)) return reject(c, 'NOT_STARTED', `${beijing(c.validFrom)} 起可用`);
  if (s.now >= instant(c.validTo)) return reject(c, 'EXPIRED', `已于 ${beijing(c.validTo)} 过期`);
  if (c.audience === 'new' && !s.input.customer.isFirstOrder) return reject(c, 'NEW_CUSTOMERS_ONLY', '新人专享：仅限未下过单的新顾客使用');
  let lines = candidates.lines;
  let base = candidates.total;
  if (c.productIds !== null) {
    const ids = new Set(c.productIds);
    lines = [];
    base = 0;
    candidates.lines.forEach((l, i) => {
      if (!ids.has(l.input.productId)) return;
      lines.push(l);
      base += candidates.amounts[i];
    });
  }
  if (lines.length === 0) return reject(c, 'NO_ELIGIBLE_LINES', '订单中没有可用此券的商品');
  if (base < c.threshold)
    return reject(c, 'BELOW_THRESHOLD', `还差 ${yuan(c.threshold - base)} 可用（满${yuan(c.threshold)}）`, lines, base);
  const off = couponOff(c, base);
  if (off === 0) return reject(c, 'ZERO_OFF', '本单无法优惠', lines, base);
  return {
    verdict: { id: c.id, couponId: c.couponId, name: c.name, applicable: true, off, reason: null, message: `可省 ${yuan(off)}` },
    lines,
    base,
    coupon: c,
  };
}

/** Largest saving first; ties: the earliest validTo, then the smaller id. */
const better = (a: CouponJudgement, b: CouponJudgement): number =>
  b.verdict.off - a.verdict.off ||
  instant(a.coupon.validTo) - instant(b.coupon.validTo) ||
  (a.coupon.id < b.coupon.id ? -1 : a.coupon.id > b.coupon.id ? 1 : 0);

export function couponRule(c: Coupon, base: number): string {
  const on = `（可用商品 ${yuan(base)}）`;
  if (c.type === 'cash') return c.threshold > 0 ? `满${yuan(c.threshold)}减${yuan(c.value)}${on}` : `无门槛减${yuan(c.value)}${on}`;
  const cap = c.maxOff > 0 ? `，最多减 ${yuan(c.maxOff)}` : '';
  return `${c.threshold > 0 ? `满${yuan(c.threshold)} ` : ''}${zhe(c.value)}${on}${cap}`;
}

export const applyCoupon: PricingStep = (s) => {
  const candidates = couponCandidates(s);
  const judged = s.input.coupons.map((c) => judgeCoupon(s, c, candidates));
  const applicable = judged.filter((j) => j.verdict.applicable).sort(better);
  s.coupons = [...applicable, ...judged.filter((j) => !j.verdict.applicable)].map((j) => j.verdict);
  const best = applicable[0] ?? null;
  s.coupon.best = best ? best.coupon.id : null;
  const wanted = s.input.couponId;
  const chosen = wanted === 'best' ? best : wanted === null ? null : (applicable.find((j) => j.coupon.id === wanted) ?? null);
  if (!chosen) return;
  s.coupon.chosen = chosen.coupon.id;
  shareOut(chosen.verdict.off, chosen.lines, 'couponOff');
  addStep(s, {
    kind: 'coupon',
    id: chosen.coupon.id,
    name: chosen.coupon.name,
    rule: couponRule(chosen.coupon, chosen.base),
    off: chosen.verdict.off,
    freightOff: 0,
  });
};
