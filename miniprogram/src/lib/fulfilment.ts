/**
 * Parcels and store pickup codes (no Taro, no React).
 *
 * The code's length mirrors @shop/types' fulfilment module, whose runtime brings zod (kept out of the mini-program
 * bundle): fulfilment.test.ts checks that it stays the same as the server's.
 */
import type { OrderLine, OrderPickup, PickupAttempt, Shipment } from '@shop/types';

/** A pickup code is this many digits, shown in groups of four. */
export const PICKUP_CODE_DIGITS = 12;
const GROUP = 4;

/** '123456789012' -> '1234 5678 9012' (whatever is not a digit is left out; a short code gives a short last group). */
export const groupPickupCode = (code: string, sep = ' '): string => {
  const digits = code.replace(/\D/g, '');
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += GROUP) groups.push(digits.slice(i, i + GROUP));
  return groups.join(sep);
};

/** Full-width digits (from a Chinese keyboard) to ASCII ones. */
const asciiDigits = (s: string): string => s.replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/**
 * What a clerk typed or scanned -> the 12 digits, or null when it is not a pickup code. Spaces, dashes (and their
 * full-width forms) between digits are allowed, as the server allows them.
 */
export const parsePickupCode = (typed: string): string | null => {
  const digits = asciiDigits(typed).replace(/[\s\-\u2010-\u2015\u3000\uff0d]/g, '');
  return new RegExp(`^\\d{${PICKUP_CODE_DIGITS}}$`).test(digits) ? digits : null;
};

/** The code field while typing: digits only, at most 12, shown 4-4-4 (so a pasted '1234-5678-9012' reads the same). */
export const formatCodeInput = (typed: string): string => groupPickupCode(asciiDigits(typed).replace(/\D/g, '').slice(0, PICKUP_CODE_DIGITS));

export const PICKUP_STATUS_TEXT: Record<OrderPickup['status'], string> = { active: '待核销', used: '已核销', void: '已失效' };

/** The audit log's outcome of one verification attempt. */
export const PICKUP_RESULT_TEXT: Record<PickupAttempt['result'], string> = {
  ok: '核销成功',
  wrong: '提货码错误',
  used: '已被核销',
  other_store: '非本店提货码',
  not_ready: '订单不可提货',
  throttled: '尝试过于频繁',
  locked: '已锁定',
};

/** One item in a parcel, named as on the order. */
export interface ParcelItem {
  skuId: string;
  name: string;
  specValues: string[];
  quantity: number;
}

type LineNames = Pick<OrderLine, 'skuId' | 'name' | 'specValues'>;

/** A parcel's lines with the names the order gives them (an unknown SKU keeps its id as the name). */
export const parcelItems = (shipment: Pick<Shipment, 'lines'>, lines: LineNames[]): ParcelItem[] =>
  shipment.lines.map((l) => {
    const line = lines.find((o) => o.skuId === l.skuId);
    return { skuId: l.skuId, name: line?.name ?? l.skuId, specValues: line?.specValues ?? [], quantity: l.quantity };
  });

/** The order's units that no parcel carries yet (a partly shipped order's rest), in the order's line order. */
export const unshippedItems = (lines: (LineNames & Pick<OrderLine, 'quantity'>)[], shipments: Pick<Shipment, 'lines'>[]): ParcelItem[] => {
  const shipped = new Map<string, number>();
  for (const s of shipments) for (const l of s.lines) shipped.set(l.skuId, (shipped.get(l.skuId) ?? 0) + l.quantity);
  return lines
    .map((l) => ({ skuId: l.skuId, name: l.name, specValues: l.specValues, quantity: l.quantity - (shipped.get(l.skuId) ?? 0) }))
    .filter((l) => l.quantity > 0);
};

/** '每日坚果 ×2' or 'T恤（黑色/XL） ×1'. */
export const itemText = (i: Pick<ParcelItem, 'name' | 'specValues' | 'quantity'>): string =>
  `${i.name}${i.specValues.length ? `（${i.specValues.join('/')}）` : ''} ×${i.quantity}`;
