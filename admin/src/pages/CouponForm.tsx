/**
 * 新建 / 编辑优惠券 (drafts only: a published coupon is immutable). Amounts are typed in yuan and sent in fen; a
 * discount is typed in 折 (8.5) and sent per mille (850).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Result, Select, Space, Spin, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { COUPON_BATCH_MAX, COUPON_NAME_MAX, CouponInput, formatYuan, parseYuan, type CouponWithStats } from '@shop/types';
import { ApiError, call } from '../api';
import { YuanInput, yuanRule } from '../components/YuanInput';
import { couponError, offerText } from '../couponText';
import { fieldIssues } from '../errors';
import { dayjs, TZ } from '../util';

interface Values {
  kind: 'normal' | 'reusable';
  name: string;
  type: 'cash' | 'discount';
  valueYuan?: string;
  zhe?: number | null;
  maxOffYuan?: string;
  thresholdYuan?: string;
  scope: 'all' | 'some';
  productIds?: string[];
  valid?: [Dayjs | null, Dayjs | null] | null;
  description?: string;
  prefix?: string;
  quantity?: number | null;
  perShopperLimit?: number | null;
  inCentre?: boolean;
  audience?: 'all' | 'new';
  code?: string;
  uses?: number | null;
}

/** server / schema field -> form field */
const FIELD_OF: Record<string, keyof Values> = {
  name: 'name',
  value: 'valueYuan',
  maxOff: 'maxOffYuan',
  threshold: 'thresholdYuan',
  productIds: 'productIds',
  validFrom: 'valid',
  validTo: 'valid',
  description: 'description',
  prefix: 'prefix',
  quantity: 'quantity',
  perShopperLimit: 'perShopperLimit',
  code: 'code',
};

/** the schema's own words (custom checks) in Chinese */
const ISSUE_TEXT: [RegExp, string][] = [
  [/validTo must be after/, '结束时间必须晚于开始时间'],
  [/rate paid per mille/, '折扣为 0.01 – 9.99 折'],
  [/only discount coupons/, '现金券没有最多优惠'],
  [/unknown product|product does not exist/, '有商品不存在，请重新选择'],
  [/the kind cannot change/, '类型不能修改'],
];

const DEFAULTS: Values = {
  kind: 'normal',
  name: '',
  type: 'cash',
  scope: 'all',
  valid: null,
  description: '',
  prefix: '',
  quantity: 100,
  perShopperLimit: 1,
  inCentre: true,
  audience: 'all',
  uses: 100,
};

const toValues = (c: CouponWithStats): Values => ({
  kind: c.kind,
  name: c.name,
  type: c.type,
  valueYuan: c.type === 'cash' ? formatYuan(c.value) : undefined,
  zhe: c.type === 'discount' ? c.value / 100 : undefined,
  maxOffYuan: c.maxOff ? formatYuan(c.maxOff) : '',
  thresholdYuan: c.threshold ? formatYuan(c.threshold) : '',
  scope: c.productIds ? 'some' : 'all',
  productIds: c.productIds ?? [],
  valid: [dayjs(c.validFrom).tz(TZ), dayjs(c.validTo).tz(TZ)],
  description: c.description,
  prefix: c.prefix ?? '',
  quantity: c.kind === 'normal' ? c.quantity : 100,
  perShopperLimit: c.perShopperLimit ?? 1,
  inCentre: c.inCentre ?? true,
  audience: c.audience ?? 'all',
  code: c.code,
  uses: c.kind === 'reusable' ? c.quantity : 100,
});

