/**
 * Binding the shop to a Jingdou Cloud account set (账套绑定): the merchant enters the open-platform credentials,
 * picks an account set, and the defaults the orders use (customer WSCKH, warehouse WSCCK, settlement account WSCXJ)
 * are created there when missing. The binding can be tested and undone. The client secret is kept in `secrets`
 * (never answered); the binding itself in `sync_state/binding`.
 */
import type { SyncBinding } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { JdyClient, type JdyAccountSet, type JdyClientOptions } from '../jdy/client';
import { classifyJdyError } from '../jdy/errors';
import { DbTokenStore } from '../jdy/tokens';
import { BINDING_DOC, SYNC_STATE } from './outbox';
import { DEFAULT_NAMES, DEFAULTS, type Defaults } from './mapping';
import { readSecret, writeSecret } from '../settings/secrets';
import { takeUnlinkedProductsOffShelf } from '../catalog/erpLinks';

const SECRET_DOC = 'jdy' as const;

export type Binding = SyncBinding;

export interface CredentialsInput {
  baseUrl: string;
  clientId: string;
  /** omitted: keep the stored one */
  clientSecret?: string;
  outerInstanceId: string;
}

const EMPTY: Binding = { status: 'unbound', baseUrl: 'https://api.kingdee.com', clientId: '', outerInstanceId: '', accountId: null, accountName: null, defaults: DEFAULTS, hasSecret: false, boundAt: null, updatedAt: null };

export async function getBinding(db: Database): Promise<Binding> {
  const [b, s] = await Promise.all([db.collection(SYNC_STATE).doc(BINDING_DOC).get(), readSecret(db, SECRET_DOC)]);
  const d = (b.data[0] ?? {}) as Partial<Binding>;
  return { ...EMPTY, ...d, defaults: { ...DEFAULTS, ...(d.defaults ?? {}) }, hasSecret: !!s?.clientSecret } as Binding;
}

async function secretOf(db: Database): Promise<string> {
  const s = await readSecret(db, SECRET_DOC);
  if (!s?.clientSecret) throw new AppError('INVALID_STATE', '请先填写精斗云开放平台的 Client Secret');
  return String(s.clientSecret);
}

/** Saves the credentials (unbound until an account set is picked); changing them undoes a binding. */
export async function saveCredentials(db: Database, input: CredentialsInput, now: Date): Promise<Binding> {
  const t = now.toISOString();
  const cur = await getBinding(db);
  const changed = cur.baseUrl !== input.baseUrl.replace(/\/+$/, '') || cur.clientId !== input.clientId || cur.outerInstanceId !== input.outerInstanceId || !!input.clientSecret;
  if (input.clientSecret) await writeSecret(db, SECRET_DOC, { clientSecret: input.clientSecret, updatedAt: t });
  // the stored document comes back with its _id, which set() must not be given
  const { _id: _ignored, ...stored } = cur as Binding & { _id?: string };
  await db.collection(SYNC_STATE).doc(BINDING_DOC).set({
    ...stored,
    hasSecret: undefined,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    clientId: input.clientId,
    outerInstanceId: input.outerInstanceId,
    ...(changed ? { status: 'unbound', accountId: null, accountName: null, boundAt: null } : {}),
    updatedAt: t,
  });
  if (changed) await new DbTokenStore(db).clear();
  return getBinding(db);
}

/** A client for the stored binding (`accountId` overrides the bound one, for picking). */
export async function clientFor(db: Database, opts: JdyClientOptions & { accountId?: string } = {}): Promise<JdyClient> {
  const b = await getBinding(db);
  if (!b.clientId || !b.outerInstanceId) throw new AppError('INVALID_STATE', '尚未填写精斗云开放平台的凭证');
  const { accountId, ...options } = opts;
  return new JdyClient(
    { baseUrl: b.baseUrl, clientId: b.clientId, clientSecret: await secretOf(db), outerInstanceId: b.outerInstanceId, accountId: accountId ?? b.accountId ?? undefined },
    new DbTokenStore(db),
    options,
  );
}

/**
 * What the merchant reads when the ERP refuses or cannot be reached. A gateway 401/403 is a signature the gateway
 * would not accept: the client secret (or, rarely, the client id or this server's clock) is wrong, and waiting
 * will not help, so it is said in those words rather than as an outage with the gateway's English text.
 */
export function erpProblem(e: unknown): string {
  const j = classifyJdyError(e);
  if (j.kind === 'auth' && (j.httpStatus === 401 || j.httpStatus === 403)) {
    return /client ?id/i.test(j.description)
      ? '精斗云不认识这个 Client ID，请核对开放平台应用的 Client ID'
      : '精斗云拒绝了请求签名：Client Secret 不正确，请核对开放平台应用的 Client Secret（也请确认服务器时间准确）';
  }
  return `精斗云暂时无法访问：${j.description}`;
}

