import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { call } from '../../api/client';
import type { OrderTab } from '../../lib/orders';
import { countBadge } from '../../lib/offers';
import unpaidIcon from '../../assets/icons/orders/unpaid.png';
import paidIcon from '../../assets/icons/orders/paid.png';
import pickupIcon from '../../assets/icons/orders/pickup.png';
import shippedIcon from '../../assets/icons/orders/shipped.png';
import aftersaleIcon from '../../assets/icons/orders/aftersale.png';
import './index.scss';

interface Props {
  /** the logged-in shopper (null: not logged in, nothing to count) */
  openid: string | null;
  className?: string;
}

type Counts = Record<'unpaid' | 'paid' | 'pickup' | 'shipped' | 'aftersales', number>;
const SHORTCUTS: { status: OrderTab & keyof Counts; label: string; icon: string }[] = [
  { status: 'unpaid', label: '待付款', icon: unpaidIcon },
  { status: 'paid', label: '待发货', icon: paidIcon },
  { status: 'pickup', label: '待自提', icon: pickupIcon },
  { status: 'shipped', label: '待收货', icon: shippedIcon },
];

/**
 * The 我的 tab's orders card: icons with counts for the order tabs and the open after-sales requests (order.counts),
 * and the address book.
 */
export default function MeOrders({ openid, className = '' }: Props) {
  const [counts, setCounts] = useState<Counts | null>(null);

  const refresh = useCallback(async () => {
    if (!openid) return setCounts(null);
    try {
      setCounts(await call('order', 'counts', {}));
    } catch {
      setCounts(null); // the counts are a convenience: the orders page says what went wrong
    }
  }, [openid]);
  useEffect(() => void refresh(), [refresh]);
  useDidShow(() => void refresh());

  const go = (url: string) => {
    if (!openid) {
      void Taro.showToast({ title: process.env.TARO_ENV === 'weapp' ? '正在识别微信身份，请稍后' : '请先选择一位演示顾客登录', icon: 'none' });
      return;
    }
    void Taro.navigateTo({ url });
  };

  return (
    <View className={`me__card me-orders ${className}`}>
      <View className="me-orders__head order-shortcut" data-status="all" onClick={() => go('/pages/orders/index')}>
        <Text className="me__card-title">我的订单</Text>
        <Text className="me-orders__all">全部订单 ›</Text>
      </View>
      <View className="me-orders__shortcuts">
        {SHORTCUTS.map((s) => {
          const n = counts?.[s.status] ?? 0;
          return (
            <View key={s.status} className="order-shortcut me-orders__shortcut" data-status={s.status} data-count={String(n)} onClick={() => go(`/pages/orders/index?status=${s.status}`)}>
              <View className="me-orders__icon">
                <Image className="me-orders__img" src={s.icon} mode="aspectFit" />
                {n > 0 ? <Text className="order-shortcut__count">{countBadge(n)}</Text> : null}
              </View>
              <Text className="me-orders__label">{s.label}</Text>
            </View>
          );
        })}
        <View
          id="me-aftersales"
          className="order-shortcut me-orders__shortcut"
          data-status="aftersales"
          data-count={String(counts?.aftersales ?? 0)}
          onClick={() => go('/pages/aftersales/index')}
        >
          <View className="me-orders__icon">
            <Image className="me-orders__img" src={aftersaleIcon} mode="aspectFit" />
            {counts?.aftersales ? <Text className="order-shortcut__count">{countBadge(counts.aftersales)}</Text> : null}
          </View>
          <Text className="me-orders__label">退款/售后</Text>
        </View>
      </View>
      <View id="me-addresses" className="me-orders__row" onClick={() => go('/pages/address/index')}>
        <Text>收货地址</Text>
        <Text className="me-orders__all">管理 ›</Text>
      </View>
    </View>
  );
}
