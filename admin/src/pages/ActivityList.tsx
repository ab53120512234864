/**
 * 秒杀 / 限时折扣 / 预售 lists (one page, the kind comes from the route): name, window, status, items and units sold;
 * the status filter and the page live in the query string. Per row: 编辑, 数据 and 结束 (not for ended activities).
 */
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Result, Space, Typography, type TableColumnsType } from 'antd';
import { BarChartOutlined, PlusOutlined } from '@ant-design/icons';
import type { ActivityKind, ActivityStatus, ActivitySummary } from '@shop/types';
import { call } from '../api';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_STATUS_TEXT,
  ActivityStatusTag,
  activityErrorText,
  isActivityKind,
  KIND_NEW_TEXT,
  KIND_TITLE,
  listSearchKey,
} from '../activities';
import { actionsColumn, ConfirmButton, ListTable, ListToolbar, LoadError, PageHeader, StatusFilter, useListPage, useRunAction, LinkButton, ListHint } from '../components/list';
import { pageOf } from '../listQuery';
import { formatTime } from '../util';

const KIND_HINT: Record<ActivityKind, string> = {
  flash: '秒杀：在活动时间内以秒杀价出售指定 SKU，使用活动的独立库存；未支付的秒杀订单到时自动关闭并退回库存。',
  limited: '限时折扣：在活动时间（可按天 / 周 / 月重复）内按折扣、减价或固定价出售指定 SKU。',
  presale: '全款预售：顾客全款下单，商家在约定时间发货；预售使用虚拟库存，可允许超卖。',
};

const queryOf = (kind: ActivityKind, p: URLSearchParams) => {
  const status = p.get('status') as ActivityStatus | null;
  return { kind, ...(status && ACTIVITY_STATUSES.includes(status) ? { status } : {}), ...pageOf(p) };
};

export default function ActivityList() {
  const { kind: kindParam } = useParams();
  if (!isActivityKind(kindParam)) return <Result status="404" title="页面不存在" />;
  return <KindList key={kindParam} kind={kindParam} />;
}

function KindList({ kind }: { kind: ActivityKind }) {
  const nav = useNavigate();
  const { params, update, table, error, reload } = useListPage<ActivitySummary>({
    storageKey: listSearchKey(kind),
    load: (p) => call('activityAdmin', 'list', queryOf(kind, p)),
    deps: [kind],
  });
  const query = useMemo(() => queryOf(kind, params), [kind, params]);
  const run = useRunAction(() => void reload(), activityErrorText);

  const end = (a: ActivitySummary) =>
    run(async () => {
      await call('activityAdmin', 'end', { id: a._id });
      return `活动「${a.name}」已结束`;
    });

  const columns: TableColumnsType<ActivitySummary> = [
    {
      title: '活动名称',
      dataIndex: 'name',
      render: (name: string, a) => (
        <Space direction="vertical" size={0}>
          <Link to={`/activities/${kind}/${a._id}/edit`} data-testid={`activity-name-${a._id}`}>
            {name}
          </Link>
          {kind === 'limited' && a.tag && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              标签：{a.tag}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '活动时间（北京时间）',
      key: 'window',
      width: 190,
      render: (_: unknown, a) => (
        <div style={{ lineHeight: '20px', fontSize: 13 }} data-testid={`activity-window-${a._id}`}>
          {formatTime(a.startsAt)}
          <br />
          <Typography.Text type="secondary">至 {formatTime(a.endsAt)}</Typography.Text>
          {a.endedAt && (
            <>
              <br />
              <Typography.Text type="warning">提前结束于 {formatTime(a.endedAt)}</Typography.Text>
            </>
          )}
        </div>
      ),
    },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: ActivityStatus, a) => <ActivityStatusTag status={s} testId={`activity-status-${a._id}`} /> },
    { title: kind === 'presale' ? '商品数' : 'SKU 数', dataIndex: 'items', width: 90, align: 'right' },
    { title: '已售件数', dataIndex: 'sold', width: 90, align: 'right' },
    ...(kind === 'limited' ? [{ title: '排序', dataIndex: 'sort', width: 70, align: 'right' as const }] : []),
    actionsColumn(190, (a) => (
      <>
        <LinkButton testId={`activity-edit-${a._id}`} onClick={() => nav(`/activities/${kind}/${a._id}/edit`)}>
          {a.status === 'ended' ? '查看' : '编辑'}
        </LinkButton>
        <LinkButton icon={<BarChartOutlined />} testId={`activity-stats-${a._id}`} onClick={() => nav(`/activities/${kind}/${a._id}/stats`)}>
          数据
        </LinkButton>
        {a.status !== 'ended' && (
          <ConfirmButton
            title="立即结束这个活动？"
            description={a.status === 'running' ? '结束后顾客不能再以活动价下单，已下的订单不受影响。' : '活动还没开始，结束后不会再开始。'}
            okText="结束"
            okProps={{ 'data-testid': 'activity-confirm-end' }}
            testId={`activity-end-${a._id}`}
            onConfirm={() => end(a)}
          >
            结束
          </ConfirmButton>
        )}
      </>
    ), 'right'),
  ];

  return (
    <div>
      <PageHeader title={KIND_TITLE[kind]} titleTestId="activity-list-title">
        <Button type="primary" icon={<PlusOutlined />} data-testid="activity-new" onClick={() => nav(`/activities/${kind}/new`)}>
          {KIND_NEW_TEXT[kind]}
        </Button>
      </PageHeader>
      <Card>
        <ListToolbar onRefresh={() => void reload()}>
          <StatusFilter value={query.status} onChange={(status) => update({ status })} statuses={ACTIVITY_STATUSES} text={ACTIVITY_STATUS_TEXT} testId="activity-status-filter" />
        </ListToolbar>
        <ListHint>{`${KIND_HINT[kind]}同一个 SKU 在同一时间只能参加一个秒杀、限时折扣或预售活动。`}</ListHint>
        <LoadError error={error} text={activityErrorText} testId="activity-list-error" />
        <ListTable<ActivitySummary> testId="activity-table" columns={columns} scroll={{ x: 900 }} {...table((t) => `共 ${t} 个活动`)} empty="暂无活动" />
      </Card>
    </div>
  );
}
