/**
 * Orders, campaigns and order settings in the admin panel (#/orders, #/campaigns, #/settings/orders):
 * the owner creates a 满减 campaign on one product in the form; a second, overlapping 满折 on the same product is
 * refused with the conflict named; a shopper orders the product (through the function API); the owner finds the
 * order by product name, opens it, sees the campaign step in the breakdown, changes the price with a reason and
 * sees the new payable, which the shopper's own order.get also shows. Then: flags, closing, settings.
 */
import type { Page } from 'playwright-core';
import { apiOf, useE2E, watch } from './harness';

const env = useE2E();
let admin: Page;
const problems: string[] = [];

let ownerToken = '';
let shopperToken = '';
let productId = '';
let skuId = '';
let orderId = '';
const PRODUCT = '端到端满减测试茶具';
const CAMPAIGN = '端到端满100减15';

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  ownerToken = await loginMerchant();
  shopperToken = await loginShopper('e2e-orders-shopper');
  // one product with one SKU at 128.00, on shelf
  const p = await api(
    'productAdmin',
    'create',
    { name: PRODUCT, code: 'E2E-TEA', specs: [], skus: [{ specValues: [], price: 12800, originalPrice: 0, stock: 20 }], onShelf: true },
    ownerToken,
  );
  expect(p.ok).toBe(true);
  productId = p.data._id;
  skuId = p.data.skus[0]._id;
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);
const visibleModal = () => admin.locator('.ant-modal-wrap').filter({ visible: true });

/** Waits until `read` answers `want` (up to 10 s), then checks it. */
async function until<T>(read: () => Promise<T>, want: T) {
  let got = await read();
  for (let i = 0; i < 50 && got !== want; i++) {
    await admin.waitForTimeout(200);
    got = await read();
  }
  expect(got).toBe(want);
}

const { call: api, loginMerchant, loginShopper } = apiOf(() => env);

/** Picks `text` in the product scope select of the campaign form. */
async function pickProduct(name: string) {
  const select = admin.locator('.ant-select').filter({ has: admin.locator('#campaign_productIds') });
  await select.click();
  await admin.locator('#campaign_productIds').fill(name);
  const option = admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name });
  await option.first().waitFor();
  await option.first().click();
  await admin.keyboard.press('Escape');
}

async function fillCampaignBasics(name: string, kindLabel: string) {
  await tid('new-campaign').click();
  await tid('campaign-form').waitFor();
  await admin.locator('#campaign_name').fill(name);
  await tid('campaign-kind').getByText(kindLabel, { exact: true }).click();
}

test('the owner creates a 满减 campaign on one product in the form', async () => {
  await env.adminLogin(admin);
  await tid('dashboard').waitFor(); // the owner lands on 概况
  // the menu has the new groups
  await tid('side-menu').getByText('营销活动').click();
  await tid('campaign-table').waitFor();

  await fillCampaignBasics(CAMPAIGN, '满减');
  await tid('tier-threshold-0').fill('100');
  await tid('tier-value-0').fill('15');
  await tid('add-tier').click();
  await tid('tier-threshold-1').fill('300');
  await tid('tier-value-1').fill('50');
  await tid('campaign-scope').getByText('指定商品').click();
  await pickProduct(PRODUCT);
  await tid('rule-preview').filter({ hasText: '满100.00元减15.00元；满300.00元减50.00元' }).waitFor(); // the preview follows the inputs after a render
  await expect(tid('rule-preview').innerText()).resolves.toBe('满100.00元减15.00元；满300.00元减50.00元');
  await env.shot(admin, 'admin-orders-01-campaign-form');
  await tid('campaign-save').click();
  await tid('campaign-table').waitFor();
  const row = tid('campaign-table').locator('tr.ant-table-row').filter({ hasText: CAMPAIGN });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/满减[\s\S]*满100\.00元减15\.00元[\s\S]*1 件商品[\s\S]*进行中/);

  const list = await api('campaignAdmin', 'list', {}, ownerToken);
  const c = list.data.items.find((x: any) => x.name === CAMPAIGN);
  expect(c).toMatchObject({
    rule: { kind: 'reduction', mode: 'tiered', tiers: [{ threshold: 10000, value: 1500 }, { threshold: 30000, value: 5000 }] },
    productIds: [productId],
    audience: { kind: 'all' },
    endsAt: null,
    status: 'running',
  });
  await env.shot(admin, 'admin-orders-02-campaigns');
});

