/**
 * 发券宝 (issue 17), for the shop owner: pick a published coupon and a customer segment (spending, order count, when
 * they last ordered, member level, tags), see how many customers it holds, then send one coupon to each. The sends
 * below show how far each has got (a large one carries on while this page polls it, or by the jobs timer), who was
 * skipped and why, and how many used the coupon on a paid order.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Popconfirm, Progress, Result, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { EyeOutlined, SendOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { formatYuan, Segment, type CouponWithStats, type CustomerTagRow, type MemberLevelRow, type SegmentPreview, type SegmentSend } from '@shop/types';
import { call, useSession } from '../api';
import { errorText } from '../errors';
import { formatTime } from '../util';
import { optionalFen, YuanInput, yuanRule } from '../components/YuanInput';
import { ListTable, PageHeader, RefreshButton } from '../components/list';

interface Values {
  couponId?: string;
  name?: string;
  minSpent?: string;
  maxSpent?: string;
  minOrders?: number | null;
  maxOrders?: number | null;
  lastOrder?: 'any' | 'within' | 'before';
  days?: number | null;
  before?: Dayjs | null;
  levelIds?: string[];
  tagIds?: string[];
}

/** The segment the form describes, or the first thing wrong with it. */
function segmentOf(v: Values): { segment: Segment } | { error: string } {
  const raw = {
    minSpent: optionalFen(v.minSpent) ?? undefined,
    maxSpent: optionalFen(v.maxSpent) ?? undefined,
    minOrders: v.minOrders ?? undefined,
    maxOrders: v.maxOrders ?? undefined,
    lastOrderWithinDays: v.lastOrder === 'within' ? (v.days ?? undefined) : undefined,
    lastOrderBefore: v.lastOrder === 'before' && v.before ? v.before.startOf('day').toISOString() : undefined,
    levelIds: v.levelIds?.length ? v.levelIds : undefined,
    tagIds: v.tagIds?.length ? v.tagIds : undefined,
  };
  if (v.lastOrder === 'within' && !v.days) return { error: '请填写天数' };
  if (v.lastOrder === 'before' && !v.before) return { error: '请选择日期' };
  const parsed = Segment.safeParse(Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)));
  if (!parsed.success) return { error: parsed.error.issues.some((i) => i.path[0] === 'maxSpent') ? '消费金额的上限低于下限' : parsed.error.issues.some((i) => i.path[0] === 'maxOrders') ? '订单数的上限低于下限' : '筛选条件不正确' };
  return { segment: parsed.data };
}

