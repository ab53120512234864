/**
 * 加入购物车 / 立即购买 tapped while signed out (H5: no shopper token): the product page keeps what was asked for
 * here, the 我的 tab signs the shopper in and returns to the product, and the product page carries the action out.
 * Kept for ten minutes, read once.
 */
import Taro from '@tarojs/taro';

export interface PendingBuy {
  intent: 'cart' | 'buy';
  productId: string;
  skuId: string;
  quantity: number;
  at: number;
}

const KEY = 'shop.pendingBuy';
const TTL = 10 * 60 * 1000;

export const savePendingBuy = (p: Omit<PendingBuy, 'at'>): void => Taro.setStorageSync(KEY, { ...p, at: Date.now() });

/** The action still waiting (not removed), or null when none or too old. */
export const peekPendingBuy = (): PendingBuy | null => {
  try {
    const v = Taro.getStorageSync(KEY) as PendingBuy | '' | undefined;
    if (!v || typeof v !== 'object' || typeof v.productId !== 'string' || Date.now() - v.at > TTL) return null;
    return v;
  } catch {
    return null;
  }
};

/** The action waiting for this product, removed so that it runs once. */
export const takePendingBuy = (productId: string): PendingBuy | null => {
  const p = peekPendingBuy();
  if (!p || p.productId !== productId) return null;
  try {
    Taro.removeStorageSync(KEY);
  } catch {
    /* storage unavailable: nothing to remove */
  }
  return p;
};
