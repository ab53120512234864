/** 满免邮: a threshold, the provinces left out and the delivery methods it covers. */
import { Checkbox, Form, Select, Space } from 'antd';
import type { Method } from './model';
import { yuanField } from './TierFields';

const PROVINCES = '北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 台湾 香港 澳门'.split(' ');
const METHOD_OPTIONS: { value: Method; label: string }[] = [
  { value: 'express', label: '快递发货' },
  { value: 'local', label: '同城配送' },
  { value: 'pickup', label: '到店自提' },
];


export function FreeShippingFields() {
  return (
    <>
      <Form.Item label="包邮门槛" extra="填 0 表示不限金额，下单即包邮。" required>
        <Space>
          满 {yuanField(['fsThreshold'], '0', false, 'fs-threshold')} 元包邮
        </Space>
      </Form.Item>
      <Form.Item name="excludedRegions" label="不包邮地区" extra="按收货地址的省份匹配，写法需与地址一致（如“新疆”）。">
        <Select
          mode="tags"
          style={{ maxWidth: 520 }}
          placeholder="输入或选择省份，回车添加"
          tokenSeparators={[',', '，', ' ']}
          options={PROVINCES.map((p) => ({ value: p, label: p }))}
          data-testid="fs-regions"
        />
      </Form.Item>
      <Form.Item name="deliveryMethods" label="配送方式" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种配送方式' }]}>
        <Checkbox.Group options={METHOD_OPTIONS} data-testid="fs-methods" />
      </Form.Item>
    </>
  );
}
