/** Words shared by the fulfilment pages: pickup results (提货核销, 核销记录), freight pricing, IN_USE refusals. */
import type { FreightTemplate, PickupAttempt } from '@shop/types';
import { ApiError } from './api';
import { actionErrorText, yuan } from './orders';

export const PICKUP_RESULT_TEXT: Record<PickupAttempt['result'], string> = {
  ok: '核销成功',
  wrong: '提货码错误',
  used: '已被核销',
  other_store: '非本店订单',
  not_ready: '订单不可提货',
  throttled: '尝试过于频繁',
  locked: '已锁定',
};
export const PICKUP_RESULT_COLOR: Record<PickupAttempt['result'], string> = {
  ok: 'green',
  wrong: 'red',
  used: 'orange',
  other_store: 'purple',
  not_ready: 'default',
  throttled: 'volcano',
  locked: 'magenta',
};

/** 1234 5678 9012 as typed or scanned: digits only, at most 12. */
export const pickupDigits = (s: string) => s.replace(/\D/g, '').slice(0, 12);
/** shown 4-4-4 while typing */
export const groupedCode = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

export const UNIT = { count: '件', weight: '克' } as const;
export const PRICING_TEXT = { count: '按件数', weight: '按重量' } as const;
/** 首 1 件 ¥10.00，续 1 件 ¥5.00 */
export const ruleText = (pricing: FreightTemplate['pricing'], r: FreightTemplate['defaultRule']) =>
  `首 ${r.first} ${UNIT[pricing]} ${yuan(r.firstFee)}，续 ${r.additional} ${UNIT[pricing]} ${yuan(r.additionalFee)}`;

/** IN_USE in words from its details (a store's clerks and waiting codes, a template's products), else the usual text. */
export const inUseText = (e: unknown, what: string) => {
  if (!(e instanceof ApiError) || e.code !== 'IN_USE') return actionErrorText(e);
  const d = (e.details ?? {}) as { clerks?: number; waiting?: number; products?: number };
  const uses = [
    d.clerks ? `${d.clerks} 名店员属于该门店` : '',
    d.waiting ? `${d.waiting} 个自提订单待提货` : '',
    d.products ? `${d.products} 个商品正在使用` : '',
  ].filter(Boolean);
  return `${what}仍在使用中，不能删除（${uses.length ? uses.join('，') : e.message}）`;
};
