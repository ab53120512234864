import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { CentreCoupon, ProductOffers as Offers } from '@shop/types';
import CouponCard from '../CouponCard';
import Sheet from '../Sheet';
import { claimWithToast } from '../CouponCard/claimText';
import { claimButton, couponShort, freightText, serviceText } from '../../lib/offers';
import './index.scss';

interface Props {
  offers: Offers;
  /** after a claim: read the offers again (the claimed counts change) */
  onClaimed: () => void;
}

/**
 * The product page's 促销 / 领券 / 运费 / 服务 rows (catalog.offers). 领券 opens a sheet of the coupons for this
 * product, each with its claim button. A row without data is not shown.
 */
export default function ProductOffers({ offers, onClaimed }: Props) {
  const [sheet, setSheet] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const freight = freightText(offers.delivery);
  const service = serviceText(offers.delivery);

  const claim = async (c: CentreCoupon) => {
    if (busy || !c.canClaim) return;
    setBusy(c.couponId);
    try {
      await claimWithToast(c.claimToken);
    } finally {
      setBusy(null);
      onClaimed();
    }
  };

  return (
    <View className="product-offers">
      {offers.campaigns.length ? (
        <View className="product-row offer-row" id="offer-campaigns">
          <Text className="product-row__label">促销</Text>
          <View className="offer-row__lines">
            {offers.campaigns.map((c) => (
              <View key={c.id} className="offer-campaign" data-label={c.label}>
                <Text className="offer-tag">{c.label}</Text>
                <Text className="offer-campaign__text">
                  {c.text}
                  {c.audience ? `（${c.audience}）` : ''}
                </Text>
              </View>
            ))}
          </View>
        </View>
      ) : null}
      {offers.coupons.length ? (
        <View className="product-row offer-row" id="offer-coupons" onClick={() => setSheet(true)}>
          <Text className="product-row__label">领券</Text>
          <View className="offer-row__tags">
            {offers.coupons.slice(0, 3).map((c) => (
              <Text key={c.couponId} className="offer-coupon-tag">
                {couponShort(c)}
              </Text>
            ))}
          </View>
          <Text className="product-row__arrow">›</Text>
        </View>
      ) : null}
      {freight ? (
        <View className="product-row offer-row" id="offer-freight">
          <Text className="product-row__label">运费</Text>
          <Text className="product-row__value">{freight}</Text>
        </View>
      ) : null}
      {service ? (
        <View className="product-row offer-row" id="offer-service">
          <Text className="product-row__label">服务</Text>
          <Text className="product-row__value">{service}</Text>
        </View>
      ) : null}
      <Sheet visible={sheet} title="优惠券" onClose={() => setSheet(false)} className="offer-coupon-sheet">
        {offers.coupons.map((c) => {
          const b = claimButton(c, busy === c.couponId);
          return (
            <CouponCard
              key={c.couponId}
              className="offer-coupon"
              coupon={c}
              dim={!c.canClaim}
              badge={c.claimed > 0 ? `已领 ${c.claimed}/${c.limit}` : undefined}
              action={
                <View className={`coupon-btn claim-btn${c.canClaim ? '' : ' coupon-btn--disabled'}`} data-id={c.couponId} data-state={b.state} onClick={() => void claim(c)}>
                  {b.label}
                </View>
              }
            />
          );
        })}
      </Sheet>
    </View>
  );
}
