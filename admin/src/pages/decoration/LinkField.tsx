/** A module's link: its kind, then what it opens (a product found by name, a category, a flash sale, a coupon, a page). */
import { useEffect } from 'react';
import { Select, Space } from 'antd';
import type { DecorationLink } from '@shop/types';
import { useProductSearch } from '../campaign/options';
import { PAGE_OPTIONS, type Targets } from './options';

const KINDS: { value: DecorationLink['kind']; label: string }[] = [
  { value: 'none', label: '不跳转' },
  { value: 'product', label: '商品' },
  { value: 'category', label: '分类' },
  { value: 'activity', label: '秒杀活动' },
  { value: 'coupon', label: '优惠券' },
  { value: 'page', label: '店铺页面' },
];

/** the picked product stays named even when it is not among the search's results */
const withPicked = (options: { value: string; label: string }[], id: string, name: string | undefined) =>
  !id || !name || options.some((o) => o.value === id) ? options : [{ value: id, label: name }, ...options];

const fresh = (kind: DecorationLink['kind']): DecorationLink =>
  kind === 'none' ? { kind } : kind === 'page' ? { kind, page: 'home' } : { kind, id: '' };

export function LinkField({ value, onChange, targets, testId }: { value: DecorationLink; onChange: (l: DecorationLink) => void; targets: Targets; testId: string }) {
  const products = useProductSearch();
  const { search, learn } = products;
  const productId = value.kind === 'product' ? value.id : '';
  useEffect(() => {
    if (value.kind !== 'product') return;
    void search('');
    if (productId) void learn([productId]); // its name, when it is not among the newest
  }, [value.kind, productId, search, learn]);
  const idOptions = value.kind === 'category' ? targets.categories : value.kind === 'activity' ? targets.flash : value.kind === 'coupon' ? targets.coupons : withPicked(products.options, productId, products.nameOf(productId));
  return (
    <Space.Compact style={{ width: '100%' }} data-testid={testId}>
      <Select style={{ width: 110 }} value={value.kind} options={KINDS} onChange={(k) => onChange(fresh(k))} data-testid={`${testId}-kind`} />
      {value.kind === 'page' && (
        <Select style={{ flex: 1 }} value={value.page} options={PAGE_OPTIONS} onChange={(page) => onChange({ kind: 'page', page })} data-testid={`${testId}-page`} />
      )}
      {value.kind !== 'none' && value.kind !== 'page' && (
        <Select
          style={{ flex: 1 }}
          placeholder="请选择"
          value={value.id || undefined}
          options={idOptions}
          showSearch={value.kind === 'product' ? { filterOption: false, onSearch: (s) => void search(s) } : { optionFilterProp: 'label' }}
          loading={value.kind === 'product' && products.searching}
          onChange={(id: string) => onChange({ ...value, id })}
          data-testid={`${testId}-target`}
        />
      )}
    </Space.Compact>
  );
}
