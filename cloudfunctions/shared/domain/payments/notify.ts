/**
 * The notify endpoint's logic, shared by the local gateway route and the CloudBase HTTP function: verify the
 * signature over the raw body (within the time window), decrypt with the GCM tag checked, then settle. The answer
 * follows WeChat Pay's protocol: 204 when handled (WeChat stops sending), 4xx/5xx with {code: 'FAIL', message}
 * when not (WeChat sends it again on its schedule).
 */
import { AppError } from '../../runtime/errors';
import { WxSignatureError } from './wxcrypto';
import { maybeClient, type PayDeps } from './deps';
import { settlePaid, type WxTransaction } from './pay';
import { settleRefund } from './refunds';

export interface NotifyAnswer {
  status: number;
  body: { code: 'FAIL'; message: string } | null;
}

const fail = (status: number, message: string): NotifyAnswer => ({ status, body: { code: 'FAIL', message } });

export async function handleNotification(d: PayDeps, headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<NotifyAnswer> {
  const client = await maybeClient(d);
  if (!client) return fail(500, 'payments are not configured');
  let n;
  try {
    n = client.parseNotification<Record<string, any>>(headers, rawBody);
  } catch (e) {
    if (e instanceof WxSignatureError) {
      console.warn(`[wxpay notify] refused: ${e.message}`);
      // a body that is not what WeChat sends: 400; one whose signature or ciphertext does not check: 401
      return fail(e.reason === 'MALFORMED' ? 400 : 401, e.message);
    }
    throw e;
  }
  // the settling code reads these: an event without them is refused here, not failed there with a 500
  const key = n.event_type === 'TRANSACTION.SUCCESS' ? 'out_trade_no' : n.event_type.startsWith('REFUND.') ? 'out_refund_no' : null;
  if (key && typeof n.resource[key] !== 'string') {
    console.warn(`[wxpay notify] refused: ${n.event_type} without ${key}`);
    return fail(400, `the ${n.event_type} resource has no ${key}`);
  }
  try {
    if (n.event_type === 'TRANSACTION.SUCCESS') {
      const outcome = await settlePaid(d, client, n.resource as WxTransaction);
      if (outcome === 'unknown_trade') console.warn(`[wxpay notify] unknown out_trade_no ${String(n.resource.out_trade_no)}`);
    } else if (n.event_type.startsWith('REFUND.')) {
      await settleRefund(d, String(n.resource.out_refund_no), String(n.resource.refund_status), n.resource).catch((e) => {
        // a refund made outside the shop (the merchant platform) is none of ours: acknowledge it
        if (e instanceof AppError && e.code === 'NOT_FOUND') console.warn(`[wxpay notify] unknown out_refund_no ${String(n.resource.out_refund_no)}`);
        else throw e;
      });
    }
  } catch (e) {
    console.error('[wxpay notify] could not settle, WeChat will send it again', e);
    return fail(500, 'not settled, please retry');
  }
  return { status: 204, body: null };
}
