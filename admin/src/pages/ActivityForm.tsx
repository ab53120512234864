/**
 * New / edit item activity (`#/activities/:kind/new`, `#/activities/:kind/:id/edit`): the common settings (name,
 * description, window in Beijing time, share card), the kind's own rules, and its goods: SKUs with a flash price and
 * stock (秒杀), SKUs with a discount / reduction / fixed price, stock and a live price preview (限时折扣), or products
 * with a virtual stock (预售). ACTIVITY_CONFLICT is shown at the top, naming the other activity.
 * The page assembles its parts under ./activity: model.ts (rows, values, conversions), CommonFields (error box,
 * 基本信息, 分享设置) and one file per kind (FlashFields, LimitedFields, PresaleFields: rule card and goods columns).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Result, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { ActivityInput, type ActivityDetail, type ActivityKind, type Rounding } from '@shop/types';
import { ApiError, call } from '../api';
import { activityErrorText, activityListPath, conflictOf, isActivityKind, issueLines, KIND_NEW_TEXT, KIND_TITLE } from '../activities';
import { ItemPicker } from '../components/ItemPicker';
import { yuan } from '../orders';
import { toWall } from '../time';
import { ActivityErrorBox, BasicInfoCard, ShareCard } from './activity/CommonFields';
import { flashColumns, FlashRules } from './activity/FlashFields';
import { limitedColumns, LimitedRules } from './activity/LimitedFields';
import { DEFAULTS, FIELD_OF, blankRow, rowProblems, toInput, toRows, toValues, type FormError, type FormValues, type PatchRow, type Row } from './activity/model';
import { presaleColumns, PresaleShip } from './activity/PresaleFields';
import { SideLabelForm } from '../components/SideLabelForm';
import { FormLoadError } from '../components/DetailFallback';
import { validated } from '../components/validated';

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

  const rounding = (Form.useWatch('rounding', form) ?? 'none') as Rounding;

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
  const patch: PatchRow = (key, p) => {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...p } : r)));
    setRowErrors((e) => (e[key] ? { ...e, [key]: [] } : e));
  };

  const save = async () => {
    const v = await validated(form, () => setError({ title: '请检查标红的内容', lines: [] }));
    if (!v) return;
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
    return <FormLoadError error={loadError} missing="活动不存在或已被删除" failed="活动加载失败" explain={activityErrorText} backText="返回活动列表" onBack={() => nav(activityListPath(kind))} testId="activity-load-error" />;
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
    ...(kind === 'flash' ? flashColumns(patch, ended) : kind === 'limited' ? limitedColumns(patch, ended, rounding) : presaleColumns(patch, ended)),
  ];
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

      {error && <ActivityErrorBox error={error} kind={kind} errorRef={errorRef} />}
      {ended && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="这个活动已结束，不能再修改。" data-testid="activity-ended" />}

      <SideLabelForm<FormValues>
        form={form}
        name="activity"
        labelWidth={200}
        disabled={ended}
        initialValues={initialValues}
        data-testid="activity-form"
      >
        <BasicInfoCard kind={kind} loaded={loaded} running={running} ended={ended} />

        {kind === 'flash' && <FlashRules />}
        {kind === 'limited' && <LimitedRules />}
        {kind === 'presale' && <PresaleShip />}

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

        <ShareCard />

        <Space>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="activity-save" disabled={ended}>
            {editing ? '保存' : '创建活动'}
          </Button>
          <Button onClick={() => nav(activityListPath(kind))} disabled={false}>
            取消
          </Button>
        </Space>
      </SideLabelForm>

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
