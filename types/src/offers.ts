/**
 * What the product page shows beside the price (issue 17): the campaigns in force for the product, the coupons a
 * shopper can claim for it, and how it is delivered. One answer (`catalog.offers`), so the page asks once.
 * The texts are made here, zod-free, so that the server and tests share them.
 */
import { z } from 'zod';
import { Id } from './common';
import type { CentreCoupon } from './coupons';
import { formatYuan } from './money';
import type { Audience, CampaignRule } from './pricing';

export const ProductOffersInput = z.object({ productId: Id }).strict();

export interface CampaignOffer {
  id: string;
  /** 满减 / 满折 / 满赠 / 包邮 */
  label: string;
  name: string;
  /** the rule in words: 满¥200减¥20，满¥300减¥40 */
  text: string;
  /** who may take part when not everyone: 新客专享 / 会员专享 / 指定客户 */
  audience: string | null;
  /** null = permanent */
  endsAt: string | null;
}

export interface DeliveryOffer {
  /** 快递 with its fee before the address is known, e.g. "快递 ¥10.00" / "快递 免运费"; null when not shipped by express */
  express: string | null;
  /** 条件包邮 of the product's freight template, e.g. "满¥99.00包邮" / "满2件包邮" */
  free: string | null;
  /** some provinces are priced differently or not shipped to */
  regional: boolean;
  /** 到店自提: the product allows it and the shop has a pickup store */
  pickup: boolean;
  /** 同城配送: the product allows it and the shop has it on */
  local: boolean;
}

export interface ProductOffers {
  campaigns: CampaignOffer[];
  /** the coupon centre's coupons that apply to this product (claimed/limit count for a signed-in shopper) */
  coupons: CentreCoupon[];
  /** null for a virtual product (nothing is delivered) */
  delivery: DeliveryOffer | null;
}

const y = (fen: number) => `¥${formatYuan(fen).replace(/\.00$/, '')}`;
/** a rate per mille paid as 折: 900 → 9折, 850 → 8.5折 */
const zhe = (perMille: number) => `${String(perMille / 100).replace(/\.0+$/, '')}折`;

export const CAMPAIGN_LABEL: Record<CampaignRule['kind'], string> = { reduction: '满减', discount: '满折', giftCoupon: '满赠', freeShipping: '包邮' };

/** A campaign rule in the shopper's words. */
export function campaignText(rule: CampaignRule): string {
  switch (rule.kind) {
    case 'reduction':
      return rule.mode === 'every'
        ? `每满${y(rule.every)}减${y(rule.off)}${rule.cap ? `，最多减${y(rule.cap)}` : ''}`
        : rule.tiers.map((t) => `满${y(t.threshold)}减${y(t.value)}`).join('，');
    case 'discount':
      return rule.tiers.map((t) => `满${rule.basis === 'count' ? `${t.threshold}件` : y(t.threshold)}打${zhe(t.value)}`).join('，');
    case 'giftCoupon':
      return rule.tiers.map((t) => `满${y(t.threshold)}送${t.quantity}张券`).join('，');
    case 'freeShipping':
      return `${rule.threshold ? `满${y(rule.threshold)}` : ''}包邮${rule.excludedRegions.length ? '（部分地区除外）' : ''}`;
  }
}

export function audienceText(a: Audience): string | null {
  return a.kind === 'all' ? null : a.kind === 'firstOrder' ? '新客专享' : a.kind === 'levels' ? '会员专享' : '指定客户';
}

/** 条件包邮 of a freight template, in words ("满¥99包邮" / "满2件包邮"), from its rules that hold everywhere. */
export function freeRuleText(rules: { provinces: string[]; minQuantity?: number; minAmount?: number }[]): string | null {
  const r = rules.find((x) => x.provinces.length === 0);
  if (!r) return null;
  const parts = [r.minAmount !== undefined ? `满${y(r.minAmount)}` : '', r.minQuantity !== undefined ? `满${r.minQuantity}件` : ''].filter(Boolean);
  return `${parts.join('或')}包邮`;
}

/** 快递 with its fee before the address is known */
export const expressText = (firstFee: number) => (firstFee > 0 ? `快递 ${y(firstFee)}` : '快递 免运费');
