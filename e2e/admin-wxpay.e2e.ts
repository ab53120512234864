/**
 * 微信支付设置 (admin #/settings/wxpay, owner only): the page shows what is stored (the local stack may already point the
 * shop at its simulator); the owner fills in the merchant account, pastes the API private key, the APIv3 key and a
 * platform public key, saves and sees 已配置; after a reload neither secret is anywhere in the page
 * (the inputs start empty with 已设置，留空则保留), and a later save leaves the secrets and platform keys out of the request.
 * An invalid AppID and an unparsable private key come back from the server as field errors. Removing every platform
 * key leaves it 未配置. An operator has no menu entry and sees the owner-only result on the URL.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Page } from 'playwright-core';
import { apiOf, useE2E, watch } from './harness';

const env = useE2E();
let admin: Page;
let ownerToken = '';
const problems: string[] = [];
/** the bodies of the saveSettings requests the page sent */
const saves: Record<string, unknown>[] = [];

const merchantKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platformKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = merchantKey.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const PLATFORM_PUBLIC_KEY = platformKey.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const PLATFORM_SERIAL = 'PUB_KEY_ID_0114232134912410000000000000';
const MCHID = '1900000109';
const APPID = 'wx0123456789abcdef';
const SERIAL_NO = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const API_V3_KEY = 'Zx8Qe2Lm5Vt7Rb1Nc4Hp6Wd9Ks3Fg0Ja';
const SIMULATOR = 'http://127.0.0.1:3100';
/** a few lines from the middle of the PEM: any of them in the page would be a leak */
const PRIVATE_KEY_LINES = PRIVATE_KEY.trim().split('\n').slice(1, -1).filter((_, i) => i % 5 === 2);

beforeAll(async () => {
  expect(API_V3_KEY).toHaveLength(32);
  // the two refused saves answer HTTP 400 (VALIDATION_FAILED), which chromium logs as a failed resource
  admin = watch(problems, await env.desktop(), { console: /status of 400 \(Bad Request\)/ });
  admin.on('request', (r) => {
    if (r.method() !== 'POST' || !r.url().endsWith('/api/fn/paymentAdmin')) return;
    const body = r.postDataJSON() as { action: string; data: Record<string, unknown> };
    if (body.action === 'saveSettings') saves.push(body.data);
  });
  ownerToken = await loginMerchant();
});

const tid = (id: string, page: Page = admin) => page.locator(`[data-testid="${id}"]`);
/** the antd form item around an input, for its field error */
const itemOf = (selector: string) => admin.locator('.ant-form-item').filter({ has: admin.locator(selector) });

const { call: api, loginMerchant } = apiOf(() => env);
const stored = async () => (await api('paymentAdmin', 'settings', {}, ownerToken)).data;

/** No secret text anywhere in the page's HTML (input values are checked separately: they are not in the HTML). */
async function expectNoSecrets() {
  const html = await admin.content();
  expect(html).not.toContain(API_V3_KEY);
  for (const line of PRIVATE_KEY_LINES) expect(html).not.toContain(line);
  expect(html).not.toContain('BEGIN PRIVATE KEY-----\n');
  expect(await admin.locator('#wxpay-private-key').inputValue()).toBe('');
  expect(await admin.locator('#wxpay-apiv3-key').inputValue()).toBe('');
}

