/** 领券中心: the shop's published coupons that are valid now, each with a claim button (one claim per tap). */
import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { CentreCoupon } from '@shop/types';
import { ApiError, call } from '../../api/client';
import CouponCard from '../../components/CouponCard';
import EmptyState from '../../components/EmptyState';
import PageNotice from '../../components/PageNotice';
import { claimErrorText, claimWithToast } from '../../components/CouponCard/claimText';
import { claimButton } from '../../lib/offers';

export default function CouponCentrePage() {
  const [items, setItems] = useState<CentreCoupon[] | null>(null);
  const [needLogin, setNeedLogin] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await call('coupon', 'centre', {}));
      setNeedLogin(false);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN')) setNeedLogin(true);
      else void Taro.showToast({ title: claimErrorText(e), icon: 'none' });
      setItems((x) => x ?? []);
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const claim = async (c: CentreCoupon) => {
    if (busy || !c.canClaim) return;
    setBusy(c.couponId);
    try {
      await claimWithToast(c.claimToken);
    } finally {
      setBusy(null);
      void load();
    }
  };

  if (needLogin) return <PageNotice page="coupon-centre" title="登录后领取优惠券" icon="券" button="coupon-page__btn" label="去登录" tab="/pages/me/index" />;

  return (
    <View className="page coupon-centre">
      <View className="coupon-centre__banner">
        <Text className="coupon-centre__title">领券中心</Text>
        <Text className="coupon-centre__sub">领取后在“我的优惠券”中查看，下单时自动推荐最优惠的券</Text>
      </View>
      {items === null ? (
        <View className="coupon-centre__loading">加载中…</View>
      ) : items.length === 0 ? (
        <EmptyState title="暂时没有可领取的优惠券" description="过段时间再来看看吧" icon="券" />
      ) : (
        <View id="centre-list">
          {items.map((c) => {
            const { label, state } = claimButton(c, busy === c.couponId);
            return (
              <CouponCard
                key={c.couponId}
                className="centre-coupon"
                coupon={c}
                dim={!c.canClaim}
                badge={c.claimed > 0 ? `已领 ${c.claimed}/${c.limit}` : undefined}
                action={
                  <View
                    className={`coupon-btn claim-btn${c.canClaim ? '' : ' coupon-btn--disabled'}`}
                    data-id={c.couponId}
                    data-state={state}
                    onClick={() => void claim(c)}
                  >
                    {label}
                  </View>
                }
              />
            );
          })}
        </View>
      )}
      <View className="coupon-page__footer" id="my-coupons-link" onClick={() => void Taro.navigateTo({ url: '/pages/coupons/index' })}>
        查看我的优惠券 ›
      </View>
    </View>
  );
}
