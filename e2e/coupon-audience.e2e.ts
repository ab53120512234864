/**
 * Issue 13, coupons: the admin coupon form has 适用顾客 (全部顾客 / 新人专享), loaded and saved; the coupon detail
 * says it; the order settings say what giving coupons back on close means. In the H5 storefront a new shopper who
 * got the demo's 新人无门槛5元券 as the registration gift sees it in 领券中心 marked 新人专享 and already held
 * (the per-shopper limit counts the gift), so they cannot claim a second one.
 */
import type { Page } from 'playwright-core';
import { apiOf, h5, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api, loginMerchant } = apiOf(() => env);
let admin: Page;
let phone: Page;
const problems: string[] = [];
let ownerToken = '';

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  phone = watch(problems, await env.phone(), { console: true });
  ownerToken = await loginMerchant();
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);
const { visible } = h5(() => phone);

test('the coupon form loads and saves 适用顾客; the detail shows it', async () => {
  const now = Date.now();
  const draft = await api(
    'couponAdmin',
    'create',
    {
      kind: 'normal',
      name: '端到端新人券',
      type: 'cash',
      value: 300,
      threshold: 0,
      validFrom: new Date(now - 3600e3).toISOString(),
      validTo: new Date(now + 30 * 24 * 3600e3).toISOString(),
      prefix: 'E2EN',
      quantity: 10,
      audience: 'new',
    },
    ownerToken,
  );
  await admin.goto(`${env.url}/admin/`);
  await admin.locator('#username').fill('admin');
  await admin.locator('#password').fill('admin123');
  await admin.locator('button[type=submit]').click();
  await tid('dashboard').waitFor(); // the owner lands on 概况
  await admin.goto(`${env.url}/admin/#/coupons/${draft._id}/edit`);
  const audience = tid('coupon-audience');
  await audience.waitFor();
  await until(async () => (await audience.locator('input[value="new"]').isChecked()) === true, '新人专享 checked');
  await audience.scrollIntoViewIfNeeded();
  await env.shot(admin, 'coupon-audience-01-form');

  await audience.getByText('全部顾客').click();
  await tid('coupon-save').click();
  await tid('coupon-settings').waitFor();
  expect((await api('couponAdmin', 'get', { couponId: draft._id }, ownerToken)).audience).toBe('all');
  await admin.goto(`${env.url}/admin/#/coupons/${draft._id}/edit`);
  await tid('coupon-audience').waitFor();
  await until(async () => (await tid('coupon-audience').locator('input[value="all"]').isChecked()) === true, '全部顾客 checked');
  await tid('coupon-audience').getByText('新人专享').click();
  await tid('coupon-save').click();
  await tid('coupon-settings').waitFor();
  expect((await api('couponAdmin', 'get', { couponId: draft._id }, ownerToken)).audience).toBe('new');
  expect(await tid('coupon-settings').innerText()).toContain('新人专享');
  await admin.getByText('适用顾客').scrollIntoViewIfNeeded();
  await env.shot(admin, 'coupon-audience-02-detail');

  // the order settings say what giving a coupon back on close means (off by default, as the seed says)
  await admin.goto(`${env.url}/admin/#/settings/orders`);
  await tid('settings-return-unpaid').waitFor();
  expect(await tid('settings-return-unpaid').getAttribute('aria-checked')).toBe('false');
  await admin.getByText('无论商家还是顾客取消订单，优惠券都不退还').waitFor();
  await tid('settings-return-unpaid').scrollIntoViewIfNeeded();
  await env.shot(admin, 'coupon-audience-03-settings');
});

test('a new shopper holding the registration gift sees it in 领券中心 as 新人专享 and already held', async () => {
  await phone.goto(`${env.url}/h5/#/pages/me/index`);
  await visible('.shopper-option[data-code="shopper-2"]').click();
  await until(async () => ((await visible('#current-shopper').first().getAttribute('data-openid')) ?? '') !== '', 'logged in');
  await phone.goto(`${env.url}/h5/#/pages/coupon-centre/index`);
  const card = visible('.centre-coupon').filter({ hasText: '新人无门槛5元券' });
  await card.waitFor();
  expect(await card.locator('.coupon-card__tag').innerText()).toBe('新人专享');
  expect(await card.locator('.claim-btn').getAttribute('data-state')).toBe('claimed');
  expect((await card.locator('.claim-btn').innerText()).trim()).toBe('已领取');
  await env.shot(phone, 'coupon-audience-04-centre');
  expect(problems).toEqual([]);
});
