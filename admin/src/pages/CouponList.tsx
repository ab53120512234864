/**
 * 优惠券列表: the seed's search (validity window, name, status, kind) kept in the query string, the coupons with
 * their numbers, and per row the operations the seed allows for the kind: 查看数据 / 发布 / 派发 / 领取 / 废弃 / 删除.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Form, Row, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { GiftOutlined, PlusOutlined } from '@ant-design/icons';
import type { CouponStatus, CouponWithStats } from '@shop/types';
import { call } from '../api';
import { ClaimLinkModal } from '../components/coupons/ClaimLinkModal';
import { DistributeModal } from '../components/coupons/DistributeModal';
import { RegistrationGiftModal } from '../components/coupons/RegistrationGiftModal';
import { useCouponActions } from '../components/coupons/useCouponActions';
import { couponError, KIND_TEXT, offerText, STATUS_COLOR, STATUS_TEXT } from '../couponText';
import { DayRangePicker, FilterCol, FilterInput, FilterSelect, choices, ListTable, LoadError, PageHeader, SearchCard, useListPage } from '../components/list';
import { dayEnd, dayStart, pageOf, rangeOf, type DayRange } from '../listQuery';
import { formatTime } from '../util';

interface SearchValues {
  name?: string;
  status?: CouponStatus;
  kind?: 'normal' | 'reusable';
  valid?: DayRange;
}

const toInput = (p: URLSearchParams) => {
  const status = p.get('status');
  const kind = p.get('kind');
  const input = {
    name: p.get('name') || undefined,
    status: status === 'draft' || status === 'published' || status === 'void' ? (status as CouponStatus) : undefined,
    kind: kind === 'normal' || kind === 'reusable' ? (kind as 'normal' | 'reusable') : undefined,
    validFrom: p.get('validFrom') || undefined,
    validTo: p.get('validTo') || undefined,
    ...pageOf(p),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as typeof input;
};

const toFormValues = (p: URLSearchParams): SearchValues => ({
  name: p.get('name') ?? undefined,
  status: (p.get('status') as CouponStatus) ?? undefined,
  kind: (p.get('kind') as 'normal') ?? undefined,
  valid: rangeOf(p, 'validFrom', 'validTo'),
});

export default function CouponList() {
  const nav = useNavigate();
  const [form] = Form.useForm<SearchValues>();
  const { setParams, reset, table, error, reload: load } = useListPage<CouponWithStats, SearchValues>({ form, toFormValues, load: (p) => call('couponAdmin', 'list', toInput(p)) });
  const [distributing, setDistributing] = useState<CouponWithStats | null>(null);
  const [claiming, setClaiming] = useState<CouponWithStats | null>(null);
  const [giftOpen, setGiftOpen] = useState(false);

  const actions = useCouponActions(() => void load());

  const onSearch = (v: SearchValues) => {
    const [from, to] = v.valid ?? [null, null];
    const validFrom = dayStart(from);
    const validTo = dayEnd(to);
    const next = new URLSearchParams();
    if (v.name?.trim()) next.set('name', v.name.trim());
    if (v.status) next.set('status', v.status);
    if (v.kind) next.set('kind', v.kind);
    if (validFrom) next.set('validFrom', validFrom);
    if (validTo) next.set('validTo', validTo);
    setParams(next);
  };

  const columns: TableColumnsType<CouponWithStats> = [
    {
      title: '优惠券',
      dataIndex: 'name',
      render: (name: string, c) => (
        <div>
          <Link to={`/coupons/${c._id}`} data-testid={`coupon-name-${c._id}`}>
            {name}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {offerText(c)}
              {c.productIds ? ` · 指定 ${c.productIds.length} 个商品` : ' · 全部商品'}
              {c.kind === 'reusable' ? ` · 优惠码 ${c.code}` : ''}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      width: 90,
      render: (k: string) => <Tag color={k === 'normal' ? 'blue' : 'purple'}>{KIND_TEXT[k]}</Tag>,
    },
    {
      title: '有效期',
      key: 'valid',
      width: 170,
      render: (_: unknown, c) => (
        <div style={{ lineHeight: '20px', fontSize: 12 }}>
          {formatTime(c.validFrom)}
          <br />至 {formatTime(c.validTo)}
        </div>
      ),
    },
    {
      title: '数据',
      key: 'stats',
      width: 190,
      render: (_: unknown, c) =>
        c.kind === 'normal' ? (
          <div style={{ fontSize: 12, lineHeight: '20px' }} data-testid={`coupon-stats-${c._id}`}>
            共 {c.stats.total} 张 · 已发放 {c.stats.assigned}
            <br />
            已使用 {c.stats.used} · 剩余 {c.stats.remaining}
          </div>
        ) : (
          <div style={{ fontSize: 12, lineHeight: '20px' }} data-testid={`coupon-stats-${c._id}`}>
            可用 {c.stats.total} 次
            <br />
            已使用 {c.stats.used} · 剩余 {c.stats.remaining}
          </div>
        ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: CouponStatus, c) => {
        const ended = s === 'published' && Date.parse(c.validTo) < Date.now();
        return <Tag color={ended ? 'default' : STATUS_COLOR[s]}>{ended ? '已过期' : STATUS_TEXT[s]}</Tag>;
      },
    },
    {
      title: '操作',
      key: 'actions',
      width: 230,
      render: (_: unknown, c) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => nav(`/coupons/${c._id}`)} data-testid={`coupon-view-${c._id}`}>
            查看数据
          </Button>
          {c.status === 'draft' && (
            <>
              <Button type="link" size="small" onClick={() => nav(`/coupons/${c._id}/edit`)} data-testid={`coupon-edit-${c._id}`}>
                编辑
              </Button>
              <Button type="link" size="small" onClick={() => actions.publish(c)} data-testid={`coupon-publish-${c._id}`}>
                发布
              </Button>
            </>
          )}
          {c.status === 'published' && c.kind === 'normal' && (
            <>
              <Button type="link" size="small" onClick={() => setDistributing(c)} data-testid={`coupon-distribute-${c._id}`}>
                派发
              </Button>
              <Button type="link" size="small" onClick={() => setClaiming(c)} data-testid={`coupon-claim-${c._id}`}>
                领取
              </Button>
            </>
          )}
          {c.status === 'published' && (
            <Button type="link" size="small" danger onClick={() => actions.voidIt(c)} data-testid={`coupon-void-${c._id}`}>
              废弃
            </Button>
          )}
          <Button type="link" size="small" danger onClick={() => actions.remove(c)} data-testid={`coupon-delete-${c._id}`}>
            删除
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader title="优惠券">
        <Button icon={<GiftOutlined />} onClick={() => setGiftOpen(true)} data-testid="registration-gift">
          注册送券
        </Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => nav('/coupons/new')} data-testid="new-coupon">
          新建优惠券
        </Button>
      </PageHeader>
      <SearchCard<SearchValues> form={form} name="coupon_search" onFinish={onSearch} submitTestId="coupon-search-submit" onReset={() => reset()}>
        <Row gutter={16}>
          <FilterInput name="name" label="名称搜索" placeholder="优惠券名称" maxLength={100} />
          <FilterSelect name="status" label="优惠券状态" lg={5} placeholder="全部" options={(['draft', 'published', 'void'] as const).map((s) => ({ value: s, label: STATUS_TEXT[s] }))} />
          <FilterSelect name="kind" label="优惠券类型" lg={5} placeholder="全部" options={choices({ normal: '普通券', reusable: '复用券' })} />
          <FilterCol name="valid" label="有效时间" lg={8}>
            <DayRangePicker />
          </FilterCol>
        </Row>
      </SearchCard>
      <LoadError error={error} text={couponError} />
      <Card>
        <ListTable<CouponWithStats> testId="coupon-table" columns={columns} locale={{ emptyText: '还没有优惠券' }} {...table((t) => `共 ${t} 张优惠券`)} />
      </Card>
      <DistributeModal
        coupon={distributing}
        onClose={() => setDistributing(null)}
        onDone={() => {
          setDistributing(null);
          void load();
        }}
      />
      <ClaimLinkModal coupon={claiming} onClose={() => setClaiming(null)} />
      <RegistrationGiftModal open={giftOpen} onClose={() => setGiftOpen(false)} />
    </div>
  );
}
