/** Money helpers with no dependencies, safe to import from the mini-program bundle. */

/** 12345 fen -> "123.45" */
export const formatYuan = (fen: number): string => {
  const neg = fen < 0;
  const a = Math.abs(Math.trunc(fen));
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};

/** "123.45" -> 12345; rejects more than two decimals, signs and junk. Returns null when not a price. */
export const parseYuan = (text: string): number | null => {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
};

/**
 * The share of `q` units of an order line that cost `payable` fen for `quantity` units, when `claimed` units (worth
 * `amount`) were already claimed: proportional and rounded down, except that the last units take whatever is left,
 * so the shares of a whole line always add up to what it cost. The after-sales rule, used by the server and the
 * storefront alike. RangeError when more units are asked than are left.
 */
export function unitsShare(line: { quantity: number; payable: number }, claimed: { quantity: number; amount: number }, q: number): number {
  const left = line.quantity - claimed.quantity;
  if (q > left) throw new RangeError(`only ${left} left`);
  if (q === left) return line.payable - claimed.amount;
  return Math.floor((line.payable * q) / line.quantity);
}
