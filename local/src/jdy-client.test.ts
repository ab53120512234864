/** The product's Jingdou Cloud client (cloudfunctions/shared/domain/jdy/client.ts) against the local simulator. */
import { JdyClient, type JdyClientOptions, type JdyPage, Pacer } from '@shop/functions/shared/domain/jdy/client';
import { isJdyError, JdyError, JDY_ERRCODES } from '@shop/functions/shared/domain/jdy/errors';
import { DbTokenStore, MemoryTokenStore } from '@shop/functions/shared/domain/jdy/tokens';
import { DEMO_ACCOUNTS, DEMO_JDY_CLIENT, DEMO_OUTER_INSTANCE_ID, demoJdyOptions } from './jdy-sim/demo';
import { createJdySimulator, type JdySimConfig, type JdySimulator } from './jdy-sim/sim';
import { startTestGateway } from './testing';

interface Env {
  sim: JdySimulator;
  url: string;
  store: MemoryTokenStore;
  client: JdyClient;
  /** a client on the same store, with other options */
  make(o?: JdyClientOptions & { accountId?: string; clientSecret?: string; store?: MemoryTokenStore | DbTokenStore }): JdyClient;
  control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<any>;
  /** calls the simulator logged for a path, oldest first */
  logged(path: string): Promise<{ status: number; errcode?: number }[]>;
}

const envs: Env[] = [];
async function start(o: { config?: Partial<JdySimConfig>; now?: () => Date; client?: JdyClientOptions } = {}): Promise<Env> {
  const sim = createJdySimulator(demoJdyOptions({ config: o.config, ...(o.now ? { now: o.now } : {}) }));
  const url = await sim.listen();
  const store = new MemoryTokenStore();
  const make: Env['make'] = (x = {}) => {
    const { accountId, clientSecret, store: s, ...opts } = x;
    return new JdyClient(
      { baseUrl: url, clientId: DEMO_JDY_CLIENT.clientId, clientSecret: clientSecret ?? DEMO_JDY_CLIENT.clientSecret, outerInstanceId: DEMO_OUTER_INSTANCE_ID, ...(accountId ? { accountId } : {}) },
      s ?? store,
      { ...o.client, ...opts },
    );
  };
  const control: Env['control'] = async (method, path, body) => {
    const res = await fetch(url + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  const logged: Env['logged'] = async (path) => {
    const rows = (await control('GET', '/_sim/log?limit=300')) as { url: string; status: number; errcode?: number }[];
    return rows.filter((r) => r.url.split('?')[0] === path).reverse();
  };
  const env = { sim, url, store, client: make(), make, control, logged };
  envs.push(env);
  return env;
}
afterEach(async () => {
  await Promise.all(envs.splice(0).map((e) => e.sim.close()));
});

const TOKEN = '/jdyconnector/app_management/kingdee_auth_token';
const AUTH = '/jdyconnector/app_management/push_app_authorize';
const caught = async (p: Promise<unknown>): Promise<JdyError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof JdyError) return e;
    throw e;
  }
  throw new Error('expected a JdyError');
};
const bind = async (c: JdyClient) => {
  await c.saveCustomer({ number: 'WSCKH', name: '微商城客户' });
  await c.saveStore({ number: 'WSCCK', name: '微商城仓库' });
  await c.saveSettlementAccount({ number: 'WSCXJ', name: '微商城现金' });
};

