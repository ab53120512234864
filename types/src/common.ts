import { z } from 'zod';

/** Money: integer fen, never negative. Yuan only at display (see formatYuan). */
export const Fen = z.number().int().min(0).max(1_000_000_000);
export const Id = z.string().min(1).max(64);
export const PageInput = {
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};
/** An action's input in the function API (`Api`, api.ts): what a caller may send, the input type of its schema. */
export type SchemaIn<S extends z.ZodType> = z.input<S>;
/** The input of an action that takes none. */
export type EmptyInput = Record<string, never>;
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export { formatYuan, parseYuan, unitsShare } from './money';

/** A phone number as others than its owner see it: the first 3 and the last 4 digits (138****5678); shorter ones as they are. */
export const maskPhone = (phone: string): string => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone);
