/** The rule fields the campaign kinds share: a yuan amount, and a list of tiers (满 X …, up to 10). */
import type { ReactNode } from 'react';
import { Button, Form, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { YuanInput, yuanRule } from '../../components/YuanInput';

/** A yuan amount in the rule's sentence (no label of its own). */
export const yuanField = (name: (string | number)[], placeholder: string, required = true, testId?: string) => (
  <Form.Item name={name} rules={[yuanRule(required)]} noStyle>
    <YuanInput placeholder={placeholder} style={{ width: 130 }} data-testid={testId} />
  </Form.Item>
);

/** The tiers of one kind's rule, each row drawn by `row`; `blank` is a new tier's values. */
export const tierList = (listName: 'reductionTiers' | 'discountTiers' | 'giftTiers', row: (i: number, name: number) => ReactNode, blank: object) => (
  <Form.List name={listName}>
    {(fields, { add, remove }) => (
      <div data-testid="campaign-tiers">
        {fields.map((f, i) => (
          <div key={f.key} className="tier-row" style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8, flexWrap: 'wrap' }}>
            <Typography.Text type="secondary" style={{ width: 48 }}>
              第 {i + 1} 档
            </Typography.Text>
            {row(i, f.name)}
            {fields.length > 1 && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除这一档" data-testid={`remove-tier-${i}`} onClick={() => remove(f.name)} />}
          </div>
        ))}
        {fields.length < 10 && (
          <Button type="dashed" icon={<PlusOutlined />} data-testid="add-tier" onClick={() => add({ ...blank })}>
            添加一档
          </Button>
        )}
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            多档时按满足的最高一档优惠，最多 10 档。
          </Typography.Text>
        </div>
      </div>
    )}
  </Form.List>
);