test('a second, overlapping 满折 on the same product shows the conflict naming the first campaign', async () => {
  await fillCampaignBasics('端到端满50打9折', '满折');
  await tid('tier-threshold-0').fill('50');
  await tid('tier-value-0').fill('9');
  await tid('rule-preview').filter({ hasText: '满50.00元打9折' }).waitFor(); // the preview follows the inputs after a render
  await expect(tid('rule-preview').innerText()).resolves.toBe('满50.00元打9折');
  await tid('campaign-scope').getByText('指定商品').click();
  await pickProduct(PRODUCT);
  await tid('campaign-save').click();
  await tid('campaign-error').waitFor();
  const text = await tid('campaign-error').innerText();
  expect(text).toContain(`与活动「${CAMPAIGN}」冲突`);
  expect(text).toContain(PRODUCT);
  expect(text).toContain(`"${CAMPAIGN}"`); // the server's own words
  await env.shot(admin, 'admin-orders-03-campaign-conflict');
  // nothing was created
  const list = await api('campaignAdmin', 'list', { kind: 'discount' }, ownerToken);
  expect(list.data.total).toBe(0);
  await tid('side-menu').getByText('营销活动').click();
  await tid('campaign-table').waitFor();
});

test('editing the campaign loads its rule and products and saves the change', async () => {
  const c = (await api('campaignAdmin', 'list', { kind: 'reduction' }, ownerToken)).data.items[0];
  await tid(`edit-${c._id}`).click();
  await tid('campaign-form').waitFor();
  await until(() => tid('tier-threshold-1').inputValue(), '300.00');
  expect(await tid('campaign-products').innerText()).toContain(PRODUCT);
  expect(await tid('campaign-status').innerText()).toBe('进行中');
  await tid('tier-threshold-1').fill('400');
  await tid('tier-value-1').fill('60');
  await tid('campaign-save').click(); // no conflict with itself
  await tid('campaign-table').waitFor();
  const after = (await api('campaignAdmin', 'get', { id: c._id }, ownerToken)).data;
  expect(after.rule.tiers).toEqual([{ threshold: 10000, value: 1500 }, { threshold: 40000, value: 6000 }]);
  expect(after.productIds).toEqual([productId]);
});

