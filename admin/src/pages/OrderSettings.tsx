/**
 * 交易设置: auto-close minutes for unpaid orders, auto-complete days for shipped ones, the default freight and
 * whether coupons come back when an order closes unpaid or is refunded; 同城配送 (enabled, who delivers, fee, free-from
 * amount, the cities served). Saving is for the owner; others read it.
 * (Points and experience rules live on the members pages.)
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Radio, Result, Select, Space, Spin, Switch, Typography } from 'antd';
import { formatYuan, parseYuan, type ShopSettings, type ShopSettingsPatch } from '@shop/types';
import { call, useSession } from '../api';
import { fieldIssues } from '../errors';
import { YuanInput, yuanRule } from '../components/YuanInput';
import { actionErrorText } from '../orders';
import { SideLabelForm } from '../components/SideLabelForm';

interface Values {
  autoCloseMinutes: number | null;
  autoCompleteDays: number | null;
  defaultFreight: string;
  returnOnUnpaidClose: boolean;
  returnOnRefund: boolean;
  localEnabled: boolean;
  localProvider: 'self' | 'sim';
  localFee: string;
  localFreeFrom: string;
  localCities: string[];
}

const toValues = (s: ShopSettings): Values => ({
  autoCloseMinutes: s.orders.autoCloseMinutes,
  autoCompleteDays: s.orders.autoCompleteDays,
  defaultFreight: formatYuan(s.orders.defaultFreight),
  returnOnUnpaidClose: s.coupons.returnOnUnpaidClose,
  returnOnRefund: s.coupons.returnOnRefund,
  localEnabled: s.local.enabled,
  localProvider: s.local.provider,
  localFee: formatYuan(s.local.fee),
  localFreeFrom: formatYuan(s.local.freeFrom),
  localCities: s.local.cities,
});

const FIELD_OF: Record<string, keyof Values> = {
  'orders.autoCloseMinutes': 'autoCloseMinutes',
  'orders.autoCompleteDays': 'autoCompleteDays',
  'orders.defaultFreight': 'defaultFreight',
  'coupons.returnOnUnpaidClose': 'returnOnUnpaidClose',
  'coupons.returnOnRefund': 'returnOnRefund',
  'local.enabled': 'localEnabled',
  'local.provider': 'localProvider',
  'local.fee': 'localFee',
  'local.freeFrom': 'localFreeFrom',
  'local.cities': 'localCities',
};

export default function OrderSettings() {
  const session = useSession();
  const isOwner = session?.admin.role === 'owner';
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [settings, setSettings] = useState<ShopSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const load = async () => {
    try {
      const s = await call('orderAdmin', 'settings', {});
      setSettings(s);
      form.setFieldsValue(toValues(s));
      setLoadError(null);
    } catch (e) {
      setLoadError(actionErrorText(e));
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = async (v: Values) => {
    const freight = parseYuan(v.defaultFreight);
    const localFee = parseYuan(v.localFee);
    const localFreeFrom = parseYuan(v.localFreeFrom);
    if (freight === null || localFee === null || localFreeFrom === null || v.autoCloseMinutes === null || v.autoCompleteDays === null) return;
    const patch: ShopSettingsPatch = {
      orders: { autoCloseMinutes: v.autoCloseMinutes, autoCompleteDays: v.autoCompleteDays, defaultFreight: freight },
      coupons: { returnOnUnpaidClose: v.returnOnUnpaidClose, returnOnRefund: v.returnOnRefund },
      local: { enabled: v.localEnabled, provider: v.localProvider, fee: localFee, freeFrom: localFreeFrom, cities: (v.localCities ?? []).map((c) => c.trim()).filter(Boolean) },
    };
    setSaving(true);
    setSaveError(null);
    try {
      const s = await call('orderAdmin', 'saveSettings', patch);
      setSettings(s);
      form.setFieldsValue(toValues(s));
      message.success('交易设置已保存');
    } catch (e) {
      const issues = fieldIssues(e).filter((i) => FIELD_OF[i.path]);
      if (issues.length) form.setFields(issues.map((i) => ({ name: FIELD_OF[i.path], errors: [i.message] })));
      setSaveError(actionErrorText(e));
    } finally {
      setSaving(false);
    }
  };

  if (loadError && !settings) {
    return <Result status="error" title="交易设置加载失败" subTitle={loadError} extra={<Button onClick={() => void load()}>重试</Button>} />;
  }
  if (!settings) {
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }

  return (
    <div>
      <div className="page-title">
        <h2>交易设置</h2>
      </div>
      {!isOwner && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="settings-read-only" title="只有店主可以修改交易设置，当前为只读。" />
      )}
      {saveError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={saveError} data-testid="settings-error" />}
      <SideLabelForm<Values>
        form={form}
        name="settings"
        labelWidth={180}
        disabled={!isOwner}
        onFinish={(v) => void save(v)}
        initialValues={toValues(settings)}
        data-testid="settings-form"
        style={{ maxWidth: 820 }}
      >
        <Card title="订单" style={{ marginBottom: 16 }}>
          <Form.Item label="未付款自动关闭" required extra="下单后超过这个时间未付款，订单自动关闭，库存、积分退回。5 分钟到 7 天。">
            <Space>
              <Form.Item name="autoCloseMinutes" noStyle rules={[{ required: true, type: 'integer', min: 5, max: 10080, message: '请输入 5–10080 之间的整数' }]}>
                <InputNumber min={5} max={10080} precision={0} style={{ width: 140 }} suffix="分钟" />
              </Form.Item>
            </Space>
          </Form.Item>
          <Form.Item label="发货后自动确认收货" required extra="发货后超过这个天数，订单自动完成。1–60 天。">
            <Form.Item name="autoCompleteDays" noStyle rules={[{ required: true, type: 'integer', min: 1, max: 60, message: '请输入 1–60 之间的整数' }]}>
              <InputNumber min={1} max={60} precision={0} style={{ width: 140 }} suffix="天" />
            </Form.Item>
          </Form.Item>
          <Form.Item label="默认运费" required extra="快递发货的每单运费（运费模板上线前统一使用）；填 0 为包邮。">
            <Form.Item name="defaultFreight" noStyle rules={[yuanRule(true)]}>
              <YuanInput style={{ width: 140 }} />
            </Form.Item>
          </Form.Item>
        </Card>
        <Card title="优惠券退回" style={{ marginBottom: 16 }}>
          <Form.Item name="returnOnUnpaidClose" label="未付款关闭时退回" valuePropName="checked" extra="默认关闭：顾客用券下单后，无论商家还是顾客取消订单，优惠券都不退还。开启后，未付款订单超时、顾客取消或商家关闭时会把用掉的优惠券还给顾客（与默认规则不同，同一张券可再次使用）。">
            <Switch data-testid="settings-return-unpaid" />
          </Form.Item>
          <Form.Item name="returnOnRefund" label="退款时退回" valuePropName="checked" extra="已付款订单全额退款后，把优惠券还给顾客。">
            <Switch data-testid="settings-return-refund" />
          </Form.Item>
        </Card>
        <Card title="同城配送" style={{ marginBottom: 16 }} id="settings-local">
          <Form.Item name="localEnabled" label="开启同城配送" valuePropName="checked" extra="开启后，使用允许同城配送的运费模板的商品可以选择同城配送。">
            <Switch id="local-enabled" />
          </Form.Item>
          <Form.Item name="localProvider" label="配送方" extra="商家自配送时在订单详情里标记已取货、已送达；配送平台（本地为模拟平台）会自己回传状态。">
            <Radio.Group
              id="local-provider"
              optionType="button"
              options={[
                { value: 'self', label: '商家自配送' },
                { value: 'sim', label: '配送平台（模拟）' },
              ]}
            />
          </Form.Item>
          <Form.Item label="配送费" required extra="每单收取的同城配送费。">
            <Form.Item name="localFee" noStyle rules={[yuanRule(true)]}>
              <YuanInput id="local-fee" style={{ width: 140 }} />
            </Form.Item>
          </Form.Item>
          <Form.Item label="满额免配送费" required extra="商品金额达到这个数时免配送费；填 0 为不免。">
            <Form.Item name="localFreeFrom" noStyle rules={[yuanRule(true)]}>
              <YuanInput id="local-free-from" style={{ width: 140 }} />
            </Form.Item>
          </Form.Item>
          <Form.Item name="localCities" label="配送城市" extra="收货地址的城市在这些城市中才可选同城配送，输入后回车添加（最多 20 个）；不填则不限。">
            <Select id="local-cities" mode="tags" maxCount={20} placeholder="如 上海、杭州" style={{ maxWidth: 480 }} tokenSeparators={[',', '，', '、']} />
          </Form.Item>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="settings-save">
            保存
          </Button>
          <Button htmlType="button" onClick={() => form.setFieldsValue(toValues(settings))}>
            还原
          </Button>
          {!isOwner && <Typography.Text type="secondary">需要店主账号</Typography.Text>}
        </Space>
      </SideLabelForm>
    </div>
  );
}
