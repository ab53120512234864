/** 订单详情's summary cards: the state and its progress, 金额, 优惠与会员 and 配送. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Descriptions, Space, Steps, Tag, Typography } from 'antd';
import type { Order, OrderShopper } from '@shop/types';
import { call } from '../../api';
import { CLOSE_REASON_TEXT, DELIVERY_TEXT, OrderStatusTag, perMilleToZhe, yuan } from '../../orders';
import { formatTime } from '../../util';
import { off, signed } from './Lines';

/** The order's progress: 提交订单 → 付款 → 发货 → 完成, or up to 已关闭 (then the failed step). */
function progressOf(o: Order) {
  if (o.status === 'closed') {
    const items = [
      { title: '提交订单', content: formatTime(o.createdAt) },
      ...(o.paidAt ? [{ title: '付款', content: formatTime(o.paidAt) }] : []),
      { title: '已关闭', content: `${formatTime(o.closedAt)} ${o.closeReason ? CLOSE_REASON_TEXT[o.closeReason] ?? o.closeReason : ''}` },
    ];
    // the last step (已关闭) is the failed one, also when the order had been paid
    return { current: items.length - 1, status: 'error' as const, items };
  }
  const stages = [
    { title: '提交订单', at: o.createdAt },
    { title: '付款', at: o.paidAt },
    { title: o.status === 'partly_shipped' ? '部分发货' : '发货', at: o.shippedAt ?? o.virtualDelivery?.at ?? null },
    { title: '完成', at: o.completedAt },
  ];
  const index = { unpaid: 0, paid: 1, partly_shipped: 2, shipped: 2, completed: 3 }[o.status];
  return {
    current: index === 3 ? 3 : index + 1,
    status: (index === 3 ? 'finish' : 'process') as 'finish' | 'process',
    items: stages.map((s) => ({ title: s.title, content: s.at ? formatTime(s.at) : '' })),
  };
}

export function StatusCard({ order: o }: { order: Order }) {
  const unpaid = o.status === 'unpaid';
  const progress = progressOf(o);
  return (
    <Card style={{ marginBottom: 16 }}>
      <Space size="large" align="center" style={{ marginBottom: 20 }} wrap>
        <Space>
          <Typography.Text type="secondary">订单状态</Typography.Text>
          <OrderStatusTag status={o.status} method={o.delivery.method} testId="order-detail-status" />
        </Space>
        {unpaid && o.closeAt && <Typography.Text type="warning">未付款，将于 {formatTime(o.closeAt, 'YYYY-MM-DD HH:mm')} 自动关闭</Typography.Text>}
        {o.status === 'closed' && o.closeReason && (
          <Typography.Text type="secondary" data-testid="close-reason">
            {CLOSE_REASON_TEXT[o.closeReason] ?? o.closeReason}
            {o.released && `；已退回${[o.released.stock && '库存', o.released.points > 0 && `${o.released.points} 积分`, o.released.coupon && '优惠券'].filter(Boolean).join('、') || '（无可退回项）'}`}
          </Typography.Text>
        )}
      </Space>
      <Steps current={progress.current} status={progress.status} items={progress.items} size="small" />
    </Card>
  );
}

export function AmountsCard({ order: o }: { order: Order }) {
  const a = o.amounts;
  return (
    <Card title="金额" style={{ marginBottom: 16 }}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label="商品金额">{yuan(a.goods)}</Descriptions.Item>
        <Descriptions.Item label="运费">
          {yuan(a.freight)}
          {a.freightPayable !== a.freight && <Typography.Text type="secondary">（应付 {yuan(a.freightPayable)}）</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label="优惠合计">{off(a.totalOff)}</Descriptions.Item>
        {a.adjustment !== 0 && <Descriptions.Item label="商家改价">{signed(a.adjustment)}</Descriptions.Item>}
        <Descriptions.Item label="实付金额">
          <Typography.Text strong style={{ fontSize: 18, color: '#cf1322' }} data-testid="order-payable" data-fen={a.payable}>
            {yuan(a.payable)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The order's shopper as a person: nickname (to the customer page), level, masked phone, orders and spending. */
function ShopperInfo({ order: o }: { order: Order }) {
  const [s, setS] = useState<OrderShopper | null>(null);
  useEffect(() => {
    let live = true;
    call('orderAdmin', 'shopper', { id: o._id })
      .then((r) => live && setS(r))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [o._id]);
  if (!s) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap data-testid="order-shopper">
      <Link to={`/customers/${encodeURIComponent(s.openid)}`}>{s.nickname || '（未设置昵称）'}</Link>
      <Tag>{s.levelName}</Tag>
      {s.phone && <Typography.Text type="secondary">{s.phone}</Typography.Text>}
      <Typography.Text type="secondary">
        {s.trade.orders} 单 · 累计 {yuan(s.trade.spent)}
      </Typography.Text>
    </Space>
  );
}

export function BenefitsCard({ order: o }: { order: Order }) {
  return (
    <Card title="优惠与会员" style={{ marginBottom: 16 }}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label="优惠券">{o.coupon ? `${o.coupon.name}（-${yuan(o.coupon.off)}）` : '未使用'}</Descriptions.Item>
        <Descriptions.Item label="积分">
          {o.points.used > 0 ? `使用 ${o.points.used} 积分，抵扣 ${yuan(o.points.off)}` : '未使用'}
          {o.points.earned > 0 && <Typography.Text type="secondary">；完成后获得 {o.points.earned} 积分</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label="会员等级">
          {o.member.levelName || '—'}
          {o.member.discountRate < 1000 && <Typography.Text type="secondary">（{perMilleToZhe(o.member.discountRate)} 折）</Typography.Text>}
        </Descriptions.Item>
        {o.giftCoupons.length > 0 && (
          <Descriptions.Item label="满赠券">{o.giftCoupons.map((g) => `券 ${g.couponId} ×${g.quantity}`).join('；')}（交易完成后发放）</Descriptions.Item>
        )}
        <Descriptions.Item label="顾客">
          <ShopperInfo order={o} />
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function DeliveryCard({ order: o }: { order: Order }) {
  const d = o.delivery;
  return (
    <Card title="配送" style={{ marginBottom: 16 }} data-testid="order-delivery">
      <Descriptions column={1} size="small">
        <Descriptions.Item label="方式">{DELIVERY_TEXT[d.method] ?? d.method}</Descriptions.Item>
        {d.method === 'pickup' ? (
          <>
            <Descriptions.Item label="自提门店">{d.store?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="门店地址">{d.store?.address ?? '—'}</Descriptions.Item>
          </>
        ) : d.address ? (
          <>
            <Descriptions.Item label="收货人">
              {d.address.name} {d.address.phone}
            </Descriptions.Item>
            <Descriptions.Item label="地址">
              {d.address.province} {d.address.city} {d.address.district} {d.address.detail}
            </Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label="地址">—</Descriptions.Item>
        )}
        {o.presale && (
          <Descriptions.Item label="预售发货">
            <span data-testid="order-presale">
              {o.presale.name}：{o.presale.ship.mode === 'date' ? `${o.presale.ship.date} 开始发货` : `付款后 ${o.presale.ship.days} 天内发货`}
              {o.presale.shipFrom ? `（${formatTime(o.presale.shipFrom, 'YYYY-MM-DD')} 起发货）` : ''}
            </span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label="买家留言">{o.remark || <Typography.Text type="secondary">无</Typography.Text>}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
