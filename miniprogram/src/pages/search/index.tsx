import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { Image, Input, Switch, Text, View } from '@tarojs/components';
import type { Brand } from '@shop/types';
import { parseYuan } from '@shop/types/src/money';
import { call } from '../../api/client';
import ProductGrid from '../../components/ProductGrid';
import EmptyState from '../../components/EmptyState';
import LoadMore from '../../components/LoadMore';
import { searchIcon } from '../../components/SearchBar';
import { safeDecode } from '../../lib/nav';
import { showError } from '../../lib/toast';
import { useProductList, type ListQuery } from '../../lib/useProductList';
import './index.scss';

type Sort = NonNullable<ListQuery['sort']>;

interface Filters {
  brandId: string | null;
  /** yuan as typed; converted to fen when applied */
  minYuan: string;
  maxYuan: string;
  inStockOnly: boolean;
}
const NO_FILTERS: Filters = { brandId: null, minYuan: '', maxYuan: '', inStockOnly: false };
/** The price range's two inputs: the filter field, the input's class suffix and its placeholder. */
const PRICE_ENDS = [
  ['minYuan', 'min', '最低价'],
  ['maxYuan', 'max', '最高价'],
] as const;

/** Yuan text -> fen range; an error message when a price is not a price or the range is upside down. */
const priceRangeOf = (f: Filters): { minPrice?: number; maxPrice?: number } | string => {
  const min = f.minYuan.trim() ? parseYuan(f.minYuan) : undefined;
  const max = f.maxYuan.trim() ? parseYuan(f.maxYuan) : undefined;
  if (min === null || max === null) return '请输入正确的价格（最多两位小数）';
  if (min !== undefined && max !== undefined && min > max) return '最低价不能高于最高价';
  return { minPrice: min, maxPrice: max };
};

const filterCount = (f: Filters) => (f.brandId ? 1 : 0) + (f.minYuan.trim() || f.maxYuan.trim() ? 1 : 0) + (f.inStockOnly ? 1 : 0);

