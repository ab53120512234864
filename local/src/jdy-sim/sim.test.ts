/** Protocol: signing, authorisation and app-token, router address, limits, faults, call log, console, persistence. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appSignature } from '@shop/functions/shared/domain/jdy/sign';
import { DEMO_ACCOUNTS, DEMO_JDY_CLIENT, DEMO_OUTER_INSTANCE_ID } from './demo';
import { bindDefaults, type Kit, startKit } from './testkit';

let k: Kit;
beforeAll(async () => {
  k = await startKit();
});
afterAll(() => k.close());
afterEach(async () => {
  k.sim.faults.clear();
  k.sim.config.rateLimitPerMinute = 500;
  k.sim.config.tokenCallsPerMinute = 1000;
});

const AUTH = '/jdyconnector/app_management/push_app_authorize';
const TOKEN = '/jdyconnector/app_management/kingdee_auth_token';
const MATERIAL = '/jdy/v2/bd/material';

describe('signature', () => {
  it('accepts a signed call and refuses a bad signature, a stale timestamp, an unknown client (HTTP 401)', async () => {
    const ok = await k.call('POST', AUTH, { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID } });
    expect(ok.status).toBe(200);
    expect(ok.body.errcode).toBe(0);
    const bad = await k.call('POST', AUTH, { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID }, signature: 'T1RGaVpUbGlOREZp' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ errcode: 401, data: null });
    expect(bad.body.description).toMatch(/signature/);
    const stale = await k.call('POST', AUTH, { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID }, timestamp: k.clock.t - 5 * 60_000 - 1000 });
    expect(stale.status).toBe(401);
    expect(stale.body.description).toMatch(/timestamp/);
    const wrongSecret = await k.call('POST', AUTH, { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID }, clientSecret: 'x'.repeat(32) });
    expect(wrongSecret.status).toBe(401);
    const unknown = await k.call('POST', AUTH, { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID }, clientId: 'nobody' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.description).toMatch(/client/);
  });

  it('signs the query: a call whose query was changed after signing is refused', async () => {
    const s = await k.login();
    const { signedHeaders } = await import('@shop/functions/shared/domain/jdy/sign');
    const h = signedHeaders({ ...DEMO_JDY_CLIENT, method: 'GET', path: MATERIAL, query: { page: 1 }, timestamp: k.clock.t, appToken: s.token, routerAddr: s.domain });
    const res = await fetch(`${k.base}${MATERIAL}?page=2`, { headers: h });
    expect(res.status).toBe(401);
  });
});

describe('authorisation and app-token', () => {
  it('push_app_authorize lists the account sets of the instance; the token opens /jdy/v2', async () => {
    const auth = await k.call('POST', AUTH, { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID } });
    expect(auth.body.data).toHaveLength(2);
    expect(auth.body.data[0]).toMatchObject({ accountId: DEMO_ACCOUNTS[0].accountId, domain: 'https://tf.jdy.com', status: 1, outerInstanceId: DEMO_OUTER_INSTANCE_ID });
    expect(auth.body.data[0].appKey).toBeTruthy();
    expect(auth.body.data[0].appSecret).toBeTruthy();
    expect((await k.call('POST', AUTH, { query: { outerInstanceId: 'other' } })).body.data).toEqual([]);
    expect((await k.call('POST', AUTH)).body.errcode).toBe(1030002000);

    const { appKey, appSecret, domain } = auth.body.data[0];
    const tok = await k.call('GET', TOKEN, { query: { app_key: appKey, app_signature: appSignature(appKey, appSecret) } });
    expect(tok.body.errcode).toBe(0);
    const token = tok.body.data['app-token'];
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(tok.body.data.expires_in).toBe(24 * 3600);
    const list = await k.call('GET', MATERIAL, { token, router: domain });
    expect(list.body.errcode).toBe(0);
    expect(list.body.data.rows.length).toBeGreaterThan(0);

    const bad = await k.call('GET', TOKEN, { query: { app_key: appKey, app_signature: appSignature(appKey, 'wrong') } });
    expect(bad.body.errcode).toBe(1030002006);
    expect((await k.call('GET', TOKEN, { query: { app_key: 'nope', app_signature: 'x' } })).body.errcode).toBe(1030002003);
  });

  it('refuses a missing, unknown or expired token (errcode 1030001002); the token expires after 24 h or on demand', async () => {
    const s = await k.login();
    expect((await k.call('GET', MATERIAL, { router: s.domain })).body.errcode).toBe(1030001002);
    expect((await k.call('GET', MATERIAL, { router: s.domain, token: 'f'.repeat(48) })).body.errcode).toBe(1030001002);

    const exp = await k.control('POST', '/_sim/token/expire', { accountId: DEMO_ACCOUNTS[0].accountId });
    expect(exp.body.expired).toBeGreaterThanOrEqual(1);
    const r = await s.api('GET', MATERIAL);
    expect(r.status).toBe(200);
    expect(r.body.errcode).toBe(1030001002);
    expect(r.body.description).toMatch(/过期/);

    const s2 = await k.login();
    expect(s2.token).not.toBe(s.token);
    expect((await s2.api('GET', MATERIAL)).body.errcode).toBe(0);
    // the same token while it lasts
    expect((await k.login()).token).toBe(s2.token);
    k.clock.t += 24 * 3600_000 + 1;
    try {
      expect((await s2.api('GET', MATERIAL)).body.errcode).toBe(1030001002);
      expect((await k.login()).token).not.toBe(s2.token);
    } finally {
      k.clock.t -= 24 * 3600_000 + 1;
    }
  });

  it('limits the token call to 2 a minute per app_key (HTTP 429)', async () => {
    k.sim.config.tokenCallsPerMinute = 2;
    k.clock.t += 61_000; // a fresh window
    const auth = await k.call('POST', AUTH, { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID } });
    const { appKey, appSecret } = auth.body.data[1];
    const q = { app_key: appKey, app_signature: appSignature(appKey, appSecret) };
    expect((await k.call('GET', TOKEN, { query: q })).status).toBe(200);
    expect((await k.call('GET', TOKEN, { query: q })).status).toBe(200);
    const third = await k.call('GET', TOKEN, { query: q });
    expect(third.status).toBe(429);
    expect(third.body.errcode).toBe(429);
    k.clock.t += 61_000;
    expect((await k.call('GET', TOKEN, { query: q })).status).toBe(200);
  });

  it('after appSecret rotation the token call answers 1030002006 until the app is authorised again', async () => {
    const s = await k.login(1);
    await k.control('POST', '/_sim/secret/rotate', { accountId: DEMO_ACCOUNTS[1].accountId });
    const old = await k.call('GET', TOKEN, { query: { app_key: s.appKey, app_signature: appSignature(s.appKey, s.appSecret) } });
    expect(old.body.errcode).toBe(1030002006);
    const again = await k.login(1);
    expect(again.appSecret).not.toBe(s.appSecret);
    expect((await again.api('GET', MATERIAL)).body.errcode).toBe(0);
  });
});

describe('router address and tenants', () => {
  it('needs X-GW-Router-Addr = the account set domain (502 otherwise); each account set sees its own data', async () => {
    const a = await k.login(0);
    const b = await k.login(1);
    expect((await a.api('GET', MATERIAL, { router: b.domain })).status).toBe(502);
    expect((await a.api('GET', MATERIAL, { router: 'https://nowhere.jdy.com' })).status).toBe(502);
    const missing = await k.call('GET', MATERIAL, { token: a.token });
    expect(missing.status).toBe(400);
    expect((await a.api('GET', MATERIAL, { router: `${a.domain}/` })).status).toBe(200);

    const numbersA = (await a.api('GET', MATERIAL, { query: { page_size: 100 } })).body.data.rows.map((r: { number: string }) => r.number);
    const numbersB = (await b.api('GET', MATERIAL, { query: { page_size: 100 } })).body.data.rows.map((r: { number: string }) => r.number);
    expect(numbersA).toContain('TS001');
    expect(numbersB).toEqual(['SB002']);
  });

  it('a tenant moved to another data centre answers 502 until the product authorises again', async () => {
    const s = await k.login(1);
    await k.control('POST', '/_sim/domain', { accountId: DEMO_ACCOUNTS[1].accountId, domain: 'https://tf3.jdy.com' });
    try {
      expect((await s.api('GET', MATERIAL)).status).toBe(502);
      const again = await k.login(1);
      expect(again.domain).toBe('https://tf3.jdy.com');
      expect((await again.api('GET', MATERIAL)).status).toBe(200);
    } finally {
      await k.control('POST', '/_sim/domain', { accountId: DEMO_ACCOUNTS[1].accountId, domain: DEMO_ACCOUNTS[1].domain });
    }
  });
});

describe('paging and limits', () => {
  it('pages with default 10, cuts page_size to 100; saves take at most 500 rows', async () => {
    const s = await k.login(1);
    const rows = Array.from({ length: 130 }, (_, i) => ({ number: `PG${String(i).padStart(3, '0')}`, name: `分页客户${i}` }));
    const saved = await s.api('POST', '/jdy/v2/bd/customer', { body: rows });
    expect(saved.body.errcode).toBe(0);
    expect(saved.body.data.ids).toHaveLength(130);
    expect(Object.values(saved.body.data.id_number_map)).toContain('PG007');

    const d = await s.api('GET', '/jdy/v2/bd/customer', { query: { search: 'PG' } });
    expect(d.body.data).toMatchObject({ count: '130', total_page: '13', page: '1', page_size: '10', current_page_size: '10' });
    const big = await s.api('GET', '/jdy/v2/bd/customer', { query: { search: 'PG', page_size: 500 } });
    expect(big.body.data).toMatchObject({ count: '130', total_page: '2', page_size: '100', current_page_size: '100' });
    const p2 = await s.api('GET', '/jdy/v2/bd/customer', { query: { search: 'PG', page_size: 500, page: 2 } });
    expect(p2.body.data.rows).toHaveLength(30);
    expect(p2.body.data.rows[29].number).toBe('PG129');

    const tooMany = await s.api('POST', '/jdy/v2/bd/customer', { body: Array.from({ length: 501 }, (_, i) => ({ number: `X${i}`, name: 'x' })) });
    expect(tooMany.body.errcode).toBe(1030002005);
    const dup = await s.api('POST', '/jdy/v2/bd/customer', { body: { number: 'PG001', name: '重复' } });
    expect(dup.body.errcode).toBe(1030002002);
    const noName = await s.api('POST', '/jdy/v2/bd/customer', { body: { number: 'PGX' } });
    expect(noName.body.errcode).toBe(1030002000);
  });

  it('answers HTTP 429 beyond the per-account-set rate limit', async () => {
    const s = await k.login(1);
    k.clock.t += 61_000;
    k.sim.config.rateLimitPerMinute = 3;
    for (let i = 0; i < 3; i++) expect((await s.api('GET', MATERIAL)).status).toBe(200);
    const over = await s.api('GET', MATERIAL);
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ errcode: 429, data: null });
    // the other account set has its own budget
    const other = await k.login(0);
    expect((await other.api('GET', MATERIAL)).status).toBe(200);
    k.clock.t += 61_000;
    expect((await s.api('GET', MATERIAL)).status).toBe(200);
  });
});

describe('faults', () => {
  it('down: every matching call fails for forMs, then the ERP is back', async () => {
    const s = await k.login();
    await k.control('POST', '/_sim/faults', { match: '/jdy/v2', kind: 'down', forMs: 300 });
    await expect(s.api('GET', MATERIAL)).rejects.toThrow();
    await expect(s.api('GET', '/jdy/v2/scm/inventory')).rejects.toThrow();
    // the token endpoint is not under the prefix
    expect((await k.login()).token).toBeTruthy();
    k.clock.t += 301;
    expect((await s.api('GET', MATERIAL)).status).toBe(200);
    expect(k.sim.faults.list()).toEqual([]);
  });

  it('count rules: status429 / status500 / status503 / error errcode, each used up once', async () => {
    const s = await k.login();
    await k.control('POST', '/_sim/faults', [
      { match: MATERIAL, kind: 'status429' },
      { match: MATERIAL, kind: 'status503' },
      { match: MATERIAL, kind: 'error', errcode: 1030002003 },
    ]);
    expect((await s.api('GET', MATERIAL)).status).toBe(429);
    expect((await s.api('GET', MATERIAL)).status).toBe(503);
    const e = await s.api('GET', MATERIAL);
    expect(e.status).toBe(200);
    expect(e.body.errcode).toBe(1030002003);
    expect((await s.api('GET', MATERIAL)).body.errcode).toBe(0);
    await k.control('POST', '/_sim/faults', { kind: 'status500', count: 2 });
    expect((await s.api('GET', '/jdy/v2/bd/store')).status).toBe(500);
    expect((await k.call('POST', AUTH, { query: { outerInstanceId: DEMO_OUTER_INSTANCE_ID } })).status).toBe(500);
    expect((await s.api('GET', MATERIAL)).status).toBe(200);
    expect((await k.control('POST', '/_sim/faults', { kind: 'nope' })).status).toBe(400);
  });

  it('timeout: holds the call, then answers 504; a faulted save changes nothing', async () => {
    const s = await k.login(1);
    await k.control('POST', '/_sim/faults', { match: '/jdy/v2/bd/customer', kind: 'timeout' });
    const t0 = Date.now();
    const r = await s.api('POST', '/jdy/v2/bd/customer', { body: { number: 'TMO1', name: '超时' } });
    expect(r.status).toBe(504);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    const found = await s.api('GET', '/jdy/v2/bd/customer', { query: { number: 'TMO1' } });
    expect(found.body.data.count).toBe('0');
  });
});

describe('call log, console, persistence', () => {
  it('logs API calls with errcode and payload', async () => {
    const s = await k.login();
    await s.api('GET', '/jdy/v2/bd/material_detail', { query: { number: 'NOPE' } });
    const log = await k.control('GET', '/_sim/log?limit=5');
    expect(log.status).toBe(200);
    expect(log.body[0]).toMatchObject({ method: 'GET', status: 200, errcode: 1030002003, accountId: DEMO_ACCOUNTS[0].accountId });
    expect(log.body[0].url).toContain('/jdy/v2/bd/material_detail?number=NOPE');
  });

  it('serves the console page', async () => {
    const r = await k.control('GET', '/_sim/');
    expect(r.status).toBe(200);
    expect(String(r.body)).toContain('精斗云模拟器控制台');
    expect(String(r.body)).toContain('TS001');
    const res = await fetch(`${k.base}/_sim/console/fault`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'match=%2Fjdy%2Fv2%2Fbd&kind=status503&count=1', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(k.sim.faults.list()).toMatchObject([{ match: '/jdy/v2/bd', kind: 'status503', count: 1 }]);
  });

  it('console forms: the clerk edits a material, sets stock, audits and ships an outbound', async () => {
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${k.base}/_sim/console/${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ account: DEMO_ACCOUNTS[1].accountId, ...fields }).toString(), redirect: 'manual' });
    expect((await post('material', { number: 'SB009', name: '新帆布包', unit: '个', aux: '颜色=红色,蓝色', units: '箱=12', sale_price: '59' })).status).toBe(303);
    expect((await post('material', { number: 'SB009', name: '新帆布包 二代' })).status).toBe(303);
    const s = await k.login(1);
    const d = (await s.api('GET', '/jdy/v2/bd/material_detail', { query: { number: 'SB009' } })).body.data;
    expect(d).toMatchObject({ name: '新帆布包 二代', base_unit_name: '个', is_multi_unit: true, aux_types: ['颜色'] });
    expect(d.aux_entity.map((x: { aux_combination_name: string }) => x.aux_combination_name)).toEqual(['红色', '蓝色']);
    expect((await post('stock', { stock_number: 'CK404', material_number: 'SB009', sku: '红色', qty: '5' })).status).toBe(303);
    const bad = await post('stock', { stock_number: 'WSCCK', material_number: 'SB009', sku: '绿色', qty: '5' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('1030002003');

    await bindDefaults(s.api);
    const sku = d.aux_entity[0].sku_id;
    const out = await s.api('POST', '/jdy/v2/scm/sal_out_bound', {
      body: { bill_no: 'CONSOLE-1', bill_date: '2026-11-26', customer_number: 'WSCKH', material_entity: [{ material_id: d.id, stock_number: 'WSCCK', unit_id: d.base_unit_id, aux_prop_id: sku, qty: 1, price: 59 }] },
    });
    const id = out.body.data.ids[0];
    expect((await post('audit', { id, kind: 'out' })).status).toBe(303);
    expect((await post('ship', { id, logistics_company: '中通快递', logistics_number: 'ZT001' })).status).toBe(303);
    const row = (await s.api('GET', '/jdy/v2/scm/sal_out_bound', { query: { bill_no: 'CONSOLE-1' } })).body.data.rows[0];
    expect(row).toMatchObject({ bill_status: 'C', ship_status: 'shipped', logistics_company: '中通快递', logistics_number: 'ZT001' });
    const page = String((await k.control('GET', `/_sim/?account=${DEMO_ACCOUNTS[1].accountId}`)).body);
    expect(page).toContain('CONSOLE-1');
    expect(page).toContain('已发货');
  });

  it('keeps ERP data in the state file across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jdy-sim-'));
    try {
      const k1 = await startKit({ file: join(dir, 'state.json') });
      const s = await k1.login();
      await bindDefaults(s.api);
      await k1.close();
      const k2 = await startKit({ file: join(dir, 'state.json') });
      try {
        const s2 = await k2.login();
        expect(s2.token).toBe(s.token);
        const stores = await s2.api('GET', '/jdy/v2/bd/store');
        expect(stores.body.data.rows.map((r: { number: string }) => r.number)).toEqual(['WSCCK']);
        const inv = await s2.api('GET', '/jdy/v2/scm/inventory', { query: { material_numbers: 'DG006' } });
        expect(inv.body.data.rows[0].qty).toBe('40');
      } finally {
        await k2.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
