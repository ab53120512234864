/**
 * The deploy command: the plan's checks, and apply against the local manager-API fake through the real
 * @cloudbase/manager-node (signed requests, state kept): the second apply changes nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyPlan, type ManagerApp } from './apply';
import { startManagerFake, type ManagerFake } from './manager-fake';
import { buildPlan, functionFolders, unusedIndexes } from './plan';

const root = resolve(__dirname, '../..');
const credentials = { secretId: 'AKIDdeployfake', secretKey: 'deploy-fake-secret' };
const envId = 'shop-test-1a2b3c';
const vars = { WXPAY_NOTIFY_URL: `https://${envId}.service.tcloudbase.com/wxpay/notify` };

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
    dist = mkdtempSync(join(tmpdir(), 'deploy-dist-'));
    for (const f of functionFolders(root)) writeBundle(dist, f);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    restore();
    await fake.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const plan = () => ({ ...buildPlan({ root, distDir: dist }), hosting: [] });

  test('the first apply creates everything, the second changes nothing', async () => {
    const app = new CloudBase({ envId, ...credentials });
    const p = plan();
    const first = await applyPlan(app, p, { envId, vars, concurrency: 32 });
    const indexes = p.collections.reduce((a, c) => a + c.indexes.length, 0);
    expect(first.filter((c) => c.startsWith('collection '))).toHaveLength(p.collections.length);
    expect(first.filter((c) => c.startsWith('index '))).toHaveLength(indexes);
    expect(first.filter((c) => / created \(/.test(c))).toHaveLength(p.functions.length);
    expect(first.filter((c) => c.startsWith('route '))).toHaveLength(p.routes.length);
    expect(first).toContain("function jobs: timer every-minute '0 * * * * * *' set");

    expect(fake.state.functions.size).toBe(p.functions.length);
    expect(fake.state.functions.get('order')?.Environment.Variables).toEqual([{ Key: 'WXPAY_NOTIFY_URL', Value: vars.WXPAY_NOTIFY_URL }]);
    expect(fake.state.functions.get('sync')?.Triggers).toEqual([{ TriggerName: 'every-minute', Type: 'timer', TriggerDesc: '{"cron":"0 * * * * * *"}' }]);
    expect(fake.state.routes.get('/wxpay/notify')?.Name).toBe('wxpayNotify');
    expect(fake.state.tables.get('products')?.find((i) => i.Name === 'slug_unique')).toEqual({ Name: 'slug_unique', Unique: true, Keys: [{ Name: 'slug', Direction: '1' }] });

    const writes = fake.actions.length;
    const second = await applyPlan(new CloudBase({ envId, ...credentials }), plan(), { envId, vars, concurrency: 32 });
    expect(second).toEqual([]);
    expect(fake.actions.slice(writes).filter((a) => /Create|Update|Delete/.test(a))).toEqual([]);
  });

  test('a changed timeout, index and timer are applied, and only they', async () => {
    const p = plan();
    p.functions.find((f) => f.name === 'auth')!.timeout = 11;
    p.functions.find((f) => f.name === 'sync')!.triggers = [{ name: 'every-minute', type: 'timer', config: '0 */5 * * * * *' }];
    p.collections.find((c) => c.name === 'sessions')!.indexes[0] = { name: 'expiresAt', keys: { expiresAt: -1 } };
    const changes = await applyPlan(new CloudBase({ envId, ...credentials }), p, { envId, vars, concurrency: 32 });
    expect(changes.sort()).toEqual(['function auth: config updated (timeout 11 s)', "function sync: timer every-minute '0 */5 * * * * *' set", 'index sessions.expiresAt: recreated']);
    expect(await applyPlan(new CloudBase({ envId, ...credentials }), p, { envId, vars, concurrency: 32 })).toEqual([]);
  });

  test('a missing environment variable stops the apply before any change; a wrong key is refused by the fake', async () => {
    const before = fake.actions.length;
    await expect(applyPlan(new CloudBase({ envId, ...credentials }), plan(), { envId, vars: {} })).rejects.toThrow(/WXPAY_NOTIFY_URL is not set/);
    expect(fake.actions.length).toBe(before);
    await expect(applyPlan(new CloudBase({ envId, secretId: credentials.secretId, secretKey: 'wrong' }), plan(), { envId, vars })).rejects.toThrow(/signature mismatch/);
  });
});
