/**
 * The mini-program's AppID and AppSecret for the HTTPS transport (outside CloudBase). The secret is entered by the
 * owner and kept in `secrets` (document `wxapp`, through settings/secrets.ts), like the WeChat Pay keys: `view()` is
 * the only shape that leaves this module, and it tells only whether a secret is set.
 */
import { WXAPI_BASE_URL, type WxAppSettingsView } from '@shop/types';
import { readSecret, writeSecret } from '../settings/secrets';
import type { Database } from '../../db/types';

export interface WxAppCredentials {
  appid: string;
  secret: string;
  /** WeChat's host, or locally the simulator's URL */
  baseUrl: string;
}

async function load(db: Database) {
  const d = await readSecret(db, 'wxapp');
  return d && typeof d.appid === 'string' ? (d as unknown as WxAppCredentials & { updatedAt: string }) : null;
}

const view = (s: (WxAppCredentials & { updatedAt: string }) | null): WxAppSettingsView => ({
  configured: !!s?.appid && !!s.secret,
  appid: s?.appid ?? null,
  secretSet: !!s?.secret,
  baseUrl: s?.baseUrl ?? WXAPI_BASE_URL,
  updatedAt: s?.updatedAt ?? null,
});

export async function getWxAppSettings(db: Database): Promise<WxAppSettingsView> {
  return view(await load(db));
}

/** Saves; a secret left out (or empty) keeps the stored one. */
export async function saveWxAppSettings(db: Database, input: { appid: string; secret?: string; baseUrl?: string }, now: Date): Promise<WxAppSettingsView> {
  const current = await load(db);
  const next = {
    appid: input.appid.trim(),
    secret: input.secret?.trim() || (current?.appid === input.appid.trim() ? current.secret : '') || '',
    baseUrl: (input.baseUrl ?? current?.baseUrl ?? WXAPI_BASE_URL).replace(/\/+$/, ''),
    updatedAt: now.toISOString(),
  };
  await writeSecret(db, 'wxapp', next);
  return view(next);
}

/** What the HTTPS transport needs, or null until the owner has entered the AppID and the AppSecret. */
export async function wxAppCredentials(db: Database): Promise<WxAppCredentials | null> {
  const s = await load(db);
  return s && s.appid && s.secret ? { appid: s.appid, secret: s.secret, baseUrl: s.baseUrl || WXAPI_BASE_URL } : null;
}
