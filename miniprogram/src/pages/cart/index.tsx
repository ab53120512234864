import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Cart, CartLine, CartLineProblem } from '@shop/types';
import { call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import ProductImage from '../../components/ProductImage';
import Check from '../../components/Check';
import cartIcon from '../../assets/icons/cart.png';
import { yuan } from '../../lib/price';
import { openProduct } from '../../lib/nav';
import { getToken } from '../../lib/session';
import { isUnauthenticated, showErrorText } from '../../lib/errors';
import { LINE_MAX_QUANTITY, PROBLEM_TEXT, blocksPurchase, checkoutUrlForCart } from '../../lib/orders';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

type State = { kind: 'loading' } | { kind: 'login' } | { kind: 'error' } | { kind: 'ready'; cart: Cart };

const problemText = (p: CartLineProblem, l: CartLine): string => {
  if (p === 'price_changed') return `价格变动 ${yuan(l.priceWhenAdded)} → ${yuan(l.price)}`;
  if (p === 'insufficient_stock') return `库存不足，仅剩 ${l.stock} 件`;
  return PROBLEM_TEXT[p];
};

/** The shopper's cart on the server: lines, problems, selection, quantities, and the way to checkout. */
export default function CartPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const busy = useRef(false);

  const load = useCallback(async () => {
    if (!IS_WEAPP && !getToken()) {
      setState({ kind: 'login' });
      return;
    }
    try {
      setState({ kind: 'ready', cart: await call('cart', 'get', {}) });
    } catch (e) {
      if (isUnauthenticated(e)) setState({ kind: 'login' });
      else {
        setState((s) => (s.kind === 'ready' ? s : { kind: 'error' }));
        showErrorText(e);
      }
    }
  }, []);

  useDidShow(() => void load());

  /** One change at a time; the server answers the whole cart after each. */
  const change = async (run: () => Promise<Cart>): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    try {
      setState({ kind: 'ready', cart: await run() });
      return true;
    } catch (e) {
      if (isUnauthenticated(e)) setState({ kind: 'login' });
      else showErrorText(e);
      void load(); // the cart may have moved on (stock, price): show it as it is now
      return false;
    } finally {
      busy.current = false;
    }
  };

  if (state.kind === 'loading') return <View className="page cart cart-loading">加载中…</View>;
  if (state.kind === 'login' || state.kind === 'error') {
    return (
      <View className="page cart">
        <EmptyState
          className="cart-login"
          iconImage={cartIcon}
          title={state.kind === 'login' ? '登录后查看购物车' : '购物车加载失败'}
          description={state.kind === 'login' ? (IS_WEAPP ? '正在识别微信身份，请稍后重试' : '在“我的”页选择一位演示顾客登录') : '网络开小差了，请稍后再试'}
        >
          <View
            className="go-shopping"
            onClick={() => (state.kind === 'login' ? void Taro.switchTab({ url: '/pages/me/index' }) : void load())}
          >
            {state.kind === 'login' ? '去登录' : '重新加载'}
          </View>
        </EmptyState>
      </View>
    );
  }

  const { cart } = state;
  if (cart.lines.length === 0) {
    return (
      <View className="page cart">
        <EmptyState className="cart-empty" iconImage={cartIcon} title="购物车还是空的" description="挑几件喜欢的商品放进来吧">
          <View className="go-shopping" onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
            去逛逛
          </View>
        </EmptyState>
      </View>
    );
  }

  const buyable = cart.lines.filter((l) => !blocksPurchase(l.problems));
  const invalid = cart.lines.filter((l) => blocksPurchase(l.problems) && l.problems.some((p) => p !== 'insufficient_stock'));
  const allSelected = buyable.length > 0 && buyable.every((l) => l.selected);
  const selectedBlocked = cart.lines.filter((l) => l.selected && blocksPurchase(l.problems));

  const select = (skuIds: string[], selected: boolean) => {
    if (skuIds.length) void change(() => call('cart', 'select', { skuIds, selected }));
  };
  const setQty = (l: CartLine, quantity: number) => {
    if (quantity < 1 || quantity > LINE_MAX_QUANTITY || quantity === l.quantity) return;
    void change(() => call('cart', 'setQuantity', { skuId: l.skuId, quantity }));
  };
  const remove = async (skuIds: string[], question: string) => {
    const { confirm } = await Taro.showModal({ title: '提示', content: question, confirmText: '删除', confirmColor: '#e93b3d' });
    if (confirm) void change(() => call('cart', 'remove', { skuIds }));
  };
  const checkout = async () => {
    if (cart.selectedCount === 0) {
      void Taro.showToast({ title: '请选择要结算的商品', icon: 'none' });
      return;
    }
    // selected lines that cannot be bought would stop the whole checkout: leave them out first
    if (selectedBlocked.length) {
      const ok = await change(() => call('cart', 'select', { skuIds: selectedBlocked.map((l) => l.skuId), selected: false }));
      if (!ok) return;
      void Taro.showToast({ title: '已为你取消勾选无法购买的商品', icon: 'none' });
    }
    void Taro.navigateTo({ url: checkoutUrlForCart() });
  };

  return (
    <View className="page cart">
      <View className="cart__head">
        <Text>共 {cart.lines.reduce((n, l) => n + l.quantity, 0)} 件商品</Text>
        {invalid.length > 0 && (
          <Text className="cart-clear-invalid" onClick={() => void remove(invalid.map((l) => l.skuId), `清除 ${invalid.length} 件失效商品？`)}>
            清除失效商品
          </Text>
        )}
      </View>

      <View className="cart__lines">
        {cart.lines.map((l) => {
          const blocked = blocksPurchase(l.problems);
          const maxQty = Math.min(LINE_MAX_QUANTITY, Math.max(l.stock, 1));
          return (
            <View
              key={l.skuId}
              className={`cart-line${blocked ? ' cart-line--blocked' : ''}`}
              data-sku={l.skuId}
              data-selected={l.selected ? '1' : '0'}
              data-problems={l.problems.join(',')}
            >
              <Check
                className="line-select"
                checked={l.selected}
                disabled={blocked && !l.selected}
                onClick={() => select([l.skuId], !l.selected)}
              />
              <View className="cart-line__media" onClick={() => l.productId && openProduct(l.productId)}>
                <ProductImage className="cart-line__image" src={l.image} />
              </View>
              <View className="cart-line__body">
                <View className="cart-line__top">
                  <Text className="cart-line__name" onClick={() => l.productId && openProduct(l.productId)}>
                    {l.name}
                  </Text>
                  <Text className="line-delete" onClick={() => void remove([l.skuId], '确定从购物车删除这件商品？')}>
                    删除
                  </Text>
                </View>
                {l.specValues.length ? <Text className="cart-line__spec">{l.specValues.join(' / ')}</Text> : null}
                {l.problems.length ? (
                  <View className="cart-line__problems">
                    {l.problems.map((p) => (
                      <Text key={p} className={`problem-badge problem-badge--${p}`} data-problem={p}>
                        {problemText(p, l)}
                      </Text>
                    ))}
                  </View>
                ) : null}
                <View className="cart-line__foot">
                  <Text className="cart-line__price" data-fen={String(l.price)}>
                    {yuan(l.price)}
                  </Text>
                  <View className="cart-stepper">
                    <View
                      className={`cart-stepper__btn qty-minus${l.quantity <= 1 ? ' cart-stepper__btn--disabled' : ''}`}
                      onClick={() => setQty(l, l.quantity - 1)}
                    >
                      −
                    </View>
                    <View className="cart-stepper__value qty-value">{l.quantity}</View>
                    <View
                      className={`cart-stepper__btn qty-plus${l.quantity >= maxQty ? ' cart-stepper__btn--disabled' : ''}`}
                      onClick={() => (l.quantity >= maxQty ? void Taro.showToast({ title: l.stock > 0 ? `仅剩 ${l.stock} 件` : '已售罄', icon: 'none' }) : setQty(l, l.quantity + 1))}
                    >
                      +
                    </View>
                  </View>
                </View>
              </View>
            </View>
          );
        })}
      </View>

      <View className="cart-bar">
        <View id="cart-select-all" className="cart-bar__all" data-checked={allSelected ? '1' : '0'} onClick={() => (allSelected ? select(cart.lines.map((l) => l.skuId), false) : select(buyable.map((l) => l.skuId), true))}>
          <Check checked={allSelected} />
          <Text className="cart-bar__all-text">全选</Text>
        </View>
        <View className="cart-bar__sum">
          <Text>合计：</Text>
          {/* the engine's estimate: campaigns, the best coupon and the member discount; freight and points at checkout */}
          <Text id="cart-total" className="cart-bar__total" data-fen={String(cart.estimate?.payable ?? cart.selectedAmount)} data-goods={String(cart.selectedAmount)}>
            {yuan(cart.estimate?.payable ?? cart.selectedAmount)}
          </Text>
          <Text id="cart-saving" className="cart-bar__note" data-fen={String(cart.estimate?.totalOff ?? 0)}>
            {cart.estimate && cart.estimate.totalOff > 0 ? `已优惠 ${yuan(cart.estimate.totalOff)} · 不含运费` : '不含运费'}
          </Text>
        </View>
        <View
          id="cart-checkout"
          className={`cart-bar__checkout${cart.selectedCount === 0 ? ' cart-bar__checkout--disabled' : ''}`}
          onClick={() => void checkout()}
        >
          结算{cart.selectedCount > 0 ? `(${cart.selectedCount})` : ''}
        </View>
      </View>
    </View>
  );
}