/** The form's values -> the API input (fen, per mille, ISO instants). */
const toInput = (v: Values) => {
  const [from, to] = v.valid ?? [null, null];
  const fen = (s?: string) => (s && s.trim() ? parseYuan(s) : 0);
  const common = {
    name: (v.name ?? '').trim(),
    type: v.type,
    value: v.type === 'cash' ? (fen(v.valueYuan) ?? -1) : Math.round((v.zhe ?? 0) * 100),
    maxOff: v.type === 'discount' ? (fen(v.maxOffYuan) ?? -1) : 0,
    threshold: fen(v.thresholdYuan) ?? -1,
    productIds: v.scope === 'some' ? (v.productIds ?? []) : null,
    validFrom: from ? from.second(0).millisecond(0).toISOString() : '',
    validTo: to ? to.second(59).millisecond(999).toISOString() : '',
    description: (v.description ?? '').trim(),
  };
  return v.kind === 'normal'
    ? { kind: 'normal' as const, ...common, prefix: (v.prefix ?? '').trim().toUpperCase(), quantity: v.quantity ?? 0, perShopperLimit: v.perShopperLimit ?? 1, inCentre: v.inCentre ?? true, audience: v.audience ?? 'all' }
    : { kind: 'reusable' as const, ...common, code: (v.code ?? '').trim().toUpperCase(), quantity: v.uses ?? 0 };
};

