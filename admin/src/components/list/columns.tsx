/** Table cells the list pages share: the 操作 column with its small link buttons, a two-line date / time, a shopper's openid. */
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Button, Space, Typography, type ButtonProps } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { formatTime } from '../../util';

/** A small link button in a row (its data-testid is `testId`). */
export const LinkButton = ({ testId, ...button }: Omit<ButtonProps, 'type' | 'size'> & { testId?: string }) => (
  <Button type="link" size="small" data-testid={testId} {...button} />
);

/** The 操作 column: the row's buttons side by side. */
export function actionsColumn<T>(width: number, buttons: (row: T, index: number) => ReactNode, fixed?: 'right'): ColumnType<T> {
  return { title: '操作', key: 'actions', width, ...(fixed ? { fixed } : {}), render: (_: unknown, row: T, i: number) => <Space size={4}>{buttons(row, i)}</Space> };
}

/** An instant as its date, and below it the time in grey. */
export const DateTimeCell = ({ at }: { at: string }) => (
  <div style={{ lineHeight: '20px' }}>
    {formatTime(at, 'YYYY-MM-DD')}
    <br />
    <Typography.Text type="secondary">{formatTime(at, 'HH:mm:ss')}</Typography.Text>
  </div>
);

/** A shopper's openid, small and cut to the cell, linking to the customer's page. */
export const OpenidCell = ({ openid }: { openid: string }) => (
  <Link to={`/customers/${encodeURIComponent(openid)}`}>
    <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: openid }}>
      {openid}
    </Typography.Text>
  </Link>
);
