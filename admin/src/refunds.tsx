/**
 * WeChat Pay refunds as the order detail and the refunds page show them: status names and colours, the refunds
 * table with its 重试 action (ABNORMAL / FAILED), and the errors a refund request can meet.
 */
import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Table, Tag, Tooltip, Typography, type TableColumnsType, type TableProps } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import { formatYuan, type Refund, type RefundSource, type RefundStatus } from '@shop/types';
import { ApiError, call } from './api';
import { actionErrorText, byText, notifyOrdersChanged, yuan } from './orders';
import { formatTime } from './util';

export const REFUND_STATUS_TEXT: Record<RefundStatus, string> = {
  PENDING: '待发起',
  PROCESSING: '退款中',
  SUCCESS: '已退款',
  ABNORMAL: '退款异常',
  CLOSED: '已关闭',
  FAILED: '退款失败',
};
export const REFUND_STATUS_COLOR: Record<RefundStatus, string> = {
  PENDING: 'default',
  PROCESSING: 'processing',
  SUCCESS: 'success',
  ABNORMAL: 'error',
  CLOSED: 'default',
  FAILED: 'error',
};
export const REFUND_SOURCE_TEXT: Record<RefundSource, string> = { merchant: '商家退款', cancel: '取消订单', aftersale: '售后', late_payment: '逾期/重复付款' };

/** still moving at WeChat: pages showing one poll until it settles */
export const refundInFlight = (s: RefundStatus) => s === 'PENDING' || s === 'PROCESSING';
export const canRetry = (s: RefundStatus) => s === 'ABNORMAL' || s === 'FAILED';

export const RefundStatusTag = ({ status, testId }: { status: RefundStatus; testId?: string }) => (
  <Tag color={REFUND_STATUS_COLOR[status]} data-testid={testId} data-status={status}>
    {REFUND_STATUS_TEXT[status] ?? status}
  </Tag>
);

/** actionErrorText, plus how much is still refundable when the amount was too high. */
export const refundErrorText = (e: unknown): string => {
  if (e instanceof ApiError && e.code === 'REFUND_EXCEEDS_PAID') {
    const left = (e.details as { refundable?: unknown } | undefined)?.refundable;
    if (typeof left === 'number') return `退款金额超过可退金额，最多还能退 ¥${formatYuan(left)}`;
  }
  return actionErrorText(e);
};

/**
 * A list of refunds: no, (order,) amount, status, reason, WeChat's error, time, and 重试 on ABNORMAL / FAILED rows
 * (the button's id is `<retryIdPrefix>-<row index>`). `onChanged` gets the refund after a retry.
 */
export function RefundTable({
  refunds,
  retryIdPrefix,
  showOrder = false,
  onChanged,
  ...rest
}: { refunds: Refund[]; retryIdPrefix: string; showOrder?: boolean; onChanged: (r: Refund) => void } & Omit<TableProps<Refund>, 'columns' | 'dataSource'>) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);

  const retry = async (r: Refund) => {
    setBusy(r._id);
    try {
      const next = await call('orderAdmin', 'retryRefund', { refundNo: r._id });
      message.success(`已重新发起退款 ${r._id}（${REFUND_STATUS_TEXT[next.status]}）`);
      onChanged(next);
      notifyOrdersChanged();
    } catch (e) {
      message.error(refundErrorText(e));
      const failed = e instanceof ApiError ? (e.details as { refund?: Refund } | undefined)?.refund : undefined;
      if (failed) onChanged(failed);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<Refund> = [
    {
      title: '退款单号',
      dataIndex: '_id',
      width: 200,
      render: (no: string, r) => (
        <div>
          <Typography.Text copyable={{ text: no }} style={{ fontFamily: 'monospace', fontSize: 12 }}>
            {no}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {REFUND_SOURCE_TEXT[r.source] ?? r.source} · {byText(r.by)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...(showOrder
      ? [
          {
            title: '订单号',
            dataIndex: 'orderId',
            width: 190,
            render: (id: string) => (
              <Link to={`/orders/${id}`} style={{ fontFamily: 'monospace' }} data-testid={`refund-order-${id}`}>
                {id}
              </Link>
            ),
          },
        ]
      : []),
    {
      title: '金额',
      dataIndex: 'amount',
      width: 110,
      align: 'right',
      render: (v: number, r) => (
        <Tooltip title={`支付总额 ${yuan(r.total)}`}>
          <Typography.Text strong data-fen={v}>
            {yuan(v)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    { title: '状态', dataIndex: 'status', width: 100, render: (s: RefundStatus) => <RefundStatusTag status={s} /> },
    { title: '原因', dataIndex: 'reason', ellipsis: true },
    {
      title: '错误',
      dataIndex: 'error',
      ellipsis: true,
      render: (e: string | null, r) =>
        e && r.status !== 'SUCCESS' ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {e}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '时间',
      key: 'time',
      width: 150,
      render: (_: unknown, r) => (
        <div style={{ lineHeight: '20px' }}>
          {formatTime(r.createdAt, 'YYYY-MM-DD HH:mm:ss')}
          {r.successAt && (
            <div>
              <Typography.Text type="success" style={{ fontSize: 12 }}>
                到账 {formatTime(r.successAt, 'MM-DD HH:mm:ss')}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_: unknown, r, i) =>
        canRetry(r.status) ? (
          <Button size="small" icon={<RedoOutlined />} id={`${retryIdPrefix}-${i}`} loading={busy === r._id} onClick={() => void retry(r)}>
            重试
          </Button>
        ) : null,
    },
  ];

  return <Table<Refund> rowKey="_id" size="small" columns={columns} dataSource={refunds} onRow={(r) => ({ 'data-status': r.status }) as HTMLAttributes<HTMLElement>} {...rest} />;
}
