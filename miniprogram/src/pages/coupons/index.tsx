/**
 * 我的优惠券: tabs 可使用 / 已使用 / 已过期, paged. A code of a coupon the shop voided (废弃) stays under 可使用 until the
 * coupon's validTo (it is still usable); a deleted coupon's codes are gone.
 */
import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MyCoupon } from '@shop/types';
import { ApiError, call } from '../../api/client';
import CouponCard from '../../components/CouponCard';
import EmptyState from '../../components/EmptyState';
import LoadMore from '../../components/LoadMore';
import PageNotice from '../../components/PageNotice';
import type { ListStatus } from '../../lib/useProductList';
import { showError } from '../../lib/toast';
import './index.scss';

type Tab = 'usable' | 'used' | 'expired';
const TABS: { key: Tab; label: string }[] = [
  { key: 'usable', label: '可使用' },
  { key: 'used', label: '已使用' },
  { key: 'expired', label: '已过期' },
];
const BADGE: Record<MyCoupon['state'], string> = { usable: '', not_started: '未开始', used: '已使用', expired: '已过期', void: '已作废' };
const PAGE_SIZE = 20;

export default function MyCouponsPage() {
  const [tab, setTab] = useState<Tab>('usable');
  const [items, setItems] = useState<MyCoupon[]>([]);
  const [total, setTotal] = useState(0);
  const [status, setStatus] = useState<ListStatus>('idle');
  const [loaded, setLoaded] = useState(false);
  const [needLogin, setNeedLogin] = useState(false);
  const page = useRef(0);
  const seq = useRef(0);

  const load = useCallback(async (which: Tab, next: number) => {
    const mine = ++seq.current;
    setStatus('loading');
    try {
      const res = await call('coupon', 'mine', { status: which, page: next, pageSize: PAGE_SIZE });
      if (mine !== seq.current) return;
      page.current = next;
      setTotal(res.total);
      setItems((prev) => (next === 1 ? res.items : [...prev, ...res.items.filter((c) => !prev.some((o) => o.id === c.id))]));
      setNeedLogin(false);
      setStatus('idle');
      setLoaded(true);
    } catch (e) {
      if (mine !== seq.current) return;
      if (e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN')) {
        setNeedLogin(true);
        setStatus('idle');
      } else {
        setStatus('error');
        showError(e);
      }
    }
  }, []);

  useDidShow(() => void load(tab, 1));
  usePullDownRefresh(() => void load(tab, 1).finally(() => Taro.stopPullDownRefresh()));
  const hasMore = items.length < total;
  useReachBottom(() => {
    if (hasMore && status !== 'loading') void load(tab, page.current + 1);
  });

  const switchTo = (t: Tab) => {
    if (t === tab) return;
    setTab(t);
    setItems([]);
    setTotal(0);
    setLoaded(false);
    void load(t, 1);
  };

  if (needLogin) return <PageNotice page="my-coupons" title="登录后查看我的优惠券" icon="券" button="coupon-page__btn" label="去登录" tab="/pages/me/index" />;

  return (
    <View className="page my-coupons">
      <View className="coupon-tabs">
        {TABS.map((t) => (
          <View key={t.key} className={`coupon-tab${tab === t.key ? ' coupon-tab--active' : ''}`} data-status={t.key} onClick={() => switchTo(t.key)}>
            {t.label}
            {tab === t.key && loaded ? <Text className="coupon-tab__count">({total})</Text> : null}
          </View>
        ))}
      </View>
      <View className="coupon-list" id="my-coupon-list">
        {loaded && items.length === 0 ? (
          <EmptyState title={tab === 'usable' ? '暂无可用优惠券' : tab === 'used' ? '还没有使用过优惠券' : '没有过期的优惠券'} icon="券">
            <View className="coupon-page__btn" id="goto-centre" onClick={() => void Taro.navigateTo({ url: '/pages/coupon-centre/index' })}>
              去领券中心
            </View>
          </EmptyState>
        ) : (
          items.map((c) => (
            <CouponCard
              key={c.id}
              id={c.id}
              className="my-coupon"
              coupon={c}
              code={c.code}
              dim={c.state !== 'usable' && c.state !== 'not_started'}
              badge={BADGE[c.state]}
              action={
                c.state === 'usable' ? (
                  <View className="coupon-btn coupon-btn--ghost use-coupon" onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
                    去使用
                  </View>
                ) : undefined
              }
            />
          ))
        )}
        {items.length > 0 && <LoadMore status={status} hasMore={hasMore} onLoadMore={() => void load(tab, page.current + 1)} />}
      </View>
      <View className="coupon-page__footer" id="centre-link" onClick={() => void Taro.navigateTo({ url: '/pages/coupon-centre/index' })}>
        去领券中心领更多优惠券 ›
      </View>
    </View>
  );
}