test('the other rule editors: 每满减, 满赠券, 满免邮 (which stacks with 满减) with regions, methods and audience', async () => {
  await fillCampaignBasics('端到端每满减', '满减');
  await tid('reduction-mode').getByText('每满减', { exact: false }).click();
  await tid('every-input').fill('50');
  await tid('off-input').fill('5');
  await tid('cap-input').fill('20');
  await tid('rule-preview').filter({ hasText: '每满50.00元减5.00元，最多减20.00元' }).waitFor(); // the preview follows the inputs after a render
  await expect(tid('rule-preview').innerText()).resolves.toBe('每满50.00元减5.00元，最多减20.00元');
  await tid('campaign-kind').getByText('满赠券', { exact: true }).click();
  await tid('tier-threshold-0').waitFor();
  await env.shot(admin, 'admin-orders-09-campaign-gift');

  await admin.locator('#campaign_name').fill('端到端首单包邮');
  await tid('campaign-kind').getByText('满免邮', { exact: true }).click();
  await tid('fs-threshold').fill('99');
  await admin.locator('#campaign_excludedRegions').fill('新疆');
  await admin.keyboard.press('Enter');
  await admin.locator('#campaign_excludedRegions').fill('西藏');
  await admin.keyboard.press('Enter');
  await admin.keyboard.press('Escape');
  await tid('fs-methods').getByText('到店自提').click(); // not useful for pickup, but allowed
  await tid('campaign-audience').getByText('首单顾客').click();
  await tid('campaign-permanent').click(); // not permanent: an end is required
  await tid('campaign-save').click();
  await admin.getByText('请选择结束时间，或勾选永久有效').waitFor();
  await tid('campaign-permanent').click();
  await tid('rule-preview').filter({ hasText: '满99.00元包邮（快递发货、同城配送、到店自提），不含新疆、西藏' }).waitFor(); // the preview follows the inputs after a render
  await expect(tid('rule-preview').innerText()).resolves.toBe('满99.00元包邮（快递发货、同城配送、到店自提），不含新疆、西藏');
  await env.shot(admin, 'admin-orders-10-campaign-free-shipping');
  await tid('campaign-save').click();
  const row = tid('campaign-table').locator('tr.ant-table-row').filter({ hasText: '端到端首单包邮' });
  await row.waitFor();
  expect(await row.innerText()).toMatch(/满免邮[\s\S]*全场[\s\S]*首单顾客/);
  const list = await api('campaignAdmin', 'list', { kind: 'freeShipping' }, ownerToken);
  expect(list.data.items[0]).toMatchObject({
    rule: { kind: 'freeShipping', threshold: 9900, excludedRegions: ['新疆', '西藏'], deliveryMethods: ['express', 'local', 'pickup'] },
    productIds: null,
    audience: { kind: 'firstOrder' },
    endsAt: null,
  });
  // it is deleted again (with the confirm), so the order below sees only the 满减
  const id = list.data.items[0]._id;
  await tid(`delete-${id}`).click();
  await admin.locator('.ant-popover:visible [data-testid="confirm-delete"]').click();
  await row.waitFor({ state: 'detached' });
});

test('a shopper orders the product; the owner finds the order by product name and sees the campaign step', async () => {
  const addr = await api('order', 'saveAddress', { name: '李四', phone: '13900001111', province: '浙江', city: '杭州', district: '西湖', detail: '文三路 1 号' }, shopperToken);
  expect(addr.ok).toBe(true);
  const items = [{ skuId, quantity: 1 }];
  const preview = await api('order', 'preview', { source: { items }, couponId: null }, shopperToken);
  expect(preview.ok).toBe(true);
  expect(preview.data.quote.steps.some((s: any) => s.kind === 'campaign' && s.name === CAMPAIGN)).toBe(true);
  const created = await api(
    'order',
    'create',
    { source: { items }, couponId: null, clientRequestId: `e2e-${Date.now()}`, expectedPayable: preview.data.quote.payable, remark: '请包装好' },
    shopperToken,
  );
  expect(created.ok).toBe(true);
  orderId = created.data._id;
  expect(created.data.amounts.payable).toBe(preview.data.quote.payable);

  await tid('side-menu').getByText('订单列表').click();
  await tid('order-table').waitFor();
  await admin.locator('#search_productName').fill('满减测试');
  await tid('order-search-submit').click();
  const row = tid('order-table').locator(`tr.ant-table-row[data-row-key="${orderId}"]`);
  await row.waitFor();
  expect(await tid('order-table').locator('tr.ant-table-row').count()).toBe(1);
  expect(admin.url()).toContain('productName=');
  expect(await row.innerText()).toContain('未付款');
  expect(await row.innerText()).toContain('李四');
  // the unpaid tab keeps the search and still finds it
  await tid('order-tab-unpaid').click();
  await row.waitFor();
  await env.shot(admin, 'admin-orders-04-order-list');

  // flag it from the list
  await tid(`star-${orderId}`).click();
  await admin.locator('.ant-dropdown:visible [data-testid="star-option-red"]').click();
  await until(() => tid(`star-${orderId}`).getAttribute('data-star'), 'red');
  await tid('order-tab-starred').click();
  await row.waitFor();

  await row.locator(`[data-testid="order-link-${orderId}"]`).click();
  await tid('order-detail-status').waitFor();
  expect(await tid('order-detail-status').innerText()).toBe('未付款');
  const steps = tid('order-steps');
  await steps.getByText(CAMPAIGN).waitFor();
  expect(await steps.innerText()).toMatch(/营销活动[\s\S]*端到端满100减15[\s\S]*-¥15\.00/);
  expect(Number(await tid('order-payable').getAttribute('data-fen'))).toBe(created.data.amounts.payable);
  expect(await tid('order-delivery').innerText()).toContain('请包装好');
  await env.shot(admin, 'admin-orders-05-order-detail');
});

