/**
 * Step 2, campaigns (营销活动): 满减 (tiered or every-X), 满折 (by amount or count), 满赠券 and 满免邮.
 *
 * - A campaign counts when startsAt ≤ now < endsAt (endsAt null = permanent) and its audience admits the customer.
 * - The discount kinds (reduction, discount, giftCoupon) are exclusive per product: a line joins the FIRST active,
 *   admitting campaign of those kinds that covers its product, in input order (the admin prevents overlaps; this is
 *   the deterministic answer when an input has them). A line with an item activity joins none.
 * - Each such campaign works on base = Σ its lines' amounts after the activity step (count = Σ quantities), takes
 *   the highest tier met only, and its saving is apportioned onto its lines by their amounts.
 * - Free shipping is independent of the discount kinds: the first free-shipping campaign that applies takes the
 *   whole freight off. Its threshold counts the goods (after activity, before campaign discounts) of its covered
 *   lines that are not limited-time-discount lines (flash-sale lines count: 秒杀 coexists with 满包邮).
 * - Steps appear in the order the campaigns are given.
 * - 满赠券 is judged last (applyGiftCoupons, after points): its lines are taken here (so no other discount campaign
 *   takes them), but the tier is chosen on what they cost after the coupon, the member discount and points, freight
 *   never included (seed 优惠叠加: gifts are earned on the amount paid for goods).
 */
import type { Audience, CampaignRule, QuoteInputParsed } from '@shop/types';
import { discountByRate } from '../money';
import {
  addStep,
  freightLeft,
  hasActivity,
  instant,
  type LineState,
  type PricingState,
  type PricingStep,
  shareOut,
  sumAmounts,
  yuan,
  zhe,
} from '../state';

type Campaign = QuoteInputParsed['campaigns'][number];
type Customer = QuoteInputParsed['customer'];

export const isActiveAt = (c: Pick<Campaign, 'startsAt' | 'endsAt'>, now: number): boolean =>
  instant(c.startsAt) <= now && (c.endsAt === null || now < instant(c.endsAt));

export function admits(a: Audience, customer: Customer): boolean {
  switch (a.kind) {
    case 'all':
      return true;
    case 'levels':
      return customer.levelId !== null && a.levelIds.includes(customer.levelId);
    case 'customers':
      return a.openids.includes(customer.openid);
    case 'firstOrder':
      return customer.isFirstOrder;
  }
}

/** The tier with the highest threshold that `reach` meets (tiers never add up), or null. */
export function highestTier<T extends { threshold: number }>(tiers: readonly T[], reach: number): T | null {
  let best: T | null = null;
  for (const t of tiers) if (t.threshold <= reach && (!best || t.threshold > best.threshold)) best = t;
  return best;
}

interface Outcome {
  off: number;
  rule: string;
  gift?: { couponId: string; quantity: number };
}

type DiscountRule = Exclude<CampaignRule, { kind: 'freeShipping' }>;

/** What a discount-kind campaign gives on `base` fen / `count` items; null when it gives nothing. */
export function evaluateDiscount(rule: DiscountRule, base: number, count: number): Outcome | null {
  const on = `（商品 ${yuan(base)}）`;
  switch (rule.kind) {
    case 'reduction': {
      if (rule.mode === 'tiered') {
        const t = highestTier(rule.tiers, base);
        const off = t ? Math.min(t.value, base) : 0;
        return t && off > 0 ? { off, rule: `满${yuan(t.threshold)}减${yuan(t.value)}${on}` } : null;
      }
      const times = Math.floor(base / rule.every);
      let off = Math.min(times * rule.off, base);
      if (rule.cap > 0) off = Math.min(off, rule.cap);
      const cap = rule.cap > 0 ? `，最多减 ${yuan(rule.cap)}` : '';
      return off > 0 ? { off, rule: `每满${yuan(rule.every)}减${yuan(rule.off)}（× ${times}${cap}）${on}` } : null;
    }
    case 'discount': {
      const byCount = rule.basis === 'count';
      const t = highestTier(rule.tiers, byCount ? count : base);
      if (!t) return null;
      const off = discountByRate(base, t.value);
      const text = byCount
        ? `满${t.threshold}件 ${zhe(t.value)}（${count} 件，商品 ${yuan(base)}）`
        : `满${yuan(t.threshold)} ${zhe(t.value)}${on}`;
      return off > 0 ? { off, rule: text } : null;
    }
    case 'giftCoupon': {
      const t = highestTier(rule.tiers, base);
      if (!t) return null;
      return {
        off: 0,
        rule: `满${yuan(t.threshold)}送 ${t.quantity} 张优惠券，订单完成后发放`,
        gift: { couponId: t.couponId, quantity: t.quantity },
      };
    }
  }
}

