import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  formatYuan,
  parseYuan,
  PRODUCT_CATEGORIES_MAX,
  PRODUCT_NAME_MAX,
  PRODUCT_SUMMARY_MAX,
  ProductInput,
  SKU_MAX,
  SPEC_MAX,
  type ProductWithSkus,
} from '@shop/types';
import { ApiError, call } from '../api';
import { codeText, errorText, fieldIssues, type FieldIssue } from '../errors';
import { ImagesField } from '../components/ImagesField';
import { QuickCreate } from '../components/QuickCreate';
import { YuanInput } from '../components/YuanInput';
import { comboCount, keyOf, rebuildSkus, type SkuRow, type SpecDraft } from '../skuMatrix';
import { formatTime, useLoaded, useTaxonomy } from '../util';
import { listPath } from './ProductList';
import { PRICING_TEXT } from '../fulfilment';

interface FormValues {
  name: string;
  summary: string;
  slug: string;
  code: string;
  type: 'physical' | 'virtual';
  categoryIds: string[];
  brandId?: string;
  images: string[];
  detail: string;
  onShelf: boolean;
  stockStrategy: 'order' | 'payment';
  pointsCoefficient: number | null;
  freightTemplateId?: string;
  weightGrams: number | null;
}

const FORM_FIELDS = ['name', 'summary', 'slug', 'code', 'type', 'categoryIds', 'brandId', 'images', 'detail', 'onShelf', 'stockStrategy', 'pointsCoefficient', 'freightTemplateId', 'weightGrams'] as const;
type FormField = (typeof FORM_FIELDS)[number];
const isFormField = (s: string): s is FormField => (FORM_FIELDS as readonly string[]).includes(s);
/** the templates for the select; none when they cannot be read (the product then keeps its template id) */
const loadFreightTemplates = () => call('freightAdmin', 'list', {}).catch(() => []);
const SKU_CELLS = ['price', 'originalPrice', 'stock', 'code'];

const INITIAL: FormValues = {
  name: '',
  summary: '',
  slug: '',
  code: '',
  type: 'physical',
  categoryIds: [],
  brandId: undefined,
  images: [],
  detail: '',
  onShelf: false,
  stockStrategy: 'order',
  pointsCoefficient: 1,
  freightTemplateId: undefined,
  weightGrams: 0,
};

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

const pathLabel = (path: string) => {
  const p = path.split('.');
  if (p[0] === 'skus' && p[1] !== undefined) return `第 ${Number(p[1]) + 1} 个 SKU`;
  if (p[0] === 'skus') return 'SKU';
  if (p[0] === 'specs' && p[1] !== undefined) return `规格 ${Number(p[1]) + 1}`;
  if (p[0] === 'specs') return '规格';
  return path || '提交内容';
};

const rowsFrom = (p: ProductWithSkus): SkuRow[] =>
  p.skus.map((s) => ({
    key: keyOf(s.specValues),
    _id: s._id,
    specValues: s.specValues,
    price: formatYuan(s.price),
    originalPrice: s.originalPrice ? formatYuan(s.originalPrice) : '',
    stock: String(s.stock),
    code: s.code ?? '',
  }));