test('the owner changes the price with a reason; the detail and the shopper see the new payable', async () => {
  await tid('change-price').click();
  await tid('change-price-input').fill('100.00');
  await tid('change-price-ok').click();
  // the reason is required
  await visibleModal().getByText('请填写改价原因').waitFor();
  await tid('change-price-reason').fill('老顾客优惠');
  await tid('change-price-ok').click();
  await until(() => tid('order-payable').getAttribute('data-fen'), '10000');
  await tid('change-price-result').waitFor();
  expect(await tid('change-price-result').innerText()).toContain('¥100.00');
  expect(await tid('price-changes').innerText()).toContain('老顾客优惠');
  await env.shot(admin, 'admin-orders-06-price-changed');

  const mine = await api('order', 'get', { id: orderId }, shopperToken);
  expect(mine.data.amounts.payable).toBe(10000);
  expect(mine.data.lines.reduce((a: number, l: any) => a + l.payable, 0) + mine.data.amounts.freightPayable).toBe(10000);
});

test('closing the unpaid order with a reason; closed orders offer no price change', async () => {
  await tid('close-order').click();
  await tid('close-reason-input').fill('顾客电话要求取消');
  await tid('close-order-ok').click();
  await until(() => tid('order-detail-status').innerText(), '已关闭');
  expect(await tid('change-price').count()).toBe(0);
  expect(await tid('close-reason').innerText()).toContain('商家关闭');
  // the server refuses it too, and says why
  const again = await api('orderAdmin', 'changePrice', { id: orderId, payable: 9000, reason: 'x' }, ownerToken);
  expect(again.error.code).toBe('ILLEGAL_TRANSITION');
});

test('order settings: the owner saves; an operator sees them read-only', async () => {
  await admin.goto(`${env.url}/admin/#/settings/orders`);
  await tid('settings-form').waitFor();
  await admin.locator('#settings_autoCloseMinutes').fill('45');
  await admin.locator('#settings_defaultFreight').fill('8.50');
  await tid('settings-save').click();
  await admin.getByText('交易设置已保存').waitFor();
  const s = await api('orderAdmin', 'settings', {}, ownerToken);
  expect(s.data.orders).toMatchObject({ autoCloseMinutes: 45, defaultFreight: 850 });
  await env.shot(admin, 'admin-orders-07-settings');

  const op = await env.desktop();
  await op.goto(`${env.url}/admin/`);
  await op.locator('#username').fill('operator');
  await op.locator('#password').fill('operator123');
  await op.locator('button[type=submit]').click();
  await op.locator('[data-testid="dashboard"]').waitFor(); // operators land on 概况 too
  await op.locator('[data-testid="side-menu"]').getByText('交易设置').click();
  await op.locator('[data-testid="settings-read-only"]').waitFor();
  expect(await op.locator('#settings_autoCloseMinutes').isDisabled()).toBe(true);
  expect(await op.locator('[data-testid="settings-save"]').isDisabled()).toBe(true);
  await env.shot(op, 'admin-orders-08-settings-operator');
});

test('no page errors', () => {
  expect(problems.filter((p) => !/Warning:|favicon|status of 409/.test(p))).toEqual([]);
});
