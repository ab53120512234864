import { z } from 'zod';

/** Money: integer fen, never negative. Yuan only at display (see formatYuan). */
export const Fen = z.number().int().min(0).max(1_000_000_000);
export const Id = z.string().min(1).max(64);
export const PageInput = {
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

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
