/**
 * The H5 shopper session (local stand-in for wx.login): the token from auth.shopperLogin and who it belongs to.
 * On weapp there is no token: CloudBase tells the function the caller's OPENID.
 */
import Taro from '@tarojs/taro';
import type { ShopperSession } from '@shop/types';

const KEY = 'shop.shopperSession';

export type StoredShopper = ShopperSession['shopper'];

/** The stored session, with the demo code it was created from. */
type Stored = ShopperSession & { code?: string };

const read = (): Stored | null => {
  try {
    const v = Taro.getStorageSync(KEY) as Stored | '' | undefined;
    if (!v || typeof v !== 'object' || typeof v.token !== 'string') return null;
    if (v.expiresAt && Date.parse(v.expiresAt) <= Date.now()) return null;
    return v;
  } catch {
    return null;
  }
};

export const getToken = (): string | null => read()?.token ?? null;
export const getShopper = (): StoredShopper | null => read()?.shopper ?? null;
/** The demo shopper code ('shopper-1', ...) the session was created from. */
export const getShopperCode = (): string | null => read()?.code ?? null;
export const saveSession = (session: ShopperSession, code?: string): void => Taro.setStorageSync(KEY, { ...session, code });
export const clearSession = (): void => {
  try {
    Taro.removeStorageSync(KEY);
  } catch {
    /* storage unavailable: nothing to clear */
  }
};
