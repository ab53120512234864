/**
 * 活动提醒消息 (`#/activities/messages`): the reminder outbox — who asked to be told before which activity starts,
 * and whether the subscribe message went out. The status filter and the page live in the query string.
 */
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Card, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { ReminderMessage } from '@shop/types';
import { call } from '../api';
import { activityErrorText, MESSAGE_STATUSES, MESSAGE_STATUS_COLOR, MESSAGE_STATUS_TEXT, type MessageStatus } from '../activities';
import { ListTable, ListToolbar, LoadError, OpenidCell, PageHeader, StatusFilter, useListPage, ListHint } from '../components/list';
import { pageOf } from '../listQuery';
import { formatTime } from '../util';

const queryOf = (p: URLSearchParams) => {
  const status = p.get('status') as MessageStatus | null;
  return { ...(status && MESSAGE_STATUSES.includes(status) ? { status } : {}), ...pageOf(p) };
};

export default function ActivityMessages() {
  const { params, update, table, error, reload } = useListPage<ReminderMessage>({
    storageKey: 'shop.admin.activityMessages',
    load: (p) => call('activityAdmin', 'messages', queryOf(p)),
  });
  const query = useMemo(() => queryOf(params), [params]);

  const columns: TableColumnsType<ReminderMessage> = [
    { title: '活动', dataIndex: 'activityName', width: 200, render: (name: string, m) => <span data-testid={`message-activity-${m._id}`}>{name}</span> },
    { title: '顾客 OpenID', dataIndex: 'openid', width: 200, render: (o: string) => <OpenidCell openid={o} /> },
    {
      title: '商品',
      key: 'product',
      width: 200,
      render: (_: unknown, m) => (
        <Tooltip title={`商品 ID：${m.productId}`}>
          <Link to={`/products/${m.productId}/edit`} data-testid={`message-product-${m._id}`}>
            {m.productName || m.data.thing1 || m.productId}
          </Link>
        </Tooltip>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (s: MessageStatus, m) => (
        <Tag color={MESSAGE_STATUS_COLOR[s]} data-status={s} data-testid={`message-status-${m._id}`}>
          {MESSAGE_STATUS_TEXT[s] ?? s}
        </Tag>
      ),
    },
    { title: '尝试次数', dataIndex: 'attempts', width: 90, align: 'right' },
    {
      title: '错误',
      dataIndex: 'error',
      width: 180,
      render: (e: string | null) => (e ? <Typography.Text type="danger" ellipsis={{ tooltip: e }} style={{ maxWidth: 170 }}>{e}</Typography.Text> : '—'),
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 150, render: (v: string) => formatTime(v) },
    { title: '发送时间', dataIndex: 'sentAt', width: 150, render: (v: string | null) => (v ? formatTime(v) : '—') },
  ];

  return (
    <div>
      <PageHeader title="活动提醒消息" />
      <Card>
        <ListToolbar onRefresh={() => void reload()}>
          <StatusFilter value={query.status} onChange={(status) => update({ status })} statuses={MESSAGE_STATUSES} text={MESSAGE_STATUS_TEXT} testId="message-status-filter" />
        </ListToolbar>
        <ListHint>顾客在商品页点“提醒我”后，活动开始前按活动设置的分钟数发送微信订阅消息；发送不成功会自动重试，多次仍不成功的标记为失败。</ListHint>
        <LoadError error={error} text={activityErrorText} testId="message-error" />
        <ListTable<ReminderMessage> testId="message-table" columns={columns} scroll={{ x: 1100 }} {...table((t) => `共 ${t} 条消息`)} empty="暂无提醒消息" />
      </Card>
    </div>
  );
}
