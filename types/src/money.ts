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
