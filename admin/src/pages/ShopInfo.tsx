/**
 * 店铺信息 (owner only): the shop's name, logo, customer-service phone, and the title and picture of shared pages —
 * the `shop` section of the shop settings, read by the storefront through catalog.shopInfo (home header, share
 * cards, the 客服 button's phone on H5).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Result, Space } from 'antd';
import { SERVICE_PHONE_RE, type ShopSettings } from '@shop/types';
import { call, useSession } from '../api';
import { errorText, fieldIssues } from '../errors';
import { useLoaded } from '../util';
import { SideLabelForm } from '../components/SideLabelForm';
import { ImageField } from '../components/ImageField';
import { LoadFallback } from '../components/DetailFallback';

type Values = ShopSettings['shop'];
const FIELDS = ['name', 'logo', 'servicePhone', 'shareTitle', 'shareImage'] as const;

/** the field column takes what the labels leave (a long hint wraps under its field instead of pushing it down) */
const WRAPPER = { flex: '1 1 0', style: { minWidth: 0 } };

const loadShop = async () => (await call('orderAdmin', 'settings', {})).shop;

export default function ShopInfoPage() {
  const session = useSession();
  if (session?.admin.role !== 'owner') {
    return (
      <div id="shop-info-owner-only">
        <Result status="403" title="只有店主可以修改店铺信息" subTitle="当前账号不是店主。" extra={<Button href="#/products">返回商品列表</Button>} />
      </div>
    );
  }
  return <ShopInfo />;
}

function ShopInfo() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { data: shop, error: loadError, reload } = useLoaded<Values | null>(loadShop, null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  if (!shop) return <LoadFallback error={loadError} title="店铺信息加载失败" explain={errorText} onRetry={reload} />;

  const save = async (v: Values) => {
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await call('orderAdmin', 'saveSettings', {
        shop: { name: v.name.trim(), logo: v.logo ?? null, servicePhone: (v.servicePhone ?? '').trim(), shareTitle: (v.shareTitle ?? '').trim(), shareImage: v.shareImage ?? null },
      });
      form.setFieldsValue(saved.shop);
      message.success('店铺信息已保存');
      void reload(); // 还原 goes back to what is now stored
    } catch (e) {
      const issues = fieldIssues(e)
        .map((i) => ({ ...i, field: FIELDS.find((f) => i.path === `shop.${f}`) }))
        .filter((i) => i.field);
      if (issues.length) form.setFields(issues.map((i) => ({ name: i.field!, errors: [i.message] })));
      setSaveError(issues.length ? '保存失败：请按标红的提示修改后再保存' : errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <div className="page-title">
        <h2>店铺信息</h2>
      </div>
      {saveError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={saveError} data-testid="shop-info-error" />}
      <SideLabelForm<Values> form={form} name="shop-info" labelWidth={140} wrapperCol={WRAPPER} onFinish={(v) => void save(v)} initialValues={shop} data-testid="shop-info-form" style={{ maxWidth: 820 }}>
        <Card title="基本信息" style={{ marginBottom: 16 }}>
          <Form.Item name="name" label="店铺名称" rules={[{ required: true, whitespace: true, message: '请输入店铺名称' }, { max: 30, message: '最多 30 个字' }]} extra="显示在商城首页顶部。">
            <Input id="shop-name" maxLength={30} showCount style={{ maxWidth: 360 }} />
          </Form.Item>
          <Form.Item name="logo" label="店铺 Logo">
            <ImageField id="shop-logo" hint="建议正方形，至少 200×200" />
          </Form.Item>
          <Form.Item
            name="servicePhone"
            label="客服电话"
            rules={[{ validator: async (_, v?: string) => (!v?.trim() || SERVICE_PHONE_RE.test(v.trim()) ? undefined : Promise.reject(new Error('请输入手机号、带区号的固定电话（如 021-12345678）或 400/800 电话'))) }]}
            extra="H5 商城的「客服」按钮显示并拨打这个号码；留空则不显示。微信小程序里的「客服」打开微信客服会话。"
          >
            <Input id="shop-service-phone" placeholder="如 13800138000 或 021-12345678" maxLength={20} style={{ maxWidth: 240 }} />
          </Form.Item>
        </Card>
        <Card title="分享" style={{ marginBottom: 16 }}>
          <Form.Item name="shareTitle" label="分享标题" rules={[{ max: 40, message: '最多 40 个字' }]} extra="转发首页时的标题；留空用店铺名称。商品页转发时用商品名称。">
            <Input id="shop-share-title" maxLength={40} showCount style={{ maxWidth: 420 }} />
          </Form.Item>
          <Form.Item name="shareImage" label="分享图片" extra="转发首页时的图片，微信按 5:4 显示；留空则用页面截图。">
            <ImageField id="shop-share-image" hint="建议 500×400" />
          </Form.Item>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="shop-info-save">
            保存
          </Button>
          <Button htmlType="button" onClick={() => form.setFieldsValue(shop)}>
            还原
          </Button>
        </Space>
      </SideLabelForm>
    </div>
  );
}
