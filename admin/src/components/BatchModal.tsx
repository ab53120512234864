import { useState } from 'react';
import { Alert, Form, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { BatchOp, parseYuan, PRODUCT_CATEGORIES_MAX, type BatchResult } from '@shop/types';
import { call } from '../api';
import { errorText, fieldIssues } from '../errors';
import { useLoaded, type BrandRow, type CategoryRow } from '../util';
import { YuanInput, yuanRule } from './YuanInput';

export type BatchKind = 'price' | 'originalPrice' | 'stock' | 'pointsCoefficient' | 'categories' | 'brand' | 'freightTemplate';

export const BATCH_TITLE: Record<BatchKind, string> = {
  price: '批量设置售价',
  originalPrice: '批量设置原价',
  stock: '批量设置库存',
  pointsCoefficient: '批量设置积分系数',
  categories: '批量设置分类',
  brand: '批量设置品牌',
  freightTemplate: '设置运费模板',
};

const NUMBER_MODES: Record<string, { set: string; raise: string; lower: string }> = {
  price: { set: '重置售价', raise: '增加售价', lower: '减少售价' },
  originalPrice: { set: '重置原价', raise: '增加原价', lower: '减少原价' },
  stock: { set: '重置库存', raise: '增加库存', lower: '减少库存' },
  pointsCoefficient: { set: '重置积分系数', raise: '增加积分系数', lower: '减少积分系数' },
};

const HINT: Record<BatchKind, string> = {
  price: '作用于所选商品的每一个规格（SKU）。减少后低于 0 的商品不会被修改，并在结果中列出。',
  originalPrice: '作用于所选商品的每一个规格（SKU）；原价为 0 表示不显示原价。',
  stock: '作用于所选商品的每一个规格（SKU）。减少后低于 0 的商品不会被修改，并在结果中列出。',
  pointsCoefficient: '积分系数范围 0 – 100，1 表示按默认规则赠送积分。',
  categories: `“新增分类”在原有分类上追加；“重置分类”用所选分类替换原有分类。每个商品最多 ${PRODUCT_CATEGORIES_MAX} 个分类。`,
  brand: '每个商品只能设置 1 个品牌；选择“无品牌”会清除所选商品的品牌。',
  freightTemplate: '运费模板决定商品的运费和可用的配送方式；选择“默认运费”会清除所选商品的模板。',
};

interface Props {
  kind: BatchKind | null;
  ids: string[];
  categories: CategoryRow[];
  brands: BrandRow[];
  onClose: () => void;
  onDone: (title: string, result: BatchResult) => void;
}

interface Values {
  mode?: string;
  value?: string | number | null;
  categoryIds?: string[];
  brandId?: string;
  freightTemplateId?: string;
}

const NONE = '__none__';
const loadFreightTemplates = () => call('freightAdmin', 'list', {});

/** The freight template select, with 默认运费 (no template) first. */
function FreightTemplateSelect(props: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { data } = useLoaded(loadFreightTemplates, [] as { _id: string; name: string }[]);
  return (
    <Select
      {...props}
      showSearch
      optionFilterProp="label"
      options={[{ value: NONE, label: '默认运费（不使用模板）' }, ...data.map((t) => ({ value: t._id, label: t.name }))]}
      data-testid="batch-freight-template"
    />
  );
}

/** One modal for every batch operation that takes a value: mode + value, categories, or brand. */
export function BatchModal(props: Props) {
  // a fresh form (and its initial values) for every opening
  return props.kind ? <BatchDialog key={props.kind} {...props} kind={props.kind} /> : null;
}

function BatchDialog({ kind, ids, categories, brands, onClose, onDone }: Props & { kind: BatchKind }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initialValues: Values =
    kind === 'categories' ? { mode: 'add', categoryIds: [] } : kind === 'brand' ? { brandId: NONE } : kind === 'freightTemplate' ? { freightTemplateId: undefined } : { mode: 'set', value: undefined };

  const toOp = (v: Values): unknown => {
    switch (kind) {
      case 'price':
      case 'originalPrice':
        return { kind, mode: v.mode, value: parseYuan(String(v.value ?? '')) };
      case 'stock':
      case 'pointsCoefficient':
        return { kind, mode: v.mode, value: typeof v.value === 'number' ? v.value : Number(v.value) };
      case 'categories':
        return { kind, mode: v.mode, categoryIds: v.categoryIds ?? [] };
      case 'brand':
        return { kind, brandId: v.brandId && v.brandId !== NONE ? v.brandId : null };
      case 'freightTemplate':
        return { kind, freightTemplateId: v.freightTemplateId && v.freightTemplateId !== NONE ? v.freightTemplateId : null };
      default:
        return null;
    }
  };

  const submit = async () => {
    if (!kind) return;
    const v = await form.validateFields();
    const parsed = BatchOp.safeParse(toOp(v));
    if (!parsed.success) {
      setError(fieldIssues(parsed.error).map((i) => i.message).join('；'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await call('productAdmin', 'batch', { ids, op: parsed.data });
      onDone(BATCH_TITLE[kind], result);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const modes = kind ? NUMBER_MODES[kind] : undefined;

  return (
    <Modal
      open
      title={`${BATCH_TITLE[kind]}（已选 ${ids.length} 个商品）`}
      okText="确定"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'batch-ok' }}
    >
      {kind && (
        <Form form={form} name="batch" layout="vertical" initialValues={initialValues} data-testid="batch-form">
          <Typography.Paragraph type="secondary">{HINT[kind]}</Typography.Paragraph>
          {modes && (
            <>
              <Form.Item name="mode" label="方式" rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'set', label: modes.set },
                    { value: 'raise', label: modes.raise },
                    { value: 'lower', label: modes.lower },
                  ]}
                />
              </Form.Item>
              {kind === 'price' || kind === 'originalPrice' ? (
                <Form.Item name="value" label="金额（元）" rules={[yuanRule(true)]}>
                  <YuanInput data-testid="batch-value" />
                </Form.Item>
              ) : kind === 'stock' ? (
                <Form.Item name="value" label="数量" rules={[{ required: true, message: '请输入数量' }]}>
                  <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="batch-value" />
                </Form.Item>
              ) : (
                <Form.Item name="value" label="积分系数" rules={[{ required: true, message: '请输入积分系数' }]}>
                  <InputNumber min={0} max={100} step={0.1} precision={2} style={{ width: '100%' }} data-testid="batch-value" />
                </Form.Item>
              )}
            </>
          )}
          {kind === 'categories' && (
            <>
              <Form.Item name="mode" label="方式" rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'add', label: '新增分类' },
                    { value: 'reset', label: '重置分类' },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="categoryIds"
                label={`分类（最多 ${PRODUCT_CATEGORIES_MAX} 个）`}
                rules={[{ required: true, type: 'array', min: 1, message: '请至少选择 1 个分类' }]}
              >
                <Select
                  mode="multiple"
                  maxCount={PRODUCT_CATEGORIES_MAX}
                  placeholder="选择分类"
                  optionFilterProp="label"
                  options={categories.map((c) => ({ value: c._id, label: c.name }))}
                  data-testid="batch-categories"
                />
              </Form.Item>
            </>
          )}
          {kind === 'brand' && (
            <Form.Item name="brandId" label="品牌" rules={[{ required: true }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={[{ value: NONE, label: '无品牌' }, ...brands.map((b) => ({ value: b._id, label: b.name }))]}
                data-testid="batch-brand"
              />
            </Form.Item>
          )}
          {kind === 'freightTemplate' && (
            <Form.Item name="freightTemplateId" label="运费模板" rules={[{ required: true, message: '请选择运费模板' }]}>
              <FreightTemplateSelect id="batch-freight-template" />
            </Form.Item>
          )}
          {error && <Alert type="error" showIcon title={error} />}
        </Form>
      )}
    </Modal>
  );
}
