import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { Order } from '@shop/types';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';
import { PICKUP_STATUS_TEXT, groupPickupCode } from '../../lib/fulfilment';
import { formatTime } from '../../lib/orders';
import QrCode from '../QrCode';
import './index.scss';

type Code = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; code: string };

/**
 * A paid pickup order's code (#pickup-card): while active, the 12 digits shown 4-4-4 (#pickup-code) and as a QR
 * code (#pickup-qr) for the clerk to scan; once used, when (已核销); after a refund, 已失效. Nothing before payment.
 */
export default function PickupCode({ order }: { order: Pick<Order, '_id' | 'status' | 'pickup'> }) {
  const pickup = order.pickup;
  const active = pickup?.status === 'active' && order.status === 'paid';
  const [code, setCode] = useState<Code>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!active) return undefined;
    let alive = true;
    setCode({ kind: 'loading' });
    call('order', 'pickupCode', { id: order._id }).then(
      (r) => alive && setCode({ kind: 'ready', code: r.code }),
      (e: unknown) => alive && setCode({ kind: 'error', message: errorText(e) }),
    );
    return () => {
      alive = false;
    };
  }, [active, order._id, attempt]);

  if (!pickup) return null;
  const status = active ? 'active' : pickup.status === 'active' ? 'void' : pickup.status;
  return (
    <View id="pickup-card" className={`o-card pickup-card pickup-card--${status}`} data-status={status}>
      <View className="o-card__title pickup-card__title">
        <Text>提货码</Text>
        <Text id="pickup-status" className="pickup-card__status" data-status={status}>
          {PICKUP_STATUS_TEXT[status]}
        </Text>
      </View>
      {status === 'active' ? (
        code.kind === 'ready' ? (
          <View className="pickup-card__body">
            <Text id="pickup-code" className="pickup-card__code" data-code={code.code} userSelect>
              {groupPickupCode(code.code)}
            </Text>
            <QrCode id="pickup-qr" className="pickup-card__qr" text={code.code} />
            <Text className="pickup-card__hint">到店后向店员出示提货码或二维码，核销后即完成提货</Text>
          </View>
        ) : code.kind === 'error' ? (
          <View className="pickup-card__body">
            <Text className="pickup-card__hint">{code.message}</Text>
            <View className="o-pill pickup-card__retry" onClick={() => setAttempt((n) => n + 1)}>
              重新获取
            </View>
          </View>
        ) : (
          <Text className="pickup-card__hint pickup-card__body">提货码加载中…</Text>
        )
      ) : (
        <Text id="pickup-done" className="pickup-card__done">
          {status === 'used'
            ? `已核销${pickup.usedAt ? ` · ${formatTime(pickup.usedAt)}` : ''}，商品已提走`
            : '提货码已失效（订单已关闭或已退款）'}
        </Text>
      )}
    </View>
  );
}
