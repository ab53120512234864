/**
 * 顾客详情's history (issue 17): what the customer bought — latest orders, addresses, coupons held and used, after-sales
 * requests — each tab linking to the full list filtered to this customer.
 */
import { Link } from 'react-router-dom';
import { Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { formatYuan, type Aftersale, type CustomerDetail, type MyCoupon, type OrderSummary } from '@shop/types';
import { OrderStatusTag } from '../../orders';
import { AftersaleStatusTag, AftersaleTypeTag } from '../../aftersales';
import { formatTime } from '../../util';

const more = (to: string, total: number, shown: number, what: string) =>
  total > shown ? (
    <div style={{ marginTop: 8, textAlign: 'right' }}>
      <Link to={to}>
        查看全部 {total} {what}
      </Link>
    </div>
  ) : null;

const orderColumns: TableColumnsType<OrderSummary> = [
  { title: '订单号', dataIndex: '_id', render: (id: string) => <Link to={`/orders/${id}`} style={{ fontFamily: 'monospace' }}>{id}</Link> },
  { title: '商品', key: 'lines', render: (_: unknown, o) => <Typography.Text ellipsis style={{ maxWidth: 260 }}>{o.lines.map((l) => `${l.name} ×${l.quantity}`).join('，')}</Typography.Text> },
  { title: '实付', key: 'payable', align: 'right', width: 110, render: (_: unknown, o) => formatYuan(o.amounts.payable) },
  { title: '状态', dataIndex: 'status', width: 110, render: (s: OrderSummary['status']) => <OrderStatusTag status={s} /> },
  { title: '下单时间', dataIndex: 'createdAt', width: 160, render: (t: string) => formatTime(t) },
];

const couponColumns: TableColumnsType<MyCoupon> = [
  { title: '优惠券', dataIndex: 'name' },
  { title: '券码', dataIndex: 'code', render: (c: string) => <span style={{ fontFamily: 'monospace' }}>{c}</span> },
  { title: '有效期至', dataIndex: 'validTo', width: 160, render: (t: string) => formatTime(t) },
  { title: '使用时间', dataIndex: 'usedAt', width: 160, render: (t: string | null, c) => (t ? <Link to={`/orders/${c.orderId}`}>{formatTime(t)}</Link> : '—') },
];

const aftersaleColumns: TableColumnsType<Aftersale> = [
  { title: '售后单号', dataIndex: '_id', render: (id: string) => <Link to={`/aftersales/${id}`} style={{ fontFamily: 'monospace' }}>{id}</Link> },
  { title: '类型', dataIndex: 'type', width: 96, render: (t: Aftersale['type']) => <AftersaleTypeTag type={t} /> },
  { title: '金额', dataIndex: 'amount', width: 110, align: 'right', render: (v: number) => formatYuan(v) },
  { title: '状态', dataIndex: 'status', width: 150, render: (s: Aftersale['status']) => <AftersaleStatusTag status={s} /> },
  { title: '申请时间', dataIndex: 'createdAt', width: 160, render: (t: string) => formatTime(t) },
];

/** The history tabs of a customer's detail page. */
export function historyTabs(d: CustomerDetail) {
  const q = encodeURIComponent(d.openid);
  const coupons = [...d.coupons.usable.items, ...d.coupons.used.items];
  return [
    {
      key: 'orders',
      label: `订单（${d.orders.total}）`,
      children: (
        <div data-testid="customer-orders">
          <Table<OrderSummary> rowKey="_id" size="small" pagination={false} columns={orderColumns} dataSource={d.orders.items} locale={{ emptyText: '还没有订单' }} />
          {more(`/orders?openid=${q}`, d.orders.total, d.orders.items.length, '个订单')}
        </div>
      ),
    },
    {
      key: 'addresses',
      label: `收货地址（${d.addresses.length}）`,
      children: d.addresses.length ? (
        <div data-testid="customer-addresses">
          {d.addresses.map((a) => (
            <p key={a._id}>
              {a.isDefault && <Tag color="blue">默认</Tag>}
              {a.name} {a.phone} {a.province}
              {a.city}
              {a.district} {a.detail}
            </p>
          ))}
        </div>
      ) : (
        <Empty description="没有收货地址" />
      ),
    },
    {
      key: 'coupons',
      label: `优惠券（可用 ${d.coupons.usable.total} / 已用 ${d.coupons.used.total}）`,
      children: <Table<MyCoupon> rowKey="id" size="small" pagination={false} columns={couponColumns} dataSource={coupons} locale={{ emptyText: '没有优惠券' }} data-testid="customer-coupons" />,
    },
    {
      key: 'aftersales',
      label: `售后（${d.aftersales.total}）`,
      children: (
        <div data-testid="customer-aftersales">
          <Table<Aftersale> rowKey="_id" size="small" pagination={false} columns={aftersaleColumns} dataSource={d.aftersales.items} locale={{ emptyText: '没有售后申请' }} />
          {more(`/aftersales?openid=${q}`, d.aftersales.total, d.aftersales.items.length, '个售后申请')}
        </div>
      ),
    },
  ];
}
