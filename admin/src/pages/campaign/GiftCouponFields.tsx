/** 满赠券: per tier, a threshold in yuan and a coupon with a quantity (a text input when coupons cannot be listed). */
import { Form, Input, InputNumber, Select } from 'antd';
import type { Option } from './model';
import { tierList, yuanField } from './TierFields';

export function GiftCouponFields({ coupons }: { coupons: Option[] | null | undefined }) {
  return (
    <Form.Item label="赠券档位" required extra="订单完成后把券发给顾客。">
      {tierList(
        'giftTiers',
        (i, name) => (
          <>
            满 {yuanField([name, 'threshold'], '门槛', true, `tier-threshold-${i}`)} 元，送{' '}
            <Form.Item name={[name, 'couponId']} noStyle rules={[{ required: true, whitespace: true, message: '请选择优惠券' }]}>
              {coupons ? (
                <Select
                  style={{ width: 240 }}
                  placeholder="选择优惠券"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={coupons}
                  data-testid={`tier-coupon-${i}`}
                  notFoundContent="还没有优惠券"
                />
              ) : (
                <Input style={{ width: 240 }} placeholder={coupons === undefined ? '加载中…' : '优惠券 ID'} data-testid={`tier-coupon-${i}`} />
              )}
            </Form.Item>{' '}
            ×{' '}
            <Form.Item name={[name, 'quantity']} noStyle rules={[{ required: true, message: '请输入张数' }]}>
              <InputNumber min={1} max={10} precision={0} style={{ width: 90 }} suffix="张" data-testid={`tier-quantity-${i}`} />
            </Form.Item>
          </>
        ),
        { threshold: '', couponId: undefined, quantity: 1 },
      )}
    </Form.Item>
  );
}
