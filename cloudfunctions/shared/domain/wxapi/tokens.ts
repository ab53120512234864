/**
 * The access token of the HTTPS transport (`POST /cgi-bin/stable_token`), cached in the database so that every
 * function instance shares one token (wxapi owns `wx_tokens`: one document per AppID). Replaced a few minutes before
 * it expires; dropped when WeChat says it is invalid, but only if it is still the one that failed (another instance
 * may already have stored a new one).
 */
import type { Database } from '../../db/types';

export interface CachedToken {
  accessToken: string;
  /** ISO-8601 UTC */
  expiresAt: string;
}

export interface WxTokenStore {
  load(appid: string): Promise<CachedToken | null>;
  save(appid: string, t: CachedToken): Promise<void>;
  /** forgets the token if it is still `token` */
  drop(appid: string, token: string): Promise<void>;
}

const TOKENS = 'wx_tokens';

export function dbTokenStore(db: Database): WxTokenStore {
  return {
    async load(appid) {
      const d = (await db.collection(TOKENS).doc(appid).get()).data[0];
      return d && typeof d.accessToken === 'string' && typeof d.expiresAt === 'string' ? { accessToken: d.accessToken, expiresAt: d.expiresAt } : null;
    },
    async save(appid, t) {
      await db.collection(TOKENS).doc(appid).set({ accessToken: t.accessToken, expiresAt: t.expiresAt });
    },
    async drop(appid, token) {
      await db.collection(TOKENS).where({ _id: appid, accessToken: token }).remove();
    },
  };
}

/** For tests and single-process use. */
export function memoryTokenStore(): WxTokenStore & { saves: number } {
  const m = new Map<string, CachedToken>();
  return {
    saves: 0,
    async load(appid) {
      return m.get(appid) ?? null;
    },
    async save(appid, t) {
      this.saves++;
      m.set(appid, { ...t });
    },
    async drop(appid, token) {
      if (m.get(appid)?.accessToken === token) m.delete(appid);
    },
  };
}
