/**
 * New / edit item activity (`#/activities/:kind/new`, `#/activities/:kind/:id/edit`): the common settings (name,
 * description, window in Beijing time, share card), the kind's own rules, and its goods: SKUs with a flash price and
 * stock (秒杀), SKUs with a discount / reduction / fixed price, stock and a live price preview (限时折扣), or products
 * with a virtual stock (预售). ACTIVITY_CONFLICT is shown at the top, naming the other activity.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
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
  TimePicker,
  Typography,
  type TableColumnsType,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import {
  ActivityInput,
  formatYuan,
  limitedItemProblem,
  limitedPrice,
  parseYuan,
  type ActivityDetail,
  type ActivityKind,
  type LimitedItemInput,
  type LimitRule,
  type RepeatRule,
  type Rounding,
} from '@shop/types';
import { ApiError, call } from '../api';
import {
  activityErrorText,
  activityListPath,
  ActivityStatusTag,
  conflictOf,
  fromWall,
  isActivityKind,
  issueLines,
  KIND_NEW_TEXT,
  KIND_TITLE,
  toWall,
  WEEKDAY_TEXT,
  type ActivityConflict,
} from '../activities';
import { ItemPicker, productGoods, skuGoods, type PickedGoods } from '../components/ItemPicker';
import { YuanInput } from '../components/YuanInput';
import { yuan } from '../orders';
import { dayjs } from '../util';

type Mode = LimitedItemInput['mode'];

/** One row of the goods table: what was picked, and what the merchant typed for it. */
interface Row extends PickedGoods {
  /** flash: the flash price in yuan */
  price: string;
  /** flash / limited: the activity stock; presale: the virtual stock */
  stock: number | null;
  /** limited */
  mode: Mode;
  /** limited: 折 (discount) or yuan (reduction, fixed) */
  value: string;
  /** presale */
  oversell: boolean;
  /** editing: units sold so far (from itemViews) */
  sold?: number;
  /** false when the SKU's own stock is not known (a SKU that no longer loads) */
  stockKnown: boolean;
}

interface FormValues {
  name: string;
  description: string;
  window: [Dayjs | null, Dayjs | null] | null;
  shareTitle: string;
  shareImage: string;
  limitPerShopper: number | null;
  closeMinutes: number | null;
  remindMinutes: number | null;
  repeatKind: RepeatRule['kind'];
  weekDays: number[];
  monthDays: number[];
  repeatFrom: Dayjs | null;
  repeatTo: Dayjs | null;
  limitMode: LimitRule['mode'];
  limitQuantity: number | null;
  rounding: Rounding;
  tag: string;
  sort: number | null;
  shipMode: 'afterPayment' | 'date';
  shipDays: number | null;
  shipDate: Dayjs | null;
}

const DEFAULTS: FormValues = {
  name: '',
  description: '',
  window: null,
  shareTitle: '',
  shareImage: '',
  limitPerShopper: 1,
  closeMinutes: 30,
  remindMinutes: 5,
  repeatKind: 'none',
  weekDays: [],
  monthDays: [],
  repeatFrom: null,
  repeatTo: null,
  limitMode: 'none',
  limitQuantity: 1,
  rounding: 'none',
  tag: '',
  sort: 0,
  shipMode: 'afterPayment',
  shipDays: 7,
  shipDate: null,
};

const MODE_TEXT: Record<Mode, string> = { discount: '折扣', reduction: '减价', fixed: '固定价' };
const ROUNDING_OPTIONS: { value: Rounding; label: string }[] = [
  { value: 'none', label: '不取整' },
  { value: 'jiao', label: '抹分（如 9.87 → 9.80）' },
  { value: 'yuan', label: '抹角（如 9.87 → 9.00）' },
];
const LIMIT_OPTIONS: { value: LimitRule['mode']; label: string }[] = [
  { value: 'none', label: '不限' },
  { value: 'all_or_none', label: '超出 N 件全部不享受优惠' },
  { value: 'first_n', label: '前 N 件享受优惠' },
  { value: 'block', label: '超出 N 件不可下单' },
];

