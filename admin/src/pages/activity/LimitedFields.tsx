/** 限时折扣: the rule card (repeat, per-shopper limit, rounding, tag, sort, reminder) and the goods table's mode, price preview and stock columns. */
import { Card, Form, Input, InputNumber, Radio, Select, Space, Typography, type TableColumnsType } from 'antd';
import { limitedItemProblem, limitedPrice, type LimitRule, type Rounding } from '@shop/types';
import { RepeatRuleFields } from '../../components/RepeatRuleField';
import { yuan } from '../../orders';
import { rowValue, type Mode, type PatchRow, type Row } from './model';

const MODE_TEXT: Record<Mode, string> = { discount: '折扣', reduction: '减价', fixed: '固定价' };
const ROUNDING_OPTIONS: { value: Rounding; label: string }[] = [
  { value: 'none', label: '不取整' },
  { value: 'jiao', label: '抹分（如 9.87 → 9.80）' },
  { value: 'yuan', label: '抹角（如 9.87 → 9.00）' },
];
const LIMIT_OPTIONS: { value: LimitRule['mode']; label: string }[] = [
  { value: 'none', label: '不限' },
  { value: 'all_or_none', label: '超出 N 件全部不享受优惠' },
  { value: 'first_n', label: '前 N 件享受优惠' },
  { value: 'block', label: '超出 N 件不可下单' },
];

export function LimitedRules() {
  const form = Form.useFormInstance();
  const limitMode = Form.useWatch('limitMode', form) ?? 'none';
  return (
    <Card title="折扣规则" style={{ marginBottom: 16 }}>
      <RepeatRuleFields testIdPrefix="limited" />
      <Form.Item name="limitMode" label="每人每种商品限购">
        <Radio.Group data-testid="limited-limit" options={LIMIT_OPTIONS} />
      </Form.Item>
      {limitMode !== 'none' && (
        <Form.Item name="limitQuantity" label="N（件）" rules={[{ required: true, message: '请填写件数' }]}>
          <InputNumber min={1} max={999} precision={0} style={{ width: 140 }} />
        </Form.Item>
      )}
      <Form.Item name="rounding" label="活动价取整" extra="取整不会让价格低于 1.00 元。">
        <Radio.Group data-testid="limited-rounding" options={ROUNDING_OPTIONS} />
      </Form.Item>
      <Form.Item name="tag" label="活动标签" extra="显示在商品上，最多 8 个字。">
        <Input maxLength={8} showCount placeholder="如：限时特惠" style={{ width: 220 }} />
      </Form.Item>
      <Form.Item name="sort" label="活动排序" extra="数字小的排在前面。">
        <InputNumber min={0} max={9999} precision={0} style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="remindMinutes" label="开始前提醒(分钟)" rules={[{ required: true, message: '请填写分钟数' }]}>
        <InputNumber min={1} max={1440} precision={0} style={{ width: 140 }} />
      </Form.Item>
    </Card>
  );
}

export const limitedColumns = (patch: PatchRow, ended: boolean, rounding: Rounding): TableColumnsType<Row> => [
  {
    title: '优惠方式',
    key: 'mode',
    width: 280,
    render: (_: unknown, r, i) => (
      <Space.Compact>
        <Select<Mode>
          value={r.mode}
          style={{ width: 100 }}
          onChange={(mode) => patch(r.key, { mode, value: '' })}
          options={(Object.keys(MODE_TEXT) as Mode[]).map((m) => ({ value: m, label: MODE_TEXT[m] }))}
          data-testid={`limited-mode-${i}`}
          disabled={ended}
        />
        <Input
          value={r.value}
          onChange={(e) => patch(r.key, { value: e.target.value })}
          style={{ width: 150 }}
          inputMode="decimal"
          prefix={r.mode === 'discount' ? undefined : r.mode === 'reduction' ? '减 ¥' : '¥'}
          suffix={r.mode === 'discount' ? '折' : undefined}
          placeholder={r.mode === 'discount' ? '如 7.5' : '0.00'}
          data-testid={`limited-value-${i}`}
          disabled={ended}
        />
      </Space.Compact>
    ),
  },
  {
    title: '活动价',
    key: 'preview',
    width: 130,
    render: (_: unknown, r, i) => {
      const v = rowValue(r);
      if (v === null) return <Typography.Text type="secondary" data-testid={`limited-preview-${i}`}>—</Typography.Text>;
      const problem = limitedItemProblem(r.salePrice, { mode: r.mode, value: v });
      return (
        <div>
          <Typography.Text strong={!problem} type={problem ? 'secondary' : undefined} data-testid={`limited-preview-${i}`} data-fen={limitedPrice(r.salePrice, { mode: r.mode, value: v }, rounding)}>
            {yuan(limitedPrice(r.salePrice, { mode: r.mode, value: v }, rounding))}
          </Typography.Text>
          {problem && (
            <div className="field-error" data-testid={`limited-problem-${i}`}>
              {problem}
            </div>
          )}
        </div>
      );
    },
  },
  {
    title: '活动库存',
    key: 'stock',
    width: 130,
    render: (_: unknown, r, i) => (
      <InputNumber min={1} max={1_000_000} precision={0} value={r.stock} onChange={(v) => patch(r.key, { stock: v })} style={{ width: 110 }} data-testid={`limited-stock-${i}`} disabled={ended} />
    ),
  },
];
