/**
 * Request parsing shared by the `/jdy/v2` handlers: field readers that throw the envelope's `JdyError`s, save bodies
 * and results, query parameters, the modify-time window and paging.
 */
import { DEFAULT_PAGE_SIZE, ERR, JdyError, MAX_PAGE_SIZE, MAX_SAVE_ROWS } from './model';

// ---------- small helpers ----------
export const round = (n: number) => Math.round(n * 1e6) / 1e6;
export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const required = (field: string) => new JdyError(ERR.REQUIRED, `${field} 不能为空`);
export const format = (msg: string) => new JdyError(ERR.FORMAT, msg);
export const notFound = (msg: string) => new JdyError(ERR.NOT_FOUND, msg);

export function text(o: Record<string, unknown>, field: string, opts: { optional?: boolean; max?: number } = {}): string | undefined {
  const v = o[field];
  if (v === undefined || v === null || v === '') {
    if (opts.optional) return undefined;
    throw required(field);
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw format(`${field} 应为字符串`);
  const s = String(v);
  if (opts.max && s.length > opts.max) throw format(`${field} 长度不能超过 ${opts.max}`);
  return s;
}
export function numberOf(o: Record<string, unknown>, field: string, opts: { optional?: boolean; min?: number } = {}): number | undefined {
  const v = o[field];
  if (v === undefined || v === null || v === '') {
    if (opts.optional) return undefined;
    throw required(field);
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw format(`${field} 应为数字`);
  if (opts.min !== undefined && n < opts.min) throw format(`${field} 不能小于 ${opts.min}`);
  return n;
}
export const decimals = (n: number) => {
  const s = String(round(n));
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
};

/** A save body is one object or a list of them (at most 500). */
export function saveRows(body: unknown): Record<string, unknown>[] {
  const rows = Array.isArray(body) ? body : [body];
  if (rows.length === 0) throw required('data');
  if (rows.length > MAX_SAVE_ROWS) throw new JdyError(ERR.TOO_MANY, `单次最多保存 ${MAX_SAVE_ROWS} 条`);
  rows.forEach((r, i) => {
    if (!isObj(r)) throw format(`第 ${i + 1} 条数据应为 JSON 对象`);
  });
  return rows as Record<string, unknown>[];
}
export const saveResult = (saved: { id: string; number: string }[]) => ({ ids: saved.map((s) => s.id), id_number_map: Object.fromEntries(saved.map((s) => [s.id, s.number])) });

// ---------- query parameters and paging ----------
export type Query = Record<string, string | string[] | undefined>;
export const one = (q: Query, k: string) => {
  const v = q[k] ?? q[`${k}[]`];
  return Array.isArray(v) ? v[0] : v;
};
/** a list parameter: repeated keys, `key[]`, or comma separated */
export const list = (q: Query, k: string): string[] | undefined => {
  const v = q[k] ?? q[`${k}[]`];
  if (v === undefined) return undefined;
  const all = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  return all.length ? all : undefined;
};
export function msParam(q: Query, k: string): number | undefined {
  const v = one(q, k);
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,13}$/.test(v)) throw format(`${k} 应为毫秒时间戳字符串`);
  return Number(v);
}
/** modify_start_time ≤ t ≤ modify_end_time (both optional, inclusive) */
export function modifyFilter(q: Query) {
  const start = msParam(q, 'modify_start_time');
  const end = msParam(q, 'modify_end_time');
  return (t: number) => (start === undefined || t >= start) && (end === undefined || t <= end);
}
export function paged<T>(rows: T[], q: Query) {
  const pageRaw = one(q, 'page');
  const sizeRaw = one(q, 'page_size');
  if (pageRaw !== undefined && !/^\d+$/.test(pageRaw)) throw format('page 应为正整数');
  if (sizeRaw !== undefined && !/^\d+$/.test(sizeRaw)) throw format('page_size 应为正整数');
  const page = Math.max(1, Number(pageRaw ?? 1));
  // the gateway cuts page_size above 100 without a word
  const page_size = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(sizeRaw ?? DEFAULT_PAGE_SIZE)));
  const slice = rows.slice((page - 1) * page_size, page * page_size);
  return { count: String(rows.length), total_page: String(Math.ceil(rows.length / page_size)), page: String(page), page_size: String(page_size), current_page_size: String(slice.length), rows: slice };
}
export const byModify = <T extends { modify_time: number; id?: string }>(a: T, b: T) => a.modify_time - b.modify_time || String(a.id ?? '').localeCompare(String(b.id ?? ''));
export const truthy = (v: string | undefined) => v === 'true' || v === '1';
