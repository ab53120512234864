/**
 * Which transport the server-API client uses here. `WXAPI_TRANSPORT=cloud|https` decides; by default the cloud call
 * when the caller runs inside CloudBase (it passes its CloudBase app), HTTPS otherwise. HTTPS needs the AppID and
 * AppSecret the owner entered (./settings); `WXAPI_BASE_URL` overrides the host stored with them.
 */
import type { Database } from '../../db/types';
import { cloudTransport, createWxApiClient, httpsTransport, type CloudCaller, type WxApiClient } from './client';
import { wxAppCredentials } from './settings';
import { dbTokenStore } from './tokens';

export async function wxApiClientFor(db: Database, o: { cloud?: CloudCaller; env?: Record<string, string | undefined>; fetch?: typeof fetch; now?: () => Date } = {}): Promise<WxApiClient | null> {
  const env = o.env ?? process.env;
  const mode = env.WXAPI_TRANSPORT ?? (o.cloud ? 'cloud' : 'https');
  if (mode === 'cloud') return o.cloud ? createWxApiClient(cloudTransport(o.cloud)) : null;
  const c = await wxAppCredentials(db);
  if (!c) return null;
  return createWxApiClient(httpsTransport({ baseUrl: env.WXAPI_BASE_URL || c.baseUrl, appid: c.appid, secret: c.secret, tokens: dbTokenStore(db), fetch: o.fetch, now: o.now }));
}
