/**
 * What the payment code needs from its caller: the database, the clock and the notify URL. The client is built
 * from the owner's settings on each use (one read), so a settings change applies to the next call.
 */
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { PaymentsError, WxpayClient } from './client';
import { clientConfig } from './settings';

export interface PayDeps {
  db: Database;
  now: () => Date;
  /** where WeChat Pay posts notifications; empty when the caller has none (the refund still works, by query) */
  notifyUrl: string;
}

export const depsOf = (ctx: { db: Database; now: () => Date; notifyUrl?: string }): PayDeps => ({
  db: ctx.db,
  now: ctx.now,
  notifyUrl: ctx.notifyUrl ?? process.env.WXPAY_NOTIFY_URL ?? '',
});

/** The client, or null while WeChat Pay is not set up. */
export async function maybeClient(d: PayDeps): Promise<WxpayClient | null> {
  const cfg = await clientConfig(d.db, d.notifyUrl || 'https://localhost/notify-url-not-set');
  // the protocol's clock is the real one: wechatpay-node-v3 signs with Date.now(), and answers are checked against it
  return cfg ? new WxpayClient(cfg) : null;
}

export async function requireClient(d: PayDeps): Promise<WxpayClient> {
  const c = await maybeClient(d);
  if (!c) throw new AppError('PAYMENT_NOT_CONFIGURED', '微信支付尚未配置，请联系商家');
  return c;
}

/** A failed call as the caller's error: nothing changed here, the shopper or merchant may try again. */
export function unavailable(e: unknown): AppError {
  if (e instanceof PaymentsError) {
    const code = e.wechatCode ? ` (${e.wechatCode})` : '';
    return new AppError('PAYMENT_UNAVAILABLE', `微信支付暂时不可用${code}: ${e.message}`, { reason: e.code, wechatCode: e.wechatCode });
  }
  return e instanceof AppError ? e : new AppError('PAYMENT_UNAVAILABLE', `微信支付暂时不可用: ${String(e)}`);
}

