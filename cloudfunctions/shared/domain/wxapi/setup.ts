/**
 * Which transport the server-API client uses here. `WXAPI_TRANSPORT=cloud|https` decides; by default the cloud call
 * when the caller runs inside CloudBase (it passes its CloudBase app), HTTPS otherwise. HTTPS needs the AppID and
 * AppSecret the owner entered (./settings); `WXAPI_BASE_URL` overrides the host stored with them.
 */
import type { WxConnectionTest } from '@shop/types';
import type { Database } from '../../db/types';
import { cloudTransport, createWxApiClient, httpsTransport, type CloudCaller, type WxApiClient } from './client';
import { classifyWxError } from './errors';
import { wxAppCredentials } from './settings';
import { dbTokenStore } from './tokens';

interface SetupOptions {
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  now?: () => Date;
}

/** the HTTPS transport with the owner's AppID and AppSecret (null until both are entered) */
async function httpsWithStored(db: Database, o: SetupOptions) {
  const c = await wxAppCredentials(db);
  const env = o.env ?? process.env;
  return c && httpsTransport({ baseUrl: env.WXAPI_BASE_URL || c.baseUrl, appid: c.appid, secret: c.secret, tokens: dbTokenStore(db), fetch: o.fetch, now: o.now });
}

export async function wxApiClientFor(db: Database, o: SetupOptions & { cloud?: CloudCaller } = {}): Promise<WxApiClient | null> {
  const env = o.env ?? process.env;
  const mode = env.WXAPI_TRANSPORT ?? (o.cloud ? 'cloud' : 'https');
  if (mode === 'cloud') return o.cloud ? createWxApiClient(cloudTransport(o.cloud)) : null;
  const t = await httpsWithStored(db, o);
  return t && createWxApiClient(t);
}

/**
 * The admin's connection test: a new access token from stable_token with the stored AppID and AppSecret (cached for
 * the other calls, never answered), or WeChat's errcode and errmsg (40013 AppID, 40125 secret, 40164 IP whitelist …).
 */
export async function testWxConnection(db: Database, o: SetupOptions = {}): Promise<WxConnectionTest> {
  const started = Date.now();
  const t = await httpsWithStored(db, o);
  if (!t) return { ok: false, errcode: null, errmsg: '未设置 AppID 和 AppSecret', ms: 0 };
  try {
    await t.freshToken();
    return { ok: true, errcode: null, errmsg: null, ms: Date.now() - started };
  } catch (e) {
    const x = classifyWxError(e, 'stable_token');
    return { ok: false, errcode: x.errcode, errmsg: x.errmsg, ms: Date.now() - started };
  }
}
