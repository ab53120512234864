/** 秒杀: the rule card (per-shopper limit, unpaid close, reminder) and the goods table's flash price and stock columns. */
import { Card, Form, InputNumber, type TableColumnsType } from 'antd';
import { YuanInput } from '../../components/YuanInput';
import type { PatchRow, Row } from './model';

export function FlashRules() {
  return (
    <Card title="秒杀规则" style={{ marginBottom: 16 }}>
      <Form.Item name="limitPerShopper" label="每人限购（件）" extra="每位顾客每个 SKU 在整个活动中最多买几件；0 表示不限。" rules={[{ required: true, message: '请填写限购件数' }]}>
        <InputNumber min={0} max={999} precision={0} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="closeMinutes" label="未支付订单自动关闭(分钟)" extra="秒杀订单下单后未支付，到时自动关闭并退回秒杀库存。" rules={[{ required: true, message: '请填写分钟数' }]}>
        <InputNumber min={1} max={1440} precision={0} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="remindMinutes" label="开始前提醒(分钟)" extra="设置了提醒的顾客会在开始前这么多分钟收到订阅消息。" rules={[{ required: true, message: '请填写分钟数' }]}>
        <InputNumber min={1} max={1440} precision={0} style={{ width: 140 }} />
      </Form.Item>
    </Card>
  );
}

export const flashColumns = (patch: PatchRow, ended: boolean): TableColumnsType<Row> => [
  {
    title: '秒杀价（元）',
    key: 'price',
    width: 150,
    render: (_: unknown, r, i) => (
      <YuanInput value={r.price} onChange={(e) => patch(r.key, { price: e.target.value })} style={{ width: 130 }} data-testid={`flash-price-${i}`} disabled={ended} />
    ),
  },
  {
    title: '秒杀库存',
    key: 'stock',
    width: 130,
    render: (_: unknown, r, i) => (
      <InputNumber min={1} max={1_000_000} precision={0} value={r.stock} onChange={(v) => patch(r.key, { stock: v })} style={{ width: 110 }} data-testid={`flash-stock-${i}`} disabled={ended} />
    ),
  },
];