describe('authorisation and app-token', () => {
  it('authorises once, caches the token for many calls, and shares it through the store', async () => {
    const e = await start();
    const sets = await e.client.authorize();
    expect(sets.map((s) => s.accountId)).toEqual(DEMO_ACCOUNTS.map((a) => a.accountId));
    for (let i = 0; i < 8; i++) expect((await e.client.listMaterials()).rows.length).toBeGreaterThan(0);
    expect(e.client.stats).toMatchObject({ authorizeCalls: 1, tokenCalls: 1, requests: 8 });
    expect(await e.logged(TOKEN)).toHaveLength(1);
    const saved = (await e.store.load())!;
    expect(saved).toMatchObject({ accountId: DEMO_ACCOUNTS[0].accountId, appKey: 'DEMOAPPKEY01', domain: 'https://tf.jdy.com', appToken: expect.stringMatching(/^[0-9a-f]{48}$/) });
    expect(Date.parse(saved.tokenExpiresAt!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    // another function instance on the same store neither authorises nor asks for a token
    const other = e.make();
    await other.listMaterials();
    expect(other.stats).toMatchObject({ authorizeCalls: 0, tokenCalls: 0, requests: 1 });
  });

  it('picks the configured account set, and refuses an unknown one (not retryable)', async () => {
    const e = await start();
    const second = e.make({ accountId: DEMO_ACCOUNTS[1].accountId, store: new MemoryTokenStore() });
    const rows = (await second.listMaterials()).rows;
    expect(rows.map((r) => r.number)).toEqual(['SB002']);
    expect(second.account).toMatchObject({ accountId: DEMO_ACCOUNTS[1].accountId, domain: 'https://tf2.jdy.com' });
    const err = await caught(e.make({ accountId: '42', store: new MemoryTokenStore() }).listMaterials());
    expect(err).toMatchObject({ kind: 'auth', retryable: false });
  });

  it('a wrong client secret is a signature refusal: auth, HTTP 401, not retryable', async () => {
    const e = await start();
    const err = await caught(e.make({ clientSecret: 'x'.repeat(32), store: new MemoryTokenStore() }).listMaterials());
    expect(err).toMatchObject({ kind: 'auth', httpStatus: 401, retryable: false });
  });

  it('a token expired on the gateway mid-run is replaced transparently (one retry per call)', async () => {
    const e = await start({ config: { tokenCallsPerMinute: 10 } });
    for (let i = 0; i < 20; i++) {
      if (i === 5 || i === 13) await e.control('POST', '/_sim/token/expire', {});
      expect((await e.client.listInventory({ page_size: 5 })).page).toBe('1');
    }
    expect(e.client.stats).toMatchObject({ tokenCalls: 3, authorizeCalls: 1, requests: 22 });
    const refused = (await e.logged('/jdy/v2/scm/inventory')).filter((r) => r.errcode === 1030001002);
    expect(refused).toHaveLength(2);
  });

  it('renews the token before it expires on a shared clock (no refused call)', async () => {
    const clock = { t: Date.now() };
    const now = () => new Date(clock.t);
    const e = await start({ now, config: { tokenTtlMs: 3600_000 }, client: { now } });
    for (let i = 0; i < 12; i++) {
      await e.client.listMaterials({ page_size: 1 });
      clock.t += 7 * 60_000;
    }
    // t = 0 token 1 (until 60 min); t = 56 within the margin: asked, the gateway returns token 1 again (used until
    // its end); t = 63 token 2
    expect(e.client.stats.tokenCalls).toBe(3);
    expect(new Set((await e.logged(TOKEN)).map((r) => r.status))).toEqual(new Set([200]));
    expect((await e.logged('/jdy/v2/bd/material')).every((r) => r.errcode === 0)).toBe(true);
  });

  it('a token the gateway returns although it ends within 5 minutes is used, not asked for on every call', async () => {
    const e = await start({ config: { tokenTtlMs: 4 * 60_000 } });
    for (let i = 0; i < 5; i++) await e.client.listMaterials({ page_size: 1 });
    expect(e.client.stats.tokenCalls).toBe(1);
  });

  it('re-authorises after the appSecret rotated (token call answers 1030002006)', async () => {
    const e = await start({ config: { tokenCallsPerMinute: 10 } });
    await e.client.listMaterials();
    const before = (await e.store.load())!.appSecret;
    await e.control('POST', '/_sim/secret/rotate', {});
    await e.control('POST', '/_sim/token/expire', {});
    expect((await e.client.listMaterials()).rows.length).toBeGreaterThan(0);
    const after = (await e.store.load())!;
    expect(after.appSecret).not.toBe(before);
    expect(after.appSecret).toBe(e.sim.account().appSecret);
    expect(e.client.stats).toMatchObject({ authorizeCalls: 2, tokenCalls: 3 });
    expect((await e.logged(TOKEN)).map((r) => r.errcode)).toEqual([0, 1030002006, 0]);
  });

  it('re-authorises after the tenant moved (HTTP 502) and keeps the still valid token', async () => {
    const e = await start();
    await e.client.listMaterials();
    await e.control('POST', '/_sim/domain', { domain: 'https://tf9.jdy.com' });
    expect((await e.client.listMaterials()).rows.length).toBeGreaterThan(0);
    expect((await e.store.load())!.domain).toBe('https://tf9.jdy.com');
    expect(e.client.stats).toMatchObject({ authorizeCalls: 2, tokenCalls: 1, requests: 3 });
    expect((await e.logged('/jdy/v2/bd/material')).map((r) => r.status)).toEqual([200, 502, 200]);
  });

  it('concurrent calls refused together share one token call and one re-authorisation', async () => {
    const e = await start({ config: { tokenCallsPerMinute: 10 } });
    await e.client.listMaterials();
    await e.control('POST', '/_sim/token/expire', {});
    expect(await Promise.all(Array.from({ length: 6 }, () => e.client.listCustomers()))).toHaveLength(6);
    expect(e.client.stats).toMatchObject({ tokenCalls: 2, authorizeCalls: 1 });
    await e.control('POST', '/_sim/domain', { domain: 'https://tf8.jdy.com' });
    expect(await Promise.all(Array.from({ length: 6 }, () => e.client.listStores()))).toHaveLength(6);
    expect(e.client.stats).toMatchObject({ tokenCalls: 2, authorizeCalls: 2 });
  });

  it('a 502 that re-authorising does not explain is a retryable server error (one re-authorisation, no loop)', async () => {
    const e = await start();
    let fail = false;
    const flaky: typeof fetch = async (input, init) => {
      if (fail && String(input).includes('/jdy/v2/')) return new Response(JSON.stringify({ errcode: 502, description: 'Bad Gateway', data: null }), { status: 502 });
      return fetch(input, init);
    };
    const c = e.make({ fetch: flaky });
    await c.listMaterials();
    fail = true;
    expect(await caught(c.listMaterials())).toMatchObject({ kind: 'server', httpStatus: 502, retryable: true });
    expect(c.stats).toMatchObject({ authorizeCalls: 2, requests: 2 });
  });

  it('a rate-limited token call is a retryable rate_limited error', async () => {
    const e = await start(); // 2 token calls per minute per app_key
    await e.client.listMaterials();
    await e.control('POST', '/_sim/token/expire', {});
    await e.client.listMaterials();
    await e.control('POST', '/_sim/token/expire', {});
    const err = await caught(e.client.listMaterials());
    expect(err).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryable: true });
    expect(err.retryAfterMs).toBeGreaterThan(0);
  });
});

