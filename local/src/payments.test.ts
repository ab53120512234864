/** WeChat Pay merchant settings: the owner writes secrets; no answer ever carries them. */
import { generateKeyPairSync } from 'node:crypto';
import { clientConfig } from '@shop/functions/shared/domain/payments/settings';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const API_V3_KEY = 'S3cr3tAPIv3KeyS3cr3tAPIv3Key1234';
const input = {
  mchid: '1900000001',
  appid: 'wx0123456789abcdef',
  serialNo: '3775B6A45ACD588826D15E583A95F5DD',
  privateKey,
  apiV3Key: API_V3_KEY,
  platformKeys: [{ serial: 'PUB_KEY_ID_0119000000012026', publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }) as string }],
  baseUrl: 'http://127.0.0.1:3001',
};
const secretIn = (body: unknown) => {
  const text = JSON.stringify(body);
  return text.includes(API_V3_KEY) || text.includes('PRIVATE KEY') || text.includes(privateKey.split('\n')[1]);
};

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
});
afterAll(() => gw.close());

test('saved by the owner; answers say only whether each secret is set', async () => {
  expect(await gw.ok('paymentAdmin', 'settings', {}, owner)).toMatchObject({ configured: false, privateKeySet: false });
  const saved = await gw.call('paymentAdmin', 'saveSettings', input, owner);
  expect(saved.body.data).toMatchObject({ configured: true, mchid: '1900000001', privateKeySet: true, apiV3KeySet: true, platformSerials: ['PUB_KEY_ID_0119000000012026'] });
  expect(secretIn(saved.body)).toBe(false);
  const read = await gw.call('paymentAdmin', 'settings', {}, owner);
  expect(secretIn(read.body)).toBe(false);
  // the payments client gets them
  expect(await clientConfig(gw.db, 'https://shop.example/notify')).toMatchObject({ apiV3Key: API_V3_KEY, privateKey: privateKey.trim(), mchid: '1900000001' });
});

test('a later save without the secrets keeps them', async () => {
  const { privateKey: _p, apiV3Key: _k, ...rest } = input;
  const r = await gw.ok('paymentAdmin', 'saveSettings', { ...rest, mchid: '1900000002' }, owner);
  expect(r).toMatchObject({ mchid: '1900000002', privateKeySet: true, apiV3KeySet: true, configured: true });
  expect((await clientConfig(gw.db, 'x'))?.apiV3Key).toBe(API_V3_KEY);
});

test('bad keys are refused by field, changing nothing; only the owner may read or write', async () => {
  const before = await gw.ok('paymentAdmin', 'settings', {}, owner);
  const badPem = await gw.call('paymentAdmin', 'saveSettings', { ...input, privateKey: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----' }, owner);
  expect(badPem.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'privateKey' }] });
  expect(secretIn(badPem.body)).toBe(false);
  const shortKey = await gw.call('paymentAdmin', 'saveSettings', { ...input, apiV3Key: 'short' }, owner);
  expect(shortKey.body.error.code).toBe('VALIDATION_FAILED');
  expect(await gw.ok('paymentAdmin', 'settings', {}, owner)).toEqual(before);
  for (const role of ['operator', 'clerk'] as const) {
    const t = await gw.merchantToken(role);
    expect((await gw.call('paymentAdmin', 'settings', {}, t)).body.error.code).toBe('FORBIDDEN');
    expect((await gw.call('paymentAdmin', 'saveSettings', input, t)).body.error.code).toBe('FORBIDDEN');
  }
});
