/**
 * 交易设置: auto-close minutes for unpaid orders, auto-complete days for shipped ones, the default freight and
 * whether coupons come back when an order closes unpaid or is refunded. Saving is for the owner; others read it.
 * (Points and experience rules live on the members pages.)
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber, Result, Space, Spin, Switch, Typography } from 'antd';
import { formatYuan, parseYuan, type ShopSettings, type ShopSettingsPatch } from '@shop/types';
import { call, useSession } from '../api';
import { fieldIssues } from '../errors';
import { YuanInput, yuanRule } from '../components/YuanInput';
import { actionErrorText } from '../orders';

interface Values {
  autoCloseMinutes: number | null;
  autoCompleteDays: number | null;
  defaultFreight: string;
  returnOnUnpaidClose: boolean;
  returnOnRefund: boolean;
}

const toValues = (s: ShopSettings): Values => ({
  autoCloseMinutes: s.orders.autoCloseMinutes,
  autoCompleteDays: s.orders.autoCompleteDays,
  defaultFreight: formatYuan(s.orders.defaultFreight),
  returnOnUnpaidClose: s.coupons.returnOnUnpaidClose,
  returnOnRefund: s.coupons.returnOnRefund,
});

const FIELD_OF: Record<string, keyof Values> = {
  'orders.autoCloseMinutes': 'autoCloseMinutes',
  'orders.autoCompleteDays': 'autoCompleteDays',
  'orders.defaultFreight': 'defaultFreight',
  'coupons.returnOnUnpaidClose': 'returnOnUnpaidClose',
  'coupons.returnOnRefund': 'returnOnRefund',
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
    if (freight === null || v.autoCloseMinutes === null || v.autoCompleteDays === null) return;
    const patch: ShopSettingsPatch = {
      orders: { autoCloseMinutes: v.autoCloseMinutes, autoCompleteDays: v.autoCompleteDays, defaultFreight: freight },
      coupons: { returnOnUnpaidClose: v.returnOnUnpaidClose, returnOnRefund: v.returnOnRefund },
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
      <Form<Values>
        form={form}
        name="settings"
        layout="horizontal"
        labelCol={{ flex: '180px' }}
        wrapperCol={{ flex: 'auto' }}
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
          <Form.Item name="returnOnUnpaidClose" label="未付款关闭时退回" valuePropName="checked" extra="订单超时、顾客取消或商家关闭时，把用掉的优惠券还给顾客。">
            <Switch data-testid="settings-return-unpaid" />
          </Form.Item>
          <Form.Item name="returnOnRefund" label="退款时退回" valuePropName="checked" extra="已付款订单全额退款后，把优惠券还给顾客。">
            <Switch data-testid="settings-return-refund" />
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
      </Form>
    </div>
  );
}
