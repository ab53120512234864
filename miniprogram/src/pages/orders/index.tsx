import { useRef, useState } from 'react';
import Taro, { useDidShow, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { OrderSummary } from '@shop/types';
import { call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import LoadMore from '../../components/LoadMore';
import OrderLineItem from '../../components/OrderLineItem';
import CancelOrderPopup from '../../components/CancelOrderPopup';
import { yuan } from '../../lib/price';
import { usePagedList } from '../../lib/usePagedList';
import { handleError } from '../../lib/errors';
import { ORDER_TABS, formatTime, orderStatusText, isOrderTab, orderListFilter, type OrderTab } from '../../lib/orders';
import '../../styles/order.scss';
import './index.scss';

const PAGE_SIZE = 10;

/** 我的订单: tabs by status, a paged list of cards, cancel for unpaid orders. `status=` opens a tab. */
export default function OrdersPage() {
  const router = useRouter();
  const [tab, setTab] = useState<OrderTab>(isOrderTab(router.params.status) ? router.params.status : 'all');
  const [cancelId, setCancelId] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const tabRef = useRef(tab);
  const list = usePagedList<OrderSummary>((page) => {
    const t = tabRef.current;
    return call('order', 'list', { ...orderListFilter(t), page, pageSize: PAGE_SIZE });
  });
  const { items, status, loaded, hasMore, loadMore } = list;

  const switchTab = (t: OrderTab) => {
    if (t === tabRef.current) return;
    tabRef.current = t;
    setTab(t);
    list.clear();
    list.reload();
  };

  // first show and back from an order's detail (it may have been cancelled there)
  useDidShow(() => list.reload());
  useReachBottom(loadMore);

  const open = (id: string) => void Taro.navigateTo({ url: `/pages/order-detail/index?id=${encodeURIComponent(id)}` });
  const cancel = async (reason: string) => {
    if (!cancelId || cancelling) return;
    setCancelling(true);
    try {
      await call('order', 'cancel', { id: cancelId, reason });
      setCancelId(null);
      void Taro.showToast({ title: '订单已取消', icon: 'none' });
    } catch (e) {
      handleError(e);
    } finally {
      setCancelling(false);
    }
    list.reload();
  };

  return (
    <View className="page orders">
      <View className="order-tabs">
        {ORDER_TABS.map((t) => (
          <View key={t.status} className={`order-tab${t.status === tab ? ' order-tab--active' : ''}`} data-status={t.status} onClick={() => switchTab(t.status)}>
            {t.label}
          </View>
        ))}
      </View>

      {loaded && items.length === 0 ? (
        <EmptyState className="orders-empty" icon="☰" title="暂无订单" description="去挑选心仪的商品吧">
          <View className="orders-empty__go" onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
            去逛逛
          </View>
        </EmptyState>
      ) : (
        <View className="orders__list">
          {items.map((o) => (
            <View key={o._id} className="order-card" data-id={o._id} data-status={o.status}>
              <View className="order-card__head" onClick={() => open(o._id)}>
                <Text className="order-card__no">订单号 {o._id}</Text>
                <Text className={`order-card__status order-card__status--${o.status}`}>{orderStatusText(o)}</Text>
              </View>
              <View onClick={() => open(o._id)}>
                {o.lines.slice(0, 3).map((l) => (
                  <OrderLineItem key={l.skuId} line={l} />
                ))}
                {o.lines.length > 3 ? <Text className="order-card__more">还有 {o.lines.length - 3} 种商品…</Text> : null}
              </View>
              <View className="order-card__sum">
                <Text className="order-card__time">{formatTime(o.createdAt)}</Text>
                <Text>
                  共 {o.itemCount} 件 {o.status === 'unpaid' || o.status === 'closed' ? '应付' : '实付'}{' '}
                  <Text className="order-card__payable" data-fen={String(o.amounts.payable)}>
                    {yuan(o.amounts.payable)}
                  </Text>
                </Text>
              </View>
              {o.status === 'unpaid' && o.closeAt ? (
                <Text className="order-card__note">请在 {formatTime(o.closeAt)} 前付款，超时订单将自动关闭</Text>
              ) : null}
              <View className="order-card__actions">
                {o.status === 'unpaid' ? (
                  <View className="o-pill order-card__cancel" onClick={() => setCancelId(o._id)}>
                    取消订单
                  </View>
                ) : null}
                <View className="o-pill order-card__detail" onClick={() => open(o._id)}>
                  查看详情
                </View>
              </View>
            </View>
          ))}
          {loaded || status !== 'idle' ? <LoadMore status={status} hasMore={hasMore} onLoadMore={loadMore} /> : null}
        </View>
      )}

      <CancelOrderPopup visible={cancelId !== null} busy={cancelling} onClose={() => setCancelId(null)} onConfirm={(r) => void cancel(r)} />
    </View>
  );
}