/** "7.5" 折 → 750; null when not a number with at most two decimals. The range is limitedItemProblem's to judge. */
const zheToValue = (text: string): number | null => {
  const s = text.trim();
  if (!/^\d{1,2}(?:\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
};
const valueToText = (mode: Mode, value: number) => (mode === 'discount' ? String(Number((value / 100).toFixed(2))) : formatYuan(value));
/** The typed value of a limited row in the API's unit, or null when it does not parse. */
const rowValue = (r: Pick<Row, 'mode' | 'value'>): number | null => (r.mode === 'discount' ? zheToValue(r.value) : parseYuan(r.value));

const blankRow = (g: PickedGoods & { stockKnown?: boolean }, kind: ActivityKind): Row => ({
  price: '',
  stock: kind === 'presale' ? 100 : null,
  mode: 'discount',
  value: '',
  oversell: false,
  stockKnown: true,
  ...g,
});

/** What the merchant typed, per row, that cannot be sent (shown under the row). */
function rowProblems(kind: ActivityKind, r: Row): string[] {
  const out: string[] = [];
  if (kind === 'flash') {
    const p = parseYuan(r.price);
    if (r.price.trim() === '') out.push('请填写秒杀价');
    else if (p === null) out.push('秒杀价格式不正确，如 9.90');
    else if (p >= r.salePrice) out.push('秒杀价必须低于售价');
  }
  if (kind === 'limited') {
    const v = rowValue(r);
    if (r.value.trim() === '') out.push(r.mode === 'discount' ? '请填写折扣' : r.mode === 'reduction' ? '请填写减价金额' : '请填写活动价');
    else if (v === null) out.push(r.mode === 'discount' ? '折扣格式不正确，如 7.5' : '金额格式不正确，如 9.90');
    else {
      const problem = limitedItemProblem(r.salePrice, { mode: r.mode, value: v });
      if (problem) out.push(problem);
    }
  }
  if (kind !== 'presale') {
    if (r.stock === null || r.stock < 1) out.push('活动库存至少为 1');
    else if (kind === 'limited' && r.stockKnown && r.stock > r.skuStock) out.push(`活动库存不能超过 SKU 库存（${r.skuStock}）`);
  } else if (r.stock === null || r.stock < 0) out.push('请填写虚拟库存');
  return out;
}

function toInput(kind: ActivityKind, v: FormValues, rows: Row[]): ActivityInput {
  const [s, e] = v.window ?? [null, null];
  const common = {
    name: (v.name ?? '').trim(),
    description: (v.description ?? '').trim(),
    startsAt: s ? fromWall(s) : '',
    endsAt: e ? fromWall(e) : '',
    share: { title: (v.shareTitle ?? '').trim(), image: (v.shareImage ?? '').trim() || null },
  };
  if (kind === 'flash') {
    return {
      kind,
      ...common,
      limitPerShopper: v.limitPerShopper ?? 0,
      closeMinutes: v.closeMinutes ?? 30,
      remindMinutes: v.remindMinutes ?? 5,
      items: rows.map((r) => ({ skuId: r.skuId!, price: parseYuan(r.price) ?? NaN, stock: r.stock ?? NaN })),
    };
  }
  if (kind === 'limited') {
    const from = v.repeatFrom?.format('HH:mm') ?? '';
    const to = v.repeatTo?.format('HH:mm') ?? '';
    const repeat: RepeatRule =
      v.repeatKind === 'daily'
        ? { kind: 'daily', from, to }
        : v.repeatKind === 'weekly'
          ? { kind: 'weekly', days: [...(v.weekDays ?? [])].sort((a, b) => a - b), from, to }
          : v.repeatKind === 'monthly'
            ? { kind: 'monthly', days: [...(v.monthDays ?? [])].sort((a, b) => a - b), from, to }
            : { kind: 'none' };
    const limit: LimitRule = v.limitMode === 'none' || !v.limitMode ? { mode: 'none' } : { mode: v.limitMode, quantity: v.limitQuantity ?? NaN };
    return {
      kind,
      ...common,
      repeat,
      limit,
      rounding: v.rounding ?? 'none',
      tag: (v.tag ?? '').trim(),
      sort: v.sort ?? 0,
      remindMinutes: v.remindMinutes ?? 5,
      items: rows.map((r) => ({ skuId: r.skuId!, mode: r.mode, value: rowValue(r) ?? NaN, stock: r.stock ?? NaN })),
    };
  }
  return {
    kind,
    ...common,
    ship: v.shipMode === 'date' ? { mode: 'date', date: v.shipDate ? v.shipDate.format('YYYY-MM-DD') : '' } : { mode: 'afterPayment', days: v.shipDays ?? NaN },
    items: rows.map((r) => ({ productId: r.productId, stock: r.stock ?? NaN, oversell: r.oversell })),
  };
}

/** "HH:mm" as a TimePicker value (today at that time; only the clock is read back). */
const clock = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return dayjs().hour(h).minute(m).second(0).millisecond(0);
};

function toValues(a: ActivityDetail): FormValues {
  const v: FormValues = {
    ...DEFAULTS,
    name: a.name,
    description: a.description,
    window: [toWall(a.startsAt), toWall(a.endsAt)],
    shareTitle: a.share.title,
    shareImage: a.share.image ?? '',
  };
  if (a.kind === 'flash') Object.assign(v, { limitPerShopper: a.limitPerShopper, closeMinutes: a.closeMinutes, remindMinutes: a.remindMinutes });
  if (a.kind === 'limited') {
    const r = a.repeat;
    Object.assign(v, {
      repeatKind: r.kind,
      weekDays: r.kind === 'weekly' ? r.days : [],
      monthDays: r.kind === 'monthly' ? r.days : [],
      repeatFrom: r.kind === 'none' ? null : clock(r.from),
      repeatTo: r.kind === 'none' ? null : clock(r.to),
      limitMode: a.limit.mode,
      limitQuantity: a.limit.mode === 'none' ? 1 : a.limit.quantity,
      rounding: a.rounding,
      tag: a.tag,
      sort: a.sort,
      remindMinutes: a.remindMinutes,
    });
  }
  if (a.kind === 'presale') {
    Object.assign(v, a.ship.mode === 'date' ? { shipMode: 'date', shipDate: dayjs(a.ship.date) } : { shipMode: 'afterPayment', shipDays: a.ship.days });
  }
  return v;
}

/** The stored items as rows, named by itemViews and refreshed with the SKUs' current price and stock when they load. */
async function toRows(a: ActivityDetail): Promise<Row[]> {
  const views = new Map(a.itemViews.map((iv) => [iv.key, iv]));
  const productIds = [...new Set(a.itemViews.map((iv) => iv.productId))];
  const products = new Map(
    (await Promise.all(productIds.map((pid) => call('productAdmin', 'get', { id: pid }).catch(() => null)))).filter((p) => p !== null).map((p) => [p._id, p]),
  );
  const picked = (key: string, productId: string): PickedGoods & { stockKnown: boolean } => {
    const iv = views.get(key);
    const p = products.get(iv?.productId ?? productId);
    if (p && a.kind === 'presale') return { ...productGoods(p), stockKnown: true };
    const sku = p?.skus.find((s) => s._id === key);
    if (p && sku) return { ...skuGoods(p, sku), stockKnown: true };
    return {
      key,
      productId: iv?.productId ?? productId,
      skuId: iv?.skuId ?? (a.kind === 'presale' ? null : key),
      name: iv?.name ?? `已删除的商品 ${key}`,
      specValues: iv?.specValues ?? [],
      salePrice: iv?.salePrice ?? 0,
      skuStock: 0,
      stockKnown: false,
    };
  };
  if (a.kind === 'flash') return a.items.map((it) => ({ ...blankRow(picked(it.skuId, ''), 'flash'), price: formatYuan(it.price), stock: it.stock, sold: views.get(it.skuId)?.sold }));
  if (a.kind === 'limited')
    return a.items.map((it) => ({ ...blankRow(picked(it.skuId, ''), 'limited'), mode: it.mode, value: valueToText(it.mode, it.value), stock: it.stock, sold: views.get(it.skuId)?.sold }));
  return a.items.map((it) => ({ ...blankRow(picked(it.productId, it.productId), 'presale'), stock: it.stock, oversell: it.oversell, sold: views.get(it.productId)?.sold }));
}

/** Form field for an issue path from the schema or the server (null: the path belongs to no field). */
const FIELD_OF: [RegExp, keyof FormValues][] = [
  [/^name$/, 'name'],
  [/^description$/, 'description'],
  [/^(startsAt|endsAt)$/, 'window'],
  [/^share\.title$/, 'shareTitle'],
  [/^share\.image$/, 'shareImage'],
  [/^limitPerShopper$/, 'limitPerShopper'],
  [/^closeMinutes$/, 'closeMinutes'],
  [/^remindMinutes$/, 'remindMinutes'],
  [/^repeat\.days/, 'weekDays'],
  [/^repeat\.from$/, 'repeatFrom'],
  [/^repeat\.to$/, 'repeatTo'],
  [/^limit\.quantity$/, 'limitQuantity'],
  [/^tag$/, 'tag'],
  [/^sort$/, 'sort'],
  [/^ship\.days$/, 'shipDays'],
  [/^ship\.date$/, 'shipDate'],
];

interface FormError {
  title: string;
  lines: string[];
  conflict?: ActivityConflict;
}

export default function ActivityForm() {
  const { kind: kindParam, id } = useParams();
  if (!isActivityKind(kindParam)) return <Result status="404" title="页面不存在" />;
  return <KindForm key={`${kindParam}/${id ?? 'new'}`} kind={kindParam} id={id} />;
}

function KindForm({ kind, id }: { kind: ActivityKind; id?: string }) {
  const editing = !!id;
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [loaded, setLoaded] = useState<ActivityDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [rowErrors, setRowErrors] = useState<Record<string, string[]>>({});
  const [picking, setPicking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  const repeatKind = Form.useWatch('repeatKind', form) ?? 'none';
  const limitMode = Form.useWatch('limitMode', form) ?? 'none';
  const rounding = (Form.useWatch('rounding', form) ?? 'none') as Rounding;
  const shipMode = Form.useWatch('shipMode', form) ?? 'afterPayment';

  useEffect(() => {
    // a new activity starts from the Form's initialValues (setting them again here could wipe what was typed already)
    if (!editing) return;
    call('activityAdmin', 'get', { id: id! })
      .then(async (a) => {
        const r = await toRows(a);
        setLoaded(a);
        setRows(r);
      })
      .catch(setLoadError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [error]);

  const taken = useMemo(() => new Set(rows.map((r) => r.key)), [rows]);
  // the Form mounts once the activity is loaded, so the stored values are its initial values
  const initialValues = useMemo(() => (loaded ? toValues(loaded) : DEFAULTS), [loaded]);
  const patch = (key: string, p: Partial<Row>) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...p } : r)));
    setRowErrors((e) => (e[key] ? { ...e, [key]: [] } : e));
  };

  const save = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      setError({ title: '请检查标红的内容', lines: [] });
      return;
    }
    if (!rows.length) {
      setError({ title: '请添加活动商品', lines: [kind === 'presale' ? '至少需要一件预售商品。' : '至少需要一个 SKU。'] });
      return;
    }
    const problems: Record<string, string[]> = {};
    const lines: string[] = [];
    rows.forEach((r, i) => {
      const p = rowProblems(kind, r);
      if (p.length) {
        problems[r.key] = p;
        lines.push(`第 ${i + 1} 件商品（${r.name}${r.specValues.length ? ` ${r.specValues.join(' / ')}` : ''}）：${p.join('；')}`);
      }
    });
    setRowErrors(problems);
    if (lines.length) {
      setError({ title: '活动商品有错误', lines });
      return;
    }
    const input = toInput(kind, { ...DEFAULTS, ...v }, rows);
    if (loaded) {
      // an unchanged time goes back exactly as stored (a running activity's start may not move at all)
      if (v.window?.[0]?.isSame(toWall(loaded.startsAt), 'second')) input.startsAt = loaded.startsAt;
      if (v.window?.[1]?.isSame(toWall(loaded.endsAt), 'second')) input.endsAt = loaded.endsAt;
    }
    const parsed = ActivityInput.safeParse(input);
    if (!parsed.success) {
      showIssues('活动内容不完整或不正确', parsed.error);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = editing ? await call('activityAdmin', 'update', { ...input, id: id! }) : await call('activityAdmin', 'create', input);
      message.success(editing ? `已保存活动「${saved.name}」` : `已创建活动「${saved.name}」`);
      nav(activityListPath(kind));
    } catch (e) {
      const conflict = conflictOf(e);
      if (conflict) {
        setError({ title: '与其他活动冲突', lines: [], conflict });
        setRowErrors(Object.fromEntries(conflict.keys.map((k) => [k, [`已在活动「${conflict.activityName ?? conflict.activityId ?? ''}」中`]])));
      }
      else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') showIssues('活动内容不正确', e);
      else setError({ title: '保存失败', lines: [activityErrorText(e)] });
    } finally {
      setSaving(false);
    }
  };

  /** Issues (client schema or VALIDATION_FAILED): on their fields or rows where there is one, and all of them at the top. */
  const showIssues = (title: string, e: unknown) => {
    const issues = issueLines(e);
    const fields = new Map<keyof FormValues, string[]>();
    const perRow: Record<string, string[]> = {};
    for (const { path, line } of issues) {
      const m = /^items\.(\d+)/.exec(path);
      if (m && rows[Number(m[1])]) {
        const key = rows[Number(m[1])].key;
        (perRow[key] ??= []).push(line.replace(/^[^：]*：/, ''));
        continue;
      }
      const f = FIELD_OF.find(([re]) => re.test(path))?.[1];
      if (f) fields.set(f === 'weekDays' && form.getFieldValue('repeatKind') === 'monthly' ? 'monthDays' : f, [...(fields.get(f) ?? []), line.replace(/^[^：]*：/, '')]);
    }
    form.setFields([...fields].map(([name, errors]) => ({ name, errors })));
    setRowErrors(perRow);
    setError({ title, lines: issues.length ? issues.map((i) => i.line) : [e instanceof Error ? e.message : String(e)] });
  };

  if (editing && loadError) {
    const nf = loadError instanceof ApiError && loadError.code === 'NOT_FOUND';
    return (
      <Result
        status={nf ? '404' : 'error'}
        title={nf ? '活动不存在或已被删除' : '活动加载失败'}
        subTitle={nf ? undefined : activityErrorText(loadError)}
        extra={<Button onClick={() => nav(activityListPath(kind))}>返回活动列表</Button>}
        data-testid="activity-load-error"
      />
    );
  }
  if (editing && !loaded) {
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  // an id opened under the wrong kind (e.g. a conflict link): the right page
  if (loaded && loaded.kind !== kind) return <Navigate to={`/activities/${loaded.kind}/${loaded._id}/edit`} replace />;
  const ended = loaded?.status === 'ended';
  const running = loaded?.status === 'running';

  const goodsCell = (r: Row) => (
    <div data-testid={`activity-item-name-${r.key}`}>
      <div>{r.name}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {kind === 'presale' ? '全部规格' : r.specValues.join(' / ') || '默认规格'}
      </Typography.Text>
      {(rowErrors[r.key] ?? []).map((m, j) => (
        <div className="field-error" key={j}>
          {m}
        </div>
      ))}
    </div>
  );

  const columns: TableColumnsType<Row> = [
    { title: '商品', key: 'goods', render: (_: unknown, r) => goodsCell(r) },
    { title: kind === 'presale' ? '售价（起）' : '售价', key: 'salePrice', width: 100, align: 'right', render: (_: unknown, r) => yuan(r.salePrice) },
    { title: kind === 'presale' ? '现有库存' : 'SKU 库存', key: 'skuStock', width: 90, align: 'right', render: (_: unknown, r) => (r.stockKnown ? r.skuStock : '—') },
  ];
  if (kind === 'flash') {
    columns.push(
      {
        title: '秒杀价（元）',
        key: 'price',
        width: 150,
        render: (_: unknown, r, i) => (
          <YuanInput value={r.price} onChange={(e) => patch(r.key, { price: e.target.value })} style={{ width: 130 }} data-testid={`flash-price-${i}`} disabled={ended} />
        ),
      },
      {
        title: '秒杀库存',
        key: 'stock',
        width: 130,
        render: (_: unknown, r, i) => (
          <InputNumber min={1} max={1_000_000} precision={0} value={r.stock} onChange={(v) => patch(r.key, { stock: v })} style={{ width: 110 }} data-testid={`flash-stock-${i}`} disabled={ended} />
        ),
      },
    );
  }
  if (kind === 'limited') {
    columns.push(
      {
        title: '优惠方式',
        key: 'mode',
        width: 280,
        render: (_: unknown, r, i) => (
          <Space.Compact>
            <Select<Mode>
              value={r.mode}
              style={{ width: 100 }}
              onChange={(mode) => patch(r.key, { mode, value: '' })}
              options={(Object.keys(MODE_TEXT) as Mode[]).map((m) => ({ value: m, label: MODE_TEXT[m] }))}
              data-testid={`limited-mode-${i}`}
              disabled={ended}
            />
            <Input
              value={r.value}
              onChange={(e) => patch(r.key, { value: e.target.value })}
              style={{ width: 150 }}
              inputMode="decimal"
              prefix={r.mode === 'discount' ? undefined : r.mode === 'reduction' ? '减 ¥' : '¥'}
              suffix={r.mode === 'discount' ? '折' : undefined}
              placeholder={r.mode === 'discount' ? '如 7.5' : '0.00'}
              data-testid={`limited-value-${i}`}
              disabled={ended}
            />
          </Space.Compact>
        ),
      },
      {
        title: '活动价',
        key: 'preview',
        width: 130,
        render: (_: unknown, r, i) => {
          const v = rowValue(r);
          if (v === null) return <Typography.Text type="secondary" data-testid={`limited-preview-${i}`}>—</Typography.Text>;
          const problem = limitedItemProblem(r.salePrice, { mode: r.mode, value: v });
          return (
            <div>
              <Typography.Text strong={!problem} type={problem ? 'secondary' : undefined} data-testid={`limited-preview-${i}`} data-fen={limitedPrice(r.salePrice, { mode: r.mode, value: v }, rounding)}>
                {yuan(limitedPrice(r.salePrice, { mode: r.mode, value: v }, rounding))}
              </Typography.Text>
              {problem && (
                <div className="field-error" data-testid={`limited-problem-${i}`}>
                  {problem}
                </div>
              )}
            </div>
          );
        },
      },
      {
        title: '活动库存',
        key: 'stock',
        width: 130,
        render: (_: unknown, r, i) => (
          <InputNumber min={1} max={1_000_000} precision={0} value={r.stock} onChange={(v) => patch(r.key, { stock: v })} style={{ width: 110 }} data-testid={`limited-stock-${i}`} disabled={ended} />
        ),
      },
    );
  }
  if (kind === 'presale') {
    columns.push(
      {
        title: '虚拟库存',
        key: 'stock',
        width: 130,
        render: (_: unknown, r, i) => (
          <InputNumber min={0} max={1_000_000} precision={0} value={r.stock} onChange={(v) => patch(r.key, { stock: v })} style={{ width: 110 }} data-testid={`presale-stock-${i}`} disabled={ended} />
        ),
      },
      {
        title: '允许超卖',
        key: 'oversell',
        width: 90,
        render: (_: unknown, r, i) => <Switch checked={r.oversell} onChange={(oversell) => patch(r.key, { oversell })} data-testid={`presale-oversell-${i}`} disabled={ended} />,
      },
    );
  }
  if (editing) columns.push({ title: '已售', key: 'sold', width: 70, align: 'right', render: (_: unknown, r) => r.sold ?? 0 });
  columns.push({
    title: '',
    key: 'remove',
    width: 50,
    render: (_: unknown, r, i) => (
      <Button
        type="text"
        danger
        icon={<DeleteOutlined />}
        aria-label="移除"
        data-testid={`activity-item-remove-${i}`}
        disabled={ended}
        onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
      />
    ),
  });

  return (
    <div>
      <div className="page-title">
        <h2 data-testid="activity-form-title">{editing ? `编辑${KIND_TITLE[kind]}活动` : KIND_NEW_TEXT[kind]}</h2>
        <Space>
          {loaded && <Link to={`/activities/${kind}/${loaded._id}/stats`}>活动数据</Link>}
          <Link to={activityListPath(kind)}>返回活动列表</Link>
        </Space>
      </div>

      {error && (
        <div ref={errorRef}>
          {error.conflict ? (
            <Alert
              type="error"
              showIcon
              banner
              style={{ marginBottom: 16, fontSize: 15 }}
              data-testid="activity-conflict"
              title={
                <span style={{ fontWeight: 600 }}>
                  与活动「
                  {error.conflict.activityId ? (
                    <Link to={`/activities/${error.conflict.activityKind ?? kind}/${error.conflict.activityId}/edit`} data-testid="activity-conflict-link" target="_blank">
                      {error.conflict.activityName ?? error.conflict.activityId}
                    </Link>
                  ) : (
                    (error.conflict.activityName ?? '另一个活动')
                  )}
                  」冲突：
                  {error.conflict.keys.length
                    ? `${error.conflict.keys.length} 个${kind === 'presale' ? '商品' : ' SKU '}已在那个活动中，两个活动的时间重叠`
                    : '两个活动的时间重叠'}
                </span>
              }
              description={
                <div>
                  <div>
                    {kind === 'presale' && !error.conflict.keys.length
                      ? '同一时间只能有一个预售活动。请调整活动时间，或先结束那个活动。'
                      : '同一个 SKU 在同一时间只能参加一个秒杀、限时折扣或预售活动。请移除冲突的商品、调整活动时间，或先结束那个活动。'}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="activity-conflict-server">
                    服务器说明：{error.conflict.message}
                  </Typography.Text>
                </div>
              }
            />
          ) : (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="activity-error"
              title={error.title}
              description={
                error.lines.length ? (
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {error.lines.map((l, i) => (
                      <li key={i}>{l}</li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          )}
        </div>
      )}
      {ended && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="这个活动已结束，不能再修改。" data-testid="activity-ended" />}

      <Form<FormValues>
        form={form}
        name="activity"
        layout="horizontal"
        labelCol={{ flex: '200px' }}
        wrapperCol={{ flex: 'auto' }}
        disabled={ended}
        initialValues={initialValues}
        data-testid="activity-form"
      >
        <Card title="基本信息" style={{ marginBottom: 16 }}>
          <Form.Item name="name" label="活动名称" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}>
            <Input maxLength={40} showCount placeholder={kind === 'flash' ? '如：周五晚8点秒杀' : kind === 'limited' ? '如：夏日限时折扣' : '如：新品预售'} style={{ maxWidth: 480 }} />
          </Form.Item>
          <Form.Item name="description" label="活动说明">
            <Input.TextArea maxLength={200} showCount rows={2} style={{ maxWidth: 560 }} placeholder="选填，顾客在商品页看到" />
          </Form.Item>
          <Form.Item
            name="window"
            label="活动时间"
            extra={running ? '北京时间（Asia/Shanghai）。活动已开始，开始时间不能再改。' : '北京时间（Asia/Shanghai）。'}
            rules={[
              {
                validator: async (_r, v: FormValues['window']) => {
                  if (!v || !v[0] || !v[1]) throw new Error('请选择开始和结束时间');
                  if (!v[1].isAfter(v[0])) throw new Error('结束时间必须晚于开始时间');
                },
              },
            ]}
          >
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              placeholder={['开始时间', '结束时间']}
              disabled={[running || ended, ended]}
              data-testid="activity-window"
            />
          </Form.Item>
          {loaded && (
            <Form.Item label="状态">
              <Space>
                <ActivityStatusTag status={loaded.status} testId="activity-form-status" />
                {loaded.endedAt && <Typography.Text type="secondary">已于 {toWall(loaded.endedAt).format('YYYY-MM-DD HH:mm')} 提前结束</Typography.Text>}
              </Space>
            </Form.Item>
          )}
        </Card>

        {kind === 'flash' && (
          <Card title="秒杀规则" style={{ marginBottom: 16 }}>
            <Form.Item name="limitPerShopper" label="每人限购（件）" extra="每位顾客每个 SKU 在整个活动中最多买几件；0 表示不限。" rules={[{ required: true, message: '请填写限购件数' }]}>
              <InputNumber min={0} max={999} precision={0} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="closeMinutes" label="未支付订单自动关闭(分钟)" extra="秒杀订单下单后未支付，到时自动关闭并退回秒杀库存。" rules={[{ required: true, message: '请填写分钟数' }]}>
              <InputNumber min={1} max={1440} precision={0} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="remindMinutes" label="开始前提醒(分钟)" extra="设置了提醒的顾客会在开始前这么多分钟收到订阅消息。" rules={[{ required: true, message: '请填写分钟数' }]}>
              <InputNumber min={1} max={1440} precision={0} style={{ width: 140 }} />
            </Form.Item>
          </Card>
        )}

        {kind === 'limited' && (
          <Card title="折扣规则" style={{ marginBottom: 16 }}>
            <Form.Item name="repeatKind" label="按周期重复">
              <Radio.Group
                data-testid="limited-repeat"
                options={[
                  { value: 'none', label: '不重复' },
                  { value: 'daily', label: '每天' },
                  { value: 'weekly', label: '每周' },
                  { value: 'monthly', label: '每月' },
                ]}
              />
            </Form.Item>
            {repeatKind === 'weekly' && (
              <Form.Item name="weekDays" label="每周" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一天' }]}>
                <Checkbox.Group data-testid="limited-weekdays" options={WEEKDAY_TEXT.map((t, i) => ({ value: i + 1, label: t }))} />
              </Form.Item>
            )}
            {repeatKind === 'monthly' && (
              <Form.Item name="monthDays" label="每月" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一天' }]} extra="没有这一天的月份（如 2 月 30 日）跳过。">
                <Select
                  mode="multiple"
                  style={{ maxWidth: 520 }}
                  placeholder="选择日期（1–31 日）"
                  data-testid="limited-monthdays"
                  options={Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: `${i + 1} 日` }))}
                />
              </Form.Item>
            )}
            {repeatKind !== 'none' && (
              <Form.Item label="每段时间" required extra="在活动时间内，只有这段时刻（北京时间）享受折扣。">
                <Space>
                  <Form.Item name="repeatFrom" noStyle rules={[{ required: true, message: '请选择开始时刻' }]}>
                    <TimePicker format="HH:mm" placeholder="开始 HH:mm" needConfirm={false} data-testid="limited-repeat-from" />
                  </Form.Item>
                  至
                  <Form.Item name="repeatTo" noStyle rules={[{ required: true, message: '请选择结束时刻' }]}>
                    <TimePicker format="HH:mm" placeholder="结束 HH:mm" needConfirm={false} data-testid="limited-repeat-to" />
                  </Form.Item>
                </Space>
              </Form.Item>
            )}
            <Form.Item name="limitMode" label="每人每种商品限购">
              <Radio.Group data-testid="limited-limit" options={LIMIT_OPTIONS} />
            </Form.Item>
            {limitMode !== 'none' && (
              <Form.Item name="limitQuantity" label="N（件）" rules={[{ required: true, message: '请填写件数' }]}>
                <InputNumber min={1} max={999} precision={0} style={{ width: 140 }} />
              </Form.Item>
            )}
            <Form.Item name="rounding" label="活动价取整" extra="取整不会让价格低于 1.00 元。">
              <Radio.Group data-testid="limited-rounding" options={ROUNDING_OPTIONS} />
            </Form.Item>
            <Form.Item name="tag" label="活动标签" extra="显示在商品上，最多 8 个字。">
              <Input maxLength={8} showCount placeholder="如：限时特惠" style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="sort" label="活动排序" extra="数字小的排在前面。">
              <InputNumber min={0} max={9999} precision={0} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="remindMinutes" label="开始前提醒(分钟)" rules={[{ required: true, message: '请填写分钟数' }]}>
              <InputNumber min={1} max={1440} precision={0} style={{ width: 140 }} />
            </Form.Item>
          </Card>
        )}

        {kind === 'presale' && (
          <Card title="发货设置" style={{ marginBottom: 16 }}>
            <Form.Item name="shipMode" label="发货时间">
              <Radio.Group
                data-testid="presale-ship"
                options={[
                  { value: 'afterPayment', label: '支付后 N 天内发货' },
                  { value: 'date', label: '自定义发货日期' },
                ]}
              />
            </Form.Item>
            {shipMode === 'afterPayment' ? (
              <Form.Item name="shipDays" label="N（天）" rules={[{ required: true, message: '请填写天数' }]}>
                <InputNumber min={1} max={180} precision={0} style={{ width: 140 }} />
              </Form.Item>
            ) : (
              <Form.Item name="shipDate" label="开始发货日期" rules={[{ required: true, message: '请选择发货日期' }]} extra="北京时间，从这一天起发货。">
                <DatePicker format="YYYY-MM-DD" data-testid="presale-ship-date" />
              </Form.Item>
            )}
          </Card>
        )}

        <Card
          title={kind === 'presale' ? '预售商品' : '活动商品'}
          style={{ marginBottom: 16 }}
          extra={
            <Button icon={<PlusOutlined />} onClick={() => setPicking(true)} data-testid="activity-add-items" disabled={ended || rows.length >= 100}>
              {kind === 'presale' ? '添加商品' : '添加 SKU'}
            </Button>
          }
        >
          <div data-testid="activity-items">
            <Table<Row>
              rowKey="key"
              size="middle"
              pagination={false}
              columns={columns}
              dataSource={rows}
              scroll={{ x: 800 }}
              locale={{ emptyText: kind === 'presale' ? '还没有预售商品，点击“添加商品”' : '还没有活动商品，点击“添加 SKU”' }}
            />
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {kind === 'flash' && '秒杀价必须低于售价；秒杀库存独立于商品库存。'}
            {kind === 'limited' && '折扣填几折（如 7.5 表示 7.5 折）；减价和固定价填元。活动库存不能超过 SKU 库存。'}
            {kind === 'presale' && '虚拟库存由商品的全部规格共用；允许超卖时，虚拟库存用完后仍可下单。'}
            最多 100 项。
          </Typography.Text>
        </Card>

        <Card title="分享设置" style={{ marginBottom: 16 }}>
          <Form.Item name="shareTitle" label="分享标题" extra="留空时使用商品名称。">
            <Input maxLength={40} showCount style={{ maxWidth: 480 }} />
          </Form.Item>
          <Form.Item
            name="shareImage"
            label="分享图片网址"
            rules={[{ pattern: /^(https?:\/\/|\/)\S+$/, message: '需要以 http(s):// 或 / 开头' }]}
            extra="留空时使用商品主图。"
          >
            <Input maxLength={500} style={{ maxWidth: 560 }} placeholder="https://… 或 /assets/…" />
          </Form.Item>
        </Card>

        <Space>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="activity-save" disabled={ended}>
            {editing ? '保存' : '创建活动'}
          </Button>
          <Button onClick={() => nav(activityListPath(kind))} disabled={false}>
            取消
          </Button>
        </Space>
      </Form>

      <ItemPicker
        open={picking}
        mode={kind === 'presale' ? 'product' : 'sku'}
        taken={taken}
        onClose={() => setPicking(false)}
        onPick={(goods) => setRows((rs) => [...rs, ...goods.filter((g) => !rs.some((r) => r.key === g.key)).map((g) => blankRow(g, kind))].slice(0, 100))}
      />
    </div>
  );
}
