/**
 * 营销活动: 满减 / 满折 / 满赠券 / 满免邮 campaigns with kind and status filters (kept in the query string);
 * edit (not ended), end (running) and delete per row.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Campaign, CampaignStatus } from '@shop/types';
import { call } from '../api';
import {
  actionErrorText,
  CAMPAIGN_KIND_COLOR,
  CAMPAIGN_KIND_TEXT,
  CAMPAIGN_STATUS_COLOR,
  CAMPAIGN_STATUS_TEXT,
  ruleSummary,
  type CampaignKind,
} from '../orders';
import { actionsColumn, ConfirmButton, ListTable, ListToolbar, LoadError, PageHeader, StatusFilter, useListPage, useRunAction, LinkButton, ListHint } from '../components/list';
import { pageOf } from '../listQuery';
import { formatTime } from '../util';

const KINDS = Object.keys(CAMPAIGN_KIND_TEXT) as CampaignKind[];
const STATUSES: CampaignStatus[] = ['upcoming', 'running', 'ended'];

export const CAMPAIGN_LIST_SEARCH_KEY = 'shop.admin.campaignListSearch';
export const campaignListPath = () => {
  const q = sessionStorage.getItem(CAMPAIGN_LIST_SEARCH_KEY);
  return q ? `/campaigns?${q}` : '/campaigns';
};

export const audienceText = (a: Campaign['audience']) => {
  switch (a.kind) {
    case 'all':
      return '全部顾客';
    case 'firstOrder':
      return '首单顾客';
    case 'levels':
      return `${a.levelIds.length} 个会员等级`;
    case 'customers':
      return `${a.openids.length} 位指定顾客`;
  }
};

/** Coupon names for 满赠券 summaries, when the coupon function is there (empty map otherwise). */
export async function loadCouponNames(): Promise<Map<string, string>> {
  try {
    const page = await call('couponAdmin', 'list', { page: 1, pageSize: 100 });
    return new Map(page.items.map((c) => [c._id, c.name]));
  } catch {
    return new Map();
  }
}

const queryOf = (p: URLSearchParams) => {
  const kind = p.get('kind') as CampaignKind | null;
  const status = p.get('status') as CampaignStatus | null;
  return {
    ...(kind && KINDS.includes(kind) ? { kind } : {}),
    ...(status && STATUSES.includes(status) ? { status } : {}),
    ...pageOf(p),
  };
};

export default function Campaigns() {
  const nav = useNavigate();
  const { params, update, table, error, reload: load } = useListPage<Campaign>({
    storageKey: CAMPAIGN_LIST_SEARCH_KEY,
    load: (p) => call('campaignAdmin', 'list', queryOf(p)),
  });
  const [coupons, setCoupons] = useState<Map<string, string>>(new Map());
  const query = useMemo(() => queryOf(params), [params]);
  useEffect(() => {
    void loadCouponNames().then(setCoupons);
  }, []);

  const run = useRunAction(() => void load(), actionErrorText);
  const end = (c: Campaign) =>
    run(async () => {
      await call('campaignAdmin', 'end', { id: c._id });
      return `活动「${c.name}」已结束`;
    });
  const remove = (c: Campaign) =>
    run(async () => {
      await call('campaignAdmin', 'delete', { id: c._id });
      return `已删除活动「${c.name}」`;
    });

  const columns: TableColumnsType<Campaign> = [
    {
      title: '活动名称',
      dataIndex: 'name',
      width: 170,
      render: (name: string, c) => (c.status === 'ended' ? name : <Link to={`/campaigns/${c._id}/edit`}>{name}</Link>),
    },
    {
      title: '类型',
      key: 'kind',
      width: 70,
      render: (_: unknown, c) => <Tag color={CAMPAIGN_KIND_COLOR[c.rule.kind]}>{CAMPAIGN_KIND_TEXT[c.rule.kind]}</Tag>,
    },
    {
      title: '规则',
      key: 'rule',
      render: (_: unknown, c) => <Typography.Text style={{ fontSize: 13 }}>{ruleSummary(c.rule, (id) => coupons.get(id))}</Typography.Text>,
    },
    {
      title: '适用商品',
      key: 'scope',
      width: 90,
      render: (_: unknown, c) => (c.productIds === null ? <Tag color="gold">全场</Tag> : `${c.productIds.length} 件商品`),
    },
    { title: '参与顾客', key: 'audience', width: 100, render: (_: unknown, c) => audienceText(c.audience) },
    {
      title: '活动时间',
      key: 'window',
      width: 160,
      render: (_: unknown, c) => (
        <div style={{ lineHeight: '20px', fontSize: 13 }}>
          {formatTime(c.startsAt)}
          <br />
          <Typography.Text type="secondary">至 {c.endsAt ? formatTime(c.endsAt) : '永久有效'}</Typography.Text>
        </div>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: CampaignStatus) => (
        <Tag color={CAMPAIGN_STATUS_COLOR[s]} data-status={s}>
          {CAMPAIGN_STATUS_TEXT[s]}
        </Tag>
      ),
    },
    actionsColumn(170, (c) => (
      <>
        {c.status !== 'ended' && (
          <LinkButton testId={`edit-${c._id}`} onClick={() => nav(`/campaigns/${c._id}/edit`)}>
            编辑
          </LinkButton>
        )}
        {c.status === 'running' && (
          <ConfirmButton
            title="立即结束这个活动？"
            description="结束后不能再编辑，新订单不再享受此活动。"
            okText="结束"
            okProps={{ danger: true, 'data-testid': 'confirm-end' }}
            danger={false}
            testId={`end-${c._id}`}
            onConfirm={() => end(c)}
          >
            结束
          </ConfirmButton>
        )}
        <ConfirmButton
          title="确定删除这个活动？"
          description="已下的订单保留当时的优惠，不受影响。"
          okProps={{ 'data-testid': 'confirm-delete' }}
          testId={`delete-${c._id}`}
          onConfirm={() => remove(c)}
        >
          删除
        </ConfirmButton>
      </>
    ), 'right'),
  ];

  return (
    <div>
      <PageHeader title="营销活动">
        <Button type="primary" icon={<PlusOutlined />} data-testid="new-campaign" onClick={() => nav('/campaigns/new')}>
          新建活动
        </Button>
      </PageHeader>
      <Card>
        <ListToolbar onRefresh={() => void load()}>
          <Space wrap>
            <StatusFilter value={query.status} onChange={(status) => update({ status })} statuses={STATUSES} text={CAMPAIGN_STATUS_TEXT} testId="campaign-status-filter" />
            <Select
              allowClear
              placeholder="全部类型"
              style={{ width: 140 }}
              value={query.kind}
              onChange={(v?: CampaignKind) => update({ kind: v })}
              data-testid="campaign-kind-filter"
              options={KINDS.map((k) => ({ value: k, label: CAMPAIGN_KIND_TEXT[k] }))}
            />
          </Space>
        </ListToolbar>
        <ListHint>同一件商品在同一时间只能参加一个满减、满折或满赠券活动；满免邮可以与它们同时进行。</ListHint>
        <LoadError error={error} text={actionErrorText} />
        <ListTable<Campaign> testId="campaign-table" columns={columns} scroll={{ x: 1000 }} {...table((t) => `共 ${t} 个活动`)} empty="暂无活动" />
      </Card>
    </div>
  );
}
