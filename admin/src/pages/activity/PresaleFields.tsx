/** 预售: the ship card (N days after payment, or a date) and the goods table's virtual stock and oversell columns. */
import { Card, DatePicker, Form, InputNumber, Switch, type TableColumnsType } from 'antd';
import type { PatchRow, Row } from './model';
import { RadioField } from '../../components/RadioField';

export function PresaleShip() {
  const form = Form.useFormInstance();
  const shipMode = Form.useWatch('shipMode', form) ?? 'afterPayment';
  return (
    <Card title="发货设置" style={{ marginBottom: 16 }}>
      <RadioField name="shipMode" label="发货时间" testId="presale-ship" choices={[['afterPayment', '支付后 N 天内发货'], ['date', '自定义发货日期']]} />
      {shipMode === 'afterPayment' ? (
        <Form.Item name="shipDays" label="N（天）" rules={[{ required: true, message: '请填写天数' }]}>
          <InputNumber min={1} max={180} precision={0} style={{ width: 140 }} />
        </Form.Item>
      ) : (
        <Form.Item name="shipDate" label="开始发货日期" rules={[{ required: true, message: '请选择发货日期' }]} extra="北京时间，从这一天起发货。">
          <DatePicker format="YYYY-MM-DD" data-testid="presale-ship-date" />
        </Form.Item>
      )}
    </Card>
  );
}

export const presaleColumns = (patch: PatchRow, ended: boolean): TableColumnsType<Row> => [
  {
    title: '虚拟库存',
    key: 'stock',
    width: 130,
    render: (_: unknown, r, i) => (
      <InputNumber min={0} max={1_000_000} precision={0} value={r.stock} onChange={(v) => patch(r.key, { stock: v })} style={{ width: 110 }} data-testid={`presale-stock-${i}`} disabled={ended} />
    ),
  },
  {
    title: '允许超卖',
    key: 'oversell',
    width: 90,
    render: (_: unknown, r, i) => <Switch checked={r.oversell} onChange={(oversell) => patch(r.key, { oversell })} data-testid={`presale-oversell-${i}`} disabled={ended} />,
  },
];
