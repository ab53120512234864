/**
 * 营销活动: 满减 / 满折 / 满赠券 / 满免邮 campaigns with kind and status filters (kept in the query string);
 * edit (not ended), end (running) and delete per row.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Popconfirm, Radio, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
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
import { NO_ROWS, pageOf, useListQuery, type Rows } from '../listQuery';
import { formatTime, useLoader } from '../util';

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

export default function Campaigns() {
  const { message } = App.useApp();
  const nav = useNavigate();
  const { params, queryKey, update, tableProps } = useListQuery({ storageKey: CAMPAIGN_LIST_SEARCH_KEY });
  const [coupons, setCoupons] = useState<Map<string, string>>(new Map());

  const query = useMemo(() => {
    const kind = params.get('kind') as CampaignKind | null;
    const status = params.get('status') as CampaignStatus | null;
    return {
      ...(kind && KINDS.includes(kind) ? { kind } : {}),
      ...(status && STATUSES.includes(status) ? { status } : {}),
      ...pageOf(params),
    };
  }, [params]);

  const { data, loading, error, reload: load } = useLoader<Rows<Campaign>>(() => call('campaignAdmin', 'list', query), [queryKey], NO_ROWS);
  useEffect(() => {
    void loadCouponNames().then(setCoupons);
  }, []);

  const end = async (c: Campaign) => {
    try {
      await call('campaignAdmin', 'end', { id: c._id });
      message.success(`活动「${c.name}」已结束`);
      void load();
    } catch (e) {
      message.error(actionErrorText(e));
    }
  };
  const remove = async (c: Campaign) => {
    try {
      await call('campaignAdmin', 'delete', { id: c._id });
      message.success(`已删除活动「${c.name}」`);
      void load();
    } catch (e) {
      message.error(actionErrorText(e));
    }
  };

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
    {
      title: '操作',
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_: unknown, c) => (
        <Space size={4}>
          {c.status !== 'ended' && (
            <Button type="link" size="small" data-testid={`edit-${c._id}`} onClick={() => nav(`/campaigns/${c._id}/edit`)}>
              编辑
            </Button>
          )}
          {c.status === 'running' && (
            <Popconfirm
              title="立即结束这个活动？"
              description="结束后不能再编辑，新订单不再享受此活动。"
              okText="结束"
              cancelText="取消"
              okButtonProps={{ danger: true, 'data-testid': 'confirm-end' }}
              onConfirm={() => end(c)}
            >
              <Button type="link" size="small" data-testid={`end-${c._id}`}>
                结束
              </Button>
            </Popconfirm>
          )}
          <Popconfirm
            title="确定删除这个活动？"
            description="已下的订单保留当时的优惠，不受影响。"
            okText="删除"
            cancelText="取消"
            okButtonProps={{ danger: true, 'data-testid': 'confirm-delete' }}
            onConfirm={() => remove(c)}
          >
            <Button type="link" size="small" danger data-testid={`delete-${c._id}`}>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <div className="page-title">
        <h2>营销活动</h2>
        <Button type="primary" icon={<PlusOutlined />} data-testid="new-campaign" onClick={() => nav('/campaigns/new')}>
          新建活动
        </Button>
      </div>
      <Card>
        <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
          <Space wrap>
            <Radio.Group
              optionType="button"
              value={query.status ?? ''}
              onChange={(e) => update({ status: e.target.value || undefined })}
              data-testid="campaign-status-filter"
              options={[{ value: '', label: '全部' }, ...STATUSES.map((s) => ({ value: s, label: CAMPAIGN_STATUS_TEXT[s] }))]}
            />
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
          <Tooltip title="刷新">
            <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label="刷新" />
          </Tooltip>
        </Space>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="同一件商品在同一时间只能参加一个满减、满折或满赠券活动；满免邮可以与它们同时进行。"
        />
        {error != null && <Alert type="error" showIcon title={actionErrorText(error)} style={{ marginBottom: 12 }} />}
        <div data-testid="campaign-table">
          <Table<Campaign>
            rowKey="_id"
            loading={loading}
            columns={columns}
            dataSource={data.items}
            scroll={{ x: 1000 }}
            {...tableProps(data.total, (t) => `共 ${t} 个活动`)}
            locale={{ emptyText: loading ? ' ' : '暂无活动' }}
          />
        </div>
      </Card>
    </div>
  );
}
