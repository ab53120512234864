import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Order } from '@shop/types';
import { ApiError, call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import OrderLineItem from '../../components/OrderLineItem';
import PriceBreakdown from '../../components/PriceBreakdown';
import CancelOrderPopup from '../../components/CancelOrderPopup';
import { yuan } from '../../lib/price';
import { openProduct, safeDecode } from '../../lib/nav';
import { errorText, goLogin, handleError, isUnauthenticated } from '../../lib/errors';
import { CLOSE_REASON_TEXT, DELIVERY_TEXT, STATUS_TEXT, addressLine, formatCountdown, formatTime } from '../../lib/orders';
import '../../styles/order.scss';
import './index.scss';

type State = { kind: 'loading' } | { kind: 'missing'; message: string } | { kind: 'ready'; order: Order };

const statusNote = (o: Order): string => {
  switch (o.status) {
    case 'unpaid':
      return '请尽快付款，超时订单将自动关闭';
    case 'paid':
      return o.delivery.method === 'pickup' ? '商家备货中，请留意到店提货通知' : '商家正在备货，请耐心等待发货';
    case 'partly_shipped':
      return '部分商品已发出';
    case 'shipped':
      return '商品已发出，请留意物流';
    case 'completed':
      return '交易已完成，感谢你的购买';
    case 'closed':
      return o.closeReason ? CLOSE_REASON_TEXT[o.closeReason] : '订单已关闭';
    default:
      return '';
  }
};

/** One order: status (and the time left to pay), delivery, lines, the breakdown as priced, times, cancel. */
export default function OrderDetailPage() {
  const router = useRouter();
  const id = safeDecode(router.params.id);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [now, setNow] = useState(() => Date.now());
  const [cancelOpen, setCancelOpen] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const reloadedAtZero = useRef(false);

  const load = useCallback(async () => {
    if (!id) return setState({ kind: 'missing', message: '缺少订单号' });
    try {
      const order = await call('order', 'get', { id });
      setState({ kind: 'ready', order });
    } catch (e) {
      if (isUnauthenticated(e)) {
        setState({ kind: 'missing', message: '请先登录' });
        goLogin();
      } else if (e instanceof ApiError && e.code === 'NOT_FOUND') setState({ kind: 'missing', message: '订单不存在' });
      else {
        setState((s) => (s.kind === 'ready' ? s : { kind: 'missing', message: errorText(e) }));
        handleError(e);
      }
    }
  }, [id]);

  useDidShow(() => void load());

  const order = state.kind === 'ready' ? state.order : null;
  const closeAt = order?.status === 'unpaid' && order.closeAt ? Date.parse(order.closeAt) : null;

  // the time left to pay, each second; at zero the order is read again (the server closes it)
  useEffect(() => {
    if (closeAt === null) return undefined;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= closeAt && !reloadedAtZero.current) {
        reloadedAtZero.current = true;
        setTimeout(() => void load(), 1500);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [closeAt, load]);

  const cancel = async (reason: string) => {
    if (!order || cancelling) return;
    setCancelling(true);
    try {
      const closed = await call('order', 'cancel', { id: order._id, reason });
      setState({ kind: 'ready', order: closed });
      setCancelOpen(false);
      void Taro.showToast({ title: '订单已取消', icon: 'none' });
    } catch (e) {
      handleError(e);
      void load();
    } finally {
      setCancelling(false);
    }
  };

  if (state.kind === 'loading') return <View className="page o-page-loading">加载中…</View>;
  if (state.kind === 'missing' || !order) {
    return (
      <View className="page">
        <EmptyState icon="!" title={state.kind === 'missing' ? state.message : '订单不存在'} description="">
          <View className="detail-back" onClick={() => void Taro.redirectTo({ url: '/pages/orders/index' })}>
            查看我的订单
          </View>
        </EmptyState>
      </View>
    );
  }

  const o = order;
  const unpaid = o.status === 'unpaid';
  const a = o.delivery.address;
  const s = o.delivery.store;
  const times: [string, string | null][] = [
    ['下单时间', o.createdAt],
    ['付款时间', o.paidAt],
    ['发货时间', o.shippedAt],
    ['完成时间', o.completedAt],
    ['关闭时间', o.closedAt],
  ];

  return (
    <View className={`page order-detail${unpaid ? ' order-detail--unpaid' : ''}`} data-id={o._id}>
      <View className={`detail-status detail-status--${o.status}`}>
        <Text id="order-status" className="detail-status__text" data-status={o.status}>
          {STATUS_TEXT[o.status]}
        </Text>
        {unpaid && closeAt !== null ? (
          <Text id="order-countdown" className="detail-status__note" data-close-at={o.closeAt ?? ''}>
            {closeAt > now ? `剩余 ${formatCountdown(closeAt - now)}，${formatTime(o.closeAt)} 未付款订单将自动关闭` : '支付时间已到，订单即将关闭'}
          </Text>
        ) : (
          <Text className="detail-status__note">{statusNote(o)}</Text>
        )}
      </View>

      <View className="o-card detail-delivery" data-method={o.delivery.method}>
        <View className="o-card__title">{DELIVERY_TEXT[o.delivery.method]}</View>
        {a ? (
          <View className="detail-address">
            <Text className="detail-address__who">
              {a.name} {a.phone}
            </Text>
            <Text className="detail-address__line">{addressLine(a)}</Text>
          </View>
        ) : null}
        {s ? (
          <View className="detail-address">
            <Text className="detail-address__who">自提门店：{s.name}</Text>
            <Text className="detail-address__line">{s.address}</Text>
          </View>
        ) : null}
      </View>

      <View className="o-card">
        <View className="o-card__title">商品</View>
        {o.lines.map((l) => (
          <OrderLineItem key={l.skuId} line={l} showPayable onClick={() => openProduct(l.productId)} />
        ))}
      </View>

      <View className="o-card">
        <View className="o-card__title">价格明细</View>
        <PriceBreakdown steps={o.steps} goods={o.amounts.goods} freight={o.amounts.freight} />
        {o.priceChanges.map((c, i) => (
          <View key={`${c.at}-${i}`} className="price-change" data-from={String(c.from)} data-to={String(c.to)}>
            <View className="price-change__main">
              <Text>商家已改价</Text>
              <Text className="price-change__amounts">
                {yuan(c.from)} → {yuan(c.to)}
              </Text>
            </View>
            {c.reason ? <Text className="price-change__reason">{c.reason}</Text> : null}
          </View>
        ))}
        <View className="o-payable-row">
          <Text>{unpaid || o.status === 'closed' ? '应付金额' : '实付金额'}</Text>
          <Text id="order-payable" className="o-payable-row__amount" data-fen={String(o.amounts.payable)}>
            {yuan(o.amounts.payable)}
          </Text>
        </View>
        {o.points.earned > 0 && o.status !== 'closed' ? (
          <Text className="o-card__note">订单完成后可得 {o.points.earned} 积分</Text>
        ) : null}
      </View>

      <View className="o-card detail-info">
        <View className="info-row">
          <Text className="info-row__label">订单编号</Text>
          <Text className="info-row__value">{o._id}</Text>
        </View>
        {times
          .filter(([, t]) => t)
          .map(([label, t]) => (
            <View key={label} className="info-row">
              <Text className="info-row__label">{label}</Text>
              <Text className="info-row__value">{formatTime(t)}</Text>
            </View>
          ))}
        {o.points.used > 0 ? (
          <View className="info-row">
            <Text className="info-row__label">使用积分</Text>
            <Text className="info-row__value">
              {o.points.used}（抵 {yuan(o.points.off)}）
            </Text>
          </View>
        ) : null}
        {o.remark ? (
          <View className="info-row">
            <Text className="info-row__label">订单备注</Text>
            <Text className="info-row__value">{o.remark}</Text>
          </View>
        ) : null}
      </View>

      {unpaid ? (
        <View className="o-bottom-bar detail-bar">
          <Text className="detail-bar__note">微信支付将在下一版本开放</Text>
          <View id="order-cancel" className="o-pill" onClick={() => setCancelOpen(true)}>
            取消订单
          </View>
          <View id="order-pay" className="o-pill o-pill--primary o-pill--disabled" aria-disabled>
            去支付
          </View>
        </View>
      ) : null}

      <CancelOrderPopup visible={cancelOpen} busy={cancelling} onClose={() => setCancelOpen(false)} onConfirm={(r) => void cancel(r)} />
    </View>
  );
}
