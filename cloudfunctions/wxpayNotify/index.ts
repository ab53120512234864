/**
 * CloudBase entry point of `wxpayNotify`, reached through the HTTP access service at the URL configured as
 * WXPAY_NOTIFY_URL (cloudbaserc.json). WeChat Pay posts payment and refund notifications here; the signature is
 * checked over the raw body, so the body is taken exactly as it arrived (base64-decoded when the gateway encoded it).
 */
import tcb from '@cloudbase/node-sdk';
import { createCloudbaseDatabase } from '../shared/db/cloudbase';
import { handleNotification } from '../shared/domain/payments/notify';

interface HttpEvent {
  httpMethod?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export const main = async (event: HttpEvent) => {
  if (event.httpMethod !== 'POST') return { statusCode: 405, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'FAIL', message: 'POST only' }) };
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  const answer = await handleNotification(
    { db: createCloudbaseDatabase(app.database()), now: () => new Date(), notifyUrl: process.env.WXPAY_NOTIFY_URL ?? '' },
    event.headers ?? {},
    raw,
  );
  return {
    statusCode: answer.status,
    headers: { 'content-type': 'application/json' },
    body: answer.body ? JSON.stringify(answer.body) : '',
    isBase64Encoded: false,
  };
};
