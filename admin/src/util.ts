import { useCallback, useEffect, useState, type DependencyList } from 'react';
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

/**
 * Runs `load` on mount and again whenever `deps` change, with loading and error state; `reload` runs it again
 * (after a change) and `setData` edits the loaded data in place. A failed load keeps the last data.
 */
export function useLoader<T>(load: () => Promise<T>, deps: DependencyList, initial: T) {
  const [data, setData] = useState<T>(initial);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
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
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, setData, loading, error, reload };
}

/** Loads data once on mount (the loader is fixed for the component's life: every caller passes a module-level call). */
export function useLoaded<T>(load: () => Promise<T>, initial: T) {
  return useLoader(load, [], initial);
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
export const downloadText = (name: string, text: string, type = 'text/csv;charset=utf-8') => downloadBlob(name, new Blob([text], { type }));

/** Lets the browser save a file the API answered as base64 (an XLSX export). */
export const downloadBase64 = (name: string, base64: string, type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') =>
  downloadBlob(name, new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type }));

const downloadBlob = (name: string, blob: Blob) => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};
