/**
 * The campaign form's model, shared by its parts: the form's values and defaults, the conversions between the form
 * and the API (toValues, toInput), and how the schema's and server's complaints read.
 */
import type { Dayjs } from 'dayjs';
import { formatYuan, parseYuan, type Campaign, type CampaignInput } from '@shop/types';
import { fieldIssues } from '../../errors';
import { perMilleToZhe, zheToPerMille, type CampaignKind } from '../../orders';
import { fromWall, toWall } from '../../time';

export type Method = 'express' | 'local' | 'pickup';
export type AudienceKind = Campaign['audience']['kind'];

export interface FormValues {
  name: string;
  kind: CampaignKind;
  reductionMode: 'tiered' | 'every';
  reductionTiers: { threshold?: string; value?: string }[];
  every?: string;
  off?: string;
  cap?: string;
  discountBasis: 'amount' | 'count';
  discountTiers: { threshold?: string; rate?: string }[];
  giftTiers: { threshold?: string; couponId?: string; quantity?: number | null }[];
  fsThreshold?: string;
  excludedRegions: string[];
  deliveryMethods: Method[];
  scope: 'all' | 'products';
  productIds: string[];
  audienceKind: AudienceKind;
  levelIds: string[];
  openids: string[];
  startsAt: Dayjs | null;
  endsAt: Dayjs | null;
  permanent: boolean;
}


export const DEFAULTS: FormValues = {
  name: '',
  kind: 'reduction',
  reductionMode: 'tiered',
  reductionTiers: [{ threshold: '', value: '' }],
  every: '',
  off: '',
  cap: '',
  discountBasis: 'amount',
  discountTiers: [{ threshold: '', rate: '' }],
  giftTiers: [{ threshold: '', couponId: undefined, quantity: 1 }],
  fsThreshold: '0',
  excludedRegions: [],
  deliveryMethods: ['express', 'local'],
  scope: 'all',
  productIds: [],
  audienceKind: 'all',
  levelIds: [],
  openids: [],
  startsAt: null,
  endsAt: null,
  permanent: true,
};

export const toValues = (c: Campaign): FormValues => {
  const v: FormValues = {
    ...DEFAULTS,
    name: c.name,
    kind: c.rule.kind,
    scope: c.productIds === null ? 'all' : 'products',
    productIds: c.productIds ?? [],
    audienceKind: c.audience.kind,
    levelIds: c.audience.kind === 'levels' ? c.audience.levelIds : [],
    openids: c.audience.kind === 'customers' ? c.audience.openids : [],
    startsAt: toWall(c.startsAt),
    endsAt: c.endsAt ? toWall(c.endsAt) : null,
    permanent: c.endsAt === null,
  };
  const r = c.rule;
  if (r.kind === 'reduction' && r.mode === 'tiered') {
    v.reductionMode = 'tiered';
    v.reductionTiers = r.tiers.map((t) => ({ threshold: formatYuan(t.threshold), value: formatYuan(t.value) }));
  } else if (r.kind === 'reduction') {
    v.reductionMode = 'every';
    v.every = formatYuan(r.every);
    v.off = formatYuan(r.off);
    v.cap = r.cap ? formatYuan(r.cap) : '';
  } else if (r.kind === 'discount') {
    v.discountBasis = r.basis;
    v.discountTiers = r.tiers.map((t) => ({ threshold: r.basis === 'count' ? String(t.threshold) : formatYuan(t.threshold), rate: perMilleToZhe(t.value) }));
  } else if (r.kind === 'giftCoupon') {
    v.giftTiers = r.tiers.map((t) => ({ threshold: formatYuan(t.threshold), couponId: t.couponId, quantity: t.quantity }));
  } else {
    v.fsThreshold = formatYuan(r.threshold);
    v.excludedRegions = r.excludedRegions;
    v.deliveryMethods = r.deliveryMethods;
  }
  return v;
};

const fen = (s: string | undefined) => parseYuan((s ?? '').trim()) ?? NaN;

