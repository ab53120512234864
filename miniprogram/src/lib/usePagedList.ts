/** A paged list over an API that answers Page<T> (orders, after-sales requests), newest page appended. */
import { useCallback, useRef, useState } from 'react';
import type { Page } from '@shop/types';
import type { ListStatus } from './useProductList';
import { handleError } from './errors';

export interface PagedList<T> {
  items: T[];
  total: number;
  status: ListStatus;
  /** true once page 1 of the current list has answered */
  loaded: boolean;
  hasMore: boolean;
  /** page 1 again (answers to earlier requests are dropped) */
  reload: () => void;
  /** the next page (or page 1 when nothing came yet); ignored while loading or at the end */
  loadMore: () => void;
  /** forget the items, e.g. before another tab's page 1 */
  clear: () => void;
}

/** `fetchPage(n)` is read at call time, so it may depend on refs (the current tab). Errors are shown (login: 我的). */
export function usePagedList<T extends { _id: string }>(fetchPage: (page: number) => Promise<Page<T>>): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [status, setStatus] = useState<ListStatus>('idle');
  const [loaded, setLoaded] = useState(false);
  const page = useRef(0);
  const seq = useRef(0);
  const fetcher = useRef(fetchPage);
  fetcher.current = fetchPage;

  const get = useCallback(async (next: number) => {
    const mine = next === 1 ? ++seq.current : seq.current;
    setStatus('loading');
    try {
      const res = await fetcher.current(next);
      if (mine !== seq.current) return;
      page.current = next;
      setTotal(res.total);
      setItems((prev) => (next === 1 ? res.items : [...prev, ...res.items.filter((o) => !prev.some((p) => p._id === o._id))]));
      setLoaded(true);
      setStatus('idle');
    } catch (e) {
      if (mine !== seq.current) return;
      setStatus('error');
      handleError(e);
    }
  }, []);

  const hasMore = loaded && items.length < total;
  const reload = useCallback(() => void get(1), [get]);
  const loadMore = () => {
    if (status === 'loading') return;
    if (page.current === 0) return void get(1);
    if (hasMore) void get(page.current + 1);
  };
  const clear = useCallback(() => {
    setItems([]);
    setLoaded(false);
  }, []);
  return { items, total, status, loaded, hasMore, reload, loadMore, clear };
}
