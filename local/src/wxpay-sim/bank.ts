/**
 * What the shopper and the bank do to the records: pay a transaction (or decline it), settle a refund, and settle
 * refunds by themselves when `refundAutoSettle` is on. Each change the merchant must hear of is notified.
 */
import { wxTime } from '@shop/functions/shared/domain/payments/wxcrypto';
import { SimError } from './errors';
import type { Notify } from './notifier';
import { compact, digits, refundNotice, refundView, transactionView, type SimContext, type SimRefund, type SimTransaction } from './state';

export interface Bank {
  /** the transaction can still be paid (NOTPAY or PAYERROR) */
  payable(t: SimTransaction): boolean;
  /** its time_expire has passed */
  expired(t: SimTransaction): boolean;
  /** the shopper pays (or the bank declines): what `/_sim/pay` and the cashier do */
  payTransaction(t: SimTransaction, outcome: 'success' | 'fail'): ReturnType<typeof transactionView>;
  /** the bank settles a PROCESSING refund: what `/_sim/refunds/:no/settle`, the console and auto-settlement do */
  settleRefund(r: SimRefund, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'): ReturnType<typeof refundView>;
  /** a new (or retried) refund: settled after `refundAutoSettle.afterMs` when that is on */
  scheduleAutoSettle(r: SimRefund): void;
}

export function createBank(ctx: SimContext, notify: Notify): Bank {
  const { config, now, merchantsById } = ctx;
  const payable = (t: SimTransaction) => t.trade_state === 'NOTPAY' || t.trade_state === 'PAYERROR';
  const expired = (t: SimTransaction) => !!t.time_expire && Date.parse(t.time_expire) <= now().getTime();

  function payTransaction(t: SimTransaction, outcome: 'success' | 'fail') {
    if (!payable(t)) throw new SimError(409, 'INVALID_STATE', `the order is ${t.trade_state}`);
    if (expired(t)) throw new SimError(409, 'ORDER_EXPIRED', `the order expired at ${t.time_expire}`);
    if (outcome === 'fail') {
      t.trade_state = 'PAYERROR';
      return transactionView(t);
    }
    t.trade_state = 'SUCCESS';
    t.transaction_id = `4200${compact(now()).slice(0, 8)}${digits(16)}`;
    t.success_time = wxTime(now());
    t.bank_type = 'OTHERS';
    const view = transactionView(t);
    const { promotion_detail: _p, ...plaintext } = view;
    notify(merchantsById.get(t.mchid)!.apiV3Key, t.notify_url, 'TRANSACTION.SUCCESS', 'transaction', '支付成功', plaintext);
    return view;
  }

  function settleRefund(r: SimRefund, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED') {
    if (r.status !== 'PROCESSING') throw new SimError(409, 'INVALID_STATE', `the refund is ${r.status}`);
    r.status = status;
    if (status === 'SUCCESS') r.success_time = wxTime(now());
    const summary = status === 'SUCCESS' ? '退款成功' : status === 'ABNORMAL' ? '退款异常' : '退款关闭';
    notify(merchantsById.get(r.mchid)!.apiV3Key, r.notify_url, `REFUND.${status}`, 'refund', summary, refundNotice(r));
    return refundView(r);
  }

  function scheduleAutoSettle(r: SimRefund) {
    const auto = config.refundAutoSettle;
    if (!auto || ctx.closed) return;
    const status = config.nextRefundOutcome ?? auto.status;
    config.nextRefundOutcome = null;
    ctx.later(auto.afterMs, () => {
      if (!ctx.closed && r.status === 'PROCESSING') settleRefund(r, status);
    });
  }

  return { payable, expired, payTransaction, settleRefund, scheduleAutoSettle };
}
