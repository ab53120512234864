/**
 * A list page's state in one hook: the search, sort and page in the query string (`useListQuery`), the rows
 * loaded for them (`useLoader`, again whenever the query string changes) and the antd Table props that show them.
 */
import type { DependencyList } from 'react';
import type { FormInstance } from 'antd';
import { NO_ROWS, useListQuery, type Rows } from '../../listQuery';
import { useLoader } from '../../util';

export interface ListPageOptions<T, V> {
  /** sessionStorage key for the last search, so that other pages can link back to the same list */
  storageKey?: string;
  /** the search form, refilled from the query string whenever it changes */
  form?: FormInstance<V>;
  toFormValues?: (p: URLSearchParams) => V;
  /** one page of rows for the query string (`page` / `pageSize` read from it) */
  load: (params: URLSearchParams, paging: { page: number; pageSize: number }) => Promise<Rows<T>>;
  /** loads again when these change too (the query string always counts) */
  deps?: DependencyList;
}

export function useListPage<T, V = never>({ load, deps = [], ...query }: ListPageOptions<T, V>) {
  const list = useListQuery<V>(query);
  const { params, page, pageSize, queryKey } = list;
  const { data, setData, loading, error, reload } = useLoader<Rows<T>>(() => load(params, { page, pageSize }), [queryKey, ...deps], NO_ROWS);

  /** Table props: the loaded rows, the spinner and the paging by the query string. */
  const table = (showTotal: (total: number) => string) => ({ loading, dataSource: data.items, ...list.tableProps(data.total, showTotal) });

  return { ...list, data, setData, loading, error, reload, table };
}
