/**
 * The list pages' search in the query string (so it survives reloads and the back button): reading and patching
 * the params, the page and page size, filling the search form from the URL, and the antd Table's paging and sort.
 */
import { useEffect, type Key } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { FormInstance, TablePaginationConfig } from 'antd';
import type { Dayjs } from 'dayjs';
import { fieldIssues } from './errors';
import { dayjs, TZ } from './util';

export type ParamPatch = Record<string, string | number | undefined | null>;

const PAGE_SIZES = [10, 20, 50, 100];

/** One page of a list as the pages keep it (a `Page<T>` from the server fits). */
export interface Rows<T> {
  items: T[];
  total: number;
}
export const NO_ROWS: Rows<never> = { items: [], total: 0 };

/** The error to throw when the query string does not pass the API input's schema. */
export const badSearch = (e: unknown) => new Error(`搜索条件不正确：${fieldIssues(e).map((i) => `${i.path} ${i.message}`).join('；')}`);

/** `page` (default 1) and `pageSize` (default 20, at most 100) from the query string. */
export const pageOf = (p: URLSearchParams) => {
  const int = (k: string) => (/^\d+$/.test(p.get(k)?.trim() ?? '') ? Number(p.get(k)) : 0);
  return { page: int('page') || 1, pageSize: Math.min(100, int('pageSize') || 20) };
};

export type DayRange = [Dayjs | null, Dayjs | null] | null;

/** Two ISO instant params as a RangePicker value (in the business time zone); null when both are absent. */
export const rangeOf = (p: URLSearchParams, from: string, to: string): DayRange => {
  const f = p.get(from);
  const t = p.get(to);
  return f || t ? [f ? dayjs(f).tz(TZ) : null, t ? dayjs(t).tz(TZ) : null] : null;
};
/** A picked day as the UTC instant where it starts / ends in the business time zone (whole days). */
export const dayStart = (d: Dayjs | null | undefined) => (d ? dayjs.tz(d.format('YYYY-MM-DD'), TZ).startOf('day').toISOString() : undefined);
export const dayEnd = (d: Dayjs | null | undefined) => (d ? dayjs.tz(d.format('YYYY-MM-DD'), TZ).endOf('day').toISOString() : undefined);

/** What the Table hands to onChange, as much of it as the list pages read. */
type Sorter = { columnKey?: Key; field?: Key | readonly Key[]; order?: 'ascend' | 'descend' | null };

export function useListQuery<V = never>(opts: {
  /** sessionStorage key for the last search, so that other pages can link back to the same list */
  storageKey?: string;
  /** the search form, refilled from the query string whenever it changes */
  form?: FormInstance<V>;
  toFormValues?: (p: URLSearchParams) => V;
} = {}) {
  const { storageKey, form, toFormValues } = opts;
  const [params, setParams] = useSearchParams();
  const queryKey = params.toString();
  const { page, pageSize } = pageOf(params);

  useEffect(() => {
    if (storageKey) sessionStorage.setItem(storageKey, queryKey);
  }, [storageKey, queryKey]);

  useEffect(() => {
    if (form && toFormValues) form.setFieldsValue(toFormValues(params));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey]);

  /** Sets the given params (empty values are removed); a new search starts again at page 1. */
  const update = (patch: ParamPatch, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (resetPage) next.delete('page');
    setParams(next);
  };

  /** Clears the search form and replaces the query string (with nothing, by default). */
  const reset = (next = new URLSearchParams()) => {
    form?.resetFields();
    setParams(next);
  };

  /** The Table's onChange: a sort goes to `sortBy` / `order` (back to page 1), paging to `page` / `pageSize`. */
  const onTableChange = (pagination: TablePaginationConfig, _filters: unknown, sorter: Sorter | Sorter[], extra: { action: string }) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = s?.columnKey ?? s?.field;
      if (!s?.order || !key) update({ sortBy: undefined, order: undefined });
      else update({ sortBy: String(key), order: s.order === 'ascend' ? 'asc' : 'desc' });
      return;
    }
    update({ page: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20 }, false);
  };

  /** Table props for a list of `total` rows paged by the query string. */
  const tableProps = (total: number, showTotal: (total: number) => string) => ({
    onChange: onTableChange,
    pagination: { current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: PAGE_SIZES, showTotal },
  });

  return { params, setParams, queryKey, page, pageSize, update, reset, tableProps };
}
