/** Words and colours for after-sales requests (售后): status tags, type names, and the history's actions. */
import { Tag } from 'antd';
import { AFTERSALE_STATUS_TEXT, AFTERSALE_TYPE_TEXT, type AftersaleStatus, type AftersaleType } from '@shop/types';

export const AFTERSALE_STATUS_COLOR: Record<AftersaleStatus, string> = {
  pending: 'orange',
  rejected: 'default',
  cancelled: 'default',
  awaiting_return: 'blue',
  returned: 'gold',
  refunding: 'processing',
  refunded: 'green',
  exchange_shipped: 'cyan',
  completed: 'green',
};
export const AFTERSALE_TYPE_COLOR: Record<AftersaleType, string> = { refund: 'magenta', return_refund: 'volcano', exchange: 'geekblue' };

/** the request's history actions (the server's event names) */
export const AFTERSALE_ACTION_TEXT: Record<string, string> = {
  apply: '买家提交申请',
  agreeRefund: '同意退款',
  agreeReturn: '同意退货/换货',
  reject: '驳回',
  shipBack: '买家寄回',
  receive: '确认收货',
  refunded: '退款成功',
  shipExchange: '换货发出',
  confirmExchange: '买家确认收货',
  cancel: '买家撤销',
};

export const AftersaleStatusTag = ({ status, id }: { status: AftersaleStatus; id?: string }) => (
  <Tag color={AFTERSALE_STATUS_COLOR[status]} id={id} data-status={status}>
    {AFTERSALE_STATUS_TEXT[status] ?? status}
  </Tag>
);
export const AftersaleTypeTag = ({ type }: { type: AftersaleType }) => (
  <Tag color={AFTERSALE_TYPE_COLOR[type]} data-type={type}>
    {AFTERSALE_TYPE_TEXT[type] ?? type}
  </Tag>
);
