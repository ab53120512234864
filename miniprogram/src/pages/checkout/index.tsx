import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { CheckoutInput, CheckoutPreview, CouponVerdict, DeliveryMethod } from '@shop/types';
import { ApiError, call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import OrderLineItem from '../../components/OrderLineItem';
import PriceBreakdown from '../../components/PriceBreakdown';
import Sheet from '../../components/Sheet';
import Check from '../../components/Check';
import Toggle from '../../components/Toggle';
import PresaleRow from '../../components/PresaleRow';
import AddressSummary from '../../components/AddressSummary';
import { yuan } from '../../lib/price';
import { errorText, goLogin, handleError, isActivityRefusal, isUnauthenticated, showActivityRefusal, showErrorText } from '../../lib/errors';
import {
  COUPON_REJECTION_TEXT,
  DELIVERY_TEXT,
  deliveryReasonText,
  freightShown,
  newRequestId,
  parseItemsParam,
} from '../../lib/orders';
import { takePickedAddress } from '../../lib/pickedAddress';
import { askSubscription, loadSubscribeTemplates } from '../../lib/askSubscription';
import '../../styles/order.scss';
import './index.scss';

type Source = CheckoutInput['source'];

/** What the shopper chose on this page; every change asks the server for a new quote. */
interface Options {
  /** a held coupon id, null for none, 'best' (first visit) for the engine's best */
  couponId: string | null;
  /** a reusable coupon code typed by the shopper */
  couponCode?: string;
  usePoints: boolean;
  method: DeliveryMethod;
  addressId?: string;
  storeId?: string;
}
const FIRST: Options = { couponId: 'best', usePoints: false, method: 'express' };

type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'refreshing' } | { kind: 'fatal'; message: string };

const toInput = (source: Source, o: Options): CheckoutInput => ({
  source,
  couponId: o.couponId,
  ...(o.couponCode ? { couponCode: o.couponCode } : {}),
  usePoints: o.usePoints,
  delivery: {
    method: o.method,
    ...(o.method !== 'pickup' && o.addressId ? { addressId: o.addressId } : {}),
    ...(o.method === 'pickup' && o.storeId ? { storeId: o.storeId } : {}),
  },
});

const verdictText = (v: CouponVerdict): string =>
  v.applicable ? `可省 ${yuan(v.off)}` : `${v.reason ? COUPON_REJECTION_TEXT[v.reason] : '不可用'}${v.message ? `（${v.message}）` : ''}`;

/**
 * 确认订单: the server's quote for the cart's selected lines or the 立即购买 items, with delivery, address or
 * store, coupon, points and the breakdown; 提交订单 creates the order with the amount shown.
 */