const coversFn = (c: Campaign): ((l: LineState) => boolean) => {
  if (c.productIds === null) return () => true;
  const ids = new Set(c.productIds);
  return (l) => ids.has(l.input.productId);
};

function applyFreeShipping(s: PricingState, c: Campaign & { rule: { kind: 'freeShipping' } }, covers: (l: LineState) => boolean): void {
  const { method, region } = s.input.delivery;
  const freight = freightLeft(s);
  if (s.freeShippingOff > 0 || freight === 0) return;
  if (!c.rule.deliveryMethods.includes(method) || c.rule.excludedRegions.includes(region)) return;
  const lines = s.lines.filter((l) => l.activity?.kind !== 'limited' && covers(l));
  if (lines.length === 0) return;
  const goods = lines.reduce((a, l) => a + l.listAmount - l.activityOff, 0);
  if (goods < c.rule.threshold) return;
  s.freeShippingOff = freight;
  s.campaignIds.push(c.id);
  const text = c.rule.threshold > 0 ? `满${yuan(c.rule.threshold)}包邮（商品 ${yuan(goods)}）` : '包邮';
  addStep(s, { kind: 'campaign', id: c.id, name: c.name, rule: `${text}：免运费 ${yuan(freight)}`, off: freight, freightOff: freight });
}

/** 满赠券, after points: the highest tier the campaign's lines reach with what is paid for them (no freight). */
export const applyGiftCoupons: PricingStep = (s) => {
  for (const g of s.pendingGifts) {
    const base = sumAmounts(g.lines);
    const outcome = evaluateDiscount({ kind: 'giftCoupon', tiers: g.tiers }, base, 0);
    if (!outcome?.gift) continue;
    for (const l of g.lines) l.campaignId = g.id;
    s.giftCoupons.push({ campaignId: g.id, ...outcome.gift });
    s.campaignIds.push(g.id);
    // shown with the other campaigns (it takes nothing off: the amount after it is the one before it)
    let at = 1;
    while (at < s.steps.length && ['activity', 'campaign'].includes(s.steps[at].kind)) at++;
    s.steps.splice(at, 0, { kind: 'campaign', id: g.id, name: g.name, rule: outcome.rule, off: 0, freightOff: 0, amountAfter: s.steps[at - 1].amountAfter });
  }
};

export const applyCampaigns: PricingStep = (s) => {
  const active = s.input.campaigns
    .filter((c) => isActiveAt(c, s.now) && admits(c.audience, s.input.customer))
    .map((c) => ({ c, covers: coversFn(c), lines: [] as LineState[] }));
  // each line joins the first discount-kind campaign that covers it
  for (const l of s.lines) {
    if (hasActivity(l)) continue;
    const joined = active.find((a) => a.c.rule.kind !== 'freeShipping' && a.covers(l));
    if (joined) joined.lines.push(l);
  }
  for (const { c, covers, lines } of active) {
    const rule = c.rule;
    if (rule.kind === 'freeShipping') {
      applyFreeShipping(s, c as Campaign & { rule: typeof rule }, covers);
      continue;
    }
    if (lines.length === 0) continue;
    if (rule.kind === 'giftCoupon') {
      s.pendingGifts.push({ id: c.id, name: c.name, tiers: rule.tiers, lines });
      continue;
    }
    const base = sumAmounts(lines);
    const outcome = evaluateDiscount(rule, base, lines.reduce((a, l) => a + l.input.quantity, 0));
    if (!outcome) continue;
    shareOut(outcome.off, lines, 'campaignOff');
    for (const l of lines) l.campaignId = c.id;
    if (outcome.gift) s.giftCoupons.push({ campaignId: c.id, ...outcome.gift });
    s.campaignIds.push(c.id);
    addStep(s, { kind: 'campaign', id: c.id, name: c.name, rule: outcome.rule, off: outcome.off, freightOff: 0 });
  }
};
