/**
 * The campaign form's parts beside the rule: the error / CAMPAIGN_CONFLICT box at the top, the 适用范围 card
 * (products, audience) and the 活动时间 card (Beijing time, or 永久有效).
 */
import type { RefObject } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Checkbox, Col, DatePicker, Form, Row, Select, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { ConflictInfo, FormError, Option } from './model';
import type { useProductSearch } from './options';
import { RadioField } from '../../components/RadioField';
import { TextLines } from '../../components/TextLines';

type ProductSearch = ReturnType<typeof useProductSearch>;

/** The error at the top of the form: the other campaign of a conflict (with the products in both), or a title and its lines. */
export function CampaignErrorBox({ error, errorRef, products }: { error: FormError; errorRef: RefObject<HTMLDivElement>; products: ProductSearch }) {
  const conflictProducts = (p: ConflictInfo['products']) => {
    if (p === 'all' || p === undefined) return '全部商品';
    const names = p.slice(0, 5).map((pid) => products.nameOf(pid) ?? pid);
    return `${p.length} 件商品（${names.join('、')}${p.length > 5 ? ' 等' : ''}）`;
  };

  return (
    <div ref={errorRef}>
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="campaign-error"
        title={
          error.conflict ? (
            <span style={{ fontWeight: 600 }}>
              与活动「
              {error.conflict.campaignId ? <Link to={`/campaigns/${error.conflict.campaignId}/edit`}>{error.conflict.campaignName}</Link> : error.conflict.campaignName}
              」冲突：{conflictProducts(error.conflict.products)}会在同一时间参加两个满减 / 满折 / 满赠券活动
            </span>
          ) : (
            error.title
          )
        }
        description={
          error.conflict ? (
            <div>
              <div>同一件商品在同一时间只能参加一个满减、满折或满赠券活动。请调整适用商品或活动时间，或先结束那个活动。</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="campaign-error-server">
                服务器说明：{error.conflict.message}
              </Typography.Text>
            </div>
          ) : error.lines.length ? (
            <TextLines lines={error.lines} />
          ) : undefined
        }
      />
    </div>
  );
}

export function ScopeCard({ products, levels }: { products: ProductSearch; levels: Option[] | null | undefined }) {
  const form = Form.useFormInstance();
  const scope = Form.useWatch('scope', form) ?? 'all';
  const audienceKind = Form.useWatch('audienceKind', form) ?? 'all';
  const productIds: string[] = Form.useWatch('productIds', form) ?? [];
  return (
    <Card title="适用范围" style={{ marginBottom: 16 }}>
      <RadioField name="scope" label="适用商品" testId="campaign-scope" choices={[['all', '全场商品'], ['products', '指定商品']]} />
      {scope === 'products' && (
        <Form.Item
          name="productIds"
          label="选择商品"
          extra={`已选 ${productIds.length} 件商品（最多 500 件）；输入名称搜索。`}
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一件商品' }]}
        >
          <Select
            mode="multiple"
            style={{ maxWidth: 640 }}
            placeholder="输入商品名称搜索"
            showSearch={{ filterOption: false, onSearch: (s) => void products.search(s) }}
            loading={products.searching}
            notFoundContent={products.searching ? <Spin size="small" /> : '没有找到商品'}
            options={[
              ...products.options,
              ...productIds.filter((pid) => !products.options.some((o) => o.value === pid)).map((pid) => ({ value: pid, label: products.nameOf(pid) ?? pid })),
            ]}
            onBlur={() => void products.search('')}
            maxCount={500}
            data-testid="campaign-products"
          />
        </Form.Item>
      )}
      <RadioField name="audienceKind" label="参与顾客" testId="campaign-audience" choices={[['all', '全部顾客'], ['levels', '指定会员等级'], ['customers', '指定顾客'], ['firstOrder', '首单顾客']]} />
      {audienceKind === 'levels' && (
        <Form.Item name="levelIds" label="会员等级" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个会员等级' }]}>
          {levels ? (
            <Select mode="multiple" style={{ maxWidth: 520 }} placeholder="选择会员等级" options={levels} data-testid="campaign-levels" />
          ) : (
            <Select mode="tags" style={{ maxWidth: 520 }} placeholder="输入会员等级 ID，回车添加" tokenSeparators={[',', ' ']} open={false} data-testid="campaign-levels" />
          )}
        </Form.Item>
      )}
      {audienceKind === 'customers' && (
        <Form.Item name="openids" label="指定顾客" extra="顾客的 openid，可在会员管理中查看；可粘贴多个，用逗号、空格或换行分隔。" rules={[{ required: true, type: 'array', min: 1, message: '请至少填写一位顾客' }]}>
          <Select mode="tags" style={{ maxWidth: 640 }} placeholder="输入 openid，回车添加" tokenSeparators={[',', '，', ' ', '\n']} open={false} data-testid="campaign-openids" />
        </Form.Item>
      )}
    </Card>
  );
}

export function WindowCard({ ended }: { ended: boolean }) {
  const form = Form.useFormInstance();
  const permanent = Form.useWatch('permanent', form) ?? true;
  return (
    <Card title="活动时间" style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        <Col>
          <Form.Item name="startsAt" label="开始时间" rules={[{ required: true, message: '请选择开始时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="campaign-starts" />
          </Form.Item>
        </Col>
        <Col>
          <Form.Item label="结束时间" required={!permanent}>
            <Space>
              <Form.Item
                name="endsAt"
                noStyle
                dependencies={['permanent', 'startsAt']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_r, v: Dayjs | null) => {
                      if (getFieldValue('permanent')) return;
                      if (!v) throw new Error('请选择结束时间，或勾选永久有效');
                      const s = getFieldValue('startsAt') as Dayjs | null;
                      if (s && !v.isAfter(s)) throw new Error('结束时间必须晚于开始时间');
                    },
                  }),
                ]}
              >
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabled={permanent || ended} data-testid="campaign-ends" />
              </Form.Item>
              <Form.Item name="permanent" valuePropName="checked" noStyle>
                <Checkbox data-testid="campaign-permanent">永久有效</Checkbox>
              </Form.Item>
            </Space>
          </Form.Item>
        </Col>
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        时间按北京时间（Asia/Shanghai）。
      </Typography.Text>
    </Card>
  );
}
