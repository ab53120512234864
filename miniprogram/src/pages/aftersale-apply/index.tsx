import { useCallback, useMemo, useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import type { AftersaleQuote, AftersaleType, Order } from '@shop/types';
import { ApiError, call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import Check from '../../components/Check';
import Sheet from '../../components/Sheet';
import ProductImage from '../../components/ProductImage';
import EvidencePicker from '../../components/EvidencePicker';
import ReasonList from '../../components/ReasonList';
import Stepper from '../../components/Stepper';
import { yuan } from '../../lib/price';
import { safeDecode } from '../../lib/nav';
import { errorText, handleError, isUnauthenticated, goLogin } from '../../lib/errors';
import { AFTERSALE_REASONS, AFTERSALE_TYPE_HINT, AFTERSALE_TYPE_TEXT, fenToYuanInput, maxRefund, yuanInputToFen } from '../../lib/aftersales';
import { askSubscription, loadSubscribeTemplates } from '../../lib/askSubscription';
import '../../styles/order.scss';
import './index.scss';

type State = { kind: 'loading' } | { kind: 'missing'; message: string } | { kind: 'ready'; quote: AftersaleQuote; order: Order | null };
/** per quote line: chosen or not, and how many units */
type Pick = { on: boolean; quantity: number };
const chosenOf = (lines: AftersaleQuote['lines'], picks: Pick[]) =>
  lines.flatMap((l, i) => (picks[i]?.on && picks[i].quantity > 0 ? [{ skuId: l.skuId, quantity: picks[i].quantity, shareEach: l.shareEach }] : []));

/**
 * 申请售后 for one order (`orderId=`): the kind (#as-type-*), the lines and units (#as-line-<i>), the reason
 * (#as-reason), a description (#as-desc), whether the goods arrived (refund only), the amount in yuan (#as-amount,
 * prefilled with the most that may be asked), evidence pictures (#as-evidence); #as-submit opens the new request.
 */
export default function AftersaleApplyPage() {
  const router = useRouter();
  const orderId = safeDecode(router.params.orderId);
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [type, setType] = useState<AftersaleType>('refund');
  const [picks, setPicks] = useState<Pick[]>([]);
  const [reason, setReason] = useState('');
  const [reasonOpen, setReasonOpen] = useState(false);
  const [description, setDescription] = useState('');
  const [goodsReceived, setGoodsReceived] = useState(false);
  const [amountText, setAmountText] = useState('');
  const [evidence, setEvidence] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const quote = state.kind === 'ready' ? state.quote : null;
  const order = state.kind === 'ready' ? state.order : null;

  const max = useMemo(() => {
    return quote ? maxRefund(chosenOf(quote.lines, picks), quote.refundable, order) : 0;
  }, [quote, order, picks]);

  const load = useCallback(async () => {
    if (!orderId) return setState({ kind: 'missing', message: '缺少订单号' });
    try {
      const [q, o] = await Promise.all([call('aftersale', 'quote', { orderId }), call('order', 'get', { id: orderId }).catch(() => null)]);
      setState({ kind: 'ready', quote: q, order: o });
      const wanted = router.params.type as AftersaleType | undefined;
      setType(wanted && q.types.includes(wanted) ? wanted : (q.types[0] ?? 'refund'));
      // one line: chosen at once with every unit left; several: the shopper chooses
      const single = q.lines.filter((l) => l.available > 0).length === 1;
      const next = q.lines.map((l) => ({ on: single && l.available > 0, quantity: l.available }));
      setPicks(next);
      setAmountText(fenToYuanInput(maxRefund(chosenOf(q.lines, next), q.refundable, o)));
    } catch (e) {
      if (isUnauthenticated(e)) {
        setState({ kind: 'missing', message: '请先登录' });
        goLogin();
      } else setState({ kind: 'missing', message: e instanceof ApiError && e.code === 'NOT_FOUND' ? '订单不存在' : errorText(e) });
    }
  }, [orderId, router.params.type]);

  useLoad(() => {
    void load();
    void loadSubscribeTemplates(); // ready before the request is submitted
  });

  /** change the chosen lines; the amount follows: the most the new choice may ask back */
  const updatePicks = (next: Pick[]) => {
    setPicks(next);
    if (quote) setAmountText(fenToYuanInput(maxRefund(chosenOf(quote.lines, next), quote.refundable, order)));
    setError('');
  };
  const toggleLine = (i: number) => updatePicks(picks.map((p, j) => (j === i ? { ...p, on: !p.on } : p)));
  const setQuantity = (i: number, q: number) => updatePicks(picks.map((p, j) => (j === i ? { on: true, quantity: q } : p)));

  const submit = async () => {
    if (!quote || busy) return;
    const lines = chosenOf(quote.lines, picks).map(({ skuId, quantity }) => ({ skuId, quantity }));
    const amount = type === 'exchange' ? 0 : yuanInputToFen(amountText);
    const problem = !lines.length
      ? '请选择要申请售后的商品'
      : !reason
        ? '请选择申请原因'
        : amount === null
          ? '请填写正确的退款金额（最多两位小数）'
          : type !== 'exchange' && amount < 1
            ? '退款金额至少 ¥0.01'
            : type !== 'exchange' && amount > max
              ? `退款金额不能超过 ${yuan(max)}`
              : '';
    if (problem || amount === null) {
      setError(problem);
      void Taro.showToast({ title: problem, icon: 'none' });
      return;
    }
    setBusy(true);
    setError('');
    try {
      // 订阅消息: the merchant's decision, and the refund's result when money comes back
      await askSubscription({ kind: 'aftersale', refund: type !== 'exchange' });
      const a = await call('aftersale', 'apply', { orderId, type, lines, reason, description: description.trim(), goodsReceived: type === 'refund' ? goodsReceived : true, amount, evidence });
      void Taro.showToast({ title: '申请已提交', icon: 'none' });
      void Taro.redirectTo({ url: `/pages/aftersale-detail/index?id=${encodeURIComponent(a._id)}` });
    } catch (e) {
      setError(errorText(e));
      handleError(e);
      if (e instanceof ApiError && e.code === 'AFTERSALE_AMOUNT_TOO_HIGH') {
        const serverMax = (e.details as { max?: unknown } | undefined)?.max;
        if (typeof serverMax === 'number') setAmountText(fenToYuanInput(serverMax));
      }
    } finally {
      setBusy(false);
    }
  };

  if (state.kind === 'loading') return <View className="page o-page-loading">加载中…</View>;
  if (state.kind === 'missing' || !quote) {
    return (
      <View className="page">
        <EmptyState icon="!" title={state.kind === 'missing' ? state.message : '订单不存在'} />
      </View>
    );
  }
  if (!quote.types.length) {
    return (
      <View className="page">
        <EmptyState icon="!" title="该订单当前不能申请售后" description="未付款、已关闭或没有在线支付的订单不能申请售后">
          <View className="detail-back" onClick={() => void Taro.navigateBack()}>
            返回
          </View>
        </EmptyState>
      </View>
    );
  }

  const isExchange = type === 'exchange';
  return (
    <View className="page as-apply" data-order={orderId}>
      <View className="o-card">
        <View className="o-card__title">售后类型</View>
        {quote.types.map((t) => (
          <View key={t} id={`as-type-${t}`} className={`as-option${type === t ? ' as-option--active' : ''}`} data-type={t} data-checked={type === t ? '1' : '0'} onClick={() => setType(t)}>
            <View className="as-option__body">
              <Text className="as-option__label">{AFTERSALE_TYPE_TEXT[t]}</Text>
              <Text className="as-option__hint">{AFTERSALE_TYPE_HINT[t]}</Text>
            </View>
            <Check checked={type === t} onClick={() => setType(t)} />
          </View>
        ))}
      </View>

      <View className="o-card">
        <View className="o-card__title">选择商品</View>
        {quote.lines.map((l, i) => {
          const p = picks[i] ?? { on: false, quantity: 0 };
          const none = l.available <= 0;
          return (
            <View key={l.skuId} className={`as-line${none ? ' as-line--none' : ''}`} data-sku={l.skuId} data-available={String(l.available)}>
              <Check id={`as-line-${i}`} checked={p.on} disabled={none} onClick={() => toggleLine(i)} />
              <ProductImage className="as-line__image" src={l.image} />
              <View className="as-line__body">
                <Text className="as-line__name">{l.name}</Text>
                {l.specValues.length ? <Text className="as-line__spec">{l.specValues.join(' / ')}</Text> : null}
                {none ? (
                  <Text className="as-line__note">已全部申请售后</Text>
                ) : (
                  <View className="as-line__foot">
                    <Text className="as-line__note">
                      可申请 {l.available} 件
                    </Text>
                    <Stepper value={p.quantity} max={l.available} onChange={(q) => setQuantity(i, q)} />
                  </View>
                )}
              </View>
            </View>
          );
        })}
      </View>

      <View className="o-card">
        <View id="as-reason" className="o-row" data-reason={reason} onClick={() => setReasonOpen(true)}>
          <Text className="o-row__label">申请原因</Text>
          <Text className={`o-row__value${reason ? '' : ' as-placeholder'}`}>{reason || '请选择'}</Text>
          <Text className="o-row__arrow">›</Text>
        </View>
        {type === 'refund' ? (
          <View className="o-row as-goods">
            <Text className="o-row__label">货物状态</Text>
            <View className="as-goods__choices">
              {[false, true].map((v) => (
                <View key={String(v)} id={`as-goods-${v ? 'received' : 'not-received'}`} className={`o-chip as-chip${goodsReceived === v ? ' o-chip--active' : ''}`} onClick={() => setGoodsReceived(v)}>
                  {v ? '已收到货' : '未收到货'}
                </View>
              ))}
            </View>
          </View>
        ) : null}
        {!isExchange ? (
          <View className="o-row as-amount-row">
            <Text className="o-row__label">退款金额</Text>
            <Text className="as-amount__yuan">¥</Text>
            <Input id="as-amount" className="as-amount" type="digit" value={amountText} data-max={String(max)} onInput={(e) => setAmountText(e.detail.value)} />
          </View>
        ) : null}
        {!isExchange ? (
          <Text id="as-amount-max" className="o-card__note" data-fen={String(max)}>
            最多可退 {yuan(max)}
          </Text>
        ) : (
          <Text className="o-card__note">换货不退款，商家收到退回的商品后发出新商品</Text>
        )}
      </View>

      <View className="o-card">
        <View className="o-card__title">问题描述</View>
        <Textarea
          id="as-desc"
          className="as-desc"
          value={description}
          maxlength={200}
          placeholder="请描述遇到的问题（选填，200 字以内）"
          onInput={(e) => setDescription(e.detail.value)}
        />
        <View className="o-card__title">上传凭证（选填，最多 9 张）</View>
        <EvidencePicker urls={evidence} onChange={setEvidence} />
      </View>

      {error ? (
        <Text id="as-error" className="as-error">
          {error}
        </Text>
      ) : null}

      <View className="o-bottom-bar">
        <View id="as-submit" className={`o-btn as-submit${busy ? ' o-btn--busy' : ''}`} onClick={() => void submit()}>
          {busy ? '正在提交…' : '提交申请'}
        </View>
      </View>

      <Sheet visible={reasonOpen} title="请选择申请原因" onClose={() => setReasonOpen(false)}>
        <ReasonList
          reasons={AFTERSALE_REASONS}
          value={reason}
          onPick={(r) => {
            setReason(r);
            setReasonOpen(false);
          }}
        />
      </Sheet>
    </View>
  );
}
