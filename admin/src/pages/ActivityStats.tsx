/**
 * 活动数据 (`#/activities/:kind/:id/stats`): goods, orders, buyers, amount and reminders as cards, the activity's paid
 * orders (paged in the query string) and 导出, which saves `activityAdmin.export`'s CSV.
 */
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Result, Row, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { formatYuan, type ActivityDetail, type ActivityKind, type ActivityOrderRow, type ActivityStats as Stats, type Page } from '@shop/types';
import { call } from '../api';
import { activityErrorText, activityListPath, ActivityStatusTag, isActivityKind, KIND_TITLE } from '../activities';
import { pageOf, useListQuery } from '../listQuery';
import { ORDER_STATUS_COLOR, ORDER_STATUS_TEXT, yuan } from '../orders';
import { downloadText, formatTime, useLoader } from '../util';

type StatsPage = Stats & { rows: Page<ActivityOrderRow> };

const GOODS_LABEL: Record<ActivityKind, string> = { flash: '秒杀商品总数（件）', limited: '折扣商品总数（件）', presale: '预售商品总数（件）' };

export default function ActivityStats() {
  const { kind, id } = useParams();
  if (!isActivityKind(kind) || !id) return <Result status="404" title="页面不存在" />;
  return <StatsView key={id} kind={kind} id={id} />;
}

function StatsView({ kind, id }: { kind: ActivityKind; id: string }) {
  const { message } = App.useApp();
  const { params, queryKey, tableProps } = useListQuery();
  const page = useMemo(() => pageOf(params), [params]);
  const [exporting, setExporting] = useState(false);

  const activity = useLoader<ActivityDetail | null>(() => call('activityAdmin', 'get', { id }), [id], null);
  const stats = useLoader<StatsPage | null>(() => call('activityAdmin', 'stats', { id, ...page }), [id, queryKey], null);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { filename, csv } = await call('activityAdmin', 'export', { id });
      downloadText(filename || `活动订单-${id}.csv`, csv, 'text/csv;charset=utf-8');
      message.success(`已导出 ${filename}`);
    } catch (e) {
      message.error(activityErrorText(e));
    } finally {
      setExporting(false);
    }
  };

  const a = activity.data;
  const s = stats.data;
  const columns: TableColumnsType<ActivityOrderRow> = [
    {
      title: '订单号',
      dataIndex: 'orderId',
      render: (oid: string) => (
        <Link to={`/orders/${oid}`} data-testid={`stats-order-${oid}`}>
          {oid}
        </Link>
      ),
    },
    {
      title: '买家',
      key: 'buyer',
      render: (_: unknown, r) => (
        <Link to={`/customers/${encodeURIComponent(r.openid)}`}>{r.nickname || r.openid}</Link>
      ),
    },
    { title: '件数', dataIndex: 'units', width: 70, align: 'right' },
    { title: '实付金额', dataIndex: 'amount', width: 110, align: 'right', render: (v: number) => yuan(v) },
    { title: '支付时间', dataIndex: 'paidAt', width: 150, render: (v: string) => formatTime(v) },
    ...(kind === 'presale'
      ? [{ title: '开始发货时间', dataIndex: 'shipFrom', width: 150, render: (v: string | null) => (v ? formatTime(v, 'YYYY-MM-DD') : '—') }]
      : []),
    {
      title: '订单状态',
      dataIndex: 'status',
      width: 100,
      render: (st: string) => (
        <Tag color={(ORDER_STATUS_COLOR as Record<string, string>)[st]} data-status={st}>
          {(ORDER_STATUS_TEXT as Record<string, string>)[st] ?? st}
        </Tag>
      ),
    },
  ];

  if (activity.error && !a) {
    return <Result status="error" title="活动加载失败" subTitle={activityErrorText(activity.error)} extra={<Link to={activityListPath(kind)}>返回活动列表</Link>} />;
  }

  return (
    <div>
      <div className="page-title">
        <h2 data-testid="stats-title">
          {KIND_TITLE[kind]}数据{a ? `：${a.name}` : ''}
        </h2>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void stats.reload()} aria-label="刷新">
            刷新
          </Button>
          <Button type="primary" icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()} data-testid="stats-export">
            导出
          </Button>
          {a && a.status !== 'ended' && <Link to={`/activities/${kind}/${id}/edit`}>编辑活动</Link>}
          <Link to={activityListPath(kind)}>返回活动列表</Link>
        </Space>
      </div>
      {a && (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="stats-activity">
          <Space wrap size="large">
            <ActivityStatusTag status={a.status} testId="stats-status" />
            <Typography.Text>
              活动时间：{formatTime(a.startsAt)} 至 {formatTime(a.endsAt)}
            </Typography.Text>
            {a.endedAt && <Typography.Text type="warning">提前结束于 {formatTime(a.endedAt)}</Typography.Text>}
            <Typography.Text type="secondary">{a.itemViews.length} 个{kind === 'presale' ? '商品' : ' SKU'}</Typography.Text>
          </Space>
        </Card>
      )}
      {stats.error != null && <Alert type="error" showIcon title={activityErrorText(stats.error)} style={{ marginBottom: 16 }} data-testid="stats-error" />}
      <Row gutter={16} style={{ marginBottom: 16 }} data-testid="stats-cards">
        {[
          { key: 'goods', title: GOODS_LABEL[kind], value: s?.goods },
          { key: 'orders', title: '订单数', value: s?.orders },
          { key: 'buyers', title: '下单人数', value: s?.buyers },
          { key: 'amount', title: '成交总金额（元）', value: s ? formatYuan(s.amount) : undefined },
          { key: 'reminders', title: '提醒人数', value: s?.reminders },
        ].map((c) => (
          <Col key={c.key} flex="1 1 180px">
            <Card data-testid={`stat-${c.key}`}>
              <Statistic title={c.title} value={c.value ?? '—'} loading={stats.loading && !s} />
            </Card>
          </Col>
        ))}
      </Row>
      {a && (
        <Card title={kind === 'presale' ? '预售商品' : '活动商品'} size="small" style={{ marginBottom: 16 }}>
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={a.itemViews}
            data-testid="stats-items"
            columns={[
              { title: '商品', key: 'name', render: (_: unknown, iv) => `${iv.name}${iv.specValues.length ? `（${iv.specValues.join(' / ')}）` : ''}` },
              { title: '售价', dataIndex: 'salePrice', width: 100, align: 'right', render: (v: number) => yuan(v) },
              ...(kind === 'presale' ? [] : [{ title: '活动价', dataIndex: 'price', width: 100, align: 'right' as const, render: (v: number | null) => (v === null ? '—' : yuan(v)) }]),
              { title: '活动库存', dataIndex: 'stock', width: 100, align: 'right' },
              { title: '剩余', dataIndex: 'left', width: 80, align: 'right' },
              { title: '已售', dataIndex: 'sold', width: 80, align: 'right' },
            ]}
          />
        </Card>
      )}
      <Card title="活动订单（已支付）">
        <div data-testid="stats-table">
          <Table<ActivityOrderRow>
            rowKey="orderId"
            loading={stats.loading}
            columns={columns}
            dataSource={s?.rows.items ?? []}
            scroll={{ x: 800 }}
            {...tableProps(s?.rows.total ?? 0, (t) => `共 ${t} 个订单`)}
            locale={{ emptyText: stats.loading ? ' ' : '暂无订单' }}
          />
        </div>
      </Card>
    </div>
  );
}
