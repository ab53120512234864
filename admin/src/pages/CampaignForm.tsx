/**
 * New / edit campaign (营销活动): name, kind with a rule editor per kind (money in yuan, discount rates in 折),
 * product scope, audience and window. A CAMPAIGN_CONFLICT answer is shown at the top, naming the other campaign.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { CampaignInput, formatYuan, parseYuan, type Campaign } from '@shop/types';
import { ApiError, call } from '../api';
import { fieldIssues } from '../errors';
import { YuanInput, yuanRule } from '../components/YuanInput';
import { actionErrorText, CAMPAIGN_KIND_TEXT, CAMPAIGN_STATUS_TEXT, perMilleToZhe, ruleSummary, zheToPerMille, type CampaignKind } from '../orders';
import { dayjs, TZ } from '../util';
import { campaignListPath } from './Campaigns';

type Method = 'express' | 'local' | 'pickup';
type AudienceKind = Campaign['audience']['kind'];

interface FormValues {
  name: string;
  kind: CampaignKind;
  reductionMode: 'tiered' | 'every';
  reductionTiers: { threshold?: string; value?: string }[];
  every?: string;
  off?: string;
  cap?: string;
  discountBasis: 'amount' | 'count';
  discountTiers: { threshold?: string; rate?: string }[];
  giftTiers: { threshold?: string; couponId?: string; quantity?: number | null }[];
  fsThreshold?: string;
  excludedRegions: string[];
  deliveryMethods: Method[];
  scope: 'all' | 'products';
  productIds: string[];
  audienceKind: AudienceKind;
  levelIds: string[];
  openids: string[];
  startsAt: Dayjs | null;
  endsAt: Dayjs | null;
  permanent: boolean;
}

const PROVINCES = '北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 台湾 香港 澳门'.split(' ');
const METHOD_OPTIONS: { value: Method; label: string }[] = [
  { value: 'express', label: '快递发货' },
  { value: 'local', label: '同城配送' },
  { value: 'pickup', label: '到店自提' },
];

/** The merchant sees and enters Asia/Shanghai wall-clock time whatever the browser's zone. */
const toWall = (iso: string) => dayjs(dayjs(iso).tz(TZ).format('YYYY-MM-DDTHH:mm:ss'));
const fromWall = (d: Dayjs) => dayjs.tz(d.format('YYYY-MM-DD HH:mm:ss'), TZ).toISOString();
const nowWall = () => toWall(new Date().toISOString()).second(0).millisecond(0);

const DEFAULTS: FormValues = {
  name: '',
  kind: 'reduction',
  reductionMode: 'tiered',
  reductionTiers: [{ threshold: '', value: '' }],
  every: '',
  off: '',
  cap: '',
  discountBasis: 'amount',
  discountTiers: [{ threshold: '', rate: '' }],
  giftTiers: [{ threshold: '', couponId: undefined, quantity: 1 }],
  fsThreshold: '0',
  excludedRegions: [],
  deliveryMethods: ['express', 'local'],
  scope: 'all',
  productIds: [],
  audienceKind: 'all',
  levelIds: [],
  openids: [],
  startsAt: null,
  endsAt: null,
  permanent: true,
};

const toValues = (c: Campaign): FormValues => {
  const v: FormValues = {
    ...DEFAULTS,
    name: c.name,
    kind: c.rule.kind,
    scope: c.productIds === null ? 'all' : 'products',
    productIds: c.productIds ?? [],
    audienceKind: c.audience.kind,
    levelIds: c.audience.kind === 'levels' ? c.audience.levelIds : [],
    openids: c.audience.kind === 'customers' ? c.audience.openids : [],
    startsAt: toWall(c.startsAt),
    endsAt: c.endsAt ? toWall(c.endsAt) : null,
    permanent: c.endsAt === null,
  };
  const r = c.rule;
  if (r.kind === 'reduction' && r.mode === 'tiered') {
    v.reductionMode = 'tiered';
    v.reductionTiers = r.tiers.map((t) => ({ threshold: formatYuan(t.threshold), value: formatYuan(t.value) }));
  } else if (r.kind === 'reduction') {
    v.reductionMode = 'every';
    v.every = formatYuan(r.every);
    v.off = formatYuan(r.off);
    v.cap = r.cap ? formatYuan(r.cap) : '';
  } else if (r.kind === 'discount') {
    v.discountBasis = r.basis;
    v.discountTiers = r.tiers.map((t) => ({ threshold: r.basis === 'count' ? String(t.threshold) : formatYuan(t.threshold), rate: perMilleToZhe(t.value) }));
  } else if (r.kind === 'giftCoupon') {
    v.giftTiers = r.tiers.map((t) => ({ threshold: formatYuan(t.threshold), couponId: t.couponId, quantity: t.quantity }));
  } else {
    v.fsThreshold = formatYuan(r.threshold);
    v.excludedRegions = r.excludedRegions;
    v.deliveryMethods = r.deliveryMethods;
  }
  return v;
};

