/**
 * A quote input the shop's own code built from its own documents (the cart, the checkout): every part of it was
 * validated where it came in (the shopper's request at the handler's edge, a campaign or coupon when the merchant
 * saved it), so it is not parsed again. `completeQuoteInput` only fills the schema's defaults, as
 * `QuoteInput.parse` would; trusted.test.ts holds the two equal over the engine's table inputs.
 */
import type { QuoteCampaign, QuoteCoupon, QuoteInput, QuoteInputParsed, QuoteLineInput } from '@shop/types';

type Parsed = QuoteInputParsed;

const line = (l: QuoteLineInput): Parsed['lines'][number] => ({
  skuId: l.skuId,
  productId: l.productId,
  categoryIds: l.categoryIds ?? [],
  name: l.name ?? '',
  quantity: l.quantity,
  price: l.price,
  originalPrice: l.originalPrice ?? 0,
  pointsCoefficient: l.pointsCoefficient ?? 0,
  activity: l.activity
    ? { kind: l.activity.kind, id: l.activity.id, name: l.activity.name ?? '', price: l.activity.price, ...(l.activity.units === undefined ? {} : { units: l.activity.units }) }
    : null,
});

const rule = (r: QuoteCampaign['rule']): Parsed['campaigns'][number]['rule'] => {
  if (r.kind === 'reduction' && r.mode === 'every') return { kind: r.kind, mode: r.mode, every: r.every, off: r.off, cap: r.cap ?? 0 };
  if (r.kind === 'freeShipping')
    return { kind: r.kind, threshold: r.threshold ?? 0, excludedRegions: r.excludedRegions ?? [], deliveryMethods: r.deliveryMethods ?? ['express', 'local'] };
  return r as Parsed['campaigns'][number]['rule'];
};

const campaign = (c: QuoteCampaign): Parsed['campaigns'][number] => ({
  id: c.id,
  name: c.name,
  rule: rule(c.rule),
  productIds: c.productIds ?? null,
  audience: (c.audience ?? { kind: 'all' }) as Parsed['campaigns'][number]['audience'],
  startsAt: c.startsAt,
  endsAt: c.endsAt ?? null,
});

const coupon = (c: QuoteCoupon): Parsed['coupons'][number] => ({
  id: c.id,
  couponId: c.couponId,
  name: c.name,
  type: c.type,
  value: c.value,
  maxOff: c.maxOff ?? 0,
  threshold: c.threshold ?? 0,
  productIds: c.productIds ?? null,
  validFrom: c.validFrom,
  validTo: c.validTo,
  state: c.state ?? 'available',
  audience: c.audience ?? 'all',
});

/** The parsed form of a trusted input: defaults filled, nothing checked (see the module comment). */
export function completeQuoteInput(i: QuoteInput): QuoteInputParsed {
  const customer = i.customer ?? {};
  const points = i.points ?? {};
  const delivery = i.delivery ?? {};
  return {
    now: i.now,
    lines: i.lines.map(line),
    campaigns: (i.campaigns ?? []).map(campaign),
    coupons: (i.coupons ?? []).map(coupon),
    couponId: i.couponId === undefined ? 'best' : i.couponId,
    customer: {
      openid: customer.openid ?? 'anonymous',
      levelId: customer.levelId ?? null,
      levelName: customer.levelName ?? '',
      discountRate: customer.discountRate ?? 1000,
      isFirstOrder: customer.isFirstOrder ?? false,
    },
    points: {
      enabled: points.enabled ?? false,
      balance: points.balance ?? 0,
      use: points.use ?? 0,
      fenPerPoint: points.fenPerPoint ?? 1,
      maxPercent: points.maxPercent ?? 100,
    },
    delivery: { method: delivery.method ?? 'express', region: delivery.region ?? '', freight: delivery.freight ?? 0 },
  };
}
