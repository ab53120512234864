import { useCallback, useEffect, useState } from 'react';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';
import type { Brand, Category } from '@shop/types';
import { call } from './api';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

/** Business time zone: instants are stored in UTC and shown in Asia/Shanghai. */
export const TZ = 'Asia/Shanghai';
export const formatTime = (iso: string | null | undefined, fmt = 'YYYY-MM-DD HH:mm'): string =>
  iso ? dayjs(iso).tz(TZ).format(fmt) : '';
export { dayjs };

export type CategoryRow = Category & { productCount: number };
export type BrandRow = Brand & { productCount: number };

/** Loads data once on mount, with loading and error state and a reload (for list pages). */
export function useLoaded<T>(load: () => Promise<T>, initial: T) {
  const [data, setData] = useState<T>(initial);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  // the loader is fixed for the component's life, as every caller passes a module-level call
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, loading, error, reload };
}

const loadTaxonomy = async () => {
  const [categories, brands] = await Promise.all([call('productAdmin', 'listCategories', {}), call('productAdmin', 'listBrands', {})]);
  return { categories: categories as CategoryRow[], brands: brands as BrandRow[] };
};

/** Categories and brands for selects and tables, with a reload. */
export function useTaxonomy() {
  const { data, loading, error, reload } = useLoaded(loadTaxonomy, { categories: [] as CategoryRow[], brands: [] as BrandRow[] });
  return { categories: data.categories, brands: data.brands, loading, error, reload };
}

export const TYPE_TEXT: Record<string, string> = { physical: '实物商品', virtual: '虚拟商品' };
export const ROLE_TEXT: Record<string, string> = { owner: '店主', operator: '运营', clerk: '店员' };
export const ROLE_COLOR: Record<string, string> = { owner: 'gold', operator: 'blue', clerk: 'green' };

/** Lets the browser save a text file (used for the CSV template). */
export const downloadText = (name: string, text: string, type = 'text/csv;charset=utf-8') => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};
