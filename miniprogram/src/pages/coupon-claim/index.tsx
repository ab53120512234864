/**
 * The page a claim link or QR code opens: `/pages/coupon-claim/index?c=<token>`. Anyone sees the coupon; a shopper
 * claims it with one tap (a double tap still makes one claim: the server counts claims with a conditional update).
 */
import { useCallback, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ClaimInfo, MyCoupon } from '@shop/types';
import { ApiError, call } from '../../api/client';
import CouponCard from '../../components/CouponCard';
import { safeDecode } from '../../lib/nav';
import { getToken } from '../../lib/session';
import PageNotice from '../../components/PageNotice';
import { claimErrorText, claimWithToast } from '../../components/CouponCard/claimText';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';
const STATE_TEXT: Record<ClaimInfo['state'], string> = {
  open: '',
  claimed: '您已领取过这张优惠券',
  sold_out: '优惠券已被抢光了',
  ended: '该优惠券活动已结束',
  expired: '该优惠券已过期',
};

export default function CouponClaimPage() {
  const router = useRouter();
  const token = safeDecode(router.params.c);
  const [info, setInfo] = useState<ClaimInfo | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [claimed, setClaimed] = useState<MyCoupon | null>(null);

  const load = useCallback(async () => {
    if (!token) return setMissing(true);
    try {
      setInfo(await call('coupon', 'claimInfo', { c: token }));
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION_FAILED')) setMissing(true);
      else void Taro.showToast({ title: claimErrorText(e), icon: 'none' });
    }
  }, [token]);
  useDidShow(() => void load());

  const loggedIn = IS_WEAPP || !!getToken();

  const claim = async () => {
    if (busy || !info) return;
    if (!loggedIn) {
      void Taro.showToast({ title: '请先在“我的”页面登录', icon: 'none' });
      void Taro.switchTab({ url: '/pages/me/index' });
      return;
    }
    setBusy(true);
    try {
      const got = await claimWithToast(token);
      if (got) setClaimed(got);
    } finally {
      setBusy(false);
      void load();
    }
  };

  if (missing) return <PageNotice page="coupon-claim" className="claim-missing" title="优惠券不存在或活动已结束" icon="券" button="coupon-page__btn" label="去逛逛" tab="/pages/home/index" />;
  if (!info) return <View className="page coupon-claim coupon-centre__loading">加载中…</View>;

  const open = info.state === 'open';
  return (
    <View className="page coupon-claim">
      <View className="coupon-centre__banner">
        <Text className="coupon-centre__title">送你一张优惠券</Text>
        <Text className="coupon-centre__sub">{info.limit > 1 ? `每人限领 ${info.limit} 张` : '每人限领 1 张'}</Text>
      </View>
      <View className="claim-hero">
        <CouponCard coupon={info.coupon} dim={!open && !claimed} code={claimed?.code} badge={claimed ? '已领取' : undefined} />
      </View>
      {claimed ? (
        <>
          <Text className="claim-state" id="claim-result" data-state="claimed">
            领取成功，已放入“我的优惠券”
          </Text>
          <View className="claim-submit" id="claim-view-mine" onClick={() => void Taro.navigateTo({ url: '/pages/coupons/index' })}>
            查看我的优惠券
          </View>
        </>
      ) : (
        <>
          {!open && (
            <Text className="claim-state" id="claim-result" data-state={info.state}>
              {STATE_TEXT[info.state]}
            </Text>
          )}
          <View
            className={`claim-submit${open ? '' : ' claim-submit--disabled'}`}
            id="claim-submit"
            data-state={info.state}
            onClick={() => (open ? void claim() : info.state === 'claimed' ? void Taro.navigateTo({ url: '/pages/coupons/index' }) : undefined)}
          >
            {busy ? '领取中…' : open ? (loggedIn ? '立即领取' : '登录后领取') : info.state === 'claimed' ? '查看我的优惠券' : '无法领取'}
          </View>
        </>
      )}
      <View className="coupon-page__footer" onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
        去首页逛逛 ›
      </View>
    </View>
  );
}