const fen = (s: string | undefined) => parseYuan((s ?? '').trim()) ?? NaN;

/** The form -> the API input (fen, per mille, instants). Field errors are left to CampaignInput. */
const toInput = (v: FormValues): CampaignInput => {
  const rule: CampaignInput['rule'] = (() => {
    switch (v.kind) {
      case 'reduction':
        return v.reductionMode === 'every'
          ? { kind: 'reduction' as const, mode: 'every' as const, every: fen(v.every), off: fen(v.off), cap: v.cap?.trim() ? fen(v.cap) : 0 }
          : { kind: 'reduction' as const, mode: 'tiered' as const, tiers: v.reductionTiers.map((t) => ({ threshold: fen(t.threshold), value: fen(t.value) })) };
      case 'discount':
        return {
          kind: 'discount' as const,
          basis: v.discountBasis,
          tiers: v.discountTiers.map((t) => ({
            threshold: v.discountBasis === 'count' ? Number((t.threshold ?? '').trim() || NaN) : fen(t.threshold),
            value: zheToPerMille(t.rate) ?? NaN,
          })),
        };
      case 'giftCoupon':
        return {
          kind: 'giftCoupon' as const,
          tiers: v.giftTiers.map((t) => ({ threshold: fen(t.threshold), couponId: (t.couponId ?? '').trim(), quantity: t.quantity ?? 1 })),
        };
      case 'freeShipping':
        return {
          kind: 'freeShipping' as const,
          threshold: v.fsThreshold?.trim() ? fen(v.fsThreshold) : 0,
          excludedRegions: v.excludedRegions.map((r) => r.trim()).filter(Boolean),
          deliveryMethods: v.deliveryMethods,
        };
    }
  })();
  const audience: CampaignInput['audience'] =
    v.audienceKind === 'levels'
      ? { kind: 'levels', levelIds: v.levelIds }
      : v.audienceKind === 'customers'
        ? { kind: 'customers', openids: v.openids.map((o) => o.trim()).filter(Boolean) }
        : { kind: v.audienceKind };
  return {
    name: v.name?.trim() ?? '',
    rule,
    productIds: v.scope === 'all' ? null : v.productIds,
    audience,
    startsAt: v.startsAt ? fromWall(v.startsAt) : '',
    endsAt: v.permanent || !v.endsAt ? null : fromWall(v.endsAt),
  };
};

/** Chinese words for the paths CampaignInput and the server complain about. */
const PATH_TEXT: [RegExp, string][] = [
  [/^name/, '活动名称'],
  [/^rule\.tiers\.(\d+)\.threshold/, '第 $1 档门槛'],
  [/^rule\.tiers\.(\d+)\.value/, '第 $1 档优惠'],
  [/^rule\.tiers\.(\d+)\.couponId/, '第 $1 档赠券'],
  [/^rule\.tiers\.(\d+)\.quantity/, '第 $1 档赠券数量'],
  [/^rule\.tiers/, '优惠档位'],
  [/^rule\.every/, '每满金额'],
  [/^rule\.off/, '减免金额'],
  [/^rule\.cap/, '最多减'],
  [/^rule\.threshold/, '包邮门槛'],
  [/^rule\.excludedRegions/, '不包邮地区'],
  [/^rule\.deliveryMethods/, '配送方式'],
  [/^rule/, '优惠规则'],
  [/^productIds/, '适用商品'],
  [/^audience\.levelIds/, '会员等级'],
  [/^audience\.openids/, '指定顾客'],
  [/^audience/, '参与顾客'],
  [/^startsAt/, '开始时间'],
  [/^endsAt/, '结束时间'],
];
const pathText = (path: string) => {
  for (const [re, text] of PATH_TEXT) {
    const m = re.exec(path);
    if (m) return text.replace('$1', m[1] ? String(Number(m[1]) + 1) : '');
  }
  return path;
};
const SERVER_TEXT: Record<string, string> = {
  'two tiers have the same threshold': '两个档位的门槛相同',
  'a tier cannot take off more than its threshold': '每档减免金额不能超过它的门槛',
  'cannot take off more than each step': '减免金额不能超过“每满”金额',
  'endsAt must be after startsAt': '结束时间必须晚于开始时间',
  'an ended campaign cannot be changed': '已结束的活动不能修改',
};
const issueLines = (e: unknown): string[] =>
  fieldIssues(e).map((i) => `${pathText(i.path)}：${SERVER_TEXT[i.message] ?? i.message}`);

