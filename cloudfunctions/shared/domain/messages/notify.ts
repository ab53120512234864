/**
 * What other domains call, inside their own transaction, to tell the shopper (they never touch this folder's
 * collections): an after-sales decision, a refund WeChat Pay could not pay out.
 */
import type { Aftersale, Order } from '@shop/types';
import type { Transaction } from '../../db/types';
import { queueMessage } from './outbox';
import { aftersaleResultMessage, refundResultMessage } from './events';

export const notifyAftersaleDecision = (tx: Transaction, a: Pick<Aftersale, '_id' | 'orderId' | 'openid' | 'lines'>, d: { agreed: boolean; note: string }, now: Date) =>
  queueMessage(tx, aftersaleResultMessage(a, d, now), now);

export const notifyRefundFailed = (tx: Transaction, o: Pick<Order, '_id' | 'openid'>, r: { refundNo: string; amount: number }, now: Date) =>
  queueMessage(tx, refundResultMessage(o, { ...r, ok: false }, now), now);
