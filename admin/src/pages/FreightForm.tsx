/**
 * 运费模板 form (new / edit): by count or by weight (grams); the default rule, rules for some provinces, provinces not
 * shipped to, conditional free shipping (a count or an amount, optionally in some provinces) and the delivery methods
 * the products using it allow. Fees are typed in yuan and sent in fen.
 */
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Spin, Switch, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { formatYuan, parseYuan, type FreightTemplate, type FreightTemplateInput } from '@shop/types';
import { call } from '../api';
import { fieldIssues } from '../errors';
import { actionErrorText } from '../orders';
import { YuanInput, yuanRule } from '../components/YuanInput';
import { PROVINCE_OPTIONS } from '../provinces';
import { UNIT } from '../fulfilment';

interface RuleValues {
  first: number | null;
  firstFee: string;
  additional: number | null;
  additionalFee: string;
}
interface Values {
  name: string;
  pricing: 'count' | 'weight';
  defaultRule: RuleValues;
  regionRules: (RuleValues & { provinces: string[] })[];
  excludedProvinces: string[];
  freeRules: { provinces: string[]; minQuantity: number | null; minAmount: string }[];
  allowExpress: boolean;
  allowPickup: boolean;
  allowLocal: boolean;
}

const EMPTY_RULE: RuleValues = { first: 1, firstFee: '0.00', additional: 1, additionalFee: '0.00' };
const ruleValues = (r: FreightTemplate['defaultRule']): RuleValues => ({ first: r.first, firstFee: formatYuan(r.firstFee), additional: r.additional, additionalFee: formatYuan(r.additionalFee) });
const ruleInput = (r: RuleValues) => ({ first: r.first ?? 0, firstFee: parseYuan(r.firstFee) ?? 0, additional: r.additional ?? 0, additionalFee: parseYuan(r.additionalFee) ?? 0 });
const toValues = (t: FreightTemplate): Values => ({
  name: t.name,
  pricing: t.pricing,
  defaultRule: ruleValues(t.defaultRule),
  regionRules: t.regionRules.map((r) => ({ provinces: r.provinces, ...ruleValues(r) })),
  excludedProvinces: t.excludedProvinces,
  freeRules: t.freeRules.map((r) => ({ provinces: r.provinces, minQuantity: r.minQuantity ?? null, minAmount: r.minAmount === undefined ? '' : formatYuan(r.minAmount) })),
  allowExpress: t.allowExpress,
  allowPickup: t.allowPickup,
  allowLocal: t.allowLocal,
});
const NEW: Values = { name: '', pricing: 'count', defaultRule: EMPTY_RULE, regionRules: [], excludedProvinces: [], freeRules: [], allowExpress: true, allowPickup: true, allowLocal: false };

/** 首件 / 首重, its fee, 续件 / 续重, its fee, in one row: `name` is the form path, `id` the element id prefix. */
function RuleFields({ name, id, unit }: { name: (string | number)[]; id: string; unit: string }) {
  const amount = { required: true, type: 'integer' as const, min: 1, max: 1_000_000, message: '请输入 1 以上的整数' };
  const step = unit === '件' ? '件' : '重';
  return (
    <Space wrap align="start">
      {(
        [
          ['first', '首'],
          ['additional', '续'],
        ] as const
      ).map(([key, head]) => [
        <Form.Item key={key} name={[...name, key]} label={`${head}${step}（${unit}）`} rules={[amount]}>
          <InputNumber id={`${id}${key}`} min={1} max={1_000_000} precision={0} style={{ width: 110 }} />
        </Form.Item>,
        <Form.Item key={`${key}Fee`} name={[...name, `${key}Fee`]} label={`${head}费（元）`} rules={[yuanRule(true)]}>
          <YuanInput id={`${id}${key}-fee`} style={{ width: 120 }} />
        </Form.Item>,
      ])}
    </Space>
  );
}

