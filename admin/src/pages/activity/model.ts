/**
 * The activity form's model, shared by its parts: one goods row, the form's values and their defaults, per-row
 * checks, and the conversions between the form and the API (toInput, toValues, toRows).
 */
import type { Dayjs } from 'dayjs';
import {
  formatYuan,
  limitedItemProblem,
  parseYuan,
  type ActivityDetail,
  type ActivityInput,
  type ActivityKind,
  type LimitedItemInput,
  type LimitRule,
  type Rounding,
} from '@shop/types';
import { call } from '../../api';
import type { ActivityConflict } from '../../activities';
import { productGoods, skuGoods, type PickedGoods } from '../../components/ItemPicker';
import { REPEAT_DEFAULTS, repeatRuleOf, repeatValuesOf, type RepeatValues } from '../../components/RepeatRuleField';
import { fromWall, toWall } from '../../time';
import { dayjs } from '../../util';

export type Mode = LimitedItemInput['mode'];

/** One row of the goods table: what was picked, and what the merchant typed for it. */
export interface Row extends PickedGoods {
  /** flash: the flash price in yuan */
  price: string;
  /** flash / limited: the activity stock; presale: the virtual stock */
  stock: number | null;
  /** limited */
  mode: Mode;
  /** limited: 折 (discount) or yuan (reduction, fixed) */
  value: string;
  /** presale */
  oversell: boolean;
  /** editing: units sold so far (from itemViews) */
  sold?: number;
  /** false when the SKU's own stock is not known (a SKU that no longer loads) */
  stockKnown: boolean;
}

/** Edits one row of the goods table (and clears its errors). */
export type PatchRow = (key: string, p: Partial<Row>) => void;

export interface FormValues extends RepeatValues {
  name: string;
  description: string;
  window: [Dayjs | null, Dayjs | null] | null;
  shareTitle: string;
  shareImage: string;
  limitPerShopper: number | null;
  closeMinutes: number | null;
  remindMinutes: number | null;
  limitMode: LimitRule['mode'];
  limitQuantity: number | null;
  rounding: Rounding;
  tag: string;
  sort: number | null;
  shipMode: 'afterPayment' | 'date';
  shipDays: number | null;
  shipDate: Dayjs | null;
}

export const DEFAULTS: FormValues = {
  name: '',
  description: '',
  window: null,
  shareTitle: '',
  shareImage: '',
  limitPerShopper: 1,
  closeMinutes: 30,
  remindMinutes: 5,
  ...REPEAT_DEFAULTS,
  limitMode: 'none',
  limitQuantity: 1,
  rounding: 'none',
  tag: '',
  sort: 0,
  shipMode: 'afterPayment',
  shipDays: 7,
  shipDate: null,
};