export default function CheckoutPage() {
  const router = useRouter();
  const [source] = useState<Source | null>(() => {
    if (router.params.cart === '1') return { cart: true };
    const items = parseItemsParam(router.params.items);
    return items ? { items } : null;
  });
  /** one per visit of this page: a retry or a double tap makes one order */
  const requestId = useRef(newRequestId());
  const opts = useRef<Options>(FIRST);
  const seq = useRef(0);
  const submitting = useRef(false);
  const [preview, setPreview] = useState<CheckoutPreview | null>(null);
  const [status, setStatus] = useState<Status>(source ? { kind: 'loading' } : { kind: 'fatal', message: '没有要结算的商品' });
  const [remark, setRemark] = useState('');
  const [couponOpen, setCouponOpen] = useState(false);
  const [codeDraft, setCodeDraft] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const runPreview = useCallback(
    async (next: Options): Promise<CheckoutPreview | null> => {
      if (!source) return null;
      opts.current = next;
      const mine = ++seq.current;
      setStatus((s) => (s.kind === 'ready' || s.kind === 'refreshing' ? { kind: 'refreshing' } : { kind: 'loading' }));
      try {
        const p = await call('order', 'preview', toInput(source, next));
        if (mine !== seq.current) return null;
        // keep the options in line with what the quote really applied, so that 提交订单 asks for the same
        const o = { ...next };
        if (next.couponCode) {
          if (p.couponCodeError) {
            setCodeError('没有找到这个优惠码');
            o.couponCode = undefined;
          } else if (!p.quote.coupon.chosen?.startsWith('reusable:')) {
            const v = p.quote.coupons.find((c) => c.id.startsWith('reusable:'));
            setCodeError(v ? `该券暂不可用：${verdictText(v)}` : '该优惠码暂不可用');
            o.couponCode = undefined;
            o.couponId = null;
          } else setCodeError(null);
        } else if (next.couponId && next.couponId !== 'best' && p.quote.coupon.chosen !== next.couponId) {
          void Taro.showToast({ title: '所选优惠券当前不可用', icon: 'none' });
          o.couponId = null;
        }
        opts.current = o;
        setPreview(p);
        setStatus({ kind: 'ready' });
        return p;
      } catch (e) {
        if (mine !== seq.current) return null;
        if (e instanceof ApiError && e.code === 'NOT_FOUND' && (next.addressId || next.storeId)) {
          // the chosen address or store is gone: let the server pick again
          return runPreview({ ...next, addressId: undefined, storeId: undefined });
        }
        if (e instanceof ApiError && e.code === 'COUPON_CODE_THROTTLED' && next.couponCode) {
          // the typed code must wait: say how long, and quote without it so the shopper can still pay
          setCodeError(errorText(e));
          return runPreview({ ...next, couponCode: undefined, couponId: next.couponId?.startsWith('reusable:') ? null : next.couponId });
        }
        if (isUnauthenticated(e)) {
          setStatus({ kind: 'fatal', message: '请先登录' });
          goLogin();
          return null;
        }
        if (e instanceof ApiError && e.code === 'DELIVERY_NOT_AVAILABLE') {
          // the server says which methods every item allows: switch to the first one offered
          const methods = (e.details as { methods?: { method: DeliveryMethod; available: boolean }[] } | undefined)?.methods ?? [];
          const alt = methods.find((m) => m.available && m.method !== next.method)?.method ?? (next.method !== 'express' ? 'express' : null);
          showErrorText(e);
          if (alt) return runPreview({ ...next, method: alt });
        }
        if (e instanceof ApiError && ['OUT_OF_STOCK', 'OFF_SHELF', 'NOT_FOUND', 'NOTHING_SELECTED', 'ACTIVITY_LIMIT_REACHED'].includes(e.code)) {
          setStatus({ kind: 'fatal', message: errorText(e) });
          if (isActivityRefusal(e)) void showActivityRefusal(e);
          return null;
        }
        showErrorText(e);
        setStatus((s) => (s.kind === 'refreshing' ? { kind: 'ready' } : { kind: 'fatal', message: errorText(e) }));
        return null;
      }
    },
    [source],
  );

  // first show, and back from the address book (an address may have been picked, added, edited or deleted)
  useDidShow(() => {
    void loadSubscribeTemplates(); // ready before 提交订单 is tapped
    const picked = takePickedAddress();
    void runPreview(picked ? { ...opts.current, method: 'express', addressId: picked } : opts.current);
  });

  const update = (patch: Partial<Options>) => void runPreview({ ...opts.current, ...patch });

  /** `ask`: the shopper's own tap on 提交订单 (not the second submit after a price change), when WeChat lets us ask */
  const submit = async (expectedPayable: number, ask = true) => {
    if (!source || !preview || submitting.current) return;
    if (status.kind !== 'ready') return; // a newer quote is on its way
    if ((preview.delivery.method === 'express' || preview.delivery.method === 'local') && !preview.delivery.addressId) {
      void Taro.showToast({ title: '请先添加收货地址', icon: 'none' });
      return;
    }
    submitting.current = true;
    setBusy(true);
    let again: number | null = null;
    try {
      // 订阅消息: paid, then shipped or ready for pickup, and a refund's result (never in the way of the order)
      if (ask) await askSubscription({ kind: 'checkout', method: preview.delivery.method });
      const order = await call('order', 'create', {
        ...toInput(source, opts.current),
        clientRequestId: requestId.current,
        expectedPayable,
        remark: remark.trim(),
      });
      // straight to payment: the order detail opens the cashier (H5) or WeChat's payment sheet, and is where the
      // shopper lands after paying or cancelling
      void Taro.redirectTo({ url: `/pages/order-detail/index?id=${encodeURIComponent(order._id)}${order.status === 'unpaid' ? '&pay=1' : ''}` });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'PRICE_CHANGED') {
        const fresh = (e.details as { preview?: CheckoutPreview } | undefined)?.preview ?? (await runPreview(opts.current));
        if (fresh) {
          setPreview(fresh);
          const { confirm } = await Taro.showModal({
            title: '价格有变化',
            content: `应付金额由 ${yuan(expectedPayable)} 变为 ${yuan(fresh.quote.payable)}，是否按新金额提交订单？`,
            confirmText: '确认提交',
            confirmColor: '#e93b3d',
            cancelText: '再看看',
          });
          if (confirm) again = fresh.quote.payable;
        }
      } else if (e instanceof ApiError && e.code === 'COUPON_CODE_THROTTLED') {
        // the code is dropped from the quote: the shopper sees the new amount and submits again
        showErrorText(e);
        setCodeError(errorText(e));
        void runPreview({ ...opts.current, couponCode: undefined, couponId: opts.current.couponId?.startsWith('reusable:') ? null : opts.current.couponId });
      } else if (e instanceof ApiError && e.code === 'COUPON_NOT_APPLICABLE') {
        showErrorText(e);
        void runPreview({ ...opts.current, couponId: null, couponCode: undefined });
      } else if (isActivityRefusal(e)) {
        // the shopper's activity limit is used up, or the flash sale sold out meanwhile: say so, then re-quote
        await showActivityRefusal(e);
        void runPreview(opts.current);
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        void Taro.showToast({ title: '请选择收货地址', icon: 'none' });
      } else {
        handleError(e);
        if (e instanceof ApiError && ['OUT_OF_STOCK', 'OFF_SHELF', 'NOT_FOUND'].includes(e.code)) void runPreview(opts.current);
      }
    } finally {
      submitting.current = false;
      setBusy(false);
    }
    if (again !== null) void submit(again, false);
  };

  if (status.kind === 'fatal') {
    return (
      <View className="page checkout">
        <EmptyState className="checkout-fatal" icon="!" title={status.message} description="请返回修改后再结算">
          <View className="checkout-fatal__back" onClick={() => void Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/cart/index' }))}>
            返回
          </View>
        </EmptyState>
      </View>
    );
  }
  if (!preview) return <View className="page checkout checkout-loading">正在计算价格…</View>;

  const { quote } = preview;
  const method = preview.delivery.method;
  const address = preview.addresses.find((a) => a._id === preview.delivery.addressId) ?? null;
  const chosen = quote.coupons.find((c) => c.id === quote.coupon.chosen) ?? null;
  const applicable = quote.coupons.filter((c) => c.applicable);
  const itemCount = preview.lines.reduce((n, l) => n + l.quantity, 0);
  const points = preview.points;
  const usingPoints = opts.current.usePoints;
  const refreshing = status.kind !== 'ready';
  /** the activity a line is in (the server marks each line) */
  type Line = (typeof preview.lines)[number];
  const lineActivity = (l: Line) => l.activity;
  /** the line with its price after the item activity */
  const priced = (l: Line) => ({ ...l, unitPrice: quote.lines.find((q) => q.skuId === l.skuId)?.unitPrice });

  const pickCoupon = (v: CouponVerdict | null) => {
    setCouponOpen(false);
    if (v === null) return update({ couponId: null, couponCode: undefined });
    if (!v.applicable) return;
    if (v.id.startsWith('reusable:')) return update({ couponId: v.id, couponCode: opts.current.couponCode });
    update({ couponId: v.id, couponCode: undefined });
  };
  const applyCode = () => {
    const code = codeDraft.trim();
    if (!code) {
      setCodeError('请输入优惠码');
      return;
    }
    setCodeError(null);
    update({ couponCode: code });
  };
  const openAddresses = () => {
    void Taro.navigateTo({ url: preview.addresses.length ? '/pages/address/index?select=1' : '/pages/address-edit/index?pick=1' });
  };

  return (
    <View className={`page checkout${refreshing ? ' checkout--refreshing' : ''}`} data-status={status.kind} data-method={method}>
      {method === 'virtual' ? (
        <View id="checkout-virtual" className="o-card delivery">
          <View className="o-card__title">{DELIVERY_TEXT.virtual}</View>
          <Text className="stores__note">付款后商家在订单中发放（如卡号、预约信息），无需收货地址和运费</Text>
        </View>
      ) : (
        <View className="o-card delivery">
          <View className="delivery__methods">
            {preview.deliveryMethods.map((d) => (
              <View
                key={d.method}
                className={`delivery-option${d.method === method ? ' delivery-option--active' : ''}${d.available ? '' : ' delivery-option--disabled'}`}
                data-method={d.method}
                data-available={d.available ? '1' : '0'}
                onClick={() =>
                  d.available
                    ? d.method !== method && update({ method: d.method })
                    : void Taro.showToast({ title: `${DELIVERY_TEXT[d.method]}${deliveryReasonText(d.reason)}`, icon: 'none' })
                }
              >
                <Text className="delivery-option__name">{DELIVERY_TEXT[d.method]}</Text>
                {!d.available ? <Text className="delivery-option__reason">{deliveryReasonText(d.reason)}</Text> : null}
              </View>
            ))}
          </View>

          {method !== 'pickup' ? (
            <View id="checkout-address" className={`address-card${address ? '' : ' address-card--empty'}`} data-id={address?._id ?? ''} onClick={openAddresses}>
              {address ? (
                <View className="address-card__body">
                  <AddressSummary block="address-card" address={address} />
                </View>
              ) : (
                <View className="address-card__body">
                  <Text className="address-card__add">＋ 添加收货地址</Text>
                </View>
              )}
              <Text className="address-card__arrow">›</Text>
            </View>
          ) : (
            <View className="stores">
              {preview.stores.map((s) => (
                <View
                  key={s._id}
                  className={`store-option${s._id === preview.delivery.storeId ? ' store-option--active' : ''}`}
                  data-id={s._id}
                  onClick={() => s._id !== preview.delivery.storeId && update({ storeId: s._id })}
                >
                  <View className="store-option__body">
                    <Text className="store-option__name">{s.name}</Text>
                    <Text className="store-option__address">{s.address}</Text>
                  </View>
                  <Check checked={s._id === preview.delivery.storeId} />
                </View>
              ))}
              <Text className="stores__note">下单后到所选门店出示提货码取货，无需运费</Text>
            </View>
          )}
        </View>
      )}

      <View className="o-card">
        <View className="o-card__title">商品（共 {itemCount} 件）</View>
        {preview.lines.map((l) => (
          <OrderLineItem key={l.skuId} line={priced(l)} activity={lineActivity(l)} />
        ))}
        {preview.presale ? (
          <PresaleRow id="checkout-presale" presale={preview.presale} />
        ) : null}
      </View>

      <View className="o-card">
        <View id="coupon-picker" className="o-row o-row--link" data-chosen={quote.coupon.chosen ?? ''} onClick={() => setCouponOpen(true)}>
          <Text className="o-row__label">优惠券</Text>
          <Text className={`o-row__value${chosen ? ' o-row__value--off' : ''}`}>
            {chosen
              ? `${chosen.name} −${yuan(chosen.off)}`
              : quote.coupons.length === 0
                ? '暂无可用优惠券'
                : applicable.length
                  ? `不使用（${applicable.length} 张可用）`
                  : '暂无可用优惠券'}
          </Text>
          <Text className="o-row__arrow">›</Text>
        </View>

        {points.enabled ? (
          <View className="o-row points-row">
            <View className="o-row__label points-row__label">
              <Text>积分抵扣</Text>
              <Text className="points-row__hint" id="points-info" data-used={String(quote.points.used)} data-off={String(quote.points.off)} data-balance={String(points.balance)}>
                {usingPoints && quote.points.used > 0
                  ? `已用 ${quote.points.used} 积分，抵 ${yuan(quote.points.off)}（共 ${points.balance} 积分）`
                  : quote.points.max > 0
                    ? `共 ${points.balance} 积分，本单可用 ${quote.points.max} 积分抵 ${yuan(quote.points.max * points.fenPerPoint)}`
                    : `共 ${points.balance} 积分，本单不可用`}
              </Text>
              <Text className="points-row__hint" id="points-rate" data-fen-per-point={String(points.fenPerPoint)}>
                {/* the rate in words: the shopper's balance (or 100 points when there is none) and what it is worth */}
                {`${points.balance || 100} 积分可抵 ${yuan((points.balance || 100) * points.fenPerPoint)}`}
              </Text>
            </View>
            <Toggle id="points-toggle" on={usingPoints} disabled={!usingPoints && quote.points.max === 0} onChange={(on) => update({ usePoints: on })} />
          </View>
        ) : null}

        <View className="o-row remark-row">
          <Text className="o-row__label">订单备注</Text>
          <Input
            id="order-remark"
            className="remark-input"
            value={remark}
            maxlength={200}
            placeholder="选填：给商家留言"
            onInput={(e) => setRemark(e.detail.value)}
          />
        </View>
      </View>

      <View className="o-card">
        <View className="o-card__title">价格明细</View>
        <PriceBreakdown steps={quote.steps} goods={quote.goodsAmount} freight={freightShown(method, quote.freight)} />
        <View className="o-payable-row">
          <Text>应付金额</Text>
          <Text id="checkout-payable" className="o-payable-row__amount" data-fen={String(quote.payable)}>
            {yuan(quote.payable)}
          </Text>
        </View>
        {quote.points.earned > 0 ? (
          <Text id="points-earned" className="o-card__note" data-earned={String(quote.points.earned)}>
            订单完成后可得 {quote.points.earned} 积分（按商品售价 × 积分系数计算，不随活动价和优惠减少）
          </Text>
        ) : null}
      </View>

      <View className="submit-bar">
        <View className="submit-bar__sum">
          <Text>合计：</Text>
          <Text className="submit-bar__total">{yuan(quote.payable)}</Text>
          {quote.totalOff > 0 ? <Text className="submit-bar__off">已优惠 {yuan(quote.totalOff)}</Text> : null}
        </View>
        <View
          id="submit-order"
          className={`submit-bar__btn${busy || refreshing ? ' submit-bar__btn--disabled' : ''}`}
          onClick={() => void submit(quote.payable)}
        >
          {busy ? '提交中…' : '提交订单'}
        </View>
      </View>

      <Sheet
        visible={couponOpen}
        title="选择优惠券"
        className="coupon-sheet"
        onClose={() => setCouponOpen(false)}
        footer={
          <View className="sheet__btn" onClick={() => setCouponOpen(false)}>
            完成
          </View>
        }
      >
        <View className="coupon-code">
          <Input
            id="coupon-code-input"
            className="coupon-code__input"
            value={codeDraft}
            maxlength={40}
            placeholder="输入优惠码"
            onInput={(e) => setCodeDraft(e.detail.value)}
            onConfirm={applyCode}
          />
          <View id="coupon-code-apply" className="coupon-code__btn" onClick={applyCode}>
            使用
          </View>
        </View>
        {codeError ? <Text className="coupon-code__error">{codeError}</Text> : null}

        <View id="coupon-none" className="coupon-none" data-checked={quote.coupon.chosen === null ? '1' : '0'} onClick={() => pickCoupon(null)}>
          <Text className="coupon-option__name">不使用优惠券</Text>
          <Check checked={quote.coupon.chosen === null} />
        </View>
        {quote.coupons.length === 0 ? <Text className="coupon-empty">暂无可用优惠券</Text> : null}
        {quote.coupons.map((v) => (
          <View
            key={v.id}
            className={`coupon-option${v.applicable ? '' : ' coupon-option--disabled'}${v.id === quote.coupon.chosen ? ' coupon-option--active' : ''}`}
            data-id={v.id}
            data-applicable={v.applicable ? '1' : '0'}
            data-off={String(v.off)}
            onClick={() => pickCoupon(v)}
          >
            <View className="coupon-option__body">
              <Text className="coupon-option__name">
                {v.name}
                {v.id === quote.coupon.best ? <Text className="o-tag o-tag--brand">最优</Text> : null}
              </Text>
              <Text className="coupon-option__message">{verdictText(v)}</Text>
            </View>
            {v.applicable ? <Check checked={v.id === quote.coupon.chosen} /> : null}
          </View>
        ))}
      </Sheet>
    </View>
  );
}