const unreachable = (e: unknown) => {
  const j = classifyJdyError(e);
  return new AppError('ERP_UNAVAILABLE', erpProblem(j), { kind: j.kind, errcode: j.errcode, httpStatus: j.httpStatus });
};

/** The account sets the credentials can reach (the merchant picks one). */
export async function accountSets(db: Database, opts: JdyClientOptions = {}): Promise<Pick<JdyAccountSet, 'accountId' | 'accountName' | 'groupName' | 'status'>[]> {
  const client = await clientFor(db, opts);
  const sets = await client.authorize().catch((e) => {
    throw unreachable(e);
  });
  return sets.map((s) => ({ accountId: s.accountId, accountName: s.accountName, groupName: s.groupName, status: s.status }));
}

/** Creates the default customer, warehouse and settlement account when the account set lacks them. */
async function ensureDefaults(client: JdyClient, d: Defaults): Promise<string[]> {
  const wanted = [
    { number: d.customer, list: () => client.listCustomers({ number: d.customer } as never), save: () => client.saveCustomer({ number: d.customer, name: DEFAULT_NAMES.customer }) },
    { number: d.warehouse, list: () => client.listStores({ number: d.warehouse } as never), save: () => client.saveStore({ number: d.warehouse, name: DEFAULT_NAMES.warehouse }) },
    {
      number: d.account,
      list: () => client.listSettlementAccounts({ number: d.account } as never),
      save: () => client.saveSettlementAccount({ number: d.account, name: DEFAULT_NAMES.account, currency_number: 'CNY' }),
    },
  ];
  const created: string[] = [];
  for (const w of wanted) {
    if ((await w.list()).rows.some((r) => r.number === w.number)) continue;
    await w.save();
    created.push(w.number);
  }
  return created;
}

/**
 * The mall's own products (not linked to an ERP material) go off shelf when the shop is bound (seed 000, 注意事项 3
 * and FAQ 5): they cannot be matched to materials, and the ERP's materials come in as new products for the merchant
 * to decorate and shelve. Nothing else about them changes; the merchant may put one back on shelf on purpose (its
 * orders then cannot go to the ERP and show as failed in the log). Returns how many went off shelf.
 */
const takeMallProductsOffShelf = (db: Database, now: Date): Promise<number> => takeUnlinkedProductsOffShelf(db, now);

/**
 * Binds the shop to an account set: authorises, creates the defaults, takes the mall's own products off shelf, and
 * from now on orders are queued.
 */
export async function bind(db: Database, accountId: string, now: Date, opts: JdyClientOptions = {}): Promise<Binding & { created: string[]; offShelf: number }> {
  const client = await clientFor(db, { ...opts, accountId });
  let created: string[];
  try {
    const sets = await client.authorize();
    const set = sets.find((s) => s.accountId === accountId);
    if (!set) throw new AppError('NOT_FOUND', `账套 ${accountId} 不在这组凭证的授权范围内`);
    created = await ensureDefaults(client, (await getBinding(db)).defaults);
    const t = now.toISOString();
    await db.collection(SYNC_STATE).doc(BINDING_DOC).update({ status: 'bound', accountId, accountName: set.accountName, boundAt: t, updatedAt: t });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unreachable(e);
  }
  const offShelf = await takeMallProductsOffShelf(db, now);
  return { ...(await getBinding(db)), created, offShelf };
}

/** Checks the binding end to end: a token and a read of the default warehouse. */
export async function testBinding(db: Database, now: () => Date, opts: JdyClientOptions = {}): Promise<{ ok: boolean; ms: number; warehouse: boolean; error: string | null }> {
  const b = await getBinding(db);
  if (b.status !== 'bound') throw new AppError('INVALID_STATE', '尚未绑定精斗云账套');
  const client = await clientFor(db, opts);
  const t0 = now().getTime();
  try {
    const stores = await client.listStores({ number: b.defaults.warehouse } as never);
    return { ok: true, ms: now().getTime() - t0, warehouse: stores.rows.some((r) => r.number === b.defaults.warehouse), error: null };
  } catch (e) {
    return { ok: false, ms: now().getTime() - t0, warehouse: false, error: erpProblem(e) };
  }
}

/** Undoes the binding: nothing more is queued or sent; what waits in the outbox stays for a later binding. */
export async function unbind(db: Database, now: Date): Promise<Binding> {
  await db.collection(SYNC_STATE).doc(BINDING_DOC).update({ status: 'unbound', boundAt: null, updatedAt: now.toISOString() });
  await new DbTokenStore(db).clear();
  return getBinding(db);
}
