import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { CouponFace } from '@shop/types';
import { formatYuan } from '@shop/types/src/money';
import './index.scss';

/** "2026-11-23" in Beijing time (+8 h, no daylight saving). */
export const beijingDate = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(0, 10);
const beijingMinute = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');

/** 850 per mille → "8.5" (折) */
const zhe = (perMille: number) => String(perMille / 100);

interface Props {
  coupon: CouponFace;
  /** a short state under the value, e.g. 已使用 */
  badge?: string;
  /** greyed out (used, expired, void, sold out) */
  dim?: boolean;
  code?: string;
  /** the action on the right (a button) */
  action?: ReactNode;
  id?: string;
  className?: string;
}

/** A coupon ticket: the value on the left (¥15 / 8.5折), the rule, validity and scope on the right. */
export default function CouponCard({ coupon: c, badge, dim, code, action, id, className = '' }: Props) {
  return (
    <View className={`coupon-card${dim ? ' coupon-card--dim' : ''} ${className}`} data-id={id ?? c.couponId}>
      <View className="coupon-card__left">
        {c.type === 'cash' ? (
          <View className="coupon-card__value">
            <Text className="coupon-card__unit">¥</Text>
            <Text className="coupon-card__amount">{formatYuan(c.value).replace(/\.00$/, '')}</Text>
          </View>
        ) : (
          <View className="coupon-card__value">
            <Text className="coupon-card__amount">{zhe(c.value)}</Text>
            <Text className="coupon-card__unit">折</Text>
          </View>
        )}
        <Text className="coupon-card__threshold">{c.threshold > 0 ? `满${formatYuan(c.threshold).replace(/\.00$/, '')}元可用` : '无门槛'}</Text>
        {badge ? <Text className="coupon-card__badge">{badge}</Text> : null}
      </View>
      <View className="coupon-card__right">
        <Text className="coupon-card__name">
          {c.audience === 'new' ? <Text className="coupon-card__tag">新人专享</Text> : null}
          {c.name}
        </Text>
        <Text className="coupon-card__line">
          {c.productIds ? '指定商品可用' : '全部商品可用'}
          {c.type === 'discount' && c.maxOff > 0 ? ` · 最多减${formatYuan(c.maxOff)}元` : ''}
        </Text>
        <Text className="coupon-card__line coupon-card__valid">
          {beijingMinute(c.validFrom)} 至 {beijingMinute(c.validTo)}
        </Text>
        {code ? <Text className="coupon-card__line coupon-card__code">券码 {code}</Text> : null}
        {c.description ? <Text className="coupon-card__line coupon-card__desc">{c.description}</Text> : null}
        {action ? <View className="coupon-card__action">{action}</View> : null}
      </View>
    </View>
  );
}
