/**
 * 同步日志 (第三方对接, owner only): the sync outbox, newest first, filtered by status, kind and order (in the query
 * string: `status`, `kind`, `orderId`, `page`, `pageSize`). 详情 opens a drawer with the last request and answer as
 * JSON; a dead item (失败待处理) can be sent again (重试).
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Drawer, Select, Space, Tag, Typography } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import type { SyncItemKind, SyncItemStatus, SyncLogItem } from '@shop/types';
import { call } from '../api';
import { ListTable, LoadError, PageHeader, RefreshButton, useListPage, OrderIdSearch } from '../components/list';
import { isForbidden, jdyMessageGist, JsonBlock, SYNC_KIND_TEXT, SYNC_STATUS_COLOR, SYNC_STATUS_TEXT, ownerOnly, SyncOwnerOnly, syncErrorText } from '../sync';
import { formatTime } from '../util';

const STATUSES = Object.keys(SYNC_STATUS_TEXT) as SyncItemStatus[];
const KINDS = Object.keys(SYNC_KIND_TEXT) as SyncItemKind[];
const pick = <T extends string>(v: string | null, all: readonly T[]): T | undefined => (v && (all as readonly string[]).includes(v) ? (v as T) : undefined);
const filtersOf = (p: URLSearchParams) => ({
  status: pick(p.get('status'), STATUSES),
  kind: pick(p.get('kind'), KINDS),
  orderId: p.get('orderId')?.trim() || undefined,
});
const time = (iso: string | null | undefined) => formatTime(iso, 'YYYY-MM-DD HH:mm:ss') || '—';

export default ownerOnly(ErpLog);

function ErpLog() {
  const { message } = App.useApp();
  const { params, update, table, data, error, reload } = useListPage<SyncLogItem>({ load: (p, paging) => call('syncAdmin', 'log', { ...filtersOf(p), ...paging }) });
  const { status, kind, orderId } = filtersOf(params);
  const [detail, setDetail] = useState<SyncLogItem | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  // the drawer shows the row as last loaded (e.g. after a retry)
  useEffect(() => {
    setDetail((d) => (d ? data.items.find((x) => x._id === d._id) ?? d : d));
  }, [data]);

  if (isForbidden(error)) return <SyncOwnerOnly />;

  const retry = async (item: SyncLogItem) => {
    setRetrying(item._id);
    setActionError(null);
    try {
      const r = await call('syncAdmin', 'retry', { id: item._id });
      message.success(r.retried ? '已重新发送' : '这条记录不需要重试');
      await reload();
    } catch (e) {
      setActionError(syncErrorText(e));
    } finally {
      setRetrying(null);
    }
  };

  const retryButton = (r: SyncLogItem, testId: string) => (
    <Button size="small" danger icon={<RedoOutlined />} loading={retrying === r._id} data-testid={testId} onClick={() => void retry(r)}>
      重试
    </Button>
  );

  return (
    <div>
      <PageHeader title="同步日志" wrap>
        {(
          [
            ['status', status, STATUSES.map((s) => ({ value: s, label: SYNC_STATUS_TEXT[s] })), '全部状态'],
            ['kind', kind, KINDS.map((k) => ({ value: k, label: SYNC_KIND_TEXT[k] })), '全部类型'],
          ] as [string, string | undefined, { value: string; label: string }[], string][]
        ).map(([key, value, options, placeholder]) => (
          <Select
            key={key}
            data-testid={`erp-log-${key}`}
            id={`erp-log-${key}`}
            allowClear
            placeholder={placeholder}
            style={{ width: 150 }}
            value={value}
            options={options}
            onChange={(v?: string) => update({ [key]: v })}
          />
        ))}
        <OrderIdSearch testId="erp-log-order" value={orderId} onSearch={(v) => update({ orderId: v })} width={240} />
        <RefreshButton testId="erp-log-refresh" onClick={() => void reload()} />
      </PageHeader>
      <Card>
        <LoadError error={error} text={syncErrorText} testId="erp-log-error" />
        {actionError && <Alert type="error" showIcon closable onClose={() => setActionError(null)} title={actionError} style={{ marginBottom: 12 }} data-testid="erp-log-action-error" />}
        <div data-testid="erp-log-table">
          <ListTable<SyncLogItem>
            size="middle"
            scroll={{ x: 1150 }}
            empty="暂无同步记录"
            onRow={(r) => ({ 'data-status': r.status, 'data-kind': r.kind }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '类型', dataIndex: 'kind', width: 90, render: (k: SyncItemKind) => SYNC_KIND_TEXT[k] ?? k },
              {
                title: '订单',
                dataIndex: 'orderId',
                width: 190,
                render: (id: string, r) => (
                  <Space orientation="vertical" size={0}>
                    <Link to={`/orders/${id}`} data-testid={`erp-log-order-${r._id}`}>
                      {id}
                    </Link>
                    {r.aftersaleId && (
                      <Link to={`/aftersales/${r.aftersaleId}`} style={{ fontSize: 12 }}>
                        售后 {r.aftersaleId}
                      </Link>
                    )}
                  </Space>
                ),
              },
              {
                title: '状态',
                dataIndex: 'status',
                width: 135,
                render: (s: SyncItemStatus, r) => (
                  <Space orientation="vertical" size={2}>
                    <Tag color={SYNC_STATUS_COLOR[s]} data-testid={`erp-log-status-${r._id}`} data-status={s}>
                      {SYNC_STATUS_TEXT[s] ?? s}
                    </Tag>
                    {s === 'pending' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`erp-log-next-${r._id}`}>
                        下次尝试 {formatTime(r.nextAttemptAt, 'MM-DD HH:mm:ss')}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              { title: '尝试', dataIndex: 'attempts', width: 60, align: 'right', render: (n: number, r) => <span data-testid={`erp-log-attempts-${r._id}`}>{n}</span> },
              { title: '精斗云单号', dataIndex: 'erpNumber', width: 160, render: (n: string | null, r) => <span data-testid={`erp-log-erp-number-${r._id}`}>{n ?? '—'}</span> },
              {
                title: '最后错误',
                dataIndex: 'lastError',
                render: (e: string | null, r) =>
                  e ? (
                    <Typography.Paragraph type={r.status === 'dead' ? 'danger' : 'secondary'} ellipsis={{ rows: 2, tooltip: e }} style={{ margin: 0 }} data-testid={`erp-log-last-error-${r._id}`}>
                      {jdyMessageGist(e) ? `${jdyMessageGist(e)}：` : ''}
                      {e}
                    </Typography.Paragraph>
                  ) : (
                    '—'
                  ),
              },
              {
                title: '时间',
                key: 'times',
                width: 170,
                render: (_: unknown, r) => (
                  <Space orientation="vertical" size={0} style={{ fontSize: 12 }}>
                    <span>创建 {formatTime(r.createdAt, 'MM-DD HH:mm:ss')}</span>
                    {r.sentAt && <span data-testid={`erp-log-sent-at-${r._id}`}>同步 {formatTime(r.sentAt, 'MM-DD HH:mm:ss')}</span>}
                  </Space>
                ),
              },
              {
                title: '操作',
                key: 'actions',
                width: 130,
                fixed: 'right',
                render: (_: unknown, r) => (
                  <Space>
                    <Button size="small" data-testid={`erp-log-detail-${r._id}`} onClick={() => setDetail(r)}>
                      详情
                    </Button>
                    {r.status === 'dead' && retryButton(r, `erp-log-retry-${r._id}`)}
                  </Space>
                ),
              },
            ]}
            {...table((t) => `共 ${t} 条`)}
          />
        </div>
      </Card>

      <Drawer
        open={!!detail}
        onClose={() => setDetail(null)}
        size={720}
        title={detail ? `${SYNC_KIND_TEXT[detail.kind] ?? detail.kind} · 订单 ${detail.orderId}` : ''}
        extra={detail?.status === 'dead' ? retryButton(detail, 'erp-log-drawer-retry') : undefined}
        rootClassName="erp-log-drawer"
      >
        {detail && (
          <div data-testid="erp-log-drawer">
            <Descriptions column={2} size="small" style={{ marginBottom: 16 }}>
              <Descriptions.Item label="状态">
                <Tag color={SYNC_STATUS_COLOR[detail.status]}>{SYNC_STATUS_TEXT[detail.status]}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="尝试次数">{detail.attempts}</Descriptions.Item>
              <Descriptions.Item label="精斗云单号">{detail.erpNumber ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="精斗云 ID">{detail.erpId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="创建时间">{time(detail.createdAt)}</Descriptions.Item>
              <Descriptions.Item label="更新时间">{time(detail.updatedAt)}</Descriptions.Item>
              <Descriptions.Item label="同步时间">{time(detail.sentAt)}</Descriptions.Item>
              <Descriptions.Item label="下次尝试">{detail.status === 'pending' ? time(detail.nextAttemptAt) : '—'}</Descriptions.Item>
              {detail.lastError && (
                <Descriptions.Item label="最后错误" span={2}>
                  <Typography.Text type="danger">{detail.lastError}</Typography.Text>
                </Descriptions.Item>
              )}
            </Descriptions>
            <Typography.Title level={5}>最后一次请求</Typography.Title>
            <JsonBlock value={detail.lastRequest} testId="erp-log-request" />
            <Typography.Title level={5}>最后一次响应</Typography.Title>
            <JsonBlock value={detail.lastResponse} testId="erp-log-response" />
          </div>
        )}
      </Drawer>
    </div>
  );
}
