/** Test helpers: a demo simulator on a controllable clock and a tiny signed client (what the product's ERP client will do). */
import { appSignature, buildQueryString, type JdyQuery, signedHeaders } from '@shop/functions/shared/domain/jdy/sign';
import { DEMO_ACCOUNTS, DEMO_JDY_CLIENT, DEMO_OUTER_INSTANCE_ID, demoJdyOptions } from './demo';
import { createJdySimulator, type JdySimOptions, type JdySimulator } from './sim';

export interface Res {
  status: number;
  body: any;
}

export interface Kit {
  sim: JdySimulator;
  base: string;
  /** the simulator clock (ms); tests move it */
  clock: { t: number };
  call(method: 'GET' | 'POST', path: string, o?: CallOpts): Promise<Res>;
  /** authorise + token for one demo account set: a `call` bound to its token and domain */
  login(accountIndex?: number): Promise<{ appKey: string; appSecret: string; token: string; domain: string; api: (method: 'GET' | 'POST', path: string, o?: CallOpts) => Promise<Res> }>;
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Res>;
  close(): Promise<void>;
}

export interface CallOpts {
  query?: JdyQuery;
  body?: unknown;
  token?: string;
  router?: string;
  clientId?: string;
  clientSecret?: string;
  /** sign with this timestamp (default: the simulator clock) */
  timestamp?: number;
  /** replace the signature */
  signature?: string;
}

export async function startKit(extra: Partial<JdySimOptions> = {}): Promise<Kit> {
  const clock = { t: Date.now() };
  const sim = createJdySimulator(demoJdyOptions({ now: () => new Date(clock.t), config: { tokenCallsPerMinute: 1000, faultTimeoutMs: 300 }, ...extra }));
  const base = await sim.listen();
  const call: Kit['call'] = async (method, path, o = {}) => {
    const h = signedHeaders({
      clientId: o.clientId ?? DEMO_JDY_CLIENT.clientId,
      clientSecret: o.clientSecret ?? DEMO_JDY_CLIENT.clientSecret,
      method,
      path,
      query: o.query,
      timestamp: o.timestamp ?? clock.t,
      ...(o.token !== undefined ? { appToken: o.token } : {}),
      ...(o.router !== undefined ? { routerAddr: o.router } : {}),
    });
    if (o.signature) h['X-Api-Signature'] = o.signature;
    const qs = buildQueryString(o.query);
    const res = await fetch(`${base}${path}${qs ? `?${qs}` : ''}`, { method, headers: h, body: method === 'POST' ? JSON.stringify(o.body ?? {}) : undefined });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const login: Kit['login'] = async (i = 0) => {
    const auth = await call('POST', '/jdyconnector/app_management/push_app_authorize', { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID } });
    const app = auth.body.data.find((x: { accountId: string }) => x.accountId === DEMO_ACCOUNTS[i].accountId);
    const tok = await call('GET', '/jdyconnector/app_management/kingdee_auth_token', { query: { app_key: app.appKey, app_signature: appSignature(app.appKey, app.appSecret) } });
    const token = tok.body.data['app-token'];
    return { appKey: app.appKey, appSecret: app.appSecret, token, domain: app.domain, api: (m, p, o = {}) => call(m, p, { token, router: app.domain, ...o }) };
  };
  const control: Kit['control'] = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* html */
    }
    return { status: res.status, body: parsed };
  };
  return { sim, base, clock, call, login, control, close: () => sim.close() };
}

/** the mall's binding: the default customer, warehouse and settlement account */
export async function bindDefaults(api: (method: 'GET' | 'POST', path: string, o?: CallOpts) => Promise<Res>) {
  const c = await api('POST', '/jdy/v2/bd/customer', { body: { number: 'WSCKH', name: '微商城客户' } });
  const s = await api('POST', '/jdy/v2/bd/store', { body: { number: 'WSCCK', name: '微商城仓库' } });
  const a = await api('POST', '/jdy/v2/bd/settlement_account', { body: { number: 'WSCXJ', name: '微商城现金' } });
  return { customerId: c.body.data.ids[0], storeId: s.body.data.ids[0], accountId: a.body.data.ids[0] };
}
