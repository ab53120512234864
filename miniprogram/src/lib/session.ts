/**
 * Sessions kept on the device.
 * - The H5 shopper session (local stand-in for wx.login): the token from auth.shopperLogin and who it belongs to.
 *   On weapp there is no shopper token: CloudBase tells the function the caller's OPENID.
 * - The staff session (店员核销): the token from auth.merchantLogin, under its own key, so a clerk logging in or out
 *   on the same phone never touches the shopper's session (and the other way round).
 */
import Taro from '@tarojs/taro';
import type { MerchantSession, ShopperSession } from '@shop/types';

/** One session in storage under `key`: null when missing, malformed or expired. */
function storedSession<T extends { token: string; expiresAt?: string }>(key: string) {
  const read = (): T | null => {
    try {
      const v = Taro.getStorageSync(key) as T | '' | undefined;
      if (!v || typeof v !== 'object' || typeof v.token !== 'string') return null;
      if (v.expiresAt && Date.parse(v.expiresAt) <= Date.now()) return null;
      return v;
    } catch {
      return null;
    }
  };
  const save = (v: T): void => Taro.setStorageSync(key, v);
  const clear = (): void => {
    try {
      Taro.removeStorageSync(key);
    } catch {
      /* storage unavailable: nothing to clear */
    }
  };
  return { read, save, clear };
}

export type StoredShopper = ShopperSession['shopper'];

/** The stored session, with the demo code it was created from. */
const shopperStore = storedSession<ShopperSession & { code?: string }>('shop.shopperSession');

export const getToken = (): string | null => shopperStore.read()?.token ?? null;
export const getShopper = (): StoredShopper | null => shopperStore.read()?.shopper ?? null;
/** The demo shopper code ('shopper-1', ...) the session was created from. */
export const getShopperCode = (): string | null => shopperStore.read()?.code ?? null;
export const saveSession = (session: ShopperSession, code?: string): void => shopperStore.save({ ...session, code });
export const clearSession = (): void => shopperStore.clear();

export type StoredMerchant = MerchantSession['admin'];

const merchantStore = storedSession<MerchantSession>('shop.merchantSession');

export const getMerchantToken = (): string | null => merchantStore.read()?.token ?? null;
export const getMerchant = (): StoredMerchant | null => merchantStore.read()?.admin ?? null;
export const saveMerchantSession = (session: MerchantSession): void => merchantStore.save(session);
export const clearMerchantSession = (): void => merchantStore.clear();
