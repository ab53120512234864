/**
 * 发券宝 (issue 17) in the admin panel: the owner picks a published coupon and a segment (customers with a tag),
 * previews how many customers it holds, sends, and sees the sent count in the send's row; each of the tagged customers
 * then holds one code. An operator's menu has no 发券宝, and the page tells them it is the owner's.
 */
import type { Page } from 'playwright-core';
import { apiOf, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok, loginMerchant, loginShopper } = apiOf(() => env);
let admin: Page;
const problems: string[] = [];
let ownerToken = '';
const TAG = 'e2e发券宝';
const COUPON = 'e2e发券宝专享券';
const DAY = 24 * 3600e3;

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  ownerToken = await loginMerchant();
});
afterAll(() => expect(problems).toEqual([]));

const $ = (sel: string) => admin.locator(sel);

test('preview a segment, send a coupon to it, see the sent count', async () => {
  const tag = await ok('customerAdmin', 'saveTag', { name: TAG }, ownerToken);
  const openids: string[] = [];
  for (const code of ['e2e-send-a', 'e2e-send-b', 'e2e-send-c']) {
    const token = await loginShopper(code);
    const me = await ok('member', 'hello', {}, token);
    openids.push(me.openid);
    await ok('customerAdmin', 'setCustomerTags', { openid: me.openid, tagIds: [tag._id] }, ownerToken);
  }
  const now = Date.now();
  const c = await ok(
    'couponAdmin',
    'create',
    { kind: 'normal', name: COUPON, type: 'cash', value: 800, threshold: 0, validFrom: new Date(now - DAY).toISOString(), validTo: new Date(now + 30 * DAY).toISOString(), prefix: 'EZ', quantity: 10 },
    ownerToken,
  );
  await ok('couponAdmin', 'publish', { couponId: c._id }, ownerToken);

  await env.adminLogin(admin);
  await admin.goto(`${env.url}/admin/#/coupon-sends`);
  await $('[data-testid=side-menu]').getByText('发券宝').waitFor();
  await $('#send_couponId').click();
  await admin.locator('.ant-select-dropdown').getByTitle(`${COUPON}（剩余 10）`).click();
  await $('#send_tagIds').click();
  await admin.locator('.ant-select-dropdown').getByTitle(`${TAG}（3）`).click();
  await $('[data-testid=send-preview-button]').click();
  await until(async () => (await $('[data-testid=send-matched]').count()) > 0 && (await $('[data-testid=send-matched]').innerText()) === '3', 'the preview counts 3 customers');
  expect(await $('[data-testid=send-preview]').innerText()).toContain('该券剩余 10 张，每人限 1 张');
  await env.shot(admin, 'admin-coupon-sends-01-preview');

  await $('[data-testid=send-button]').click();
  await $('[data-testid=send-confirm]').click();
  await until(async () => (await $('[data-testid=send-table] tr.ant-table-row').count()) === 1, 'the send is listed');
  const row = $('[data-testid=send-table] tr.ant-table-row').first();
  await until(async () => (await row.locator('[data-testid^=send-sent-]').innerText()) === '3', 'three sent');
  expect(await row.innerText()).toContain('已完成');
  expect(await row.innerText()).toContain(COUPON);
  await env.shot(admin, 'admin-coupon-sends-02-sent');

  const codes = await ok('couponAdmin', 'codes', { couponId: c._id, status: 'held' }, ownerToken);
  expect(codes.items.map((x: any) => x.openid).sort()).toEqual([...openids].sort());

  // operators do not see it in their menu, and the page tells them it is the owner's
  await ok('staff', 'create', { username: 'e2e-sends-op', displayName: '运营小王', password: 'op-pass-123', role: 'operator', storeId: null }, ownerToken);
  const op = watch(problems, await env.desktop(), { console: true });
  await env.adminLogin(op, 'e2e-sends-op', 'op-pass-123');
  await op.locator('[data-testid=side-menu]').getByText('优惠券', { exact: true }).waitFor();
  expect(await op.locator('[data-testid=side-menu]').getByText('发券宝').count()).toBe(0);
  await op.goto(`${env.url}/admin/#/coupon-sends`);
  await op.locator('[data-testid=sends-owner-only]').waitFor();
});