/** The form -> the API input (fen, per mille, instants). Field errors are left to CampaignInput. */
export const toInput = (v: FormValues): CampaignInput => {
  const rule: CampaignInput['rule'] = (() => {
    switch (v.kind) {
      case 'reduction':
        return v.reductionMode === 'every'
          ? { kind: 'reduction' as const, mode: 'every' as const, every: fen(v.every), off: fen(v.off), cap: v.cap?.trim() ? fen(v.cap) : 0 }
          : { kind: 'reduction' as const, mode: 'tiered' as const, tiers: v.reductionTiers.map((t) => ({ threshold: fen(t.threshold), value: fen(t.value) })) };
      case 'discount':
        return {
          kind: 'discount' as const,
          basis: v.discountBasis,
          tiers: v.discountTiers.map((t) => ({
            threshold: v.discountBasis === 'count' ? Number((t.threshold ?? '').trim() || NaN) : fen(t.threshold),
            value: zheToPerMille(t.rate) ?? NaN,
          })),
        };
      case 'giftCoupon':
        return {
          kind: 'giftCoupon' as const,
          tiers: v.giftTiers.map((t) => ({ threshold: fen(t.threshold), couponId: (t.couponId ?? '').trim(), quantity: t.quantity ?? 1 })),
        };
      case 'freeShipping':
        return {
          kind: 'freeShipping' as const,
          threshold: v.fsThreshold?.trim() ? fen(v.fsThreshold) : 0,
          excludedRegions: v.excludedRegions.map((r) => r.trim()).filter(Boolean),
          deliveryMethods: v.deliveryMethods,
        };
    }
  })();
  const audience: CampaignInput['audience'] =
    v.audienceKind === 'levels'
      ? { kind: 'levels', levelIds: v.levelIds }
      : v.audienceKind === 'customers'
        ? { kind: 'customers', openids: v.openids.map((o) => o.trim()).filter(Boolean) }
        : { kind: v.audienceKind };
  return {
    name: v.name?.trim() ?? '',
    rule,
    productIds: v.scope === 'all' ? null : v.productIds,
    audience,
    startsAt: v.startsAt ? fromWall(v.startsAt) : '',
    endsAt: v.permanent || !v.endsAt ? null : fromWall(v.endsAt),
  };
};

/** Chinese words for the paths CampaignInput and the server complain about. */
const PATH_TEXT: [RegExp, string][] = [
  [/^name/, '活动名称'],
  [/^rule\.tiers\.(\d+)\.threshold/, '第 $1 档门槛'],
  [/^rule\.tiers\.(\d+)\.value/, '第 $1 档优惠'],
  [/^rule\.tiers\.(\d+)\.couponId/, '第 $1 档赠券'],
  [/^rule\.tiers\.(\d+)\.quantity/, '第 $1 档赠券数量'],
  [/^rule\.tiers/, '优惠档位'],
  [/^rule\.every/, '每满金额'],
  [/^rule\.off/, '减免金额'],
  [/^rule\.cap/, '最多减'],
  [/^rule\.threshold/, '包邮门槛'],
  [/^rule\.excludedRegions/, '不包邮地区'],
  [/^rule\.deliveryMethods/, '配送方式'],
  [/^rule/, '优惠规则'],
  [/^productIds/, '适用商品'],
  [/^audience\.levelIds/, '会员等级'],
  [/^audience\.openids/, '指定顾客'],
  [/^audience/, '参与顾客'],
  [/^startsAt/, '开始时间'],
  [/^endsAt/, '结束时间'],
];
const pathText = (path: string) => {
  for (const [re, text] of PATH_TEXT) {
    const m = re.exec(path);
    if (m) return text.replace('$1', m[1] ? String(Number(m[1]) + 1) : '');
  }
  return path;
};
export const SERVER_TEXT: Record<string, string> = {
  'two tiers have the same threshold': '两个档位的门槛相同',
  'a tier cannot take off more than its threshold': '每档减免金额不能超过它的门槛',
  'cannot take off more than each step': '减免金额不能超过“每满”金额',
  'endsAt must be after startsAt': '结束时间必须晚于开始时间',
  'an ended campaign cannot be changed': '已结束的活动不能修改',
};
export const issueLines = (e: unknown): string[] =>
  fieldIssues(e).map((i) => `${pathText(i.path)}：${SERVER_TEXT[i.message] ?? i.message}`);

export interface ConflictInfo {
  message: string;
  campaignId?: string;
  campaignName?: string;
  products?: 'all' | string[];
}
export interface FormError {
  title: string;
  lines: string[];
  conflict?: ConflictInfo;
}


export type Option = { value: string; label: string };