describe('DbTokenStore (jdy_auth / current)', () => {
  it('keeps the authorisation in the database; dropToken only clears the token it names', async () => {
    const gw = await startTestGateway();
    try {
      await gw.dbAdmin.ensureCollection('jdy_auth');
      const e = await start();
      const store = new DbTokenStore(gw.db);
      expect(await store.load()).toBeNull();
      const a = e.make({ store });
      await a.listMaterials();
      const saved = (await store.load())!;
      expect(saved).toMatchObject({ appKey: 'DEMOAPPKEY01', accountName: DEMO_ACCOUNTS[0].accountName, appToken: expect.any(String), authorizedAt: expect.any(String) });
      const b = e.make({ store: new DbTokenStore(gw.db) });
      await b.listCustomers();
      expect(b.stats).toMatchObject({ authorizeCalls: 0, tokenCalls: 0 });
      await store.dropToken('not-the-token');
      expect((await store.load())!.appToken).toBe(saved.appToken);
      await store.dropToken(saved.appToken!);
      expect(await store.load()).toMatchObject({ appToken: null, tokenExpiresAt: null, appKey: 'DEMOAPPKEY01' });
      await store.clear();
      expect(await store.load()).toBeNull();
    } finally {
      await gw.close();
    }
  });
});

describe('failures the outbox retries or not', () => {
  it('gateway 429 → rate_limited, retryable, with a suggested wait', async () => {
    const e = await start();
    await e.control('POST', '/_sim/config', { rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) await e.client.listMaterials();
    const err = await caught(e.client.listMaterials());
    expect(err).toMatchObject({ kind: 'rate_limited', httpStatus: 429, errcode: 429, retryable: true });
    expect(err.retryAfterMs).toBe(60_000);
  });

  it("'down' → network, 'timeout' → timeout, 500/503 → server, 2000002000 → server: all retryable", async () => {
    const e = await start({ config: { faultTimeoutMs: 5_000 }, client: { timeoutMs: 300 } });
    await e.client.listMaterials();
    await e.control('POST', '/_sim/faults', { match: '/jdy/v2', kind: 'down', count: 1 });
    expect(await caught(e.client.listMaterials())).toMatchObject({ kind: 'network', retryable: true, httpStatus: null, errcode: null });
    await e.control('POST', '/_sim/faults', { match: '/jdy/v2', kind: 'timeout', count: 1 });
    expect(await caught(e.client.listMaterials())).toMatchObject({ kind: 'timeout', retryable: true });
    await e.control('POST', '/_sim/faults', { match: '/jdy/v2', kind: 'status500', count: 1 });
    expect(await caught(e.client.listMaterials())).toMatchObject({ kind: 'server', httpStatus: 500, retryable: true });
    await e.control('POST', '/_sim/faults', { match: '/jdy/v2', kind: 'error', count: 1 });
    expect(await caught(e.client.listMaterials())).toMatchObject({ kind: 'server', errcode: 2000002000, retryable: true });
    await e.control('POST', '/_sim/faults', { match: '/jdy/v2', kind: 'down', forMs: 60_000 });
    expect(await caught(e.client.listMaterials())).toMatchObject({ kind: 'network' });
    await e.control('DELETE', '/_sim/faults');
    expect((await e.client.listMaterials()).rows.length).toBeGreaterThan(0);
  });

  it('a refused connection (nothing listening) is a network error', async () => {
    const e = await start();
    const url = e.url;
    await e.sim.close();
    envs.splice(envs.indexOf(e), 1);
    const c = new JdyClient({ baseUrl: url, ...DEMO_JDY_CLIENT, outerInstanceId: DEMO_OUTER_INSTANCE_ID }, new MemoryTokenStore());
    expect(await caught(c.listMaterials())).toMatchObject({ kind: 'network', retryable: true });
  });

  it('classifies the errcode table', () => {
    expect(JDY_ERRCODES[1030002002]).toMatchObject({ kind: 'duplicate', retryable: false });
    expect(JDY_ERRCODES[1030001002]).toMatchObject({ kind: 'auth', retryable: true, source: 'simulator' });
    expect(JDY_ERRCODES[1030002007]).toMatchObject({ kind: 'conflict', source: 'simulator' });
    for (const c of [1030002000, 1030002005, 1030002006]) expect(JDY_ERRCODES[c].kind).toBe('invalid');
    expect(isJdyError(new JdyError({ kind: 'not_found', retryable: false, description: 'x' }), 'not_found')).toBe(true);
  });
});

describe('master data, stock and documents', () => {
  it('saves and lists the binding (customer WSCKH, warehouse WSCCK, account WSCXJ); the pending stock appears', async () => {
    const e = await start();
    await bind(e.client);
    expect((await e.client.listCustomers({ number: 'WSCKH' })).rows).toEqual([expect.objectContaining({ number: 'WSCKH', name: '微商城客户' })]);
    expect((await e.client.listStores({ number: 'WSCCK' })).rows[0]).toMatchObject({ number: 'WSCCK', enable: '1' });
    expect((await e.client.listSettlementAccounts({ number: 'WSCXJ' })).rows[0]).toMatchObject({ number: 'WSCXJ', currency_number: 'CNY' });
    const again = await caught(e.client.saveCustomer({ number: 'WSCKH', name: '又一个' }));
    expect(again).toMatchObject({ kind: 'duplicate', errcode: 1030002002, retryable: false });
    const stock = await e.client.listInventory({ stock_numbers: ['WSCCK'], material_numbers: ['TS001', 'DG006'], page_size: 100 });
    expect(stock.rows).toHaveLength(13);
    expect(stock.rows.find((r) => r.aux_prop_name === '白色/M')).toMatchObject({ qty: '11', stock_number: 'WSCCK' });
  });

  it('saves an outbound for a SKU, reads it back by bill_no, refuses a duplicate, returns a line', async () => {
    const e = await start();
    await bind(e.client);
    const tee = await e.client.materialDetail({ number: 'TS001' });
    const sku = tee.aux_entity.find((s) => s.aux_combination_name === '黑色/L')!;
    expect(sku.sku_number).toMatch(/^TS001-/);
    const doc = {
      bill_no: 'WSC202611260001',
      bill_date: '2026-11-26',
      customer_number: 'WSCKH',
      material_entity: [{ material_number: 'TS001', stock_number: 'WSCCK', unit_id: tee.base_unit_id, aux_prop_id: sku.sku_id, qty: 2, price: 59 }],
      payment_entry: [{ settle_account_number: 'WSCXJ', paid_amount: 118 }],
      operation_key: 'audit' as const,
    };
    const saved = await e.client.saveOutbound(doc);
    expect(saved.ids).toHaveLength(1);
    expect(saved.id_number_map[saved.ids[0]]).toBe('WSC202611260001');
    const rows = (await e.client.listOutbound({ bill_no: 'WSC202611260001' })).rows;
    expect(rows).toEqual([expect.objectContaining({ id: saved.ids[0], bill_status: 'C', customer_number: 'WSCKH', total_amount: '118' })]);
    const detail = await e.client.outboundDetail({ number: 'WSC202611260001' });
    expect(detail.material_entity).toEqual([expect.objectContaining({ aux_prop_id: sku.sku_id, aux_prop_name: '黑色/L', qty: '2', price: '59' })]);
    expect(detail.payment_entry[0]).toMatchObject({ settle_account_number: 'WSCXJ', paid_amount: '118' });

    const dup = await caught(e.client.saveOutbound(doc));
    expect(dup).toMatchObject({ kind: 'duplicate', errcode: 1030002002, retryable: false });
    const missing = await caught(e.client.saveOutbound({ ...doc, bill_no: 'WSC202611260002', bill_date: '' }));
    expect(missing).toMatchObject({ kind: 'invalid', errcode: 1030002000, retryable: false });
    expect(await caught(e.client.outboundDetail({ number: 'NOPE' }))).toMatchObject({ kind: 'not_found', errcode: 1030002003 });
    const del = await caught(e.client.operate({ entity_number: 'sal_bill_outbound', ids: saved.ids, operate_type: 'delete' }));
    expect(del).toMatchObject({ kind: 'conflict', errcode: 1030002007, retryable: false });

    const ret = await e.client.saveReturn({
      bill_no: 'WSCTH202611260001',
      bill_date: '2026-11-26',
      customer_number: 'WSCKH',
      material_entity: [
        { material_number: 'TS001', stock_number: 'WSCCK', unit_id: tee.base_unit_id, aux_prop_id: sku.sku_id, qty: 1, price: 59, src_bill_type_id: 'sal_bill_outbound', src_inter_id: saved.ids[0], src_entry_id: detail.material_entity[0].id },
      ],
    });
    expect((await e.client.returnDetail({ id: ret.ids[0] })).material_entity[0]).toMatchObject({ src_inter_id: saved.ids[0], qty: '1' });
    expect((await e.client.listReturns({ bill_no: 'WSCTH202611260001' })).rows).toHaveLength(1);
    await e.client.operate({ entity_number: 'sal_bill_inbound', ids: ret.ids, operate_type: 'audit' });
    expect((await e.client.listReturns({ bill_status: 'C' })).rows.map((r) => r.bill_no)).toEqual(['WSCTH202611260001']);
  });
});

describe('paging and pacing', () => {
  it('listAll walks every page of materials (page_size 100)', async () => {
    const e = await start();
    for (let i = 0; i < 205; i += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, 205 - i) }, (_, j) => e.control('POST', '/_sim/materials', { number: `P${String(i + j).padStart(4, '0')}`, name: `批量商品 ${i + j}`, unit: '个' })),
      );
    }
    const pages: number[] = [];
    const all = await e.client.listAll((p) => {
      pages.push(p.page);
      expect(p.page_size).toBe(100);
      return e.client.listMaterials({ ...p, show_units: false });
    });
    expect(pages).toEqual([1, 2, 3]);
    expect(all).toHaveLength(211);
    expect(new Set(all.map((m) => m.id)).size).toBe(211);
    const window = await e.client.listAll((p) => e.client.listMaterials({ ...p, search: 'TS00' }));
    expect(window.map((m) => m.number).sort()).toEqual(['TS001', 'TS006']);
  });

  it('listAll stops at total_page or a short page (numbers as strings or not)', async () => {
    const e = await start();
    const page = (rows: number, total: number | string, n = rows): JdyPage<number> => ({ count: '0', total_page: total, page: 1, page_size: 100, current_page_size: n, rows: Array(rows).fill(0) });
    const seen: number[] = [];
    expect(await e.client.listAll(async (p) => (seen.push(p.page), page(100, '2')))).toHaveLength(200);
    expect(seen).toEqual([1, 2]);
    expect(await e.client.listAll(async () => page(0, 0))).toHaveLength(0);
  });

  it('paces a burst under maxPerMinute: waits (on an injected clock), never drops', async () => {
    const clock = { t: Date.now() };
    const now = () => new Date(clock.t);
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      clock.t += ms;
    };
    const e = await start({ now, client: { now, sleep, maxPerMinute: 120 } });
    const start0 = clock.t;
    const results = await Promise.all(Array.from({ length: 10 }, () => e.client.listMaterials({ page_size: 1 })));
    expect(results).toHaveLength(10);
    expect(e.client.stats).toMatchObject({ requests: 10, authorizeCalls: 1, tokenCalls: 1 }); // concurrent callers share one token call
    expect(e.client.stats.pacingWaits).toBeGreaterThanOrEqual(1);
    expect(slept.length).toBe(e.client.stats.pacingWaits);
    // burst 2, then (120 − 2)/min: 8 more calls need ≥ 8 × 508 ms of (virtual) waiting
    expect(clock.t - start0).toBeGreaterThanOrEqual(8 * 500);
    expect((await e.logged('/jdy/v2/bd/material')).every((r) => r.status === 200)).toBe(true);
  });

  it('the bucket never lets a sliding minute exceed maxPerMinute', async () => {
    const clock = { t: 0 };
    const p = new Pacer(450, undefined, () => clock.t, async (ms) => void (clock.t += ms));
    const at: number[] = [];
    for (let i = 0; i < 1500; i++) {
      await p.take();
      at.push(clock.t);
      if (i % 7 === 0) clock.t += 13; // some work between calls
    }
    let worst = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while (at[i] - at[j] >= 60_000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(450);
    expect(p.waits).toBeGreaterThan(0);
    const off = new Pacer(0, undefined, () => clock.t, async () => {
      throw new Error('no waiting when pacing is off');
    });
    for (let i = 0; i < 1000; i++) await off.take();
  });
});
