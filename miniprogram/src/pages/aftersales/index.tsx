import Taro, { useDidShow, useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Aftersale } from '@shop/types';
import { call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import LoadMore from '../../components/LoadMore';
import AftersaleLine from '../../components/AftersaleLine';
import { yuan } from '../../lib/price';
import { safeDecode } from '../../lib/nav';
import { usePagedList } from '../../lib/usePagedList';
import { formatTime } from '../../lib/orders';
import { AFTERSALE_STATUS_TEXT, AFTERSALE_TYPE_TEXT } from '../../lib/aftersales';
import '../../styles/order.scss';
import './index.scss';

const PAGE_SIZE = 10;
/** aftersale.mine cannot filter by order: one order's requests are picked from this many of the newest */
const ORDER_SCAN = 100;
const DONE: Aftersale['status'][] = ['rejected', 'cancelled', 'refunded', 'completed'];

/** 售后/退款: my after-sales requests, newest first (`orderId=`: only that order's). Each card opens its detail. */
export default function AftersalesPage() {
  const router = useRouter();
  const orderId = safeDecode(router.params.orderId);
  const { items, status, loaded, hasMore, loadMore, reload } = usePagedList<Aftersale>(async (page) => {
    if (!orderId) return call('aftersale', 'mine', { page, pageSize: PAGE_SIZE });
    const res = await call('aftersale', 'mine', { page: 1, pageSize: ORDER_SCAN });
    const mine = res.items.filter((a) => a.orderId === orderId);
    return { ...res, items: mine, total: mine.length };
  });

  useDidShow(reload);
  useReachBottom(loadMore);

  const open = (id: string) => void Taro.navigateTo({ url: `/pages/aftersale-detail/index?id=${encodeURIComponent(id)}` });

  return (
    <View className="page aftersales" data-order={orderId}>
      {orderId ? (
        <View className="aftersales__filter">
          <Text>订单 {orderId} 的售后</Text>
          <Text className="aftersales__all" onClick={() => void Taro.redirectTo({ url: '/pages/aftersales/index' })}>
            查看全部 ›
          </Text>
        </View>
      ) : null}
      {loaded && items.length === 0 ? (
        <EmptyState icon="↺" title="暂无售后申请" description="已付款的订单可以在订单详情里申请售后" />
      ) : (
        <View id="aftersale-list">
          {items.map((a) => (
            <View key={a._id} className="order-card aftersale-card" data-id={a._id} data-status={a.status} onClick={() => open(a._id)}>
              <View className="order-card__head">
                <Text className="aftersale-card__type">{AFTERSALE_TYPE_TEXT[a.type]}</Text>
                <Text className={`order-card__status${DONE.includes(a.status) ? ' order-card__status--closed' : ''}`}>{AFTERSALE_STATUS_TEXT[a.status]}</Text>
              </View>
              {a.lines.slice(0, 2).map((l) => (
                <AftersaleLine key={l.skuId} line={l} />
              ))}
              {a.lines.length > 2 ? <Text className="order-card__more">还有 {a.lines.length - 2} 种商品…</Text> : null}
              <View className="order-card__sum">
                <Text className="order-card__time">{formatTime(a.createdAt)}</Text>
                {a.type !== 'exchange' ? (
                  <Text>
                    退款 <Text className="aftersale-card__amount">{yuan(a.amount)}</Text>
                  </Text>
                ) : (
                  <Text>换货</Text>
                )}
              </View>
            </View>
          ))}
          {loaded || status !== 'idle' ? <LoadMore status={status} hasMore={hasMore} onLoadMore={loadMore} /> : null}
        </View>
      )}
    </View>
  );
}
