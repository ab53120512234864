/**
 * The address picked in the address book (select mode) for the checkout page that opened it. Kept in storage, not
 * in a module variable: on weapp the pages live in different subpackages, which may each bundle their own copy.
 */
import Taro from '@tarojs/taro';

const PICKED = 'shop.pickedAddress';
export const pickAddress = (id: string): void => Taro.setStorageSync(PICKED, id);
/** Whether an address was picked and not yet taken (the address list uses it to return to checkout at once). */
export const hasPickedAddress = (): boolean => {
  try {
    return typeof Taro.getStorageSync(PICKED) === 'string' && Taro.getStorageSync(PICKED) !== '';
  } catch {
    return false;
  }
};
export const takePickedAddress = (): string | null => {
  if (!hasPickedAddress()) return null;
  const id = Taro.getStorageSync(PICKED) as string;
  Taro.removeStorageSync(PICKED);
  return id;
};

