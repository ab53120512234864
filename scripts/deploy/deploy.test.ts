/**
 * The deploy command: the plan's checks, and apply against the local manager-API fake through the real
 * @cloudbase/manager-node (signed requests, state kept): the second apply changes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyPlan, type ManagerApp } from './apply';
import { startManagerFake, type ManagerFake } from './manager-fake';
import { buildPlan, functionFolders, planJson, unusedIndexes } from './plan';

const root = resolve(__dirname, '../..');
const credentials = { secretId: 'AKIDdeployfake', secretKey: 'deploy-fake-secret' };
const envId = 'shop-test-1a2b3c';
const vars = { WXPAY_NOTIFY_URL: `https://${envId}.service.tcloudbase.com/wxpay/notify` };

// manager-node reads COS_SDK_PROTOCOL when it loads: hosting requests then go over plain HTTP to TCB_COS_PROXY (the fake)
process.env.COS_SDK_PROTOCOL = 'http:';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CloudBase = require('@cloudbase/manager-node') as new (o: Record<string, unknown>) => ManagerApp;

describe('deploy plan checks', () => {
  test('the repo plan passes: every function folder is in cloudbaserc.json, every index has a query', () => {
    const plan = buildPlan({ root, distDir: join(root, 'no-such-dist') });
    expect(plan.errors).toEqual([]);
    expect(plan.functions.map((f) => f.name).sort()).toEqual(functionFolders(root));
    expect(plan.notes.join('\n')).toMatch(/size check was skipped/);
    expect(plan.routes).toContainEqual({ path: '/wxpay/notify', name: 'wxpayNotify' });
    expect(plan.routes).toContainEqual({ path: '/api/fn/orderAdmin', name: 'orderAdmin' });
    expect(plan.routes.map((r) => r.name)).not.toContain('jobs');
    expect(plan.functions.find((f) => f.name === 'jobs')?.triggers).toEqual([{ name: 'every-minute', type: 'timer', config: '0 * * * * * *' }]);
    const json = planJson(plan);
    expect(json.functions).toHaveLength(functionFolders(root).length);
    expect(json.triggers.map((t) => t.function).sort()).toEqual(['jobs', 'sync']);
    expect(json.collections.find((c) => c.name === 'orders')?.indexes.map((i) => i.name)).toContain('holder_time');
    expect(JSON.stringify(json)).not.toContain(root); // no local paths
  });

  test('a function folder missing from cloudbaserc.json (and the reverse) fails the plan', () => {
    const plan = buildPlan({ root, distDir: join(root, 'no-such-dist'), folders: [...functionFolders(root).filter((f) => f !== 'auth'), 'giftCard'] });
    expect(plan.errors).toEqual(
      expect.arrayContaining([
        'function folder cloudfunctions/giftCard/ is missing from cloudbaserc.json',
        'cloudbaserc.json names function auth, but cloudfunctions/auth/ has no index.ts or handler.ts',
      ]),
    );
  });

  test('an index on a field no code of the owning folder queries fails; a bundle over the limit fails', () => {
    expect(unusedIndexes(root, [{ name: 'orders', indexes: [{ name: 'ghost', keys: { neverQueriedField: 1 } }] }], { orders: 'orders' })).toEqual([
      "index orders.ghost: no code in shared/domain/orders/ queries 'neverQueriedField'",
    ]);
    const dist = mkdtempSync(join(tmpdir(), 'deploy-dist-'));
    try {
      for (const f of functionFolders(root)) writeBundle(dist, f, 2048);
      const plan = buildPlan({ root, distDir: dist, codeLimit: 1024 });
      expect(plan.errors.filter((e) => /over CloudBase's/.test(e))).toHaveLength(functionFolders(root).length);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

function writeBundle(dist: string, name: string, pad = 0) {
  mkdirSync(join(dist, name), { recursive: true });
  writeFileSync(join(dist, name, 'index.js'), `exports.main = async () => ${JSON.stringify(name)};\n// ${'x'.repeat(pad)}\n`);
  writeFileSync(join(dist, name, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
}

describe('deploy apply against the local manager-API fake', () => {
  let fake: ManagerFake;
  let restore: () => void;
  let dist: string;
  beforeAll(async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined); // manager-node logs each upload
    fake = await startManagerFake({ envId, credentials });
    restore = fake.intercept();
    process.env.TCB_COS_PROXY = fake.cosProxy;
    dist = mkdtempSync(join(tmpdir(), 'deploy-dist-'));
    for (const f of functionFolders(root)) writeBundle(dist, f);
    mkdirSync(join(dist, 'site/assets'), { recursive: true });
    writeFileSync(join(dist, 'site/index.html'), '<!doctype html><title>admin</title>');
    writeFileSync(join(dist, 'site/assets/app-1a2b.js'), 'console.log("admin")');
  });
  afterAll(async () => {
    delete process.env.TCB_COS_PROXY;
    jest.restoreAllMocks();
    restore();
    await fake.close();
    rmSync(dist, { recursive: true, force: true });
  });

  /** the repo's plan on small bundles, with two hosting files of its own */
  const plan = () => ({
    ...buildPlan({ root, distDir: dist }),
    hosting: ['index.html', 'assets/app-1a2b.js'].map((f) => {
      const data = readFileSync(join(dist, 'site', f));
      return { localPath: join(dist, 'site', f), cloudPath: `admin/${f}`, size: data.length, md5: createHash('md5').update(data).digest('hex') };
    }),
  });

  test('the first apply creates everything, the second changes nothing', async () => {
    const app = new CloudBase({ envId, ...credentials });
    const p = plan();
    const first = await applyPlan(app, p, { envId, vars, concurrency: 32 });
    // text indexes (IndexSpec kind 'text') are local only: CloudBase has none, nothing is created for them
    const indexes = p.collections.reduce((a, c) => a + c.indexes.filter((i) => i.kind !== 'text').length, 0);
    expect(first.filter((c) => c.startsWith('collection '))).toHaveLength(p.collections.length);
    expect(first.filter((c) => c.startsWith('index '))).toHaveLength(indexes);
    expect(first).not.toContain('index products.search: created');
    expect(p.notes.some((n) => n.startsWith('index products.search is a text index'))).toBe(true);
    expect(first.filter((c) => / created \(/.test(c))).toHaveLength(p.functions.length);
    expect(first.filter((c) => c.startsWith('route '))).toHaveLength(p.routes.length);
    expect(first).toContain("function jobs: timer every-minute '0 * * * * * *' set");
    expect(first).toContain('hosting: 2 file(s) uploaded (0 KB), 0 unchanged');

    expect(fake.state.functions.size).toBe(p.functions.length);
    expect(fake.state.functions.get('order')?.Environment.Variables).toEqual([{ Key: 'WXPAY_NOTIFY_URL', Value: vars.WXPAY_NOTIFY_URL }]);
    expect(fake.state.functions.get('sync')?.Triggers).toEqual([{ TriggerName: 'every-minute', Type: 'timer', TriggerDesc: '{"cron":"0 * * * * * *"}' }]);
    expect(fake.state.routes.get('/wxpay/notify')?.Name).toBe('wxpayNotify');
    expect([...fake.state.hosting.keys()].sort()).toEqual(['admin/assets/app-1a2b.js', 'admin/index.html']);
    expect(fake.state.tables.get('products')?.find((i) => i.Name === 'slug_unique')).toEqual({ Name: 'slug_unique', Unique: true, Keys: [{ Name: 'slug', Direction: '1' }] });

    const writes = fake.actions.length;
    const second = await applyPlan(new CloudBase({ envId, ...credentials }), plan(), { envId, vars, concurrency: 32 });
    expect(second).toEqual([]);
    expect(fake.actions.slice(writes).filter((a) => /Create|Update|Delete/.test(a))).toEqual([]);
  });

  test('a changed timeout, index, timer and hosting file are applied, and only they', async () => {
    writeFileSync(join(dist, 'site/index.html'), '<!doctype html><title>admin v2</title>');
    const p = plan();
    p.functions.find((f) => f.name === 'auth')!.timeout = 11;
    p.functions.find((f) => f.name === 'sync')!.triggers = [{ name: 'every-minute', type: 'timer', config: '0 */5 * * * * *' }];
    p.collections.find((c) => c.name === 'sessions')!.indexes[0] = { name: 'expiresAt', keys: { expiresAt: -1 } };
    const changes = await applyPlan(new CloudBase({ envId, ...credentials }), p, { envId, vars, concurrency: 32 });
    expect(changes.sort()).toEqual([
      'function auth: config updated (timeout 11 s)',
      "function sync: timer every-minute '0 */5 * * * * *' set",
      'hosting: 1 file(s) uploaded (0 KB), 1 unchanged',
      'index sessions.expiresAt: recreated',
    ]);
    expect(fake.state.hosting.get('admin/index.html')?.size).toBe(p.hosting[0].size);
    expect(await applyPlan(new CloudBase({ envId, ...credentials }), p, { envId, vars, concurrency: 32 })).toEqual([]);
  });

  test('a missing environment variable stops the apply before any change; a wrong key is refused by the fake', async () => {
    const before = fake.actions.length;
    await expect(applyPlan(new CloudBase({ envId, ...credentials }), plan(), { envId, vars: {} })).rejects.toThrow(/WXPAY_NOTIFY_URL is not set/);
    expect(fake.actions.length).toBe(before);
    await expect(applyPlan(new CloudBase({ envId, secretId: credentials.secretId, secretKey: 'wrong' }), plan(), { envId, vars })).rejects.toThrow(/signature mismatch/);
  });

  test('the hosting uploads went through signed COS requests; a forged one is refused', async () => {
    expect(fake.actions).toEqual(expect.arrayContaining(['tcb.DescribeStaticStore', 'cos.GetBucket', 'cos.PutObject']));
    const forged = await new Promise<{ status?: number; body: string }>((done, fail) => {
      const t = Math.floor(Date.now() / 1000);
      const req = httpRequest(fake.cosProxy, {
        method: 'PUT',
        path: `http://${envId}-static-1250000000.cos.ap-shanghai.tencentcos.cn/admin/index.html`,
        headers: { authorization: `q-sign-algorithm=sha1&q-ak=${credentials.secretId}&q-sign-time=${t};${t + 900}&q-key-time=${t};${t + 900}&q-header-list=&q-url-param-list=&q-signature=${'0'.repeat(40)}` },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => done({ status: res.statusCode, body }));
      });
      req.on('error', fail);
      req.end('defaced');
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatch(/SignatureDoesNotMatch/);
    expect(fake.state.hosting.get('admin/index.html')?.size).not.toBe('defaced'.length);
  });
});
