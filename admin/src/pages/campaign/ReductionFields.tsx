/** 满减: tiered (满 X 元减 Y 元) or every (每满 X 元减 Y 元, with an optional cap). */
import { Form, Space, Typography } from 'antd';
import { tierList, yuanField } from './TierFields';
import { RadioField } from '../../components/RadioField';

export function ReductionFields() {
  const form = Form.useFormInstance();
  const reductionMode = Form.useWatch('reductionMode', form) ?? 'tiered';
  return (
    <>
      <RadioField name="reductionMode" label="减免方式" testId="reduction-mode" choices={[['tiered', '阶梯满减（满 X 元减 Y 元）'], ['every', '每满减（每满 X 元减 Y 元）']]} />
      {reductionMode === 'tiered' ? (
        <Form.Item label="优惠档位" required>
          {tierList(
            'reductionTiers',
            (i, name) => (
              <>
                满 {yuanField([name, 'threshold'], '门槛', true, `tier-threshold-${i}`)} 元，减 {yuanField([name, 'value'], '减免', true, `tier-value-${i}`)} 元
              </>
            ),
            { threshold: '', value: '' },
          )}
        </Form.Item>
      ) : (
        <Form.Item label="规则" required>
          <Space wrap>
            每满 {yuanField(['every'], '金额', true, 'every-input')} 元，减 {yuanField(['off'], '减免', true, 'off-input')} 元，最多减{' '}
            {yuanField(['cap'], '不限', false, 'cap-input')} 元
          </Space>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              最多减留空表示不封顶。
            </Typography.Text>
          </div>
        </Form.Item>
      )}
    </>
  );
}
