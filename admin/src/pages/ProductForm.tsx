/**
 * New / edit product (`#/products/new`, `#/products/:id/edit`): the page holds the state and the save; its parts are
 * under ./product: Cards (基本信息, 橱窗图片, 销售设置, 物流设置, 商品详情) and SkuEditor (specs and the SKU table).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Spin } from 'antd';
import { formatYuan, parseYuan, ProductInput, SKU_MAX, SPEC_MAX, type ProductWithSkus } from '@shop/types';
import { ApiError, call } from '../api';
import { codeText, errorText, fieldIssues, type FieldIssue } from '../errors';
import { comboCount, keyOf, rebuildSkus, type SkuRow, type SpecDraft } from '../skuMatrix';
import { formatTime, useLoaded, useTaxonomy } from '../util';
import { listPath } from './ProductList';
import { BasicInfoCard, DetailCard, ImagesCard, LogisticsCard, SalesCard } from './product/Cards';
import { SkuEditor, type SkuField } from './product/SkuEditor';
import { SideLabelForm } from '../components/SideLabelForm';
import { TextLines } from '../components/TextLines';
import { FormLoadError } from '../components/DetailFallback';

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
  stockAlert?: number | null;
}

const FORM_FIELDS = ['name', 'summary', 'slug', 'code', 'type', 'categoryIds', 'brandId', 'images', 'detail', 'onShelf', 'stockStrategy', 'pointsCoefficient', 'freightTemplateId', 'weightGrams', 'stockAlert'] as const;
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
        stockAlert: p.stockAlert ?? null,
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
  const setCell = (i: number, field: SkuField, value: string) => {
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
      stockAlert: v.stockAlert ?? null,
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
  // linked to a Jingdou Cloud material: the stock is the ERP warehouse's (the server refuses changes: ERP_OWNED_STOCK)
  const erpLinked = !!product?.erp;

  if (loading) {
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (loadError) {
    return <FormLoadError error={loadError} missing="商品不存在或已被删除" failed="加载商品失败" explain={errorText} backText="返回商品列表" onBack={() => nav(listPath())} />;
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
            <TextLines lines={general} />
          }
        />
      )}

      <SideLabelForm<FormValues> form={form} labelWidth={120} initialValues={INITIAL} labelWrap>
        <BasicInfoCard categories={categories} brands={brands} reloadTaxonomy={reloadTaxonomy} />

        <ImagesCard />

        <SkuEditor
          specs={specs}
          rows={rows}
          valueText={valueText}
          setValueText={setValueText}
          cellErrors={cellErrors}
          setCellErrors={setCellErrors}
          addSpec={addSpec}
          removeSpec={removeSpec}
          renameSpec={renameSpec}
          addValue={addValue}
          removeValue={removeValue}
          setCell={setCell}
          fill={fill}
          setFill={setFill}
          fillAll={fillAll}
          erpLinked={erpLinked}
          materialNumber={product?.erp?.materialNumber}
        />

        <SalesCard />

        <LogisticsCard freightTemplates={freightTemplates} />

        <DetailCard />
      </SideLabelForm>

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
