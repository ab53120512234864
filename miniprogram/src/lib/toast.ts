import Taro from '@tarojs/taro';

/** Show what went wrong (ApiError messages come from the server; anything else gets a generic text). */
export const showError = (e: unknown): void => {
  const message = e instanceof Error && e.message ? e.message : '出错了，请稍后重试';
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
};
