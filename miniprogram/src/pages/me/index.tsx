import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Caller } from '@shop/types';
import { call } from '../../api/client';
import { clearSession, getShopper, getShopperCode, saveSession, type StoredShopper } from '../../lib/session';
import { showError } from '../../lib/toast';
import MeOrders from '../../components/MeOrders';
import './index.scss';

/** Demo shoppers of the local stack (H5 stand-in for wx.login). */
const DEMO_SHOPPERS = [
  { code: 'shopper-1', label: '演示顾客 1' },
  { code: 'shopper-2', label: '演示顾客 2' },
  { code: 'shopper-3', label: '演示顾客 3' },
];
const IS_WEAPP = process.env.TARO_ENV === 'weapp';

export default function MePage() {
  const [shopper, setShopper] = useState<StoredShopper | null>(() => (IS_WEAPP ? null : getShopper()));
  const [caller, setCaller] = useState<Caller | null>(null);
  const [code, setCode] = useState<string | null>(() => (IS_WEAPP ? null : getShopperCode()));
  const [busy, setBusy] = useState<string | null>(null);
  const [whoFailed, setWhoFailed] = useState(false);

  const refresh = useCallback(async () => {
    if (!IS_WEAPP) {
      setShopper(getShopper());
      setCode(getShopperCode());
    }
    try {
      const who = await call('auth', 'whoami', {});
      setCaller(who);
      setWhoFailed(false);
      if (!IS_WEAPP && who.kind !== 'shopper') {
        clearSession(); // token no longer valid on the server
        setShopper(null);
        setCode(null);
      }
    } catch {
      setCaller(null); // whoami is informative only; keep what is stored
      setWhoFailed(true);
    }
  }, []);

  useDidShow(() => void refresh());

  const login = async (demoCode: string) => {
    if (busy) return;
    setBusy(demoCode);
    try {
      const session = await call('auth', 'shopperLogin', { code: demoCode });
      saveSession(session, demoCode);
      setShopper(session.shopper);
      setCode(demoCode);
      setCaller({ kind: 'shopper', openid: session.shopper.openid });
      void Taro.showToast({ title: `已登录：${session.shopper.nickname}`, icon: 'none' });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const logout = async () => {
    try {
      await call('auth', 'logout', {});
    } catch {
      /* the local session is dropped either way */
    }
    clearSession();
    setShopper(null);
    setCode(null);
    setCaller({ kind: 'anonymous' });
  };

  const openid = shopper?.openid ?? (caller?.kind === 'shopper' ? caller.openid : null);
  const name = shopper?.nickname ?? (IS_WEAPP && openid ? '微信用户' : null);

  return (
    <View className="page me">
      <View className="me__header">
        <View className="me__avatar">{name ? name.slice(0, 1) : '?'}</View>
        <View className="me__who">
          <Text id="current-shopper" className="me__name" data-openid={openid ?? ''}>
            {name ?? '未登录'}
          </Text>
          <Text className="me__sub">
            {openid
              ? `OpenID：${openid}`
              : IS_WEAPP
                ? whoFailed
                  ? '暂时无法识别微信身份，请稍后重试'
                  : '正在识别微信身份…'
                : '选择一位演示顾客登录'}
          </Text>
        </View>
      </View>

      {!IS_WEAPP && (
        <View className="me__card me__card--lifted">
          <View className="me__card-title">切换演示顾客</View>
          <Text className="me__hint">本地环境用演示顾客代替微信登录</Text>
          {DEMO_SHOPPERS.map((s) => {
            const current = shopper !== null && code === s.code;
            return (
              <View
                key={s.code}
                className={`shopper-option${current ? ' shopper-option--active' : ''}`}
                data-code={s.code}
                onClick={() => void login(s.code)}
              >
                <Text>{s.label}</Text>
                <Text className="shopper-option__code">
                  {busy === s.code ? '登录中…' : current ? '当前' : s.code}
                </Text>
              </View>
            );
          })}
          {shopper && (
            <View className="logout" onClick={() => void logout()}>
              退出登录
            </View>
          )}
        </View>
      )}

      <MeOrders openid={openid} className={IS_WEAPP ? 'me__card--lifted' : ''} />

      <View className="me__card">
        <View className="me__card-title">会员中心</View>
        <View className="shopper-option" id="member-entry" onClick={() => void Taro.navigateTo({ url: '/pages/member/index' })}>
          <Text>会员等级与积分</Text>
          <Text className="shopper-option__code">查看 ›</Text>
        </View>
        <View className="shopper-option" id="my-coupons-entry" onClick={() => void Taro.navigateTo({ url: '/pages/coupons/index' })}>
          <Text>我的优惠券</Text>
          <Text className="shopper-option__code">查看 ›</Text>
        </View>
        <View className="shopper-option" id="coupon-centre-entry" onClick={() => void Taro.navigateTo({ url: '/pages/coupon-centre/index' })}>
          <Text>领券中心</Text>
          <Text className="shopper-option__code">去领券 ›</Text>
        </View>
      </View>

      <View className="me__card">
        <View className="me__card-title">门店服务</View>
        <View className="shopper-option" id="me-staff" onClick={() => void Taro.navigateTo({ url: '/pages/staff-verify/index' })}>
          <Text>店员核销</Text>
          <Text className="shopper-option__code">核销提货码 ›</Text>
        </View>
      </View>
    </View>
  );
}