export default function SearchPage() {
  const router = useRouter();
  const initialKeyword = safeDecode(router.params.keyword);
  const [input, setInput] = useState(initialKeyword);
  const [keyword, setKeyword] = useState(initialKeyword);
  const [sort, setSort] = useState<Sort>('default');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS); // applied
  const [draft, setDraft] = useState<Filters>(NO_FILTERS); // in the open panel
  const [panelOpen, setPanelOpen] = useState(false);
  const [brands, setBrands] = useState<Brand[]>([]);
  const list = useProductList(20);
  const brandsLoaded = useRef(false);

  const { reset } = list;
  useEffect(() => {
    const range = priceRangeOf(filters);
    const q: ListQuery = {
      sort,
      ...(keyword.trim() ? { keyword: keyword.trim() } : {}),
      ...(filters.brandId ? { brandId: filters.brandId } : {}),
      ...(typeof range === 'object' ? range : {}),
      ...(filters.inStockOnly ? { inStockOnly: true } : {}),
    };
    reset(q);
  }, [keyword, sort, filters, reset]);

  useReachBottom(() => list.loadMore());

  const submit = useCallback(() => {
    setKeyword(input.trim());
  }, [input]);

  const openPanel = async () => {
    setDraft(filters);
    setPanelOpen(true);
    if (brandsLoaded.current) return;
    try {
      setBrands(await call('catalog', 'brands', {}));
      brandsLoaded.current = true;
    } catch (e) {
      showError(e);
    }
  };
  const applyFilters = () => {
    const range = priceRangeOf(draft);
    if (typeof range === 'string') {
      void Taro.showToast({ title: range, icon: 'none' });
      return;
    }
    setFilters(draft);
    setPanelOpen(false);
  };

  const sortItem = (label: string, value: Sort | 'price') => {
    const isPrice = value === 'price';
    const active = isPrice ? sort === 'price_asc' || sort === 'price_desc' : sort === value;
    const onClick = () => {
      if (!isPrice) return setSort(value);
      setSort(sort === 'price_asc' ? 'price_desc' : 'price_asc');
    };
    return (
      <View className={`sort-item${active ? ' sort-item--active' : ''}`} data-sort={value} onClick={onClick}>
        {label}
        {isPrice && (
          <Text className="sort-item__arrow">{sort === 'price_asc' ? '↑' : sort === 'price_desc' ? '↓' : '↕'}</Text>
        )}
      </View>
    );
  };

  const nFilters = filterCount(filters);

  return (
    <View className="page search">
      <View className="search__top">
        <View className="search__box">
          <Image className="search-bar__icon" src={searchIcon} />
          <Input
            className="search-input"
            value={input}
            placeholder="搜索商品名称或编码"
            confirmType="search"
            maxlength={50}
            focus={!initialKeyword}
            onInput={(e) => setInput(e.detail.value)}
            onConfirm={submit}
          />
          {input ? (
            <Text className="search__clear" onClick={() => setInput('')}>
              ×
            </Text>
          ) : null}
        </View>
        <View className="search-submit" onClick={submit}>
          搜索
        </View>
      </View>

      <View className="sort-bar">
        {sortItem('综合', 'default')}
        {sortItem('销量', 'sales')}
        {sortItem('价格', 'price')}
        {sortItem('新品', 'newest')}
        <View className={`sort-item filter-toggle${nFilters ? ' sort-item--active' : ''}`} onClick={() => void openPanel()}>
          筛选{nFilters ? `(${nFilters})` : ''}
        </View>
      </View>

      <View className="search__results">
        {list.loaded && list.items.length === 0 ? (
          <EmptyState
            className="search-empty"
            title={keyword ? `没有找到“${keyword}”相关的商品` : '没有符合条件的商品'}
            description={nFilters ? '试试减少筛选条件' : '换个关键词试试'}
          />
        ) : (
          <>
            {list.loaded && (
              <View className="search__count">
                共 <Text className="search-total">{list.total}</Text> 件商品
              </View>
            )}
            <ProductGrid className="search-results" products={list.items} />
            <LoadMore status={list.status} hasMore={list.hasMore} onLoadMore={list.loadMore} />
          </>
        )}
      </View>

      {panelOpen && (
        <View className="filter-layer">
          <View className="filter-mask" onClick={() => setPanelOpen(false)} />
          <View className="filter-panel" catchMove>
            <View className="filter-panel__body">
              <View className="filter-group">
                <Text className="filter-group__title">品牌</Text>
                <View className="filter-group__options">
                  {brands.map((b) => (
                    <View
                      key={b._id}
                      className={`brand-option${draft.brandId === b._id ? ' brand-option--active' : ''}`}
                      data-id={b._id}
                      onClick={() => setDraft({ ...draft, brandId: draft.brandId === b._id ? null : b._id })}
                    >
                      {b.name}
                    </View>
                  ))}
                  {brands.length === 0 && <Text className="filter-group__none">暂无品牌</Text>}
                </View>
              </View>
              <View className="filter-group">
                <Text className="filter-group__title">价格区间（元）</Text>
                <View className="price-range">
                  {PRICE_ENDS.map(([key, end, placeholder], i) => (
                    <Fragment key={key}>
                      {i > 0 ? <Text className="price-range__dash">—</Text> : null}
                      <Input className={`price-input price-${end}`} type="digit" placeholder={placeholder} value={draft[key]} onInput={(e) => setDraft({ ...draft, [key]: e.detail.value })} />
                    </Fragment>
                  ))}
                </View>
              </View>
              <View className="filter-group filter-group--row">
                <Text className="filter-group__title">仅看有货</Text>
                <Switch
                  className="in-stock-only"
                  checked={draft.inStockOnly}
                  color="#e93b3d"
                  onChange={(e) => setDraft({ ...draft, inStockOnly: e.detail.value })}
                />
              </View>
            </View>
            <View className="filter-panel__actions">
              <View className="filter-btn filter-reset" onClick={() => setDraft(NO_FILTERS)}>
                重置
              </View>
              <View className="filter-btn filter-btn--primary filter-apply" onClick={applyFilters}>
                确定
              </View>
            </View>
          </View>
        </View>
      )}
    </View>
  );
}