interface ConflictInfo {
  message: string;
  campaignId?: string;
  campaignName?: string;
  products?: 'all' | string[];
}
interface FormError {
  title: string;
  lines: string[];
  conflict?: ConflictInfo;
}

type Option = { value: string; label: string };

/** Products by name, for the scope picker; keeps names of everything picked so far. */
function useProductSearch() {
  const [options, setOptions] = useState<Option[]>([]);
  const [searching, setSearching] = useState(false);
  const known = useRef(new Map<string, string>());
  const seq = useRef(0);
  const search = useCallback(async (name: string) => {
    const mine = ++seq.current;
    setSearching(true);
    try {
      const page = await call('productAdmin', 'list', { ...(name.trim() ? { name: name.trim() } : {}), sortBy: 'createdAt', order: 'desc', page: 1, pageSize: 30 });
      if (mine !== seq.current) return;
      for (const p of page.items) known.current.set(p._id, `${p.name}${p.code ? `（${p.code}）` : ''}`);
      setOptions(page.items.map((p) => ({ value: p._id, label: known.current.get(p._id)! })));
    } catch {
      if (mine === seq.current) setOptions([]);
    } finally {
      if (mine === seq.current) setSearching(false);
    }
  }, []);
  /** names for ids picked before (editing): one product each */
  const learn = useCallback(async (ids: string[]) => {
    const missing = ids.filter((id) => !known.current.has(id)).slice(0, 100);
    await Promise.all(
      missing.map((id) =>
        call('productAdmin', 'get', { id })
          .then((p) => void known.current.set(id, `${p.name}${p.code ? `（${p.code}）` : ''}`))
          .catch(() => void known.current.set(id, `已删除的商品 ${id}`)),
      ),
    );
    setOptions((o) => [...o]);
  }, []);
  return { options, searching, search, learn, nameOf: (id: string) => known.current.get(id) };
}