const newKey = () => `send-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

const loadOptions = async () => {
  const [coupons, levels, tags] = await Promise.all([
    call('couponAdmin', 'list', { status: 'published', kind: 'normal', page: 1, pageSize: 100 }),
    call('customerAdmin', 'listLevels', {}),
    call('customerAdmin', 'listTags', {}),
  ]);
  return { coupons: coupons.items, levels, tags };
};

export default function CouponSendsPage() {
  const session = useSession();
  if (session?.admin.role !== 'owner') {
    return <Result status="403" title="只有店主可以使用发券宝" subTitle="发券宝一次给很多顾客发券，请联系店主操作。" data-testid="sends-owner-only" />;
  }
  return <CouponSends />;
}

function CouponSends() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [coupons, setCoupons] = useState<CouponWithStats[]>([]);
  const [levels, setLevels] = useState<MemberLevelRow[]>([]);
  const [tags, setTags] = useState<CustomerTagRow[]>([]);
  const [preview, setPreview] = useState<{ key: string; json: string; result: SegmentPreview } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sends, setSends] = useState<{ items: SegmentSend[]; total: number }>({ items: [], total: 0 });
  const [page, setPage] = useState(1);
  const lastOrder = Form.useWatch('lastOrder', form);
  const values = Form.useWatch([], form);

  useEffect(() => {
    loadOptions()
      .then((o) => {
        setCoupons(o.coupons);
        setLevels(o.levels);
        setTags(o.tags);
      })
      .catch((e) => message.error(errorText(e)));
  }, [message]);

  const loadSends = useCallback(async () => {
    try {
      const p = await call('couponAdmin', 'segmentSends', { page, pageSize: 10 });
      setSends({ items: p.items, total: p.total });
    } catch (e) {
      message.error(errorText(e));
    }
  }, [page, message]);
  useEffect(() => {
    void loadSends();
  }, [loadSends]);

  // a running send does its next step each time it is looked at: poll the running ones until they are done
  const running = sends.items.filter((s) => s.state === 'running').map((s) => s._id);
  const polling = useRef(false);
  useEffect(() => {
    if (!running.length) return;
    const t = setInterval(async () => {
      if (polling.current) return;
      polling.current = true;
      try {
        const fresh = await Promise.all(running.map((id) => call('couponAdmin', 'segmentSendDetail', { id })));
        setSends((s) => ({ ...s, items: s.items.map((x) => fresh.find((f) => f._id === x._id) ?? x) }));
      } catch {
        // the next tick tries again
      } finally {
        polling.current = false;
      }
    }, 1500);
    return () => clearInterval(t);
  }, [running.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps

  const current = values ? segmentOf(values) : null;
  const currentJson = current && 'segment' in current ? JSON.stringify({ s: current.segment, c: values?.couponId ?? null }) : null;
  const previewFresh = preview !== null && preview.json === currentJson;

  const doPreview = async () => {
    const v = form.getFieldsValue();
    const s = segmentOf(v);
    if ('error' in s) return void setFormError(s.error);
    setFormError(null);
    setBusy(true);
    try {
      const result = await call('couponAdmin', 'segmentPreview', { segment: s.segment, ...(v.couponId ? { couponId: v.couponId } : {}) });
      // one key per previewed segment: sending it twice (a double click, a retry) is one send
      setPreview({ key: newKey(), json: JSON.stringify({ s: s.segment, c: v.couponId ?? null }), result });
    } catch (e) {
      setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const doSend = async () => {
    const v = form.getFieldsValue();
    const s = segmentOf(v);
    if ('error' in s || !preview || !v.couponId) return;
    setBusy(true);
    try {
      const sent = await call('couponAdmin', 'segmentSend', { key: preview.key, couponId: v.couponId, segment: s.segment, ...(v.name?.trim() ? { name: v.name.trim() } : {}) });
      message.success(sent.state === 'done' ? `已发出 ${sent.sent} 张，跳过 ${sent.processed - sent.sent} 位` : `正在发送：已处理 ${sent.processed} / ${sent.matched} 位`);
      setPreview(null);
      setPage(1);
      void loadSends();
    } catch (e) {
      setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const coupon = coupons.find((c) => c._id === values?.couponId);

  return (
    <div>
      <PageHeader title="发券宝">
        <RefreshButton onClick={() => void loadSends()} />
      </PageHeader>
      <Card title="选择优惠券和顾客" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" name="send" initialValues={{ lastOrder: 'any' }} onValuesChange={() => setFormError(null)}>
          <Row gutter={16}>
            <Col xs={24} lg={8}>
              <Form.Item name="couponId" label="优惠券" rules={[{ required: true, message: '请选择优惠券' }]} extra="已发布的普通券；每位顾客最多发一张，受每人限领和库存约束">
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder="选择已发布的优惠券"
                  options={coupons.map((c) => ({ value: c._id, label: `${c.name}（剩余 ${c.stats.remaining}）` }))}
                  notFoundContent="没有已发布的普通券"
                  data-testid="send-coupon"
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name="name" label="发送名称（选填）">
                <Input maxLength={50} placeholder={coupon ? coupon.name : '默认为优惠券名称'} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={8}>
              <Form.Item label="累计消费（元）">
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="minSpent" noStyle rules={[yuanRule()]}>
                    <YuanInput placeholder="最低" id="send_minSpent" />
                  </Form.Item>
                  <Form.Item name="maxSpent" noStyle rules={[yuanRule()]}>
                    <YuanInput placeholder="最高" id="send_maxSpent" />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item label="订单数">
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="minOrders" noStyle>
                    <InputNumber min={0} precision={0} placeholder="最少" id="send_minOrders" style={{ width: '50%' }} />
                  </Form.Item>
                  <Form.Item name="maxOrders" noStyle>
                    <InputNumber min={0} precision={0} placeholder="最多" id="send_maxOrders" style={{ width: '50%' }} />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item label="最近下单">
                <Space.Compact style={{ width: '100%' }}>
                  <Form.Item name="lastOrder" noStyle>
                    <Select
                      style={{ width: 150 }}
                      options={[
                        { value: 'any', label: '不限' },
                        { value: 'within', label: '最近几天内下过单' },
                        { value: 'before', label: '某日之前下过单，之后没有' },
                      ]}
                      data-testid="send-last-order"
                    />
                  </Form.Item>
                  {lastOrder === 'within' && (
                    <Form.Item name="days" noStyle>
                      <InputNumber min={1} max={3650} precision={0} addonAfter="天" placeholder="30" id="send_days" />
                    </Form.Item>
                  )}
                  {lastOrder === 'before' && (
                    <Form.Item name="before" noStyle>
                      <DatePicker placeholder="选择日期" id="send_before" />
                    </Form.Item>
                  )}
                </Space.Compact>
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={8}>
              <Form.Item name="levelIds" label="会员等级（任一）">
                <Select mode="multiple" allowClear placeholder="不限" options={levels.map((l) => ({ value: l._id, label: `${l.name}（${l.customerCount}）` }))} data-testid="send-levels" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name="tagIds" label="顾客标签（任一）">
                <Select mode="multiple" allowClear placeholder="不限" options={tags.map((t) => ({ value: t._id, label: `${t.name}（${t.customerCount}）` }))} notFoundContent="还没有标签" data-testid="send-tags" />
              </Form.Item>
            </Col>
          </Row>
          {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} data-testid="send-error" />}
          {preview && (
            <Alert
              type={previewFresh ? 'info' : 'warning'}
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="send-preview"
              message={
                <span>
                  符合条件的顾客：<Typography.Text strong data-testid="send-matched">{preview.result.matched}</Typography.Text> 位
                  {preview.result.coupon && `；该券剩余 ${preview.result.coupon.available} 张，每人限 ${preview.result.coupon.perShopperLimit} 张`}
                  {!previewFresh && '（条件已改动，请重新预览）'}
                </span>
              }
              description={preview.result.sample.length ? `如：${preview.result.sample.map((s) => s.nickname || s.openid).join('、')}${preview.result.matched > preview.result.sample.length ? ' 等' : ''}` : undefined}
            />
          )}
          <Space>
            <Button icon={<EyeOutlined />} onClick={() => void doPreview()} loading={busy} data-testid="send-preview-button">
              预览人数
            </Button>
            <Popconfirm
              title={`给 ${preview?.result.matched ?? 0} 位顾客各发一张「${coupon?.name ?? ''}」？`}
              description="已达每人限领或券已发完的顾客会被跳过。"
              okText="发送"
              okButtonProps={{ 'data-testid': 'send-confirm' } as never}
              onConfirm={() => doSend()}
              disabled={!previewFresh || !values?.couponId || !preview?.result.matched}
            >
              <Button type="primary" icon={<SendOutlined />} disabled={!previewFresh || !values?.couponId || !preview?.result.matched} loading={busy} data-testid="send-button">
                发送
              </Button>
            </Popconfirm>
            <Typography.Text type="secondary">先预览人数，再发送</Typography.Text>
          </Space>
        </Form>
      </Card>
      <Card title="发送记录">
        <ListTable<SegmentSend>
          testId="send-table"
          rowKey="_id"
          dataSource={sends.items}
          pagination={{ current: page, pageSize: 10, total: sends.total, onChange: setPage }}
          locale={{ emptyText: '还没有发送记录' }}
          columns={[
            {
              title: '名称 / 优惠券',
              key: 'name',
              render: (_: unknown, s) => (
                <div>
                  <div>{s.name}</div>
                  <Link to={`/coupons/${s.couponId}`} style={{ fontSize: 12 }}>
                    {s.name === s.couponName ? '查看优惠券' : s.couponName}
                  </Link>
                </div>
              ),
            },
            {
              title: '进度',
              key: 'state',
              width: 180,
              render: (_: unknown, s) =>
                s.state === 'done' ? <Tag color="green">已完成</Tag> : <Progress size="small" percent={s.matched ? Math.min(99, Math.floor((s.processed / s.matched) * 100)) : 0} format={() => `${s.processed}/${s.matched}`} />,
            },
            { title: '符合条件', dataIndex: 'matched', width: 90 },
            { title: '已发', key: 'sent', width: 80, render: (_: unknown, s) => <span data-testid={`send-sent-${s._id}`}>{s.sent}</span> },
            {
              title: '跳过',
              key: 'skipped',
              width: 90,
              render: (_: unknown, s) => {
                const n = s.skipped.limit + s.skipped.soldOut + s.skipped.newOnly;
                return n ? <Tooltip title={`已达每人限领 ${s.skipped.limit} 位；券已发完 ${s.skipped.soldOut} 位；新人专享券、已下过单 ${s.skipped.newOnly} 位`}><Typography.Text underline>{n}</Typography.Text></Tooltip> : 0;
              },
            },
            { title: '已使用', key: 'used', width: 80, render: (_: unknown, s) => <span data-testid={`send-used-${s._id}`}>{s.used}</span> },
            { title: '用券订单实付', key: 'usedPaid', width: 120, align: 'right', render: (_: unknown, s) => formatYuan(s.usedPaid) },
            { title: '发送时间', key: 'createdAt', width: 150, render: (_: unknown, s) => formatTime(s.createdAt) },
          ]}
        />
      </Card>
    </div>
  );
}
