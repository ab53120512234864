import { useCallback, useEffect, useState } from 'react';
import { useDidShow, useLoad } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import type { Category } from '@shop/types';
import { call } from '../../api/client';
import ProductCard from '../../components/ProductCard';
import EmptyState from '../../components/EmptyState';
import LoadMore from '../../components/LoadMore';
import SearchBar from '../../components/SearchBar';
import { takePendingCategory } from '../../lib/nav';
import { showError } from '../../lib/toast';
import { useProductList } from '../../lib/useProductList';
import './index.scss';

export default function CategoriesPage() {
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const list = useProductList(20);

  const loadCategories = useCallback(async () => {
    try {
      const cats = await call('catalog', 'categories', {});
      setCategories(cats);
      setActiveId((cur) => (cur && cats.some((c) => c._id === cur) ? cur : (cats[0]?._id ?? null)));
    } catch (e) {
      showError(e);
    }
  }, []);

  useLoad(() => void loadCategories());
  // another page (home shortcuts, banners) may ask for a category before switching to this tab
  useDidShow(() => {
    const pending = takePendingCategory();
    if (pending) setActiveId(pending);
  });

  const { reset } = list;
  useEffect(() => {
    if (activeId) reset({ categoryId: activeId, sort: 'default' });
  }, [activeId, reset]);

  const active = categories?.find((c) => c._id === activeId);

  return (
    <View className="page categories">
      <View className="categories__search">
        <SearchBar />
      </View>
      <View className="categories__main">
        <ScrollView className="category-list" scrollY>
          {(categories ?? []).map((c) => (
            <View
              key={c._id}
              className={`category-item${c._id === activeId ? ' category-item--active' : ''}`}
              data-id={c._id}
              onClick={() => setActiveId(c._id)}
            >
              {c.name}
            </View>
          ))}
        </ScrollView>
        <ScrollView
          className="category-products"
          scrollY
          lowerThreshold={120}
          onScrollToLower={list.loadMore}
          key={activeId ?? 'none'}
        >
          {active && (
            <View className="category-products__head">
              <Text className="category-products__title">{active.name}</Text>
              {list.loaded && <Text className="category-products__count">共 {list.total} 件</Text>}
            </View>
          )}
          {list.items.map((p) => (
            <View className="category-products__item" key={p._id}>
              <ProductCard product={p} layout="row" />
            </View>
          ))}
          {categories && categories.length === 0 && <EmptyState title="暂无分类" description="商家还没有设置商品分类" />}
          {list.loaded && list.items.length === 0 ? (
            <EmptyState className="category-empty" title="该分类暂无商品" description="去看看其他分类吧" />
          ) : (
            activeId && <LoadMore status={list.status} hasMore={list.hasMore} onLoadMore={list.loadMore} />
          )}
        </ScrollView>
      </View>
    </View>
  );
}
