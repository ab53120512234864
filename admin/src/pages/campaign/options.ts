/** What the campaign form's selects offer: products by name (the scope picker), coupons (满赠券) and member levels. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../api';
import { perMilleToZhe } from '../../orders';
import type { Option } from './model';

/** Products by name, for the scope picker; keeps names of everything picked so far. */
export function useProductSearch() {
  const [options, setOptions] = useState<Option[]>([]);
  const [searching, setSearching] = useState(false);
  const known = useRef(new Map<string, string>());
  const seq = useRef(0);
  const search = useCallback(async (name: string) => {
    const mine = ++seq.current;
    setSearching(true);
    try {
      const page = await call('productAdmin', 'list', { ...(name.trim() ? { name: name.trim() } : {}), sortBy: 'createdAt', order: 'desc', page: 1, pageSize: 30 });
      if (mine !== seq.current) return;
      for (const p of page.items) known.current.set(p._id, `${p.name}${p.code ? `（${p.code}）` : ''}`);
      setOptions(page.items.map((p) => ({ value: p._id, label: known.current.get(p._id)! })));
    } catch {
      if (mine === seq.current) setOptions([]);
    } finally {
      if (mine === seq.current) setSearching(false);
    }
  }, []);
  /** names for ids picked before (editing): one product each */
  const learn = useCallback(async (ids: string[]) => {
    const missing = ids.filter((id) => !known.current.has(id)).slice(0, 100);
    await Promise.all(
      missing.map((id) =>
        call('productAdmin', 'get', { id })
          .then((p) => void known.current.set(id, `${p.name}${p.code ? `（${p.code}）` : ''}`))
          .catch(() => void known.current.set(id, `已删除的商品 ${id}`)),
      ),
    );
    setOptions((o) => [...o]);
  }, []);
  return { options, searching, search, learn, nameOf: (id: string) => known.current.get(id) };
}

/** Options from an optional function (coupons, member levels): null when it is not there, so a text input is used. */
export function useOptionalOptions(load: () => Promise<Option[]>) {
  const [options, setOptions] = useState<Option[] | null | undefined>(undefined);
  useEffect(() => {
    load()
      .then(setOptions)
      .catch(() => setOptions(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return options;
}
export const loadCoupons = async (): Promise<Option[]> => {
  const page = await call('couponAdmin', 'list', { page: 1, pageSize: 100 });
  const status: Record<string, string> = { draft: '未发布', published: '已发布', void: '已作废' };
  // a void coupon can never be granted; drafts are listed because they may be published before the order completes
  return page.items.filter((c) => c.status !== 'void').map((c) => ({ value: c._id, label: `${c.name}（${status[c.status] ?? c.status}）` }));
};
export const loadLevels = async (): Promise<Option[]> => {
  const levels = await call('customerAdmin', 'listLevels', {});
  return levels.map((l) => ({ value: l._id, label: `${l.name}${l.discountRate < 1000 ? `（${perMilleToZhe(l.discountRate)} 折）` : ''}` }));
};

