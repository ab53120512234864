import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { AftersaleDetail, AftersaleStatus, Parcel } from '@shop/types';
import { call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import ProductImage from '../../components/ProductImage';
import AftersaleLine from '../../components/AftersaleLine';
import { yuan } from '../../lib/price';
import { safeDecode } from '../../lib/nav';
import { imageUrl } from '../../lib/image';
import { detailLoadFailure, fieldErrors, handleError } from '../../lib/errors';
import { formatTime } from '../../lib/orders';
import { AFTERSALE_STATUS_TEXT, AFTERSALE_TYPE_TEXT, REFUND_STATUS_TEXT, actionText, isTrackingNo } from '../../lib/aftersales';
import '../../styles/order.scss';
import './index.scss';

type State = { kind: 'loading' } | { kind: 'missing'; message: string } | { kind: 'ready'; a: AftersaleDetail };

const STATUS_NOTE: Record<AftersaleStatus, string> = {
  pending: '商家会尽快处理你的申请',
  rejected: '你可以联系商家协商，或重新提交申请',
  cancelled: '你已撤销本次申请',
  awaiting_return: '请按下方地址寄回商品，并填写快递单号',
  returned: '商家收到退回的商品后会尽快处理',
  refunding: '退款将原路退回你的微信支付账户',
  refunded: '退款已原路退回',
  exchange_shipped: '商家已发出换货，收到后请确认收货',
  completed: '换货已完成',
};
const COURIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '京东物流', 'EMS'];

/** A parcel on its way: the goods sent back, or the exchanged goods. */
function ParcelCard({ id, title, parcel, when }: { id: string; title: string; parcel: Parcel; when: string }) {
  return (
    <View id={id} className="o-card">
      <View className="o-card__title">{title}</View>
      <Text className="asd-parcel">
        {parcel.company} {parcel.trackingNo}
      </Text>
      <Text className="o-card__note">
        {formatTime(parcel.at)} {when}
      </Text>
    </View>
  );
}

/**
 * One after-sales request (`id=`): the status (#as-status), the return address and the parcel form while the goods
 * are to be sent back, the refund, the exchange parcel and its confirmation, withdrawal while pending, and the whole
 * history (#as-history).
 */