export default function ProductForm() {
  const { id } = useParams<{ id: string }>();
  const editing = !!id;
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { categories, brands, reload: reloadTaxonomy } = useTaxonomy();
  const freightTemplates = useLoaded(loadFreightTemplates, [] as { _id: string; name: string; pricing: 'count' | 'weight' }[]).data;
  const [specs, setSpecs] = useState<SpecDraft[]>([]);
  const [rows, setRows] = useState<SkuRow[]>(() => rebuildSkus([], []));
  const removed = useRef(new Map<string, SkuRow>());
  const [valueText, setValueText] = useState<string[]>([]);
  const [cellErrors, setCellErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [product, setProduct] = useState<ProductWithSkus | null>(null);
  const [loading, setLoading] = useState(editing);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [fill, setFill] = useState({ price: '', originalPrice: '', stock: '' });
  const strategy = Form.useWatch('stockStrategy', form) ?? 'order';

  const fillForm = useCallback(
    (p: ProductWithSkus) => {
      setProduct(p);
      form.setFieldsValue({
        name: p.name,
        summary: p.summary,
        slug: p.slug,
        code: p.code,
        type: p.type,
        categoryIds: p.categoryIds,
        brandId: p.brandId ?? undefined,
        images: p.images,
        detail: p.detail,
        onShelf: p.onShelf,
        stockStrategy: p.stockStrategy,
        pointsCoefficient: p.pointsCoefficient,
        freightTemplateId: p.freightTemplateId ?? undefined,
        weightGrams: p.weightGrams ?? 0,
      });
      setSpecs(p.specs.map((s) => ({ name: s.name, values: [...s.values] })));
      setValueText(p.specs.map(() => ''));
      setRows(rowsFrom(p));
      removed.current.clear();
    },
    [form],
  );

  useEffect(() => {
    if (!id) return;
    let live = true;
    setLoading(true);
    call('productAdmin', 'get', { id })
      .then((p) => live && fillForm(p))
      .catch((e) => live && setLoadError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [id, fillForm]);

  // ----- specs ------------------------------------------------------------------------------------------
  const applySpecs = (next: SpecDraft[]) => {
    setSpecs(next);
    setRows((cur) => rebuildSkus(next, cur, removed.current));
    setCellErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('skus.') && !k.startsWith('specs.'))));
  };
  const addSpec = () => {
    if (specs.length >= SPEC_MAX) return;
    setSpecs([...specs, { name: '', values: [] }]);
    setValueText([...valueText, '']);
  };
  const removeSpec = (i: number) => {
    applySpecs(specs.filter((_, j) => j !== i));
    setValueText(valueText.filter((_, j) => j !== i));
  };
  const renameSpec = (i: number, name: string) => {
    setSpecs(specs.map((s, j) => (j === i ? { ...s, name } : s)));
    setCellErrors((e) => ({ ...e, [`specs.${i}.name`]: '' }));
  };
  const addValue = (i: number) => {
    const v = (valueText[i] ?? '').trim();
    const err = (m: string) => setCellErrors((e) => ({ ...e, [`specs.${i}.values`]: m }));
    if (!v) return err('请输入规格值');
    if (v.length > 30) return err('规格值不能超过 30 个字符');
    if (specs[i].values.includes(v)) return err(`「${v}」已经存在`);
    if (specs[i].values.length >= 30) return err('每个规格最多 30 个值');
    const next = specs.map((s, j) => (j === i ? { ...s, values: [...s.values, v] } : s));
    if (comboCount(next) > SKU_MAX) return err(`规格组合不能超过 ${SKU_MAX} 个`);
    setValueText(valueText.map((t, j) => (j === i ? '' : t)));
    applySpecs(next);
  };
  const removeValue = (i: number, v: string) => applySpecs(specs.map((s, j) => (j === i ? { ...s, values: s.values.filter((x) => x !== v) } : s)));

  // ----- SKU cells ---------------------------------------------------------------------------------------
  const setCell = (i: number, field: 'price' | 'originalPrice' | 'stock' | 'code', value: string) => {
    setRows((cur) => cur.map((r, j) => (j === i ? { ...r, [field]: value } : r)));
    if (cellErrors[`skus.${i}.${field}`]) setCellErrors((e) => ({ ...e, [`skus.${i}.${field}`]: '' }));
  };
  const fillAll = () => {
    const price = fill.price.trim();
    const op = fill.originalPrice.trim();
    const stock = fill.stock.trim();
    if (!price && !op && !stock) return void message.info('先填写要批量填充的售价、原价或库存');
    if (price && parseYuan(price) === null) return void message.error('售价格式不正确，最多两位小数');
    if (op && parseYuan(op) === null) return void message.error('原价格式不正确，最多两位小数');
    if (stock && !/^\d+$/.test(stock)) return void message.error('库存须为不小于 0 的整数');
    setRows((cur) => cur.map((r) => ({ ...r, ...(price ? { price } : {}), ...(op ? { originalPrice: op } : {}), ...(stock ? { stock } : {}) })));
    setCellErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('skus.'))));
    message.success(`已填充 ${rows.length} 个 SKU`);
  };

  // ----- errors ------------------------------------------------------------------------------------------
  const showIssues = (issues: FieldIssue[]) => {
    const formErrors = new Map<FormField, string[]>();
    const cells: Record<string, string> = {};
    const rest: string[] = [];
    for (const is of issues) {
      const parts = is.path.split('.');
      const head = parts[0];
      if (isFormField(head)) {
        const msg = head === 'images' && parts[1] !== undefined ? `第 ${Number(parts[1]) + 1} 张图片：${is.message}` : is.message;
        formErrors.set(head, [...(formErrors.get(head) ?? []), msg]);
      } else if (head === 'specs' && parts.length >= 3 && (parts[2] === 'name' || parts[2] === 'values')) {
        cells[`specs.${parts[1]}.${parts[2]}`] ||= is.message;
      } else if (head === 'skus' && parts.length >= 3 && SKU_CELLS.includes(parts[2])) {
        cells[`skus.${parts[1]}.${parts[2]}`] ||= is.message;
      } else {
        rest.push(`${pathLabel(is.path)}：${is.message}`);
      }
    }
    form.setFields(FORM_FIELDS.map((name) => ({ name, errors: formErrors.get(name) ?? [] })));
    setCellErrors(cells);
    setGeneral(rest);
    const first = FORM_FIELDS.find((f) => formErrors.has(f));
    if (first) form.scrollToField(first, { block: 'center' });
    else setTimeout(() => document.querySelector('.field-error, .form-general-errors')?.scrollIntoView({ block: 'center' }), 0);
  };

  // ----- save --------------------------------------------------------------------------------------------
  const buildPayload = (v: FormValues) => {
    const local: FieldIssue[] = [];
    const skus = rows.map((r, i) => {
      const priceText = r.price.trim();
      const price = parseYuan(priceText);
      if (!priceText) local.push({ path: `skus.${i}.price`, message: '请输入售价' });
      else if (price === null) local.push({ path: `skus.${i}.price`, message: '金额格式不正确（最多两位小数）' });
      const opText = r.originalPrice.trim();
      const originalPrice = opText ? parseYuan(opText) : 0;
      if (originalPrice === null) local.push({ path: `skus.${i}.originalPrice`, message: '金额格式不正确（最多两位小数）' });
      const stockText = r.stock.trim();
      const stockOk = /^\d{1,9}$/.test(stockText);
      if (!stockOk) local.push({ path: `skus.${i}.stock`, message: '库存须为不小于 0 的整数' });
      const code = r.code.trim();
      return {
        ...(r._id ? { _id: r._id } : {}),
        specValues: r.specValues,
        ...(code ? { code } : {}),
        price: price ?? 0,
        originalPrice: originalPrice ?? 0,
        stock: stockOk ? Number(stockText) : 0,
      };
    });
    const slug = (v.slug ?? '').trim();
    const code = (v.code ?? '').trim();
    const payload: ProductInput = {
      name: v.name ?? '',
      summary: v.summary ?? '',
      ...(slug ? { slug } : {}),
      ...(code ? { code } : {}),
      type: v.type,
      categoryIds: v.categoryIds ?? [],
      brandId: v.brandId ?? null,
      images: v.images ?? [],
      detail: v.detail ?? '',
      onShelf: !!v.onShelf,
      stockStrategy: v.stockStrategy,
      pointsCoefficient: v.pointsCoefficient ?? 1,
      freightTemplateId: v.freightTemplateId ?? null,
      weightGrams: v.weightGrams ?? 0,
      specs: specs.map((s) => ({ name: s.name.trim(), values: s.values })),
      skus,
    };
    const parsed = ProductInput.safeParse(payload);
    const issues = [...local];
    if (!parsed.success) {
      const seen = new Set(local.map((i) => i.path));
      for (const is of fieldIssues(parsed.error)) if (!seen.has(is.path)) issues.push(is);
    }
    return { payload, issues };
  };

  const save = async () => {
    const v = { ...INITIAL, ...form.getFieldsValue(true) } as FormValues;
    const { payload, issues } = buildPayload(v);
    if (issues.length) {
      showIssues(issues);
      message.error('请修正标红的内容后再保存');
      return;
    }
    showIssues([]);
    setSaving(true);
    try {
      const saved = id ? await call('productAdmin', 'update', { id, ...payload }) : await call('productAdmin', 'create', payload);
      message.success(id ? `已保存「${saved.name}」` : `已创建「${saved.name}」`);
      nav(listPath());
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && fieldIssues(e).length) {
        showIssues(fieldIssues(e));
        message.error('服务器未通过校验，请修正标红的内容');
      } else if (e instanceof ApiError && e.code === 'SLUG_TAKEN') {
        form.setFields([{ name: 'slug', errors: ['这个链接地址已被其他商品使用，请换一个（或留空由系统生成）'] }]);
        form.scrollToField('slug', { block: 'center' });
        message.error(codeText(e.code)!);
      } else if (e instanceof ApiError && e.code === 'CODE_TAKEN') {
        const d = e.details as { path?: unknown; field?: unknown } | undefined;
        const where = typeof d?.path === 'string' ? d.path : typeof d?.field === 'string' ? d.field : 'code';
        if (where.startsWith('skus.')) showIssues([{ path: where.endsWith('.code') ? where : `${where}.code`, message: '这个编码已被使用' }]);
        else {
          form.setFields([{ name: 'code', errors: ['这个商品编号已被使用'] }]);
          form.scrollToField('code', { block: 'center' });
        }
        message.error(errorText(e));
      } else {
        setGeneral([errorText(e)]);
        message.error(errorText(e));
      }
    } finally {
      setSaving(false);
    }
  };

  // ----- render ------------------------------------------------------------------------------------------
  const activeSpecs = specs.filter((s) => s.values.length > 0);
  // linked to a Jingdou Cloud material: the stock is the ERP warehouse's (the server refuses changes: ERP_OWNED_STOCK)
  const erpLinked = !!product?.erp;
  const skuColumns: TableColumnsType<SkuRow> = useMemo(() => {
    const cell = (i: number, field: 'price' | 'originalPrice' | 'stock' | 'code', node: ReactNode) => (
      <div>
        {node}
        {cellErrors[`skus.${i}.${field}`] && <div className="field-error">{cellErrors[`skus.${i}.${field}`]}</div>}
      </div>
    );
    const status = (i: number, f: string) => (cellErrors[`skus.${i}.${f}`] ? ('error' as const) : undefined);
    return [
      ...(activeSpecs.length
        ? activeSpecs.map((s, si) => ({
            title: s.name || `规格 ${si + 1}`,
            key: `spec-${si}`,
            width: 110,
            render: (_: unknown, r: SkuRow) => <Tag>{r.specValues[si]}</Tag>,
          }))
        : [{ title: '规格', key: 'spec-none', width: 110, render: () => <Typography.Text type="secondary">默认规格</Typography.Text> }]),
      {
        title: (
          <span>
            <span style={{ color: '#ff4d4f' }}>* </span>售价（元）
          </span>
        ),
        key: 'price',
        render: (_: unknown, r: SkuRow, i: number) =>
          cell(i, 'price', <YuanInput data-testid={`sku-price-${i}`} id={`sku-price-${i}`} value={r.price} status={status(i, 'price')} onChange={(e) => setCell(i, 'price', e.target.value)} />),
      },
      {
        title: '原价（元）',
        key: 'originalPrice',
        render: (_: unknown, r: SkuRow, i: number) =>
          cell(
            i,
            'originalPrice',
            <YuanInput
              data-testid={`sku-original-price-${i}`}
              id={`sku-original-price-${i}`}
              placeholder="可不填"
              value={r.originalPrice}
              status={status(i, 'originalPrice')}
              onChange={(e) => setCell(i, 'originalPrice', e.target.value)}
            />,
          ),
      },
      {
        title: (
          <span>
            <span style={{ color: '#ff4d4f' }}>* </span>库存
          </span>
        ),
        key: 'stock',
        width: 130,
        render: (_: unknown, r: SkuRow, i: number) =>
          cell(
            i,
            'stock',
            <Input
              data-testid={`sku-stock-${i}`}
              id={`sku-stock-${i}`}
              inputMode="numeric"
              autoComplete="off"
              value={r.stock}
              status={status(i, 'stock')}
              disabled={erpLinked}
              title={erpLinked ? '库存来自精斗云（微商城仓库 WSCCK）' : undefined}
              onChange={(e) => setCell(i, 'stock', e.target.value)}
            />,
          ),
      },
      {
        title: 'SKU 编码',
        key: 'code',
        render: (_: unknown, r: SkuRow, i: number) =>
          cell(
            i,
            'code',
            <Input
              data-testid={`sku-code-${i}`}
              id={`sku-code-${i}`}
              placeholder="可不填"
              maxLength={40}
              autoComplete="off"
              value={r.code}
              status={status(i, 'code')}
              onChange={(e) => setCell(i, 'code', e.target.value)}
            />,
          ),
      },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [specs, cellErrors, erpLinked]);

  if (loading) {
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (loadError) {
    const nf = loadError instanceof ApiError && loadError.code === 'NOT_FOUND';
    return (
      <Result
        status={nf ? '404' : 'error'}
        title={nf ? '商品不存在或已被删除' : '加载商品失败'}
        subTitle={nf ? undefined : errorText(loadError)}
        extra={<Button onClick={() => nav(listPath())}>返回商品列表</Button>}
      />
    );
  }

  return (
    <div style={{ paddingBottom: 72 }}>
      <div className="page-title">
        <h2>{editing ? '编辑商品' : '新增商品'}</h2>
        <Button onClick={() => nav(listPath())}>返回列表</Button>
      </div>

      {product && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions
            size="small"
            column={4}
            items={[
              { key: 'sales', label: '实际销量', children: product.sales },
              { key: 'stock', label: '总库存', children: product.stockTotal },
              { key: 'created', label: '创建时间', children: formatTime(product.createdAt) },
              { key: 'updated', label: '更新时间', children: formatTime(product.updatedAt) },
            ]}
          />
        </Card>
      )}

      {general.length > 0 && (
        <Alert
          className="form-general-errors"
          data-testid="form-errors"
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="保存失败"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {general.map((g, i) => (
                <li key={i}>{g}</li>
              ))}
            </ul>
          }
        />
      )}

      <Form<FormValues> form={form} layout="horizontal" labelCol={{ flex: '120px' }} wrapperCol={{ flex: 'auto' }} initialValues={INITIAL} labelWrap>
        <Card title="基本信息" style={{ marginBottom: 16 }}>
          <Form.Item name="type" label="商品类型" extra="实物商品需要物流发货；虚拟商品无需发货。">
            <Radio.Group
              data-testid="product-type"
              options={[
                { value: 'physical', label: '实物商品' },
                { value: 'virtual', label: '虚拟商品' },
              ]}
            />
          </Form.Item>
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

        <Card title="橱窗图片" style={{ marginBottom: 16 }}>
          <Form.Item name="images" label="图片" style={{ marginBottom: 0 }}>
            <ImagesField />
          </Form.Item>
        </Card>

        <Card title="规格与价格" style={{ marginBottom: 16 }}>
          <Form.Item label="商品规格" extra={`最多 ${SPEC_MAX} 种规格（如颜色、尺码），规格值的组合自动生成 SKU，最多 ${SKU_MAX} 个。`}>
            {specs.map((s, i) => (
              <div className="spec-block" key={i} data-testid={`spec-${i}`}>
                <Space align="start" wrap style={{ width: '100%' }}>
                  <div>
                    <Input
                      id={`spec-name-${i}`}
                      data-testid={`spec-name-${i}`}
                      placeholder="规格名，如 颜色"
                      maxLength={20}
                      style={{ width: 180 }}
                      value={s.name}
                      status={cellErrors[`specs.${i}.name`] ? 'error' : undefined}
                      onChange={(e) => renameSpec(i, e.target.value)}
                    />
                    {cellErrors[`specs.${i}.name`] && <div className="field-error">{cellErrors[`specs.${i}.name`]}</div>}
                  </div>
                  <Button danger type="text" icon={<DeleteOutlined />} onClick={() => removeSpec(i)} data-testid={`spec-remove-${i}`}>
                    删除规格
                  </Button>
                </Space>
                <div style={{ marginTop: 10 }}>
                  <Space size={[4, 8]} wrap>
                    {s.values.map((v) => (
                      <Tag key={v} closable onClose={(e) => { e.preventDefault(); removeValue(i, v); }} data-testid={`spec-value-${i}-${v}`} style={{ fontSize: 13, padding: '2px 8px' }}>
                        {v}
                      </Tag>
                    ))}
                    <Space.Compact>
                      <Input
                        id={`spec-value-input-${i}`}
                        data-testid={`spec-value-input-${i}`}
                        placeholder="输入规格值后回车"
                        maxLength={30}
                        style={{ width: 180 }}
                        value={valueText[i] ?? ''}
                        status={cellErrors[`specs.${i}.values`] ? 'error' : undefined}
                        onChange={(e) => {
                          setValueText(valueText.map((t, j) => (j === i ? e.target.value : t)));
                          if (cellErrors[`specs.${i}.values`]) setCellErrors((x) => ({ ...x, [`specs.${i}.values`]: '' }));
                        }}
                        onPressEnter={(e) => {
                          e.preventDefault();
                          addValue(i);
                        }}
                      />
                      <Button icon={<PlusOutlined />} onClick={() => addValue(i)} data-testid={`spec-value-add-${i}`}>
                        添加
                      </Button>
                    </Space.Compact>
                  </Space>
                  {cellErrors[`specs.${i}.values`] && <div className="field-error">{cellErrors[`specs.${i}.values`]}</div>}
                </div>
              </div>
            ))}
            <Button icon={<PlusOutlined />} onClick={addSpec} disabled={specs.length >= SPEC_MAX} data-testid="add-spec">
              添加规格{specs.length ? `（${specs.length}/${SPEC_MAX}）` : ''}
            </Button>
          </Form.Item>

          <Form.Item label="价格与库存" required>
            {erpLinked && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="erp-stock-note"
                title={`库存来自精斗云（微商城仓库 WSCCK），商品编码 ${product?.erp?.materialNumber ?? ''}`}
                description="库存只能在精斗云中调整，同步后自动更新。名称和售价也以精斗云为准：精斗云修改这个商品后，下次同步会覆盖这里的名称和售价。"
              />
            )}
            <Space wrap style={{ marginBottom: 12 }} data-testid="sku-fill">
              <Typography.Text type="secondary">批量填充：</Typography.Text>
              <YuanInput placeholder="售价" style={{ width: 130 }} value={fill.price} data-testid="fill-price" onChange={(e) => setFill({ ...fill, price: e.target.value })} />
              <YuanInput placeholder="原价" style={{ width: 130 }} value={fill.originalPrice} data-testid="fill-original-price" onChange={(e) => setFill({ ...fill, originalPrice: e.target.value })} />
              <Input placeholder="库存" style={{ width: 100 }} value={fill.stock} inputMode="numeric" data-testid="fill-stock" disabled={erpLinked} onChange={(e) => setFill({ ...fill, stock: e.target.value })} />
              <Button onClick={fillAll} data-testid="fill-all">
                填充到全部 SKU
              </Button>
            </Space>
            <Table<SkuRow>
              className="sku-table"
              data-testid="sku-table"
              size="small"
              bordered
              rowKey="key"
              pagination={false}
              columns={skuColumns}
              dataSource={rows}
              scroll={rows.length > 12 ? { y: 520 } : undefined}
              footer={() => (
                <Typography.Text type="secondary">
                  共 {rows.length} 个 SKU · 总库存 {rows.reduce((n, r) => n + (/^\d+$/.test(r.stock.trim()) ? Number(r.stock) : 0), 0)}
                </Typography.Text>
              )}
            />
          </Form.Item>
        </Card>

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
          <Form.Item name="pointsCoefficient" label="积分系数" extra="购买本商品时赠送积分的倍数，范围 0 – 100；1 为默认，0 表示不送积分。">
            <InputNumber min={0} max={100} step={0.1} precision={2} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="onShelf" label="商品状态" valuePropName="checked" extra="下架的商品不会在店铺中展示，也不能购买。">
            <Switch checkedChildren="上架" unCheckedChildren="下架" data-testid="on-shelf" />
          </Form.Item>
        </Card>

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

        <Card title="商品详情" style={{ marginBottom: 16 }}>
          <Form.Item name="detail" label="详情" style={{ marginBottom: 0 }}>
            <Input.TextArea rows={10} maxLength={20000} showCount placeholder="商品的详细介绍、参数、售后说明等" />
          </Form.Item>
        </Card>
      </Form>

      <div
        style={{
          position: 'sticky',
          bottom: 0,
          zIndex: 10,
          background: '#fff',
          borderTop: '1px solid #f0f0f0',
          padding: '12px 24px',
          margin: '0 -24px',
          display: 'flex',
          justifyContent: 'flex-end',
          gap: 12,
          boxShadow: '0 -2px 8px rgba(0,0,0,0.04)',
        }}
      >
        <Button onClick={() => nav(listPath())}>取消</Button>
        <Button type="primary" loading={saving} onClick={save} data-testid="save-product">
          {editing ? '保存修改' : '保存商品'}
        </Button>
      </div>
    </div>
  );
}
