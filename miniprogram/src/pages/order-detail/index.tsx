import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AftersaleQuote, Order } from '@shop/types';
import { call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import OrderLineItem from '../../components/OrderLineItem';
import PriceBreakdown from '../../components/PriceBreakdown';
import CancelOrderPopup from '../../components/CancelOrderPopup';
import OrderRefunds, { type OrderRefund } from '../../components/OrderRefunds';
import OrderShipments from '../../components/OrderShipments';
import LocalDelivery from '../../components/LocalDelivery';
import PickupCode from '../../components/PickupCode';
import ServiceButton from '../../components/ServiceButton';
import { yuan } from '../../lib/price';
import PresaleRow from '../../components/PresaleRow';
import { openProduct, safeDecode } from '../../lib/nav';
import { detailLoadFailure, handleError } from '../../lib/errors';
import { CLOSE_REASON_TEXT, DELIVERY_TEXT, addressLine, freightShown, orderStatusText, formatCountdown, formatTime } from '../../lib/orders';
import { PAY_OUTCOME_TEXT, cancelRequestText, isPayOutcome, withoutWxpayParam, type PayOutcome } from '../../lib/aftersales';
import '../../styles/order.scss';
import './index.scss';

const IS_H5 = process.env.TARO_ENV === 'h5';
/** order states in which after-sales may be asked for (the quote then says which kinds) */
const AFTERSALE_STATES: Order['status'][] = ['paid', 'partly_shipped', 'shipped', 'completed'];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const toast = (title: string) => void Taro.showToast({ title, icon: 'none', duration: 2000 });

type State = { kind: 'loading' } | { kind: 'missing'; message: string } | { kind: 'ready'; order: Order };

const statusNote = (o: Order): string => {
  switch (o.status) {
    case 'unpaid':
      return '请尽快付款，超时订单将自动关闭';
    case 'paid':
      if (o.delivery.method === 'virtual') return '商家将在订单中发放，请留意本页';
      return o.delivery.method === 'pickup' ? '请凭提货码到门店提货' : '商家正在备货，请耐心等待发货';
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

/**
 * One order: status (and the time left to pay), delivery, lines, the breakdown as priced, times; paying (H5: the
 * simulator's cashier page, back here with `wxpay=ok|fail|cancel`; weapp: Taro.requestPayment), cancelling (a paid
 * order asks the merchant), refunds and after-sales.
 */
export default function OrderDetailPage() {
  const router = useRouter();
  const id = safeDecode(router.params.id);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [now, setNow] = useState(() => Date.now());
  const [cancelOpen, setCancelOpen] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [paying, setPaying] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [refunds, setRefunds] = useState<OrderRefund[]>([]);
  const [quote, setQuote] = useState<AftersaleQuote | null>(null);
  const reloadedAtZero = useRef(false);
  /** back from the cashier page (H5): handled once, on the first show */
  const returned = useRef<PayOutcome | null>(isPayOutcome(router.params.wxpay) ? router.params.wxpay : null);
  /** `pay=1` (from 提交订单): pay once the order is read, without a tap on 去支付 */
  const autoPay = useRef(router.params.pay === '1' && !isPayOutcome(router.params.wxpay));
  const payRef = useRef<(o: Order) => Promise<void>>();
  /** weapp: the payment sheet was opened; coming back to the page asks WeChat Pay */
  const payStarted = useRef(false);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  /** the refunds and what after-sales the order allows (only orders with a payment have either) */
  const loadExtras = useCallback(async (o: Order) => {
    if (!o.payment) {
      setRefunds([]);
      setQuote(null);
      return;
    }
    const [r, q] = await Promise.all([
      call('order', 'refunds', { id: o._id }).catch(() => null),
      AFTERSALE_STATES.includes(o.status) ? call('aftersale', 'quote', { orderId: o._id }).catch(() => null) : Promise.resolve(null),
    ]);
    if (!alive.current) return;
    if (r) setRefunds(r);
    setQuote(q);
  }, []);

  const show = useCallback(
    (order: Order) => {
      setState({ kind: 'ready', order });
      void loadExtras(order);
    },
    [loadExtras],
  );

  /** order.payStatus up to `tries` times, a second apart, while the order is still unpaid; the last order read */
  const checkPaid = useCallback(
    async (tries: number): Promise<Order | null> => {
      let last: Order | null = null;
      for (let i = 0; i < tries && alive.current; i++) {
        if (i > 0) await sleep(1000);
        try {
          last = await call('order', 'payStatus', { id });
        } catch (e) {
          handleError(e);
          return last;
        }
        if (!alive.current) break;
        show(last);
        if (last.status !== 'unpaid') break;
      }
      return last;
    },
    [id, show],
  );

  /** the cashier page sent the shopper back: say how it went, and wait a little for the payment to be confirmed */
  const afterCashier = useCallback(
    async (outcome: PayOutcome) => {
      const first = await checkPaid(1);
      if (!first) return;
      toast(outcome === 'ok' || first.status !== 'unpaid' ? PAY_OUTCOME_TEXT.ok : PAY_OUTCOME_TEXT[outcome]);
      if (outcome === 'ok' && first.status === 'unpaid') {
        const last = await checkPaid(5);
        if (last?.status === 'unpaid') toast('支付结果确认中，请稍后刷新');
      }
    },
    [checkPaid],
  );

  const load = useCallback(async () => {
    if (!id) return setState({ kind: 'missing', message: '缺少订单号' });
    try {
      const order = await call('order', 'get', { id });
      show(order);
      if (autoPay.current) {
        autoPay.current = false;
        // a reload or the way back from the cashier must not pay again
        if (IS_H5) window.history.replaceState(window.history.state, '', withoutWxpayParam(window.location.href));
        if (order.status === 'unpaid') void payRef.current?.(order);
      }
    } catch (e) {
      const failed = detailLoadFailure(e, '订单不存在');
      setState((s) => (failed.keep && s.kind === 'ready' ? s : { kind: 'missing', message: failed.message }));
    }
  }, [id, show]);

  useDidShow(() => {
    const outcome = returned.current;
    if (outcome && id) {
      returned.current = null;
      // a reload of this page must not announce the payment again
      if (IS_H5) window.history.replaceState(window.history.state, '', withoutWxpayParam(window.location.href));
      void afterCashier(outcome);
    } else if (payStarted.current && id) {
      payStarted.current = false;
      void checkPaid(3);
    } else void load();
  });

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

  // refunds in flight settle by themselves: look again a few times
  const refundsInFlight = refunds.some((r) => r.status === 'PENDING' || r.status === 'PROCESSING');
  const refundPolls = useRef(0);
  useEffect(() => {
    if (!refundsInFlight || !order || refundPolls.current >= 5) return undefined;
    const timer = setTimeout(() => {
      refundPolls.current += 1;
      void load();
    }, 2000);
    return () => clearTimeout(timer);
  }, [refundsInFlight, refunds, order, load]);

  const pay = async (o: Order | null = order) => {
    if (!o || paying) return;
    setPaying(true);
    try {
      if (IS_H5) {
        const res = await call('order', 'pay', { id: o._id, returnUrl: withoutWxpayParam(window.location.href) });
        if (!res.cashierUrl) return toast('H5 支付需要连接本地微信支付模拟器');
        window.location.href = res.cashierUrl;
        return;
      }
      const { params } = await call('order', 'pay', { id: o._id });
      payStarted.current = true;
      try {
        await Taro.requestPayment({ timeStamp: params.timeStamp, nonceStr: params.nonceStr, package: params.package, signType: params.signType, paySign: params.paySign });
        payStarted.current = false;
        const paid = await checkPaid(5);
        toast(paid && paid.status !== 'unpaid' ? PAY_OUTCOME_TEXT.ok : '支付结果确认中，请稍后刷新');
      } catch (e) {
        payStarted.current = false;
        const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
        toast(/cancel/i.test(msg) ? PAY_OUTCOME_TEXT.cancel : PAY_OUTCOME_TEXT.fail);
        void checkPaid(1);
      }
    } catch (e) {
      handleError(e);
    } finally {
      setPaying(false);
    }
  };

  payRef.current = pay;

  /** every parcel arrived: the order completes (after the shopper says so once more) */
  const confirmReceipt = async () => {
    if (!order || confirming) return;
    const { confirm } = await Taro.showModal({ title: '确认收货', content: '请确认已收到全部商品。确认后订单完成，如有问题仍可申请售后。', confirmText: '确认收货', cancelText: '再等等' });
    if (!confirm) return;
    setConfirming(true);
    try {
      show(await call('order', 'confirmReceipt', { id: order._id }));
      toast('已确认收货');
    } catch (e) {
      handleError(e);
      void load();
    } finally {
      setConfirming(false);
    }
  };

  /** unpaid: closes the order; paid and not shipped: asks the merchant to cancel */
  const cancel = async (reason: string) => {
    if (!order || cancelling) return;
    setCancelling(true);
    try {
      const next = await call('order', 'cancel', { id: order._id, reason });
      show(next);
      setCancelOpen(false);
      toast(next.status === 'closed' ? '订单已取消' : '已提交取消申请，等待商家处理');
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
  const cr = o.cancelRequest;
  const canRequestCancel = o.status === 'paid' && !!o.payment && cr?.status !== 'pending' && cr?.status !== 'agreed';
  // after-sales allowed now, and some units not already asked for
  const canAftersale = !!quote && quote.types.length > 0 && quote.lines.some((l) => l.available > 0);
  const hasAftersales = Object.keys(o.aftersaleClaims ?? {}).length > 0;
  const canConfirm = o.status === 'shipped';
  const hasBar = unpaid || canRequestCancel || canAftersale || hasAftersales || canConfirm;
  const openAftersales = () => void Taro.navigateTo({ url: `/pages/aftersales/index?orderId=${encodeURIComponent(o._id)}` });
  const openApply = () => void Taro.navigateTo({ url: `/pages/aftersale-apply/index?orderId=${encodeURIComponent(o._id)}` });
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
    <View className={`page order-detail${hasBar ? ' order-detail--bar' : ''}`} data-id={o._id} data-status={o.status}>
      <View className={`detail-status detail-status--${o.status}`}>
        <Text id="order-status" className="detail-status__text" data-status={o.status}>
          {orderStatusText(o)}
        </Text>
        {unpaid && closeAt !== null ? (
          <Text id="order-countdown" className="detail-status__note" data-close-at={o.closeAt ?? ''}>
            {closeAt > now ? `剩余 ${formatCountdown(closeAt - now)}，${formatTime(o.closeAt)} 未付款订单将自动关闭` : '支付时间已到，订单即将关闭'}
          </Text>
        ) : (
          <Text className="detail-status__note">{statusNote(o)}</Text>
        )}
      </View>

      {cr ? (
        <View id="order-cancel-state" className={`detail-notice detail-notice--${cr.status}`} data-status={cr.status}>
          <Text className="detail-notice__title">{cancelRequestText(cr)}</Text>
          <Text className="detail-notice__note">
            取消原因：{cr.reason} · {formatTime(cr.at)}
          </Text>
        </View>
      ) : null}

      {o.delivery.method === 'pickup' ? <PickupCode order={o} /> : null}

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
          <View id="order-store" className="detail-address" data-id={s._id}>
            <Text className="detail-address__who">自提门店：{s.name}</Text>
            <Text className="detail-address__line">{s.address}</Text>
          </View>
        ) : null}
        {o.delivery.method === 'virtual' ? (
          o.virtualDelivery ? (
            <View id="order-virtual" className="detail-address">
              <Text className="detail-address__who">发货信息（卡密 / 预约信息）</Text>
              <Text id="order-virtual-note" className="detail-address__line" userSelect>
                {o.virtualDelivery.note}
              </Text>
              <Text className="detail-address__line">{formatTime(o.virtualDelivery.at)} 发放</Text>
            </View>
          ) : (
            <Text className="detail-address__line">无需物流，付款后商家在此发放</Text>
          )
        ) : null}
      </View>

      <OrderShipments order={o} />
      <LocalDelivery order={o} />

      <View className="o-card">
        <View className="o-card__title">商品</View>
        {o.lines.map((l) => (
          <OrderLineItem key={l.skuId} line={l} activity={l.activity ?? null} showPayable onClick={() => openProduct(l.productId)} />
        ))}
        {o.presale ? (
          <PresaleRow id="order-presale" presale={o.presale} />
        ) : null}
      </View>

      <View className="o-card">
        <View className="o-card__title">价格明细</View>
        <PriceBreakdown steps={o.steps} goods={o.amounts.goods} freight={freightShown(o.delivery.method, o.amounts.freight)} />
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
          <Text>{unpaid || (o.status === 'closed' && !o.payment) ? '应付金额' : '实付金额'}</Text>
          <Text id="order-payable" className="o-payable-row__amount" data-fen={String(o.amounts.payable)}>
            {yuan(o.amounts.payable)}
          </Text>
        </View>
        {o.points.earned > 0 && o.status !== 'closed' ? (
          <Text className="o-card__note">订单完成后可得 {o.points.earned} 积分</Text>
        ) : null}
      </View>

      <OrderRefunds refunds={refunds} />

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
        <ServiceButton id="order-service" className="detail-service">
          {(phone) => (
            <View className="info-row">
              <Text className="info-row__label">联系客服</Text>
              <Text className="info-row__value detail-service__value">{phone ? `客服电话 ${phone}` : '在线客服'} ›</Text>
            </View>
          )}
        </ServiceButton>
      </View>

      {hasBar ? (
        <View className="o-bottom-bar detail-bar">
          {unpaid ? (
            <>
              <Text className="detail-bar__note">
                应付 <Text className="detail-bar__amount">{yuan(o.amounts.payable)}</Text>
              </Text>
              <View id="order-cancel" className="o-pill" onClick={() => setCancelOpen(true)}>
                取消订单
              </View>
              <View id="order-pay" className={`o-pill o-pill--primary${paying ? ' o-pill--disabled' : ''}`} onClick={() => void pay()}>
                {paying ? '正在支付…' : '去支付'}
              </View>
            </>
          ) : (
            <>
              {hasAftersales ? (
                <View id="order-aftersales-link" className="o-pill" onClick={openAftersales}>
                  售后记录
                </View>
              ) : null}
              {canRequestCancel ? (
                <View id="order-cancel-request" className="o-pill" onClick={() => setCancelOpen(true)}>
                  申请取消
                </View>
              ) : null}
              {canAftersale ? (
                <View id="order-aftersale" className={`o-pill${canConfirm ? '' : ' o-pill--primary'}`} onClick={openApply}>
                  申请售后
                </View>
              ) : null}
              {canConfirm ? (
                <View id="order-confirm-receipt" className={`o-pill o-pill--primary${confirming ? ' o-pill--disabled' : ''}`} onClick={() => void confirmReceipt()}>
                  {confirming ? '提交中…' : '确认收货'}
                </View>
              ) : null}
            </>
          )}
        </View>
      ) : null}

      <CancelOrderPopup
        visible={cancelOpen}
        busy={cancelling}
        confirmText={unpaid ? '确认取消订单' : '提交取消申请'}
        onClose={() => setCancelOpen(false)}
        onConfirm={(r) => void cancel(r)}
      />
    </View>
  );
}