test('the owner opens 微信支付设置 from the menu and sees what is stored', async () => {
  // the local stack may already point the shop at its WeChat Pay simulator (demo merchant), or store nothing yet
  const s = await stored();
  await env.adminLogin(admin, 'admin', 'admin123', '/products');
  await tid('side-menu').getByText('微信支付设置').click();
  await admin.locator('#wxpay-status').waitFor();
  expect(admin.url()).toMatch(/#\/settings\/wxpay$/);
  expect(await admin.locator('#wxpay-status').innerText()).toBe(s.configured ? '已配置' : '未配置');
  expect(await admin.locator('#wxpay-view-mchid').innerText()).toBe(s.mchid ?? '—');
  expect(await admin.locator('#wxpay-baseurl').inputValue()).toBe(s.baseUrl);
  expect(await admin.locator('#wxpay-simulator-note').count()).toBe(s.baseUrl === 'https://api.mch.weixin.qq.com' ? 0 : 1);
  if (s.updatedAt) expect(await admin.locator('#wxpay-updated-at').innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  else expect(await admin.locator('#wxpay-updated-at').innerText()).toBe('从未保存');
  const placeholder = await admin.locator('#wxpay-apiv3-key').getAttribute('placeholder');
  if (s.apiV3KeySet) expect(placeholder).toBe('已设置，留空则保留');
  else expect(placeholder).not.toContain('已设置');
  expect(await admin.locator('#wxpay-apiv3-key').inputValue()).toBe('');
  expect(await admin.locator('#wxpay-private-key').inputValue()).toBe('');
  await env.shot(admin, 'wxpay-01-opened');
});

test('the owner enters every piece, saves and sees 已配置; the secret inputs are empty again', async () => {
  await admin.locator('#wxpay-mchid').fill(MCHID);
  await admin.locator('#wxpay-appid').fill(APPID);
  await admin.locator('#wxpay-serial').fill(SERIAL_NO);
  await admin.locator('#wxpay-baseurl').fill(SIMULATOR);
  await admin.locator('#wxpay-private-key').fill(PRIVATE_KEY);
  await admin.locator('#wxpay-apiv3-key').fill(API_V3_KEY);
  // replace whatever platform keys are stored by ours: one row
  if (await admin.locator('#wxpay-platform-edit').count()) await admin.locator('#wxpay-platform-edit').click();
  await admin.locator('#wxpay-platform-serial-0').waitFor();
  while (await admin.locator('#wxpay-platform-serial-1').count()) await admin.locator('#wxpay-platform-remove-1').click();
  await admin.locator('#wxpay-platform-serial-0').fill(PLATFORM_SERIAL);
  await admin.locator('#wxpay-platform-key-0').fill(PLATFORM_PUBLIC_KEY);
  await env.shot(admin, 'wxpay-02-filled');
  await admin.locator('#wxpay-save').click();
  await admin.locator('#wxpay-saved').waitFor();
  expect(await admin.locator('#wxpay-saved').innerText()).toBe('已保存');
  await admin.locator('#wxpay-view-mchid').filter({ hasText: MCHID }).waitFor();
  expect(await admin.locator('#wxpay-status').innerText()).toBe('已配置');
  expect(await admin.locator('#wxpay-view-platform').innerText()).toBe(PLATFORM_SERIAL);

  expect(saves).toHaveLength(1);
  expect(saves[0]).toMatchObject({ mchid: MCHID, appid: APPID, serialNo: SERIAL_NO, baseUrl: SIMULATOR, apiV3Key: API_V3_KEY });
  expect(saves[0].privateKey).toBe(PRIVATE_KEY.trim());
  expect(saves[0].platformKeys).toEqual([{ serial: PLATFORM_SERIAL, publicKey: PLATFORM_PUBLIC_KEY.trim() }]);
  expect(await stored()).toMatchObject({
    configured: true,
    mchid: MCHID,
    appid: APPID,
    serialNo: SERIAL_NO,
    privateKeySet: true,
    apiV3KeySet: true,
    platformSerials: [PLATFORM_SERIAL],
    baseUrl: SIMULATOR,
  });

  await expectNoSecrets();
  expect(await admin.locator('#wxpay-private-key').getAttribute('placeholder')).toBe('已设置，留空则保留');
  expect(await admin.locator('#wxpay-apiv3-key').getAttribute('placeholder')).toBe('已设置，留空则保留');
});

test('after a reload the page shows the settings but no secret', async () => {
  await admin.reload();
  await admin.locator('#wxpay-status').filter({ hasText: '已配置' }).waitFor();
  expect(await admin.locator('#wxpay-view-mchid').innerText()).toBe(MCHID);
  expect(await admin.locator('#wxpay-view-appid').innerText()).toBe(APPID);
  expect(await admin.locator('#wxpay-view-serial').innerText()).toBe(SERIAL_NO);
  expect(await admin.locator('#wxpay-view-platform').innerText()).toContain(PLATFORM_SERIAL);
  expect(await admin.locator('#wxpay-view-baseurl').innerText()).toBe(SIMULATOR);
  expect(await admin.locator('#wxpay-simulator-note').innerText()).toBe('当前连接本地模拟器');
  expect(await admin.locator('#wxpay-updated-at').innerText()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  // the form holds the plain settings; the stored platform keys are kept unless the owner edits them
  expect(await admin.locator('#wxpay-mchid').inputValue()).toBe(MCHID);
  expect(await admin.locator('#wxpay-baseurl').inputValue()).toBe(SIMULATOR);
  expect(await admin.locator('#wxpay-platform-kept').innerText()).toContain(PLATFORM_SERIAL);
  expect(await admin.locator('#wxpay-platform-serial-0').count()).toBe(0);
  await expectNoSecrets();
  await env.shot(admin, 'wxpay-03-configured');
});

test('an invalid AppID comes back as an error on the AppID field and nothing changes', async () => {
  const before = await stored();
  await admin.locator('#wxpay-appid').fill('wx123');
  await admin.locator('#wxpay-save').click();
  const error = itemOf('#wxpay-appid').locator('.ant-form-item-explain-error');
  await error.waitFor();
  expect(await error.innerText()).toContain('AppID 为 wx 加 16 位');
  expect(await admin.locator('#wxpay-error').innerText()).toContain('标红');
  expect(await admin.locator('#wxpay-saved').count()).toBe(0);
  // the server refused it (the page does not check formats itself)
  expect(saves).toHaveLength(2);
  expect(saves[1]).toMatchObject({ appid: 'wx123' });
  expect(await stored()).toEqual(before);
  await env.shot(admin, 'wxpay-04-invalid-appid');
});

test('an unparsable private key is refused on the private key field', async () => {
  await admin.locator('#wxpay-appid').fill(APPID);
  await admin.locator('#wxpay-private-key').fill('-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----');
  await admin.locator('#wxpay-save').click();
  const error = itemOf('#wxpay-private-key').locator('.ant-form-item-explain-error');
  await error.waitFor();
  expect(await error.innerText()).toContain('私钥无法解析');
  expect(await itemOf('#wxpay-appid').locator('.ant-form-item-explain-error').count()).toBe(0);
  expect((await stored()).privateKeySet).toBe(true);
});

test('a later save sends neither the secrets nor the platform keys, and the stored ones stay', async () => {
  await admin.locator('#wxpay-revert').click();
  expect(await admin.locator('#wxpay-private-key').inputValue()).toBe('');
  await admin.locator('#wxpay-mchid').fill('1900000110');
  await admin.locator('#wxpay-baseurl').fill('https://api.mch.weixin.qq.com');
  const count = saves.length;
  await admin.locator('#wxpay-save').click();
  await admin.locator('#wxpay-saved').waitFor();
  await admin.locator('#wxpay-view-mchid').filter({ hasText: '1900000110' }).waitFor();
  expect(saves).toHaveLength(count + 1);
  const sent = saves[count];
  expect(Object.keys(sent).sort()).toEqual(['appid', 'baseUrl', 'mchid', 'serialNo']);
  expect(await stored()).toMatchObject({ configured: true, mchid: '1900000110', privateKeySet: true, apiV3KeySet: true, platformSerials: [PLATFORM_SERIAL] });
  // back on WeChat Pay itself: no simulator note
  expect(await admin.locator('#wxpay-simulator-note').count()).toBe(0);
  await expectNoSecrets();
});

test('platform keys: at most 5 rows; cancelling the edit keeps the stored ones', async () => {
  await admin.locator('#wxpay-platform-edit').click();
  // editing starts from the stored serials, whose keys must be pasted again
  expect(await admin.locator('#wxpay-platform-serial-0').inputValue()).toBe(PLATFORM_SERIAL);
  expect(await admin.locator('#wxpay-platform-key-0').inputValue()).toBe('');
  for (let i = 1; i < 5; i++) await admin.locator('#wxpay-platform-add').click();
  await admin.locator('#wxpay-platform-serial-4').waitFor();
  expect(await admin.locator('#wxpay-platform-add').isDisabled()).toBe(true);
  await admin.locator('#wxpay-platform-remove-4').click();
  expect(await admin.locator('#wxpay-platform-serial-4').count()).toBe(0);
  expect(await admin.locator('#wxpay-platform-add').isDisabled()).toBe(false);
  await admin.locator('#wxpay-platform-cancel').click();
  await admin.locator('#wxpay-platform-kept').waitFor();
  expect(await admin.locator('#wxpay-platform-serial-0').count()).toBe(0);
});

test('removing every platform key leaves WeChat Pay 未配置, with what is missing named', async () => {
  await admin.locator('#wxpay-platform-edit').click();
  await admin.locator('#wxpay-platform-remove-0').click();
  const count = saves.length;
  await admin.locator('#wxpay-save').click();
  await admin.locator('#wxpay-status').filter({ hasText: '未配置' }).waitFor();
  expect(saves[count].platformKeys).toEqual([]);
  expect(await admin.locator('#wxpay-summary').innerText()).toContain('缺少：平台公钥');
  expect(await stored()).toMatchObject({ configured: false, privateKeySet: true, apiV3KeySet: true, platformSerials: [] });
  // nothing stored: the platform key rows are open, with one empty row
  expect(await admin.locator('#wxpay-platform-serial-0').inputValue()).toBe('');
  await expectNoSecrets();
  await admin.locator('#wxpay-summary').scrollIntoViewIfNeeded();
  await env.shot(admin, 'wxpay-05-not-configured');
});

test('an operator has no 微信支付设置 menu entry and sees the owner-only result on the URL', async () => {
  const op = watch(problems, await env.desktop(), { who: 'operator' });
  await env.adminLogin(op, 'operator', 'operator123', '/products');
  await tid('side-menu', op).getByText('交易设置').waitFor();
  expect(await tid('side-menu', op).getByText('微信支付设置').count()).toBe(0);
  await op.goto(`${env.url}/admin/#/settings/wxpay`);
  await op.locator('#wxpay-owner-only').waitFor();
  expect(await op.locator('#wxpay-owner-only').innerText()).toContain('只有店主可以查看和修改微信支付设置');
  expect(await op.locator('#wxpay-mchid').count()).toBe(0);
  await env.shot(op, 'wxpay-06-operator');
  expect(problems).toEqual([]);
});
