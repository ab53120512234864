/**
 * The CloudBase entry point shared by every function folder: `exports.main = makeMain(def)`.
 *
 * - Called from the mini-program with `wx.cloud.callFunction({name, data: {action, data}})`: the caller is the
 *   shopper whose OPENID the platform puts in the function's environment (read through the SDK's
 *   auth().getUserInfo(), never from the event body).
 * - Called by the admin panel through CloudBase's HTTP access service: the event carries httpMethod, headers and
 *   body; the caller is the merchant whose session token is in `Authorization: Bearer ...`.
 * Both paths run the same `dispatch` as the local gateway.
 */
import { randomUUID } from 'node:crypto';
import tcb from '@cloudbase/node-sdk';
import { httpStatusOf, type Caller } from '@shop/types';
import { createCloudbaseDatabase } from '../db/cloudbase';
import type { Database } from '../db/types';
import { resolveCaller } from '../domain/auth/sessions';
import { createCloudbaseStorage } from '../storage/cloudbase';
import type { ObjectStorage } from '../storage/types';
import { dispatch, type FunctionDef } from './define';

interface HttpEvent {
  httpMethod: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}
const isHttp = (e: unknown): e is HttpEvent => typeof e === 'object' && e !== null && 'httpMethod' in e;

let cached: { app: ReturnType<typeof tcb.init>; db: Database; storage: ObjectStorage } | null = null;
const runtime = () => {
  if (!cached) {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
    cached = { app, db: createCloudbaseDatabase(app.database()), storage: createCloudbaseStorage(app) };
  }
  return cached;
};

export function makeMain(fn: FunctionDef) {
  return async (event: unknown) => {
    const { app, db, storage } = runtime();
    const requestId = randomUUID();
    const now = () => new Date();
    if (isHttp(event)) {
      const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      let body: { action?: unknown; data?: unknown } = {};
      try {
        const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : event.body ?? '{}';
        body = JSON.parse(raw || '{}');
      } catch {
        return httpReply(400, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'body must be JSON' } });
      }
      const auth = headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
      const caller = await resolveCaller(db, token, now());
      const result = await dispatch(fn, body.action, body.data, { db, storage, caller, now, requestId, platform: 'cloudbase', sessionToken: token });
      return httpReply(result.ok ? 200 : httpStatusOf(result.error.code), result);
    }
    const { action, data } = (event ?? {}) as { action?: unknown; data?: unknown };
    const info = app.auth().getUserInfo() as { openId?: string };
    const caller: Caller = info.openId ? { kind: 'shopper', openid: info.openId } : { kind: 'anonymous' };
    return dispatch(fn, action, data, { db, storage, caller, now, requestId, platform: 'cloudbase' });
  };
}

const httpReply = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});