export default function AftersaleDetailPage() {
  const router = useRouter();
  const id = safeDecode(router.params.id);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [company, setCompany] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const polls = useRef(0);

  const load = useCallback(async () => {
    if (!id) return setState({ kind: 'missing', message: '缺少售后单号' });
    try {
      setState({ kind: 'ready', a: await call('aftersale', 'get', { id }) });
    } catch (e) {
      const failed = detailLoadFailure(e, '售后单不存在');
      setState((s) => (failed.keep && s.kind === 'ready' ? s : { kind: 'missing', message: failed.message }));
    }
  }, [id]);
  useDidShow(() => void load());

  const a = state.kind === 'ready' ? state.a : null;
  // a refund in flight settles by itself: look again a few times
  const inFlight = !!a && (a.status === 'refunding' || a.refund?.status === 'PENDING' || a.refund?.status === 'PROCESSING');
  useEffect(() => {
    if (!inFlight || polls.current >= 6) return undefined;
    const timer = setTimeout(() => {
      polls.current += 1;
      void load();
    }, 2000);
    return () => clearTimeout(timer);
  }, [inFlight, a, load]);

  const run = async (name: string, fn: () => Promise<AftersaleDetail>, done: string) => {
    if (busy) return;
    setBusy(name);
    try {
      setState({ kind: 'ready', a: await fn() });
      polls.current = 0;
      void Taro.showToast({ title: done, icon: 'none' });
    } catch (e) {
      handleError(e);
      void load();
    } finally {
      setBusy(null);
    }
  };

  const withdraw = async () => {
    if (!a) return;
    const { confirm } = await Taro.showModal({ title: '撤销申请', content: '撤销后本次售后申请将关闭，确定撤销吗？', confirmText: '撤销', cancelText: '再想想' });
    if (confirm) await run('cancel', () => call('aftersale', 'cancel', { id: a._id }), '已撤销申请');
  };

  /** typing in the parcel form clears its message */
  const editParcel = (set: (v: string) => void) => (v: string) => {
    set(v);
    setFormError('');
  };

  const shipBack = async () => {
    if (!a) return;
    const c = company.trim();
    const t = trackingNo.trim();
    const problem = !c ? '请填写快递公司' : !isTrackingNo(t) ? '快递单号为 6–40 位字母、数字或 -' : '';
    setFormError(problem);
    if (problem) return;
    await run(
      'shipBack',
      async () => {
        try {
          return await call('aftersale', 'shipBack', { id: a._id, company: c, trackingNo: t });
        } catch (e) {
          const f = fieldErrors(e);
          if (f.trackingNo || f.company) setFormError(f.trackingNo ? '快递单号为 6–40 位字母、数字或 -' : '请填写快递公司');
          throw e;
        }
      },
      '已提交退货物流',
    );
  };

  const confirmExchange = async () => {
    if (!a) return;
    const { confirm } = await Taro.showModal({ title: '确认收货', content: '请确认已收到换货商品', confirmText: '确认收货', cancelText: '取消' });
    if (confirm) await run('confirmExchange', () => call('aftersale', 'confirmExchange', { id: a._id }), '已确认收货');
  };

  if (state.kind === 'loading') return <View className="page o-page-loading">加载中…</View>;
  if (state.kind === 'missing' || !a) {
    return (
      <View className="page">
        <EmptyState icon="!" title={state.kind === 'missing' ? state.message : '售后单不存在'}>
          <View className="detail-back" onClick={() => void Taro.redirectTo({ url: '/pages/aftersales/index' })}>
            查看我的售后
          </View>
        </EmptyState>
      </View>
    );
  }

  const closed = a.status === 'rejected' || a.status === 'cancelled';
  const hasBar = a.status === 'pending' || a.status === 'exchange_shipped';
  const evidence = a.evidence.map(imageUrl);
  return (
    <View className={`page asd${hasBar ? ' asd--bar' : ''}`} data-id={a._id} data-status={a.status}>
      <View className={`detail-status${closed ? ' detail-status--closed' : ''}`}>
        <Text id="as-status" className="detail-status__text" data-status={a.status}>
          {AFTERSALE_STATUS_TEXT[a.status]}
        </Text>
        <Text className="detail-status__note">{STATUS_NOTE[a.status]}</Text>
      </View>

      {a.status === 'rejected' && a.rejectReason ? (
        <View id="as-reject-reason" className="asd-notice">
          <Text className="asd-notice__title">驳回原因</Text>
          <Text className="asd-notice__text">{a.rejectReason}</Text>
        </View>
      ) : null}

      {a.refund ? (
        <View id="as-refund" className="o-card asd-refund" data-status={a.refund.status} data-fen={String(a.refund.amount)}>
          <View className="o-row">
            <Text className="o-row__label">退款</Text>
            <Text className="o-row__value asd-refund__amount">{yuan(a.refund.amount)}</Text>
            <Text className={`asd-refund__status asd-refund__status--${a.refund.status.toLowerCase()}`}>{REFUND_STATUS_TEXT[a.refund.status]}</Text>
          </View>
          {a.refund.successAt ? <Text className="o-card__note">到账时间 {formatTime(a.refund.successAt)}</Text> : null}
        </View>
      ) : null}

      {a.status === 'awaiting_return' && a.returnAddress ? (
        <View className="o-card">
          <View className="o-card__title">退货地址</View>
          <View id="as-return-address" className="asd-address">
            <Text className="asd-address__who">
              {a.returnAddress.name} {a.returnAddress.phone}
            </Text>
            <Text className="asd-address__line">{a.returnAddress.address}</Text>
          </View>
          <View className="o-card__title">填写退货物流</View>
          <View className="asd-couriers">
            {COURIERS.map((c) => (
              <Text key={c} className={`o-chip asd-courier${company === c ? ' o-chip--active' : ''}`} onClick={() => editParcel(setCompany)(c)}>
                {c}
              </Text>
            ))}
          </View>
          {(
            [
              ['as-company', '快递公司', company, setCompany, 30, '如：顺丰速运'],
              ['as-tracking', '快递单号', trackingNo, setTrackingNo, 40, '请填写快递单号'],
            ] as const
          ).map(([fieldId, label, value, set, maxlength, placeholder]) => (
            <View key={fieldId} className="o-row">
              <Text className="o-row__label">{label}</Text>
              <Input id={fieldId} className="asd-input" value={value} maxlength={maxlength} placeholder={placeholder} onInput={(e) => editParcel(set)(e.detail.value)} />
            </View>
          ))}
          {formError ? <Text className="asd-form-error">{formError}</Text> : null}
          <View id="as-ship-back" className={`o-btn asd-ship-back${busy === 'shipBack' ? ' o-btn--busy' : ''}`} onClick={() => void shipBack()}>
            {busy === 'shipBack' ? '正在提交…' : '提交退货物流'}
          </View>
        </View>
      ) : null}

      {a.returnParcel ? <ParcelCard id="as-return-parcel" title="退货物流" parcel={a.returnParcel} when="寄出" /> : null}
      {a.exchangeParcel ? <ParcelCard id="as-exchange-parcel" title="换货物流" parcel={a.exchangeParcel} when="商家发出" /> : null}

      <View className="o-card">
        <View className="o-card__title">售后商品</View>
        {a.lines.map((l) => (
          <AftersaleLine key={l.skuId} line={l} />
        ))}
      </View>

      <View className="o-card asd-info">
        {(
          [
            ['售后类型', AFTERSALE_TYPE_TEXT[a.type]],
            ...(a.type !== 'exchange' ? [['退款金额', yuan(a.amount)]] : []),
            ['申请原因', a.reason],
            ...(a.description ? [['问题描述', a.description]] : []),
            ...(a.type === 'refund' ? [['货物状态', a.goodsReceived ? '已收到货' : '未收到货']] : []),
            ['售后单号', a._id],
            ['订单编号', a.orderId],
            ['申请时间', formatTime(a.createdAt)],
          ] as [string, string][]
        ).map(([label, value]) => (
          <View key={label} className="asd-info-row">
            <Text className="asd-info-row__label">{label}</Text>
            <Text className="asd-info-row__value" id={label === '退款金额' ? 'as-amount-view' : undefined}>
              {value}
            </Text>
          </View>
        ))}
        {evidence.length ? (
          <View id="as-evidence-view" className="asd-evidence">
            {evidence.map((u, i) => (
              <View key={u + i} className="asd-evidence__item" onClick={() => void Taro.previewImage({ urls: evidence, current: u })}>
                <ProductImage className="asd-evidence__image" src={a.evidence[i]} />
              </View>
            ))}
          </View>
        ) : null}
        <View className="asd-order-link" onClick={() => void Taro.navigateTo({ url: `/pages/order-detail/index?id=${encodeURIComponent(a.orderId)}` })}>
          查看订单 ›
        </View>
      </View>

      <View className="o-card">
        <View className="o-card__title">售后进度</View>
        <View id="as-history" className="asd-history">
          {[...a.history].reverse().map((s, i) => (
            <View key={`${s.at}-${i}`} className={`as-step${i === 0 ? ' as-step--latest' : ''}`} data-action={s.action}>
              <View className="as-step__dot" />
              <View className="as-step__body">
                <Text className="as-step__label">{actionText(s.action)}</Text>
                {s.note ? <Text className="as-step__note">{s.note}</Text> : null}
                <Text className="as-step__time">{formatTime(s.at)}</Text>
              </View>
            </View>
          ))}
        </View>
      </View>

      {hasBar ? (
        <View className="o-bottom-bar">
          {a.status === 'pending' ? (
            <View id="as-cancel" className={`o-pill${busy === 'cancel' ? ' o-pill--disabled' : ''}`} onClick={() => void withdraw()}>
              撤销申请
            </View>
          ) : null}
          {a.status === 'exchange_shipped' ? (
            <View id="as-confirm-exchange" className={`o-pill o-pill--primary${busy === 'confirmExchange' ? ' o-pill--disabled' : ''}`} onClick={() => void confirmExchange()}>
              确认收货
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