/** Options from an optional function (coupons, member levels): null when it is not there, so a text input is used. */
function useOptionalOptions(load: () => Promise<Option[]>) {
  const [options, setOptions] = useState<Option[] | null | undefined>(undefined);
  useEffect(() => {
    load()
      .then(setOptions)
      .catch(() => setOptions(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return options;
}
const loadCoupons = async (): Promise<Option[]> => {
  const page = await call('couponAdmin', 'list', { page: 1, pageSize: 100 });
  const status: Record<string, string> = { draft: '未发布', published: '已发布', void: '已作废' };
  // a void coupon can never be granted; drafts are listed because they may be published before the order completes
  return page.items.filter((c) => c.status !== 'void').map((c) => ({ value: c._id, label: `${c.name}（${status[c.status] ?? c.status}）` }));
};
const loadLevels = async (): Promise<Option[]> => {
  const levels = await call('customerAdmin', 'listLevels', {});
  return levels.map((l) => ({ value: l._id, label: `${l.name}${l.discountRate < 1000 ? `（${perMilleToZhe(l.discountRate)} 折）` : ''}` }));
};

export default function CampaignForm() {
  const { id } = useParams();
  const editing = !!id;
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [loaded, setLoaded] = useState<Campaign | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const products = useProductSearch();
  const coupons = useOptionalOptions(loadCoupons);
  const levels = useOptionalOptions(loadLevels);

  const kind = Form.useWatch('kind', form) ?? DEFAULTS.kind;
  const reductionMode = Form.useWatch('reductionMode', form) ?? 'tiered';
  const discountBasis = Form.useWatch('discountBasis', form) ?? 'amount';
  const scope = Form.useWatch('scope', form) ?? 'all';
  const audienceKind = Form.useWatch('audienceKind', form) ?? 'all';
  const permanent = Form.useWatch('permanent', form) ?? true;
  const productIds = Form.useWatch('productIds', form) ?? [];
  const allValues = Form.useWatch([], form) as FormValues | undefined;

  useEffect(() => {
    void products.search('');
    if (!editing) {
      form.setFieldsValue({ ...DEFAULTS, startsAt: nowWall() });
      return;
    }
    call('campaignAdmin', 'get', { id: id! })
      .then(async (c) => {
        if (c.productIds) await products.learn(c.productIds);
        setLoaded(c);
        form.setFieldsValue(toValues(c));
      })
      .catch(setLoadError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [error]);

  /** What the rule will read like in the list, as the merchant types. */
  const preview = useMemo(() => {
    if (!allValues?.kind) return null;
    const parsed = CampaignInput.safeParse(toInput({ ...DEFAULTS, ...allValues, startsAt: allValues.startsAt ?? nowWall(), name: allValues.name || 'x' }));
    return parsed.success ? ruleSummary(parsed.data.rule, (cid) => coupons?.find((c) => c.value === cid)?.label) : null;
  }, [allValues, coupons]);

  const save = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      setError({ title: '请检查标红的内容', lines: [] });
      return;
    }
    const input = toInput({ ...DEFAULTS, ...v });
    const parsed = CampaignInput.safeParse(input);
    if (!parsed.success) {
      setError({ title: '活动内容不完整或不正确', lines: issueLines(parsed.error) });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = editing ? await call('campaignAdmin', 'update', { ...input, id: id! }) : await call('campaignAdmin', 'create', input);
      message.success(editing ? `已保存活动「${saved.name}」` : `已创建活动「${saved.name}」`);
      nav(campaignListPath());
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CAMPAIGN_CONFLICT') {
        const d = (e.details ?? {}) as { campaignId?: string; campaignName?: string; productIds?: 'all' | string[] };
        setError({ title: '与其他活动冲突', lines: [], conflict: { message: e.message, campaignId: d.campaignId, campaignName: d.campaignName, products: d.productIds } });
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        const lines = issueLines(e);
        setError({ title: '活动内容不正确', lines: lines.length ? lines : [SERVER_TEXT[e.message] ?? e.message] });
      } else {
        setError({ title: '保存失败', lines: [actionErrorText(e)] });
      }
    } finally {
      setSaving(false);
    }
  };

  if (editing && loadError) {
    const nf = loadError instanceof ApiError && loadError.code === 'NOT_FOUND';
    return (
      <Result
        status={nf ? '404' : 'error'}
        title={nf ? '活动不存在或已被删除' : '活动加载失败'}
        subTitle={nf ? undefined : actionErrorText(loadError)}
        extra={<Button onClick={() => nav(campaignListPath())}>返回活动列表</Button>}
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
  const ended = loaded?.status === 'ended';

  const conflictProducts = (p: ConflictInfo['products']) => {
    if (p === 'all' || p === undefined) return '全部商品';
    const names = p.slice(0, 5).map((pid) => products.nameOf(pid) ?? pid);
    return `${p.length} 件商品（${names.join('、')}${p.length > 5 ? ' 等' : ''}）`;
  };

  const yuanField = (name: (string | number)[], placeholder: string, required = true, testId?: string) => (
    <Form.Item name={name} rules={[yuanRule(required)]} noStyle>
      <YuanInput placeholder={placeholder} style={{ width: 130 }} data-testid={testId} />
    </Form.Item>
  );

  const tierList = (listName: 'reductionTiers' | 'discountTiers' | 'giftTiers', row: (i: number, name: number) => ReactNode, blank: object) => (
    <Form.List name={listName}>
      {(fields, { add, remove }) => (
        <div data-testid="campaign-tiers">
          {fields.map((f, i) => (
            <div key={f.key} className="tier-row" style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8, flexWrap: 'wrap' }}>
              <Typography.Text type="secondary" style={{ width: 48 }}>
                第 {i + 1} 档
              </Typography.Text>
              {row(i, f.name)}
              {fields.length > 1 && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除这一档" data-testid={`remove-tier-${i}`} onClick={() => remove(f.name)} />}
            </div>
          ))}
          {fields.length < 10 && (
            <Button type="dashed" icon={<PlusOutlined />} data-testid="add-tier" onClick={() => add({ ...blank })}>
              添加一档
            </Button>
          )}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              多档时按满足的最高一档优惠，最多 10 档。
            </Typography.Text>
          </div>
        </div>
      )}
    </Form.List>
  );

  return (
    <div>
      <div className="page-title">
        <h2>{editing ? '编辑营销活动' : '新建营销活动'}</h2>
        <Link to={campaignListPath()}>返回活动列表</Link>
      </div>

      {error && (
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
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {error.lines.map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        </div>
      )}
      {ended && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="这个活动已结束，不能再修改。" />}

      <Form<FormValues> form={form} layout="horizontal" labelCol={{ flex: '120px' }} wrapperCol={{ flex: 'auto' }} name="campaign" disabled={ended} data-testid="campaign-form" initialValues={DEFAULTS}>
        <Card title="基本信息" style={{ marginBottom: 16 }}>
          <Form.Item name="name" label="活动名称" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}>
            <Input maxLength={100} showCount placeholder="如：夏季满100减15" style={{ maxWidth: 480 }} />
          </Form.Item>
          <Form.Item name="kind" label="活动类型">
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              data-testid="campaign-kind"
              options={(Object.keys(CAMPAIGN_KIND_TEXT) as CampaignKind[]).map((k) => ({ value: k, label: CAMPAIGN_KIND_TEXT[k] }))}
            />
          </Form.Item>
          {loaded && (
            <Form.Item label="状态">
              <Typography.Text data-testid="campaign-status">{CAMPAIGN_STATUS_TEXT[loaded.status]}</Typography.Text>
            </Form.Item>
          )}
        </Card>

        <Card title="优惠规则" style={{ marginBottom: 16 }} data-testid="campaign-rule">
          {kind === 'reduction' && (
            <>
              <Form.Item name="reductionMode" label="减免方式">
                <Radio.Group
                  data-testid="reduction-mode"
                  options={[
                    { value: 'tiered', label: '阶梯满减（满 X 元减 Y 元）' },
                    { value: 'every', label: '每满减（每满 X 元减 Y 元）' },
                  ]}
                />
              </Form.Item>
              {reductionMode === 'tiered' ? (
                <Form.Item label="优惠档位" required>
                  {tierList(
                    'reductionTiers',
                    (i, name) => (
                      <>
                        满 {yuanField([name, 'threshold'], '门槛', true, `tier-threshold-${i}`)} 元，减 {yuanField([name, 'value'], '减免', true, `tier-value-${i}`)} 元
                      </>
                    ),
                    { threshold: '', value: '' },
                  )}
                </Form.Item>
              ) : (
                <Form.Item label="规则" required>
                  <Space wrap>
                    每满 {yuanField(['every'], '金额', true, 'every-input')} 元，减 {yuanField(['off'], '减免', true, 'off-input')} 元，最多减{' '}
                    {yuanField(['cap'], '不限', false, 'cap-input')} 元
                  </Space>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      最多减留空表示不封顶。
                    </Typography.Text>
                  </div>
                </Form.Item>
              )}
            </>
          )}

          {kind === 'discount' && (
            <>
              <Form.Item name="discountBasis" label="门槛按">
                <Radio.Group
                  data-testid="discount-basis"
                  options={[
                    { value: 'amount', label: '金额（满 X 元）' },
                    { value: 'count', label: '件数（满 X 件）' },
                  ]}
                />
              </Form.Item>
              <Form.Item label="优惠档位" required>
                {tierList(
                  'discountTiers',
                  (i, name) => (
                    <>
                      满{' '}
                      {discountBasis === 'count' ? (
                        <Form.Item
                          name={[name, 'threshold']}
                          noStyle
                          rules={[{ required: true, pattern: /^[1-9]\d{0,5}$/, message: '请输入件数（正整数）' }]}
                        >
                          <Input style={{ width: 100 }} suffix="件" inputMode="numeric" placeholder="件数" data-testid={`tier-threshold-${i}`} />
                        </Form.Item>
                      ) : (
                        <>{yuanField([name, 'threshold'], '门槛', true, `tier-threshold-${i}`)} 元</>
                      )}
                      ，打{' '}
                      <Form.Item
                        name={[name, 'rate']}
                        noStyle
                        rules={[
                          {
                            validator: async (_r, v) => {
                              if (zheToPerMille(v) === null) throw new Error('折扣为 0.01–9.99 折，如 9 或 8.5');
                            },
                          },
                        ]}
                      >
                        <Input style={{ width: 100 }} suffix="折" inputMode="decimal" placeholder="如 8.5" data-testid={`tier-value-${i}`} />
                      </Form.Item>
                    </>
                  ),
                  { threshold: '', rate: '' },
                )}
              </Form.Item>
            </>
          )}

          {kind === 'giftCoupon' && (
            <Form.Item label="赠券档位" required extra="订单完成后把券发给顾客。">
              {tierList(
                'giftTiers',
                (i, name) => (
                  <>
                    满 {yuanField([name, 'threshold'], '门槛', true, `tier-threshold-${i}`)} 元，送{' '}
                    <Form.Item name={[name, 'couponId']} noStyle rules={[{ required: true, whitespace: true, message: '请选择优惠券' }]}>
                      {coupons ? (
                        <Select
                          style={{ width: 240 }}
                          placeholder="选择优惠券"
                          showSearch={{ optionFilterProp: 'label' }}
                          options={coupons}
                          data-testid={`tier-coupon-${i}`}
                          notFoundContent="还没有优惠券"
                        />
                      ) : (
                        <Input style={{ width: 240 }} placeholder={coupons === undefined ? '加载中…' : '优惠券 ID'} data-testid={`tier-coupon-${i}`} />
                      )}
                    </Form.Item>{' '}
                    ×{' '}
                    <Form.Item name={[name, 'quantity']} noStyle rules={[{ required: true, message: '请输入张数' }]}>
                      <InputNumber min={1} max={10} precision={0} style={{ width: 90 }} suffix="张" data-testid={`tier-quantity-${i}`} />
                    </Form.Item>
                  </>
                ),
                { threshold: '', couponId: undefined, quantity: 1 },
              )}
            </Form.Item>
          )}

          {kind === 'freeShipping' && (
            <>
              <Form.Item label="包邮门槛" extra="填 0 表示不限金额，下单即包邮。" required>
                <Space>
                  满 {yuanField(['fsThreshold'], '0', false, 'fs-threshold')} 元包邮
                </Space>
              </Form.Item>
              <Form.Item name="excludedRegions" label="不包邮地区" extra="按收货地址的省份匹配，写法需与地址一致（如“新疆”）。">
                <Select
                  mode="tags"
                  style={{ maxWidth: 520 }}
                  placeholder="输入或选择省份，回车添加"
                  tokenSeparators={[',', '，', ' ']}
                  options={PROVINCES.map((p) => ({ value: p, label: p }))}
                  data-testid="fs-regions"
                />
              </Form.Item>
              <Form.Item name="deliveryMethods" label="配送方式" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种配送方式' }]}>
                <Checkbox.Group options={METHOD_OPTIONS} data-testid="fs-methods" />
              </Form.Item>
            </>
          )}
          {preview && (
            <Form.Item label="规则预览">
              <Typography.Text data-testid="rule-preview">{preview}</Typography.Text>
            </Form.Item>
          )}
        </Card>

        <Card title="适用范围" style={{ marginBottom: 16 }}>
          <Form.Item name="scope" label="适用商品">
            <Radio.Group
              data-testid="campaign-scope"
              options={[
                { value: 'all', label: '全场商品' },
                { value: 'products', label: '指定商品' },
              ]}
            />
          </Form.Item>
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
          <Form.Item name="audienceKind" label="参与顾客">
            <Radio.Group
              data-testid="campaign-audience"
              options={[
                { value: 'all', label: '全部顾客' },
                { value: 'levels', label: '指定会员等级' },
                { value: 'customers', label: '指定顾客' },
                { value: 'firstOrder', label: '首单顾客' },
              ]}
            />
          </Form.Item>
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

        <Space>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="campaign-save" disabled={ended}>
            {editing ? '保存' : '创建活动'}
          </Button>
          <Button onClick={() => nav(campaignListPath())} disabled={false}>
            取消
          </Button>
        </Space>
      </Form>
    </div>
  );
}
