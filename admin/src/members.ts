/** Words and small helpers shared by the member pages (levels, points rules, customers). */
import type { PointsLedgerKind } from '@shop/types';

/** 950 → "9.5 折"; 1000 → "无折扣". */
export const discountText = (rate: number): string => (rate >= 1000 ? '无折扣' : `${String(rate / 100)} 折`);

/** per mille → 折 (950 → 9.5) and back, for the level form. */
export const rateToZhe = (rate: number): number => rate / 100;
export const zheToRate = (zhe: number): number => Math.round(zhe * 100);

export const LEDGER_KIND_TEXT: Record<PointsLedgerKind, string> = {
  earn: '订单获得',
  spend: '下单使用',
  return: '订单返还',
  expire: '过期清零',
  adjust: '后台调整',
  revoke: '退款扣回',
};
export const LEDGER_KIND_COLOR: Record<PointsLedgerKind, string> = {
  earn: 'green',
  spend: 'orange',
  return: 'blue',
  expire: 'default',
  adjust: 'purple',
  revoke: 'red',
};

/** "+25" / "-3" / "0". */
export const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** How many points pay one yuan, or what one point pays, in words. */
export const exchangeText = (fenPerPoint: number): string =>
  100 % fenPerPoint === 0 ? `${100 / fenPerPoint} 积分抵 ¥1` : `1 积分抵 ¥${(fenPerPoint / 100).toFixed(2)}`;
