/** Paged product list over catalog.list, shared by the categories and search pages. */
import { useCallback, useRef, useState } from 'react';
import type { ActionInput, ProductCard } from '@shop/types';
import { call } from '../api/client';
import { showError } from './toast';

export type ListQuery = Omit<ActionInput<'catalog', 'list'>, 'page' | 'pageSize'>;
export type ListStatus = 'idle' | 'loading' | 'error';

export interface ProductList {
  items: ProductCard[];
  total: number;
  status: ListStatus;
  /** true once the first page of the current query has answered */
  loaded: boolean;
  hasMore: boolean;
  /** start over with a new query (page 1) */
  reset: (query: ListQuery) => void;
  /** fetch the next page of the current query (ignored while loading or at the end) */
  loadMore: () => void;
}

export const useProductList = (pageSize = 20): ProductList => {
  const [items, setItems] = useState<ProductCard[]>([]);
  const [total, setTotal] = useState(0);
  const [status, setStatus] = useState<ListStatus>('idle');
  const [loaded, setLoaded] = useState(false);
  const query = useRef<ListQuery | null>(null);
  const page = useRef(0);
  const seq = useRef(0); // answers to an older query are dropped
  const busy = useRef(false);
  const more = useRef(false);

  const fetchPage = useCallback(
    async (next: number) => {
      const q = query.current;
      if (!q) return;
      const mine = seq.current;
      busy.current = true;
      setStatus('loading');
      try {
        const res = await call('catalog', 'list', { ...q, page: next, pageSize });
        if (mine !== seq.current) return;
        page.current = next;
        setTotal(res.total);
        setItems((prev) => {
          const merged = next === 1 ? res.items : [...prev, ...res.items.filter((p) => !prev.some((o) => o._id === p._id))];
          more.current = merged.length < res.total && res.items.length > 0;
          return merged;
        });
        setLoaded(true);
        setStatus('idle');
      } catch (e) {
        if (mine !== seq.current) return;
        setStatus('error');
        showError(e);
      } finally {
        if (mine === seq.current) busy.current = false;
      }
    },
    [pageSize],
  );

  const reset = useCallback(
    (q: ListQuery) => {
      seq.current += 1;
      query.current = q;
      page.current = 0;
      more.current = false;
      busy.current = false;
      setItems([]);
      setTotal(0);
      setLoaded(false);
      void fetchPage(1);
    },
    [fetchPage],
  );

  const loadMore = useCallback(() => {
    if (busy.current || !query.current) return;
    if (page.current === 0) return void fetchPage(1); // first page failed: retry it
    if (!more.current) return;
    void fetchPage(page.current + 1);
  }, [fetchPage]);

  return { items, total, status, loaded, hasMore: loaded && items.length < total, reset, loadMore };
};