/** "7.5" 折 → 750; null when not a number with at most two decimals. The range is limitedItemProblem's to judge. */
const zheToValue = (text: string): number | null => {
  const s = text.trim();
  if (!/^\d{1,2}(?:\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
};
export const valueToText = (mode: Mode, value: number) => (mode === 'discount' ? String(Number((value / 100).toFixed(2))) : formatYuan(value));
/** The typed value of a limited row in the API's unit, or null when it does not parse. */
export const rowValue = (r: Pick<Row, 'mode' | 'value'>): number | null => (r.mode === 'discount' ? zheToValue(r.value) : parseYuan(r.value));

export const blankRow = (g: PickedGoods & { stockKnown?: boolean }, kind: ActivityKind): Row => ({
  price: '',
  stock: kind === 'presale' ? 100 : null,
  mode: 'discount',
  value: '',
  oversell: false,
  stockKnown: true,
  ...g,
});

/** What the merchant typed, per row, that cannot be sent (shown under the row). */
export function rowProblems(kind: ActivityKind, r: Row): string[] {
  const out: string[] = [];
  if (kind === 'flash') {
    const p = parseYuan(r.price);
    if (r.price.trim() === '') out.push('请填写秒杀价');
    else if (p === null) out.push('秒杀价格式不正确，如 9.90');
    else if (p >= r.salePrice) out.push('秒杀价必须低于售价');
  }
  if (kind === 'limited') {
    const v = rowValue(r);
    if (r.value.trim() === '') out.push(r.mode === 'discount' ? '请填写折扣' : r.mode === 'reduction' ? '请填写减价金额' : '请填写活动价');
    else if (v === null) out.push(r.mode === 'discount' ? '折扣格式不正确，如 7.5' : '金额格式不正确，如 9.90');
    else {
      const problem = limitedItemProblem(r.salePrice, { mode: r.mode, value: v });
      if (problem) out.push(problem);
    }
  }
  if (kind !== 'presale') {
    if (r.stock === null || r.stock < 1) out.push('活动库存至少为 1');
    else if (kind === 'limited' && r.stockKnown && r.stock > r.skuStock) out.push(`活动库存不能超过 SKU 库存（${r.skuStock}）`);
  } else if (r.stock === null || r.stock < 0) out.push('请填写虚拟库存');
  return out;
}

export function toInput(kind: ActivityKind, v: FormValues, rows: Row[]): ActivityInput {
  const [s, e] = v.window ?? [null, null];
  const common = {
    name: (v.name ?? '').trim(),
    description: (v.description ?? '').trim(),
    startsAt: s ? fromWall(s) : '',
    endsAt: e ? fromWall(e) : '',
    share: { title: (v.shareTitle ?? '').trim(), image: (v.shareImage ?? '').trim() || null },
  };
  if (kind === 'flash') {
    return {
      kind,
      ...common,
      limitPerShopper: v.limitPerShopper ?? 0,
      closeMinutes: v.closeMinutes ?? 30,
      remindMinutes: v.remindMinutes ?? 5,
      items: rows.map((r) => ({ skuId: r.skuId!, price: parseYuan(r.price) ?? NaN, stock: r.stock ?? NaN })),
    };
  }
  if (kind === 'limited') {
    const limit: LimitRule = v.limitMode === 'none' || !v.limitMode ? { mode: 'none' } : { mode: v.limitMode, quantity: v.limitQuantity ?? NaN };
    return {
      kind,
      ...common,
      repeat: repeatRuleOf(v),
      limit,
      rounding: v.rounding ?? 'none',
      tag: (v.tag ?? '').trim(),
      sort: v.sort ?? 0,
      remindMinutes: v.remindMinutes ?? 5,
      items: rows.map((r) => ({ skuId: r.skuId!, mode: r.mode, value: rowValue(r) ?? NaN, stock: r.stock ?? NaN })),
    };
  }
  return {
    kind,
    ...common,
    ship: v.shipMode === 'date' ? { mode: 'date', date: v.shipDate ? v.shipDate.format('YYYY-MM-DD') : '' } : { mode: 'afterPayment', days: v.shipDays ?? NaN },
    items: rows.map((r) => ({ productId: r.productId, stock: r.stock ?? NaN, oversell: r.oversell })),
  };
}

export function toValues(a: ActivityDetail): FormValues {
  const v: FormValues = {
    ...DEFAULTS,
    name: a.name,
    description: a.description,
    window: [toWall(a.startsAt), toWall(a.endsAt)],
    shareTitle: a.share.title,
    shareImage: a.share.image ?? '',
  };
  if (a.kind === 'flash') Object.assign(v, { limitPerShopper: a.limitPerShopper, closeMinutes: a.closeMinutes, remindMinutes: a.remindMinutes });
  if (a.kind === 'limited') {
    Object.assign(v, {
      ...repeatValuesOf(a.repeat),
      limitMode: a.limit.mode,
      limitQuantity: a.limit.mode === 'none' ? 1 : a.limit.quantity,
      rounding: a.rounding,
      tag: a.tag,
      sort: a.sort,
      remindMinutes: a.remindMinutes,
    });
  }
  if (a.kind === 'presale') {
    Object.assign(v, a.ship.mode === 'date' ? { shipMode: 'date', shipDate: dayjs(a.ship.date) } : { shipMode: 'afterPayment', shipDays: a.ship.days });
  }
  return v;
}

/** The stored items as rows, named by itemViews and refreshed with the SKUs' current price and stock when they load. */
export async function toRows(a: ActivityDetail): Promise<Row[]> {
  const views = new Map(a.itemViews.map((iv) => [iv.key, iv]));
  const productIds = [...new Set(a.itemViews.map((iv) => iv.productId))];
  const products = new Map(
    (await Promise.all(productIds.map((pid) => call('productAdmin', 'get', { id: pid }).catch(() => null)))).filter((p) => p !== null).map((p) => [p._id, p]),
  );
  const picked = (key: string, productId: string): PickedGoods & { stockKnown: boolean } => {
    const iv = views.get(key);
    const p = products.get(iv?.productId ?? productId);
    if (p && a.kind === 'presale') return { ...productGoods(p), stockKnown: true };
    const sku = p?.skus.find((s) => s._id === key);
    if (p && sku) return { ...skuGoods(p, sku), stockKnown: true };
    return {
      key,
      productId: iv?.productId ?? productId,
      skuId: iv?.skuId ?? (a.kind === 'presale' ? null : key),
      name: iv?.name ?? `已删除的商品 ${key}`,
      specValues: iv?.specValues ?? [],
      salePrice: iv?.salePrice ?? 0,
      skuStock: 0,
      stockKnown: false,
    };
  };
  if (a.kind === 'flash') return a.items.map((it) => ({ ...blankRow(picked(it.skuId, ''), 'flash'), price: formatYuan(it.price), stock: it.stock, sold: views.get(it.skuId)?.sold }));
  if (a.kind === 'limited')
    return a.items.map((it) => ({ ...blankRow(picked(it.skuId, ''), 'limited'), mode: it.mode, value: valueToText(it.mode, it.value), stock: it.stock, sold: views.get(it.skuId)?.sold }));
  return a.items.map((it) => ({ ...blankRow(picked(it.productId, it.productId), 'presale'), stock: it.stock, oversell: it.oversell, sold: views.get(it.productId)?.sold }));
}

/** Form field for an issue path from the schema or the server (null: the path belongs to no field). */
export const FIELD_OF: [RegExp, keyof FormValues][] = [
  [/^name$/, 'name'],
  [/^description$/, 'description'],
  [/^(startsAt|endsAt)$/, 'window'],
  [/^share\.title$/, 'shareTitle'],
  [/^share\.image$/, 'shareImage'],
  [/^limitPerShopper$/, 'limitPerShopper'],
  [/^closeMinutes$/, 'closeMinutes'],
  [/^remindMinutes$/, 'remindMinutes'],
  [/^repeat\.days/, 'weekDays'],
  [/^repeat\.from$/, 'repeatFrom'],
  [/^repeat\.to$/, 'repeatTo'],
  [/^limit\.quantity$/, 'limitQuantity'],
  [/^tag$/, 'tag'],
  [/^sort$/, 'sort'],
  [/^ship\.days$/, 'shipDays'],
  [/^ship\.date$/, 'shipDate'],
];

export interface FormError {
  title: string;
  lines: string[];
  conflict?: ActivityConflict;
}

