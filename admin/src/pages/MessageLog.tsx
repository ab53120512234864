/**
 * 消息记录 (owner and operator): every subscribe message the shop wrote for a shopper, newest first, by event, state
 * and order: its state, tries, WeChat's errcode and errmsg, and 重发 (owner) for one that failed or was not sent.
 * In the query string: `event`, `state`, `orderId`, `page`, `pageSize`.
 */
import { Link } from 'react-router-dom';
import { App, Button, Card, Select, Space, Typography } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import { MESSAGE_STATES, SUBSCRIBE_EVENTS, type MessageState, type SubscribeEvent, type WxMessage } from '@shop/types';
import { call, useSession } from '../api';
import { errorText } from '../errors';
import { formatTime } from '../util';
import { actionsColumn, DateTimeCell, ListHint, ListTable, ListToolbar, LoadError, OpenidCell, OrderIdSearch, PageHeader, StatusFilter, useListPage } from '../components/list';
import { EVENT_TEXT, MESSAGE_STATE_TEXT, MessageStateTag } from '../messages';

const pick = <S extends string>(all: readonly S[], v: string | null) => ((all as readonly string[]).includes(v ?? '') ? (v as S) : undefined);

export default function MessageLog() {
  const owner = useSession()?.admin.role === 'owner';
  const { params, update, table, error, reload } = useListPage<WxMessage>({
    load: (p, paging) =>
      call('messageAdmin', 'log', { event: pick(SUBSCRIBE_EVENTS, p.get('event')), state: pick(MESSAGE_STATES, p.get('state')), orderId: p.get('orderId')?.trim() || undefined, ...paging }),
  });
  const event = pick<SubscribeEvent>(SUBSCRIBE_EVENTS, params.get('event'));
  const state = pick<MessageState>(MESSAGE_STATES, params.get('state'));
  return (
    <div>
      <PageHeader title="消息记录" />
      <Card>
        <ListHint>订阅消息在订单支付、发货、可自提、退款、售后处理、活动开始和优惠券快到期时生成，由后台每分钟发送；微信繁忙时自动重试。顾客没有授权的消息不发送；发送失败的可以在授权后重发。</ListHint>
        <ListToolbar onRefresh={() => void reload()}>
          <Space wrap>
            <Select<SubscribeEvent>
              data-testid="msg-log-event"
              allowClear
              placeholder="全部事件"
              style={{ width: 220 }}
              value={event}
              onChange={(e) => update({ event: e })}
              options={SUBSCRIBE_EVENTS.map((e) => ({ value: e, label: EVENT_TEXT[e] }))}
            />
            <StatusFilter value={state} onChange={(s) => update({ state: s })} statuses={MESSAGE_STATES} text={MESSAGE_STATE_TEXT} testId="msg-log-state" />
            <OrderIdSearch testId="msg-log-order" value={params.get('orderId') ?? undefined} onSearch={(v) => update({ orderId: v || undefined })} width={220} />
          </Space>
        </ListToolbar>
        <LoadError error={error} text={errorText} testId="msg-log-error" />
        <ListTable<WxMessage>
          testId="msg-log-table"
          size="middle"
          scroll={{ x: 1200 }}
          empty="暂无消息"
          onRow={(r) => ({ 'data-id': r._id, 'data-state': r.state }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: '事件', dataIndex: 'event', width: 160, render: (e: SubscribeEvent) => EVENT_TEXT[e] ?? e },
            { title: '订单号', dataIndex: 'orderId', width: 190, render: (id: string | null, r) => (id ? <Link to={`/orders/${id}`}>{id}</Link> : <Typography.Text type="secondary">{r.ref}</Typography.Text>) },
            { title: '顾客 OpenID', dataIndex: 'openid', width: 170, render: (o: string) => <OpenidCell openid={o} /> },
            { title: '状态', dataIndex: 'state', width: 130, render: (_: unknown, r) => <MessageStateTag m={r} testId={`msg-state-${r._id}`} /> },
            { title: '尝试', dataIndex: 'tries', width: 60, align: 'right' },
            {
              title: '微信返回',
              key: 'error',
              render: (_: unknown, r) =>
                r.state === 'sent' ? (
                  'ok'
                ) : r.errcode != null || r.errmsg ? (
                  <Typography.Text type={r.state === 'failed' ? 'danger' : 'secondary'} data-testid={`msg-error-${r._id}`}>
                    {`${r.errcode ?? ''} ${r.errmsg ?? ''}`.trim()}
                    {r.state === 'queued' && r.nextAt && `（${formatTime(r.nextAt, 'MM-DD HH:mm:ss')} 再试）`}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            { title: '生成时间', dataIndex: 'createdAt', width: 120, render: (at: string) => <DateTimeCell at={at} /> },
            { title: '发送时间', dataIndex: 'sentAt', width: 120, render: (at: string | null) => (at ? <DateTimeCell at={at} /> : '—') },
            actionsColumn<WxMessage>(90, (r) => owner && (r.state === 'failed' || r.state === 'skipped') && <ResendButton id={r._id} done={() => void reload()} />, 'right'),
          ]}
          {...table((t) => `共 ${t} 条消息`)}
        />
      </Card>
    </div>
  );
}

function ResendButton({ id, done }: { id: string; done: () => void }) {
  const { message } = App.useApp();
  const resend = async () => {
    try {
      const r = await call('messageAdmin', 'resend', { id });
      if (r.resent) message.success('已重新排队，稍后自动发送');
      else message.info('这条消息不需要重发');
      done();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Button size="small" icon={<RedoOutlined />} data-testid={`msg-resend-${id}`} onClick={() => void resend()}>
      重发
    </Button>
  );
}
