/** 满折: a threshold in yuan or in pieces, and a rate in 折 per tier. */
import { Form, Input } from 'antd';
import { zheToPerMille } from '../../orders';
import { tierList, yuanField } from './TierFields';
import { RadioField } from '../../components/RadioField';

export function DiscountFields() {
  const form = Form.useFormInstance();
  const discountBasis = Form.useWatch('discountBasis', form) ?? 'amount';
  return (
    <>
      <RadioField name="discountBasis" label="门槛按" testId="discount-basis" choices={[['amount', '金额（满 X 元）'], ['count', '件数（满 X 件）']]} />
      <Form.Item label="优惠档位" required>
        {tierList(
          'discountTiers',
          (i, name) => (
            <>
              满{' '}
              {discountBasis === 'count' ? (
                <Form.Item
                  name={[name, 'threshold']}
                  noStyle
                  rules={[{ required: true, pattern: /^[1-9]\d{0,5}$/, message: '请输入件数（正整数）' }]}
                >
                  <Input style={{ width: 100 }} suffix="件" inputMode="numeric" placeholder="件数" data-testid={`tier-threshold-${i}`} />
                </Form.Item>
              ) : (
                <>{yuanField([name, 'threshold'], '门槛', true, `tier-threshold-${i}`)} 元</>
              )}
              ，打{' '}
              <Form.Item
                name={[name, 'rate']}
                noStyle
                rules={[
                  {
                    validator: async (_r, v) => {
                      if (zheToPerMille(v) === null) throw new Error('折扣为 0.01–9.99 折，如 9 或 8.5');
                    },
                  },
                ]}
              >
                <Input style={{ width: 100 }} suffix="折" inputMode="decimal" placeholder="如 8.5" data-testid={`tier-value-${i}`} />
              </Form.Item>
            </>
          ),
          { threshold: '', rate: '' },
        )}
      </Form.Item>
    </>
  );
}
