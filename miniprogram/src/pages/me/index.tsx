import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Caller } from '@shop/types';
import { call } from '../../api/client';
import { clearSession, getMerchant, getShopper, getShopperCode, saveSession, type StoredMerchant, type StoredShopper } from '../../lib/session';
import { showError } from '../../lib/toast';
import MeOrders from '../../components/MeOrders';
import { peekPendingBuy } from '../../lib/pendingBuy';
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
  /** the header's figures: points balance (null: points off) and usable coupons, for the signed-in shopper */
  const [stats, setStats] = useState<{ points: number | null; coupons: number } | null>(null);
  /** a clerk signed in on this device (the staff screen keeps that session apart from the shopper's) */
  const [clerk, setClerk] = useState<StoredMerchant | null>(null);

  const loadStats = useCallback(async () => {
    try {
      const [centre, coupons] = await Promise.all([call('member', 'centre', {}), call('coupon', 'mine', { status: 'usable', page: 1, pageSize: 1 })]);
      setStats({ points: centre.points.enabled ? centre.points.balance : null, coupons: coupons.total });
    } catch {
      setStats(null); // the figures are a convenience: the member and coupon pages say what went wrong
    }
  }, []);

  const refresh = useCallback(async () => {
    if (!IS_WEAPP) {
      setShopper(getShopper());
      setCode(getShopperCode());
    }
    const merchant = getMerchant();
    setClerk(merchant?.role === 'clerk' ? merchant : null);
    try {
      const who = await call('auth', 'whoami', {});
      setCaller(who);
      setWhoFailed(false);
      if (!IS_WEAPP && who.kind !== 'shopper') {
        clearSession(); // token no longer valid on the server
        setShopper(null);
        setCode(null);
      }
      if (who.kind === 'shopper') void loadStats();
      else setStats(null);
    } catch {
      setCaller(null); // whoami is informative only; keep what is stored
      setWhoFailed(true);
    }
  }, [loadStats]);

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
      void loadStats();
      void Taro.showToast({ title: `已登录：${session.shopper.nickname}`, icon: 'none' });
      // signed in from a product's 加入购物车 / 立即购买: back to it, where the action continues
      const pending = peekPendingBuy();
      if (pending) void Taro.navigateTo({ url: `/pages/product/index?id=${encodeURIComponent(pending.productId)}` });
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
    setStats(null);
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
        {openid ? (
          <View className="me__stats">
            <View id="me-points" className="me__stat" data-count={String(stats?.points ?? '')} onClick={() => void Taro.navigateTo({ url: '/pages/member/index' })}>
              <Text className="me__stat-value">{stats ? (stats.points ?? '—') : '…'}</Text>
              <Text className="me__stat-label">积分</Text>
            </View>
            <View id="me-coupons" className="me__stat" data-count={String(stats?.coupons ?? '')} onClick={() => void Taro.navigateTo({ url: '/pages/coupons/index' })}>
              <Text className="me__stat-value">{stats ? stats.coupons : '…'}</Text>
              <Text className="me__stat-label">优惠券</Text>
            </View>
          </View>
        ) : null}
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

      {/* 店员核销 only for a clerk signed in on this device; anyone else sees a quiet link to the clerk's sign-in */}
      {clerk ? (
        <View className="me__card">
          <View className="me__card-title">门店服务</View>
          <View className="shopper-option" id="me-staff" data-clerk="1" onClick={() => void Taro.navigateTo({ url: '/pages/staff-verify/index' })}>
            <Text>店员核销</Text>
            <Text className="shopper-option__code">{clerk.displayName || clerk.username} · 核销提货码 ›</Text>
          </View>
        </View>
      ) : (
        <View id="me-staff" className="me__staff-link" data-clerk="0" onClick={() => void Taro.navigateTo({ url: '/pages/staff-verify/index' })}>
          门店店员登录
        </View>
      )}
    </View>
  );
}
