/**
 * The promotion-stacking price engine: `quote(input)` is a pure function (no I/O, no clock: time is `input.now`).
 * It parses the input (defaults apply; a bad input throws a ZodError), then `priceQuote` runs one small calculator
 * per rule in the stacking order below over a shared working state, and reads the Quote off the state. Inputs the
 * shop builds itself from validated parts skip the parsing (`quoteTrusted`): validate at the edge once.
 *
 *   goods → item activity → campaigns (满减 / 满折 / 满赠券 / 满免邮) → one coupon → member level → points
 *
 * (the seed's 订单优惠须知: 101.00 → 85.00 → 83.00 → 74.70 → 64.70). Points earned are reported too.
 * Every amount is integer fen; every split is `apportion` (largest remainder), every rate is `discountByRate`.
 */
import { z } from 'zod';
import { QuoteInput, type Quote, type QuoteInputParsed } from '@shop/types';
import { addStep, freightLeft, lineAmount, type LineState, type PricingState, type PricingStep, yuan } from './state';
import { applyActivities } from './steps/activity';
import { applyCampaigns, applyGiftCoupons } from './steps/campaigns';
import { applyCoupon } from './steps/coupon';
import { applyMemberDiscount } from './steps/member';
import { applyPoints, earnPoints } from './steps/points';
import { completeQuoteInput } from './trusted';

/** The stacking order. Each step sees what the steps before it took off. */
export const PRICING_STEPS: readonly PricingStep[] = [applyActivities, applyCampaigns, applyCoupon, applyMemberDiscount, applyPoints, applyGiftCoupons, earnPoints];

/** Goods + freight above this are refused, so that every product of two amounts stays exact in a double. */
export const MAX_ORDER_FEN = 1_000_000_000_000;

/** Rules the schema cannot express field by field; reported as zod issues so callers handle one error type. */
function semanticIssues(input: QuoteInputParsed): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const issue = (path: (string | number)[], message: string) => issues.push({ code: 'custom', path, message, input: undefined });
  input.coupons.forEach((c, i) => {
    if (c.type === 'discount' && c.value > 1000) issue(['coupons', i, 'value'], 'a discount coupon is a rate per mille paid, at most 1000');
  });
  input.campaigns.forEach((c, i) => {
    if (c.rule.kind === 'discount')
      c.rule.tiers.forEach((t, k) => {
        if (t.value > 1000) issue(['campaigns', i, 'rule', 'tiers', k, 'value'], 'a discount tier is a rate per mille paid, at most 1000');
      });
  });
  return issues;
}

function initialState(input: QuoteInputParsed): PricingState {
  const lines: LineState[] = input.lines.map((l) => ({
    input: l,
    listAmount: l.price * l.quantity,
    unitPrice: l.price,
    activity: null,
    activityOff: 0,
    campaignOff: 0,
    couponOff: 0,
    memberOff: 0,
    pointsOff: 0,
    campaignId: null,
    pointsEarned: 0,
  }));
  return {
    input,
    now: Date.parse(input.now),
    lines,
    goodsAmount: lines.reduce((a, l) => a + l.listAmount, 0),
    freight: input.delivery.freight,
    freeShippingOff: 0,
    pointsFreightOff: 0,
    steps: [],
    giftCoupons: [],
    pendingGifts: [],
    campaignIds: [],
    coupon: { chosen: null, best: null },
    coupons: [],
    points: { used: 0, max: 0, off: 0, earned: 0 },
  };
}

function toQuote(s: PricingState): Quote {
  const totalOff = s.steps.reduce((a, st) => a + st.off, 0);
  const payable = s.goodsAmount + s.freight - totalOff;
  const lines = s.lines.map((l) => ({
    skuId: l.input.skuId,
    productId: l.input.productId,
    name: l.input.name,
    quantity: l.input.quantity,
    listAmount: l.listAmount,
    unitPrice: l.unitPrice,
    activityOff: l.activityOff,
    campaignOff: l.campaignOff,
    couponOff: l.couponOff,
    memberOff: l.memberOff,
    pointsOff: l.pointsOff,
    payable: lineAmount(l),
    campaignId: l.campaignId,
    activity: l.activity,
    pointsEarned: l.pointsEarned,
  }));
  const freightPayable = freightLeft(s);
  // the books must balance: a broken step is a bug, never a price shown to a shopper
  if (lines.reduce((a, l) => a + l.payable, 0) + freightPayable !== payable || payable < 0 || lines.some((l) => l.payable < 0))
    throw new Error('price engine out of balance');
  return {
    goodsAmount: s.goodsAmount,
    freight: s.freight,
    steps: s.steps,
    lines,
    freightPayable,
    totalOff,
    payable,
    coupon: s.coupon,
    coupons: s.coupons,
    points: s.points,
    giftCoupons: s.giftCoupons,
    campaignIds: s.campaignIds,
  };
}

/** Goods and freight over MAX_ORDER_FEN: checked on every path (cheap), since a cart's quantities can add up. */
function totalIssue(input: QuoteInputParsed): z.core.$ZodIssue[] {
  let total = input.delivery.freight;
  for (const l of input.lines) total += l.price * l.quantity;
  return total > MAX_ORDER_FEN ? [{ code: 'custom', path: ['lines'], message: `goods and freight may total at most ${MAX_ORDER_FEN} fen`, input: undefined }] : [];
}

/**
 * The calculation alone, on an input already parsed (defaults filled) and checked: what `quote` runs after the
 * edge's validation, and what the cart and the checkout run on inputs built from the shop's own documents
 * (`quoteTrusted`). Throws a ZodError only when goods and freight exceed MAX_ORDER_FEN.
 */
export function priceQuote(input: QuoteInputParsed): Quote {
  const issues = totalIssue(input);
  if (issues.length) throw new z.ZodError(issues);
  const s = initialState(input);
  addStep(s, { kind: 'goods', id: null, name: '商品金额', rule: `商品 ${yuan(s.goodsAmount)} + 运费 ${yuan(s.freight)}`, off: 0, freightOff: 0 });
  for (const step of PRICING_STEPS) step(s);
  return toQuote(s);
}

/**
 * Prices a cart from outside input (the edge: `npm run quote`, tests): parses it (defaults apply; a bad input
 * throws a ZodError), checks what the schema cannot express, then `priceQuote`. See the module comment and the
 * README's "Price engine" section for the rules.
 */
export function quote(raw: QuoteInput): Quote {
  const input = QuoteInput.parse(raw);
  const issues = semanticIssues(input);
  if (issues.length) throw new z.ZodError(issues);
  return priceQuote(input);
}

/** Prices an input the shop's own code built from validated parts (trusted.ts): defaults filled, no parsing. */
export const quoteTrusted = (input: QuoteInput): Quote => priceQuote(completeQuoteInput(input));
