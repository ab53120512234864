/**
 * Where the Jingdou Cloud authorisation lives between calls (and between function instances): the account set's
 * appKey / appSecret / domain from `push_app_authorize` and the cached app-token.
 *
 * Times are ISO-8601 UTC strings, as everywhere in the database.
 */
import type { Database } from '../../db/types';

export interface JdyAuth {
  appKey: string;
  appSecret: string;
  /** the tenant's data-centre domain, sent as X-GW-Router-Addr */
  domain: string;
  accountId: string;
  accountName: string;
  /** null until the first token call (and after the token was found invalid) */
  appToken: string | null;
  tokenExpiresAt: string | null;
  /** when push_app_authorize answered */
  authorizedAt: string;
}

export interface TokenStore {
  load(): Promise<JdyAuth | null>;
  save(auth: JdyAuth): Promise<void>;
  /**
   * Forgets the app-token, but only if it is still `token`: another instance may already have stored a new one,
   * which must survive.
   */
  dropToken(token: string): Promise<void>;
  /** forgets everything (unbinding the ERP) */
  clear(): Promise<void>;
}

const FIELDS = ['appKey', 'appSecret', 'domain', 'accountId', 'accountName', 'appToken', 'tokenExpiresAt', 'authorizedAt'] as const;
const pick = (v: Record<string, unknown>): JdyAuth => Object.fromEntries(FIELDS.map((k) => [k, v[k] ?? null])) as unknown as JdyAuth;

/** For tests and single-process use. */
export class MemoryTokenStore implements TokenStore {
  private auth: JdyAuth | null;
  /** how many times save() was called (tests look at it) */
  saves = 0;
  constructor(initial: JdyAuth | null = null) {
    this.auth = initial ? { ...initial } : null;
  }
  async load() {
    return this.auth ? { ...this.auth } : null;
  }
  async save(auth: JdyAuth) {
    this.saves++;
    this.auth = pick(auth as unknown as Record<string, unknown>);
  }
  async dropToken(token: string) {
    if (this.auth && this.auth.appToken === token) this.auth = { ...this.auth, appToken: null, tokenExpiresAt: null };
  }
  async clear() {
    this.auth = null;
  }
}

export const JDY_AUTH_COLLECTION = 'jdy_auth';
export const JDY_AUTH_DOC = 'current';

/** The product's store: collection `jdy_auth`, document `current`. */
export class DbTokenStore implements TokenStore {
  constructor(
    private readonly db: Database,
    private readonly collection = JDY_AUTH_COLLECTION,
    private readonly docId = JDY_AUTH_DOC,
  ) {}
  async load(): Promise<JdyAuth | null> {
    const { data } = await this.db.collection(this.collection).doc(this.docId).get();
    const d = data[0];
    if (!d || typeof d.appKey !== 'string' || typeof d.appSecret !== 'string') return null;
    return pick(d);
  }
  async save(auth: JdyAuth) {
    await this.db.collection(this.collection).doc(this.docId).set({ ...pick(auth as unknown as Record<string, unknown>) });
  }
  async dropToken(token: string) {
    await this.db.collection(this.collection).where({ _id: this.docId, appToken: token }).update({ appToken: null, tokenExpiresAt: null });
  }
  async clear() {
    await this.db.collection(this.collection).doc(this.docId).remove();
  }
}