export default function CouponForm() {
  const { id } = useParams();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [loaded, setLoaded] = useState<CouponWithStats | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [products, setProducts] = useState<{ value: string; label: string }[]>([]);
  const searchSeq = useRef(0);
  const kind = Form.useWatch('kind', form) ?? 'normal';
  const type = Form.useWatch('type', form) ?? 'cash';
  const scope = Form.useWatch('scope', form) ?? 'all';
  const values = Form.useWatch([], form) as Values | undefined;

  useEffect(() => {
    if (!id) {
      form.setFieldsValue({ ...DEFAULTS, valid: [dayjs().tz(TZ).startOf('day'), dayjs().tz(TZ).add(30, 'day').endOf('day')] });
      return;
    }
    call('couponAdmin', 'get', { couponId: id })
      .then(async (c) => {
        setLoaded(c);
        form.setFieldsValue(toValues(c));
        if (c.productIds?.length) {
          const named = await Promise.all(
            c.productIds.slice(0, 50).map((pid) =>
              call('productAdmin', 'get', { id: pid })
                .then((p) => ({ value: pid, label: p.name }))
                .catch(() => ({ value: pid, label: pid })),
            ),
          );
          setProducts(named);
        }
      })
      .catch(setLoadError);
  }, [id, form]);

  const searchProducts = async (name: string) => {
    const seq = ++searchSeq.current;
    try {
      const page = await call('productAdmin', 'list', { name: name || undefined, pageSize: 20 });
      if (seq !== searchSeq.current) return;
      const selected = new Set(form.getFieldValue('productIds') ?? []);
      setProducts((old) => [...old.filter((o) => selected.has(o.value)), ...page.items.filter((p) => !selected.has(p._id)).map((p) => ({ value: p._id, label: `${p.name}（${p.code}）` }))]);
    } catch {
      /* the select just shows nothing new */
    }
  };
  useEffect(() => {
    if (scope === 'some') void searchProducts('');
  }, [scope]); // eslint-disable-line react-hooks/exhaustive-deps

  const preview = useMemo(() => {
    if (!values) return '';
    const i = toInput(values);
    if (i.value <= 0 || i.threshold < 0 || i.maxOff < 0) return '';
    return offerText(i);
  }, [values]);

  const showIssues = (issues: { path: string; message: string }[]) => {
    const onForm: { name: keyof Values; errors: string[] }[] = [];
    const rest: string[] = [];
    for (const raw of issues) {
      const i = { ...raw, message: ISSUE_TEXT.find(([re]) => re.test(raw.message))?.[1] ?? raw.message };
      const f = FIELD_OF[i.path.split('.')[0]];
      const field = f === 'valueYuan' && type === 'discount' ? 'zhe' : f === 'quantity' && kind === 'reusable' ? 'uses' : f;
      if (field) onForm.push({ name: field, errors: [i.message] });
      else rest.push(`${i.path || '表单'}：${i.message}`);
    }
    form.setFields(onForm);
    setErrors(rest);
  };

  const save = async () => {
    setErrors([]);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const input = toInput(v);
    const parsed = CouponInput.safeParse(input);
    if (!parsed.success) return showIssues(fieldIssues(parsed.error));
    setBusy(true);
    try {
      const saved = id ? await call('couponAdmin', 'update', { ...input, id }) : await call('couponAdmin', 'create', input);
      message.success(id ? '已保存' : kind === 'normal' ? `已创建，生成了 ${saved.stats.total} 个优惠码` : '已创建');
      nav(`/coupons/${saved._id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && fieldIssues(e).length) showIssues(fieldIssues(e));
      else if (e instanceof ApiError && e.code === 'CODE_TAKEN') form.setFields([{ name: 'code', errors: ['这个优惠码已被其他优惠券使用，请换一个'] }]);
      else setErrors([couponError(e)]);
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <Result status="404" title="优惠券不存在" subTitle={couponError(loadError)} extra={<Button href="#/coupons">返回优惠券列表</Button>} />;
  if (id && !loaded)
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  if (loaded && loaded.status !== 'draft')
    return (
      <div data-testid="coupon-immutable">
        <Result
          status="warning"
          title="优惠券发布后不能再修改"
          extra={
            <Button type="primary" onClick={() => nav(`/coupons/${loaded._id}`)}>
              查看优惠券
            </Button>
          }
        />
      </div>
    );

  return (
    <div>
      <div className="page-title">
        <h2>{id ? `编辑优惠券「${loaded?.name}」` : '新建优惠券'}</h2>
        <Link to={id ? `/coupons/${id}` : '/coupons'}>返回</Link>
      </div>
      <Form<Values> form={form} name="coupon" layout="vertical" initialValues={DEFAULTS} style={{ maxWidth: 760 }}>
        <Card title="基本信息" style={{ marginBottom: 16 }}>
          <Form.Item name="kind" label="优惠券类型" extra={id ? '类型创建后不能修改' : kind === 'normal' ? '普通券：生成一批优惠码（或导入文件），一码用一次；可派发给顾客、生成领取链接和二维码' : '复用券：自定义一个优惠码，可被顾客重复使用，适合投放到各个渠道；无派发、无领取链接'}>
            <Radio.Group disabled={!!id} data-testid="coupon-kind">
              <Radio.Button value="normal">普通券</Radio.Button>
              <Radio.Button value="reusable">复用券</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="name" label="优惠券名称" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
            <Input maxLength={COUPON_NAME_MAX} showCount placeholder="如：新人专享 满100减15" />
          </Form.Item>
          <Form.Item name="description" label="使用说明">
            <Input.TextArea maxLength={500} showCount rows={2} placeholder="展示给顾客，可不填" />
          </Form.Item>
        </Card>

        <Card title="优惠内容" style={{ marginBottom: 16 }}>
          <Form.Item name="type" label="优惠方式">
            <Radio.Group data-testid="coupon-type">
              <Radio.Button value="cash">现金券（减金额）</Radio.Button>
              <Radio.Button value="discount">折扣券（打折）</Radio.Button>
            </Radio.Group>
          </Form.Item>
          {type === 'cash' ? (
            <Form.Item name="valueYuan" label="减免金额（元）" rules={[yuanRule(true)]}>
              <YuanInput style={{ width: 200 }} />
            </Form.Item>
          ) : (
            <Space size="large" align="start" wrap>
              <Form.Item name="zhe" label="折扣（折）" rules={[{ required: true, message: '请输入折扣，如 8.5' }]} extra="0.01 – 9.99 折，如 8.5 表示按 85% 支付">
                <InputNumber min={0.01} max={9.99} precision={2} step={0.5} style={{ width: 200 }} addonAfter="折" />
              </Form.Item>
              <Form.Item name="maxOffYuan" label="最多优惠（元）" rules={[yuanRule()]} extra="不填表示不限">
                <YuanInput style={{ width: 200 }} />
              </Form.Item>
            </Space>
          )}
          <Form.Item name="thresholdYuan" label="使用门槛：订单满（元）" rules={[yuanRule()]} extra="不填或 0 表示无门槛">
            <YuanInput style={{ width: 200 }} />
          </Form.Item>
          {preview && (
            <Typography.Paragraph data-testid="coupon-preview">
              预览：<Typography.Text strong>{preview}</Typography.Text>
            </Typography.Paragraph>
          )}
          <Form.Item name="scope" label="适用商品">
            <Radio.Group data-testid="coupon-scope">
              <Radio value="all">全部商品</Radio>
              <Radio value="some">指定商品</Radio>
            </Radio.Group>
          </Form.Item>
          {scope === 'some' && (
            <Form.Item name="productIds" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个商品' }]}>
              <Select
                mode="multiple"
                placeholder="搜索商品名称"
                filterOption={false}
                onSearch={(s) => void searchProducts(s.trim())}
                options={products}
                data-testid="coupon-products"
                maxCount={500}
              />
            </Form.Item>
          )}
          <Form.Item name="valid" label="有效时间" rules={[{ required: true, message: '请选择有效时间' }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 380 }} data-testid="coupon-valid" />
          </Form.Item>
        </Card>

        {kind === 'normal' ? (
          <Card title="优惠码" style={{ marginBottom: 16 }}>
            <Space size="large" align="start" wrap>
              <Form.Item name="prefix" label="优惠码前缀" extra="最多 12 位字母或数字；系统在前缀后接 12 位随机字符" rules={[{ pattern: /^[A-Za-z0-9]*$/, message: '只能使用字母和数字' }]}>
                <Input maxLength={12} style={{ width: 200 }} placeholder="如 NEW" />
              </Form.Item>
              <Form.Item name="quantity" label="生成数量（张）" extra={`0 – ${COUPON_BATCH_MAX.toLocaleString()}；填 0 表示创建后用文件导入优惠码`} rules={[{ required: true, message: '请输入数量' }]}>
                <InputNumber min={0} max={COUPON_BATCH_MAX} precision={0} style={{ width: 200 }} />
              </Form.Item>
            </Space>
            <Space size="large" align="start" wrap>
              <Form.Item name="perShopperLimit" label="每人限领（张）" rules={[{ required: true, message: '请输入' }]} extra="每位顾客最多持有的张数：派发、注册送券、满赠和自己领取的都算，用过的也算">
                <InputNumber min={1} max={100} precision={0} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="inCentre" label="在领券中心展示" valuePropName="checked">
                <Switch data-testid="coupon-in-centre" />
              </Form.Item>
            </Space>
            <Form.Item name="audience" label="适用顾客" extra="新人专享：只有还没有付款订单的新顾客可以领取、被派发和使用；领券中心会标出“新人专享”">
              <Radio.Group data-testid="coupon-audience">
                <Radio value="all">全部顾客</Radio>
                <Radio value="new">新人专享</Radio>
              </Radio.Group>
            </Form.Item>
          </Card>
        ) : (
          <Card title="优惠码" style={{ marginBottom: 16 }}>
            <Space size="large" align="start" wrap>
              <Form.Item
                name="code"
                label="优惠码"
                extra="4 – 32 位字母、数字、_ 或 -，不区分大小写，全店唯一"
                rules={[
                  { required: true, whitespace: true, message: '请输入优惠码' },
                  { pattern: /^\s*[A-Za-z0-9_-]{4,32}\s*$/, message: '4 – 32 位字母、数字、_ 或 -' },
                ]}
              >
                <Input maxLength={32} style={{ width: 240 }} placeholder="如 WECHAT2026" />
              </Form.Item>
              <Form.Item name="uses" label="可使用次数" extra="所有顾客合计可用的次数" rules={[{ required: true, message: '请输入次数' }]}>
                <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 200 }} />
              </Form.Item>
            </Space>
          </Card>
        )}

        {errors.length > 0 && <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 16 }} data-testid="coupon-form-errors" />}
        <Space>
          <Button type="primary" onClick={() => void save()} loading={busy} data-testid="coupon-save">
            {id ? '保存' : '创建'}
          </Button>
          <Button onClick={() => nav(id ? `/coupons/${id}` : '/coupons')}>取消</Button>
          <Typography.Text type="secondary">保存后为“未发布”状态，发布后不能再修改。</Typography.Text>
        </Space>
      </Form>
    </div>
  );
}