export default function FreightForm() {
  const { id } = useParams();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const pricing = Form.useWatch('pricing', form) ?? 'count';
  const unit = UNIT[pricing];
  const [loading, setLoading] = useState(!!id);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    call('freightAdmin', 'get', { id })
      .then((t) => form.setFieldsValue(toValues(t)))
      .catch((e: unknown) => setLoadError(actionErrorText(e)))
      .finally(() => setLoading(false));
  }, [id, form]);

  const save = async (v: Values) => {
    const input: FreightTemplateInput & { id?: string } = {
      ...(id ? { id } : {}),
      name: v.name.trim(),
      pricing: v.pricing,
      defaultRule: ruleInput(v.defaultRule),
      regionRules: (v.regionRules ?? []).map((r) => ({ provinces: r.provinces ?? [], ...ruleInput(r) })),
      excludedProvinces: v.excludedProvinces ?? [],
      freeRules: (v.freeRules ?? []).map((r) => ({
        provinces: r.provinces ?? [],
        ...(r.minQuantity ? { minQuantity: r.minQuantity } : {}),
        ...(r.minAmount && String(r.minAmount).trim() ? { minAmount: parseYuan(r.minAmount) ?? 0 } : {}),
      })),
      allowExpress: v.allowExpress,
      allowPickup: v.allowPickup,
      allowLocal: v.allowLocal,
    };
    setSaving(true);
    setError(null);
    try {
      const t = await call('freightAdmin', 'save', input);
      message.success(`运费模板「${t.name}」已保存`);
      nav('/freight');
    } catch (e) {
      const issues = fieldIssues(e);
      form.setFields(issues.filter((i) => i.path).map((i) => ({ name: i.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never, errors: [i.message] })));
      setError(actionErrorText(e));
    } finally {
      setSaving(false);
    }
  };

  if (loading) {
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (loadError) return <Alert type="error" showIcon title={loadError} id="freight-load-error" action={<Button onClick={() => nav('/freight')}>返回列表</Button>} />;

  return (
    <div>
      <div className="page-title">
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={() => nav('/freight')} aria-label="返回运费模板" />
          <h2>{id ? '编辑运费模板' : '新建运费模板'}</h2>
        </Space>
      </div>
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} id="freight-error" />}
      <Form<Values> form={form} name="freight" layout="vertical" initialValues={NEW} onFinish={(v) => void save(v)} style={{ maxWidth: 960 }}>
        <Card title="基本信息" style={{ marginBottom: 16 }}>
          <Form.Item name="name" label="模板名称" rules={[{ required: true, whitespace: true, message: '请输入模板名称' }, { max: 30, message: '最多 30 个字' }]}>
            <Input id="freight-name" maxLength={30} style={{ maxWidth: 360 }} />
          </Form.Item>
          <Form.Item name="pricing" label="计费方式" extra="按重量时以克为单位，商品的重量在商品编辑页填写。">
            <Radio.Group id="freight-pricing" optionType="button" options={[{ value: 'count', label: '按件数' }, { value: 'weight', label: '按重量' }]} />
          </Form.Item>
          <Typography.Text strong>默认运费（未单独设置的地区）</Typography.Text>
          <div style={{ marginTop: 8 }}>
            <RuleFields name={['defaultRule']} id="freight-" unit={unit} />
          </div>
        </Card>

        <Card title="指定地区运费" style={{ marginBottom: 16 }} id="freight-region-rules">
          <Form.List name="regionRules">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} style={{ borderBottom: '1px dashed #f0f0f0', marginBottom: 12 }} id={`freight-region-${i}`}>
                    <Space align="start" wrap>
                      <Form.Item name={[f.name, 'provinces']} label="地区" rules={[{ required: true, type: 'array', min: 1, message: '请选择地区' }]}>
                        <Select id={`freight-region-provinces-${i}`} mode="multiple" options={PROVINCE_OPTIONS} style={{ minWidth: 280, maxWidth: 420 }} placeholder="选择省份" />
                      </Form.Item>
                      <Button type="text" danger icon={<DeleteOutlined />} id={`freight-region-remove-${i}`} style={{ marginTop: 30 }} onClick={() => remove(f.name)}>
                        删除
                      </Button>
                    </Space>
                    <RuleFields name={[f.name]} id={`freight-region-${i}-`} unit={unit} />
                  </div>
                ))}
                <Button icon={<PlusOutlined />} id="freight-region-add" onClick={() => add({ provinces: [], ...EMPTY_RULE })}>
                  添加指定地区运费
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card title="不配送地区" style={{ marginBottom: 16 }}>
          <Form.Item name="excludedProvinces" extra="这些地区的顾客不能选择快递配送。">
            <Select id="freight-excluded" mode="multiple" options={PROVINCE_OPTIONS} placeholder="选择省份（可不选）" style={{ maxWidth: 560 }} />
          </Form.Item>
        </Card>

        <Card title="条件包邮" style={{ marginBottom: 16 }} id="freight-free-rules">
          <Form.List name="freeRules">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap id={`freight-free-${i}`}>
                    <Form.Item name={[f.name, 'provinces']} label="地区（不选为全部）">
                      <Select id={`freight-free-provinces-${i}`} mode="multiple" options={PROVINCE_OPTIONS} style={{ minWidth: 240, maxWidth: 360 }} placeholder="全部地区" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'minQuantity']} label="满件数">
                      <InputNumber id={`freight-free-quantity-${i}`} min={1} max={100_000} precision={0} style={{ width: 110 }} suffix="件" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'minAmount']}
                      label="或满金额（元）"
                      dependencies={[['freeRules', f.name, 'minQuantity']]}
                      rules={[
                        yuanRule(false),
                        ({ getFieldValue }) => ({
                          validator: async (_r, v: unknown) => {
                            if (!getFieldValue(['freeRules', f.name, 'minQuantity']) && !String(v ?? '').trim()) throw new Error('请填写件数或金额');
                          },
                        }),
                      ]}
                    >
                      <YuanInput id={`freight-free-amount-${i}`} style={{ width: 130 }} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} id={`freight-free-remove-${i}`} style={{ marginTop: 30 }} onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <div>
                  <Button icon={<PlusOutlined />} id="freight-free-add" onClick={() => add({ provinces: [], minQuantity: null, minAmount: '' })}>
                    添加包邮条件
                  </Button>
                </div>
              </>
            )}
          </Form.List>
        </Card>

        <Card title="配送方式" style={{ marginBottom: 16 }}>
          <Space size={32} wrap>
            <Form.Item name="allowExpress" label="快递发货" valuePropName="checked">
              <Switch id="freight-allow-express" />
            </Form.Item>
            <Form.Item name="allowPickup" label="到店自提" valuePropName="checked">
              <Switch id="freight-allow-pickup" />
            </Form.Item>
            <Form.Item name="allowLocal" label="同城配送" valuePropName="checked">
              <Switch id="freight-allow-local" />
            </Form.Item>
          </Space>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving} id="freight-save">
            保存
          </Button>
          <Button onClick={() => nav('/freight')}>取消</Button>
        </Space>
      </Form>
    </div>
  );
}
