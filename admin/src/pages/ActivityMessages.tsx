/**
 * 活动提醒消息 (`#/activities/messages`): the reminder outbox — who asked to be told before which activity starts,
 * and whether the subscribe message went out. The status filter and the page live in the query string.
 */
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Radio, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { ReminderMessage } from '@shop/types';
import { call } from '../api';
import { activityErrorText, MESSAGE_STATUSES, MESSAGE_STATUS_COLOR, MESSAGE_STATUS_TEXT, type MessageStatus } from '../activities';
import { NO_ROWS, pageOf, useListQuery, type Rows } from '../listQuery';
import { formatTime, useLoader } from '../util';

export default function ActivityMessages() {
  const { params, queryKey, update, tableProps } = useListQuery({ storageKey: 'shop.admin.activityMessages' });
  const query = useMemo(() => {
    const status = params.get('status') as MessageStatus | null;
    return { ...(status && MESSAGE_STATUSES.includes(status) ? { status } : {}), ...pageOf(params) };
  }, [params]);
  const { data, loading, error, reload } = useLoader<Rows<ReminderMessage>>(() => call('activityAdmin', 'messages', query), [queryKey], NO_ROWS);

  const columns: TableColumnsType<ReminderMessage> = [
    { title: '活动', dataIndex: 'activityName', width: 200, render: (name: string, m) => <span data-testid={`message-activity-${m._id}`}>{name}</span> },
    {
      title: '顾客 OpenID',
      dataIndex: 'openid',
      width: 200,
      render: (o: string) => (
        <Link to={`/customers/${encodeURIComponent(o)}`}>
          <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: o }}>
            {o}
          </Typography.Text>
        </Link>
      ),
    },
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
      <div className="page-title">
        <h2>活动提醒消息</h2>
      </div>
      <Card>
        <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
          <Radio.Group
            optionType="button"
            value={query.status ?? ''}
            onChange={(e) => update({ status: e.target.value || undefined })}
            data-testid="message-status-filter"
            options={[{ value: '', label: '全部' }, ...MESSAGE_STATUSES.map((s) => ({ value: s, label: MESSAGE_STATUS_TEXT[s] }))]}
          />
          <Tooltip title="刷新">
            <Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label="刷新" />
          </Tooltip>
        </Space>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="顾客在商品页点“提醒我”后，活动开始前按活动设置的分钟数发送微信订阅消息；发送不成功会自动重试，多次仍不成功的标记为失败。"
        />
        {error != null && <Alert type="error" showIcon title={activityErrorText(error)} style={{ marginBottom: 12 }} data-testid="message-error" />}
        <div data-testid="message-table">
          <Table<ReminderMessage>
            rowKey="_id"
            loading={loading}
            columns={columns}
            dataSource={data.items}
            scroll={{ x: 1100 }}
            {...tableProps(data.total, (t) => `共 ${t} 条消息`)}
            locale={{ emptyText: loading ? ' ' : '暂无提醒消息' }}
          />
        </div>
      </Card>
    </div>
  );
}
