/**
 * The product form's cards beside the SKUs: 基本信息 (type, name, summary, slug, code, categories and brand with
 * quick-create), 橱窗图片, 销售设置 (stock strategy with its risk note, points, shelf), 物流设置 and 商品详情.
 */
import { lazy, Suspense } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Form, Input, InputNumber, Radio, Select, Space, Spin, Switch, Typography } from 'antd';
import { PRODUCT_CATEGORIES_MAX, PRODUCT_NAME_MAX, PRODUCT_SUMMARY_MAX } from '@shop/types';
import { ImagesField } from '../../components/ImagesField';
import { QuickCreate } from '../../components/QuickCreate';
import { PRICING_TEXT } from '../../fulfilment';
import type { BrandRow, CategoryRow } from '../../util';
import { RadioField } from '../../components/RadioField';

/** the rich-text editor is a chunk of its own, loaded when a product form opens */
const RichEditor = lazy(() => import('../../components/RichEditor'));
/** the form item's value and onChange reach the editor through Suspense */
const DetailEditor = (props: { value?: string; onChange?: (html: string) => void }) => (
  <Suspense fallback={<Spin data-testid="rich-detail-loading" />}>
    <RichEditor {...props} />
  </Suspense>
);

export function BasicInfoCard({ categories, brands, reloadTaxonomy }: { categories: CategoryRow[]; brands: BrandRow[]; reloadTaxonomy: () => Promise<void> }) {
  const form = Form.useFormInstance();
  return (
    <Card title="基本信息" style={{ marginBottom: 16 }}>
      <RadioField name="type" label="商品类型" extra="实物商品需要物流发货；虚拟商品无需发货。" testId="product-type" choices={[['physical', '实物商品'], ['virtual', '虚拟商品']]} />
      <Form.Item name="name" label="商品名称" rules={[{ required: true, whitespace: true, message: '请输入商品名称' }]}>
        <Input maxLength={PRODUCT_NAME_MAX} showCount placeholder={`不超过 ${PRODUCT_NAME_MAX} 个字符`} />
      </Form.Item>
      <Form.Item name="summary" label="商品简介">
        <Input.TextArea maxLength={PRODUCT_SUMMARY_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={`一句话介绍，不超过 ${PRODUCT_SUMMARY_MAX} 个字符`} />
      </Form.Item>
      <Form.Item label="链接地址" extra="商品页面的 URL 标识，全店唯一；只能使用小写字母、数字和连字符。留空则由系统根据编号或名称生成。">
        <Space.Compact style={{ width: '100%' }}>
          <Space.Addon>/p/</Space.Addon>
          <Form.Item name="slug" noStyle>
            <Input placeholder="留空自动生成，如 green-tea-500g" maxLength={80} autoComplete="off" />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="code" label="商品编号" extra="用于与 ERP（精斗云）对应的商品编码，可不填。">
        <Input placeholder="字母、数字、_ . -" maxLength={40} autoComplete="off" />
      </Form.Item>
      <Form.Item label="分类">
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="categoryIds" noStyle>
            <Select
              id="categoryIds"
              mode="multiple"
              maxCount={PRODUCT_CATEGORIES_MAX}
              allowClear
              placeholder={`选择分类，最多 ${PRODUCT_CATEGORIES_MAX} 个`}
              optionFilterProp="label"
              options={categories.map((c) => ({ value: c._id, label: c.name }))}
              data-testid="product-categories"
            />
          </Form.Item>
          <QuickCreate
            kind="category"
            onCreated={async (newId) => {
              await reloadTaxonomy();
              const cur: string[] = form.getFieldValue('categoryIds') ?? [];
              if (cur.length < PRODUCT_CATEGORIES_MAX) form.setFieldValue('categoryIds', [...cur, newId]);
            }}
          />
        </Space.Compact>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          可在 <Link to="/categories" target="_blank">分类管理</Link>（新标签页打开，不会丢失当前编辑）中修改分类。
        </Typography.Text>
      </Form.Item>
      <Form.Item label="品牌">
        <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
          <Form.Item name="brandId" noStyle>
            <Select id="brandId" allowClear showSearch optionFilterProp="label" placeholder="无品牌" options={brands.map((b) => ({ value: b._id, label: b.name }))} data-testid="product-brand" />
          </Form.Item>
          <QuickCreate
            kind="brand"
            onCreated={async (newId) => {
              await reloadTaxonomy();
              form.setFieldValue('brandId', newId);
            }}
          />
        </Space.Compact>
      </Form.Item>
    </Card>
  );
}

export function ImagesCard() {
  return (
    <Card title="橱窗图片" style={{ marginBottom: 16 }}>
      <Form.Item name="images" label="图片" style={{ marginBottom: 0 }}>
        <ImagesField />
      </Form.Item>
    </Card>
  );
}

const STRATEGY_NOTE = {
  order: {
    title: '创建订单减库存：存在恶拍风险',
    text: '顾客提交订单时就占用库存，付了款的顾客一定有货；但有人可能大量下单却不付款，把库存占满，让其他顾客买不到。未付款订单会在超时后自动关闭并退回库存。',
  },
  payment: {
    title: '支付成功减库存：存在超卖风险',
    text: '下单时不占用库存，付款成功后才扣减，恶意下单占不住库存；但多位顾客同时下单时，付款的人数可能超过库存，超出的订单需要退款处理。',
  },
} as const;

export function SalesCard() {
  const form = Form.useFormInstance();
  const strategy: keyof typeof STRATEGY_NOTE = Form.useWatch('stockStrategy', form) ?? 'order';
  return (
    <Card title="销售设置" style={{ marginBottom: 16 }}>
      <Form.Item
        name="stockStrategy"
        label="库存策略"
        extra={
          <Alert
            style={{ marginTop: 8, maxWidth: 760 }}
            type="warning"
            showIcon
            title={STRATEGY_NOTE[strategy].title}
            description={STRATEGY_NOTE[strategy].text}
            data-testid="stock-strategy-warning"
          />
        }
      >
        <Radio.Group
          data-testid="stock-strategy"
          options={[
            { value: 'order', label: '创建订单减库存' },
            { value: 'payment', label: '支付成功减库存' },
          ]}
        />
      </Form.Item>
      <Form.Item name="stockAlert" label="库存预警值" extra="总库存（所有规格）低于它时计入概况的库存预警；不填则按店铺的预警值。">
        <InputNumber id="product-stock-alert" min={0} max={1_000_000} precision={0} style={{ width: 160 }} suffix="件" placeholder="按店铺" />
      </Form.Item>
      <Form.Item name="pointsCoefficient" label="积分系数" extra="购买本商品时赠送积分的倍数，范围 0 – 100；1 为默认，0 表示不送积分。">
        <InputNumber min={0} max={100} step={0.1} precision={2} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="onShelf" label="商品状态" valuePropName="checked" extra="下架的商品不会在店铺中展示，也不能购买。">
        <Switch checkedChildren="上架" unCheckedChildren="下架" data-testid="on-shelf" />
      </Form.Item>
    </Card>
  );
}

export function LogisticsCard({ freightTemplates }: { freightTemplates: { _id: string; name: string; pricing: 'count' | 'weight' }[] }) {
  return (
    <Card title="物流设置" style={{ marginBottom: 16 }}>
      <Form.Item name="freightTemplateId" label="运费模板" extra="不选时按交易设置里的默认运费计算；模板也决定可用的配送方式（快递 / 自提 / 同城）。">
        <Select
          id="product-freight-template"
          allowClear
          placeholder="默认运费"
          style={{ maxWidth: 360 }}
          options={freightTemplates.map((t) => ({ value: t._id, label: `${t.name}（${PRICING_TEXT[t.pricing]}）` }))}
        />
      </Form.Item>
      <Form.Item name="weightGrams" label="重量" extra="每件的重量，按重量计费的运费模板使用。">
        <InputNumber id="product-weight" min={0} max={1_000_000} precision={0} style={{ width: 160 }} suffix="克" />
      </Form.Item>
    </Card>
  );
}

export function DetailCard() {
  return (
    <Card title="商品详情" style={{ marginBottom: 16 }}>
      <Form.Item name="detail" label="详情" style={{ marginBottom: 0 }} extra="图文详情：标题、加粗、列表、对齐和图片（图片上传到店铺存储）。">
        <DetailEditor />
      </Form.Item>
    </Card>
  );
}
