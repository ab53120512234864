/**
 * Fulfilment in the admin panel: orders are paid through the function API and the WeChat Pay simulator. The owner
 * ships one order in two parcels (#/orders/:id), batch-ships a CSV with a good row, an already-shipped order and an
 * unknown one (#/orders/batch-ship), creates a freight template and assigns it to a product (#/freight,
 * #/products/:id/edit), adds a store and meets IN_USE deleting the clerk's store (#/stores), turns same-city delivery
 * on (#/settings/orders) and delivers a same-city order itself. The clerk (clerk / clerk123, another browser) sees only
 * the pickup pages, looks a paid pickup order's code up (goods, masked shopper), confirms it, is refused the second time with when and by whom, and finds
 * the attempts in 核销记录; the owner then sees the code's state on the order.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { apiOf, until, useE2E, watch } from './harness';

const env = useE2E();
const { call, ok, sim, loginMerchant, loginShopper } = apiOf(() => env);
let admin: Page;
let clerk: Page;
const problems: string[] = [];

let ownerToken = '';
let shopperToken = '';
let productId = '';
let redSku = '';
let blueSku = '';
const PRODUCT = '端到端发货测试茶杯';
const files = mkdtempSync(join(tmpdir(), 'e2e-fulfil-'));

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  clerk = watch(problems, await env.desktop(), { console: true });
  ownerToken = await loginMerchant();
  shopperToken = await loginShopper('e2e-fulfilment-shopper');
  const p = await ok(
    'productAdmin',
    'create',
    {
      name: PRODUCT,
      code: 'E2E-FULFIL',
      specs: [{ name: '颜色', values: ['红', '蓝'] }],
      skus: [
        { specValues: ['红'], price: 2000, originalPrice: 0, stock: 100 },
        { specValues: ['蓝'], price: 3000, originalPrice: 0, stock: 100 },
      ],
      onShelf: true,
    },
    ownerToken,
  );
  productId = p._id;
  redSku = p.skus[0]._id;
  blueSku = p.skus[1]._id;
  await ok('order', 'saveAddress', { name: '李四', phone: '13800001111', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号' }, shopperToken);
});

const $ = (sel: string) => admin.locator(sel);
const visible = (sel: string, page = admin) => page.locator(sel).filter({ visible: true });
async function shotTop(name: string, page = admin) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await env.shot(page, name);
}

/** Waits until the locator matches `n` elements. */
async function countIs(loc: ReturnType<Page['locator']>, n: number) {
  await until(async () => (await loc.count()) === n, `${n} × ${String(loc)}`);
}

/** A paid order: created and paid by the shopper, settled by the simulator. */
async function paidOrder(items: { skuId: string; quantity: number }[], delivery: Record<string, unknown> = { method: 'express' }) {
  const preview = await ok('order', 'preview', { source: { items }, couponId: null, delivery }, shopperToken);
  const order = await ok(
    'order',
    'create',
    { source: { items }, couponId: null, delivery, clientRequestId: `e2e-ful-${Date.now()}-${Math.random()}`, expectedPayable: preview.quote.payable },
    shopperToken,
  );
  const pay = await ok('order', 'pay', { id: order._id }, shopperToken);
  await sim('/_sim/pay', { out_trade_no: pay.outTradeNo, outcome: 'success' });
  await until(async () => (await ok('orderAdmin', 'get', { id: order._id }, ownerToken)).status === 'paid', `order ${order._id} paid`);
  return ok('orderAdmin', 'get', { id: order._id }, ownerToken);
}

/** picks an option of an antd select by its text */
async function pick(selector: string, text: string, page = admin) {
  await page.locator(selector).click();
  await visible('.ant-select-dropdown .ant-select-item-option', page).filter({ hasText: text }).first().click();
}

let splitOrderId = '';

test('the owner logs in and sees the fulfilment menu entries', async () => {
  await env.adminLogin(admin);
  const menu = $('[data-testid=side-menu]');
  for (const label of ['批量发货', '运费模板', '门店管理', '提货核销', '核销记录']) await menu.getByText(label, { exact: true }).waitFor();
});

test('an order ships in two parcels', async () => {
  const order = await paidOrder([
    { skuId: redSku, quantity: 2 },
    { skuId: blueSku, quantity: 1 },
  ]);
  splitOrderId = order._id;
  await admin.goto(`${env.url}/admin/#/orders/${order._id}`);
  await $('[data-testid=order-detail-status][data-status=paid]').waitFor();
  await $('#order-shipments').waitFor();

  // parcel 1: one red cup
  await $('#order-ship').click();
  await visible('#ship-tracking').waitFor();
  await pick('#ship-company', '顺丰速运');
  await $('#ship-tracking').fill('SF10000001');
  await $('#ship-split').check();
  await $('#ship-line-0').check();
  await $('#ship-qty-0').fill('1');
  await env.shot(admin, 'admin-fulfilment-01-ship-split-dialog');
  await $('#ship-submit').click();
  await $('[data-testid=order-detail-status][data-status=partly_shipped]').waitFor();
  expect(await $('#order-shipments').innerText()).toMatch(/顺丰速运[\s\S]*SF10000001[\s\S]*红[\s\S]*× 1/);

  // parcel 2: everything left (one red, one blue)
  await $('#order-ship').click();
  await visible('#ship-tracking').waitFor();
  expect(await visible('.ant-modal').innerText()).toMatch(/未发 1 件[\s\S]*未发 1 件/);
  await pick('#ship-company', '中通快递');
  await $('#ship-tracking').fill('ZT20000002');
  await $('#ship-submit').click();
  await $('[data-testid=order-detail-status][data-status=shipped]').waitFor();
  await $('#order-ship').waitFor({ state: 'detached' });
  const parcels = await $('#order-shipments').innerText();
  expect(parcels).toMatch(/包裹 1[\s\S]*SF10000001[\s\S]*包裹 2[\s\S]*中通快递[\s\S]*ZT20000002/);
  const after = await ok('orderAdmin', 'get', { id: order._id }, ownerToken);
  expect(after.shipments).toHaveLength(2);
  expect(after.shipments[1].lines).toEqual(expect.arrayContaining([{ skuId: redSku, quantity: 1 }, { skuId: blueSku, quantity: 1 }]));
  await $('#order-shipments').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-fulfilment-02-two-parcels');
});

test('batch shipping reports every row', async () => {
  const good = await paidOrder([{ skuId: redSku, quantity: 1 }]);
  const csv = ['订单号,物流公司,物流单号', `${good._id},韵达快递,YD30000003`, `${splitOrderId},顺丰速运,SF40000004`, 'NO-SUCH-ORDER-1,顺丰速运,SF50000005'].join('\r\n') + '\r\n';
  const file = join(files, '发货单.csv');
  writeFileSync(file, '\uFEFF' + csv);

  await $('[data-testid=side-menu]').getByText('批量发货', { exact: true }).click();
  await admin.waitForURL(/#\/orders\/batch-ship/);
  const download = admin.waitForEvent('download');
  await $('#batch-ship-template').click();
  expect((await download).suggestedFilename()).toBe('批量发货模板.csv');

  await $('#batch-ship-file').setInputFiles(file);
  await $('#batch-ship-result').waitFor();
  const rows = $('#batch-ship-result tr.ant-table-row');
  await countIs(rows, 3);
  expect(await rows.nth(0).getAttribute('data-result')).toBe('shipped');
  expect(await rows.nth(0).innerText()).toMatch(/韵达快递 YD30000003/);
  expect(await rows.nth(1).getAttribute('data-result')).toBe('failed');
  expect(await rows.nth(1).innerText()).toContain('订单已发货');
  expect(await rows.nth(2).getAttribute('data-result')).toBe('failed');
  expect(await rows.nth(2).innerText()).toContain('NO-SUCH-ORDER-1');
  expect(await $('#batch-ship-result').innerText()).toMatch(/发货成功\s*1[\s\S]*发货失败\s*2/);
  await shotTop('admin-fulfilment-03-batch-ship-result');
  expect((await ok('orderAdmin', 'get', { id: good._id }, ownerToken)).status).toBe('shipped');
});

test('a freight template is created and assigned to a product', async () => {
  await $('[data-testid=side-menu]').getByText('运费模板', { exact: true }).click();
  await $('#freight-new').click();
  await $('#freight-name').fill('端到端茶杯运费');
  await $('#freight-first').fill('1');
  await $('#freight-first-fee').fill('8');
  await $('#freight-additional').fill('1');
  await $('#freight-additional-fee').fill('2.50');
  await $('#freight-region-add').click();
  await $('#freight-region-provinces-0').click();
  await $('#freight-region-provinces-0').fill('新疆');
  await admin.keyboard.press('Enter');
  await $('#freight-region-provinces-0').fill('青海');
  await admin.keyboard.press('Enter');
  await admin.keyboard.press('Escape');
  await $('#freight-region-0-first').fill('1');
  await $('#freight-region-0-first-fee').fill('20');
  await $('#freight-region-0-additional').fill('1');
  await $('#freight-region-0-additional-fee').fill('10');
  await $('#freight-excluded').click();
  await $('#freight-excluded').fill('西藏');
  await admin.keyboard.press('Enter');
  await admin.keyboard.press('Escape');
  await $('#freight-free-add').click();
  await $('#freight-free-quantity-0').fill('3');
  await $('#freight-allow-local').click();
  await env.shot(admin, 'admin-fulfilment-04-freight-form');
  await $('#freight-save').click();
  await admin.waitForURL(/#\/freight$/);
  const templates = await ok('freightAdmin', 'list', {}, ownerToken);
  const t = templates.find((x: { name: string }) => x.name === '端到端茶杯运费');
  expect(t).toMatchObject({
    pricing: 'count',
    defaultRule: { first: 1, firstFee: 800, additional: 1, additionalFee: 250 },
    regionRules: [{ provinces: ['新疆', '青海'], first: 1, firstFee: 2000, additional: 1, additionalFee: 1000 }],
    excludedProvinces: ['西藏'],
    freeRules: [{ provinces: [], minQuantity: 3 }],
    allowExpress: true,
    allowPickup: true,
    allowLocal: true,
  });
  await $('#freight-table').getByText('端到端茶杯运费').waitFor();

  // the product form: template and weight
  await admin.goto(`${env.url}/admin/#/products/${productId}/edit`);
  await $('#product-freight-template').waitFor();
  await pick('#product-freight-template', '端到端茶杯运费');
  await $('#product-weight').fill('350');
  await $('#product-weight').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-fulfilment-05-product-freight');
  await $('[data-testid=save-product]').click();
  await until(async () => (await ok('productAdmin', 'get', { id: productId }, ownerToken)).freightTemplateId === t._id, 'the product uses the template');
  expect((await ok('productAdmin', 'get', { id: productId }, ownerToken)).weightGrams).toBe(350);

  await admin.goto(`${env.url}/admin/#/freight`);
  await until(async () => (await $(`[data-testid=freight-count-${t._id}]`).innerText()) === '1', 'the product count');
  await shotTop('admin-fulfilment-06-freight-list');
  const index = (await ok('freightAdmin', 'list', {}, ownerToken)).findIndex((x: { _id: string }) => x._id === t._id);
  // the form opens again with what was saved
  await $(`#freight-edit-${index}`).click();
  await admin.waitForURL(new RegExp(`#/freight/${t._id}/edit`));
  await until(async () => (await $('#freight-name').inputValue()) === '端到端茶杯运费', 'the template in the form');
  expect(await $('#freight-first-fee').inputValue()).toBe('8.00');
  expect(await $('#freight-region-rules').innerText()).toMatch(/新疆[\s\S]*青海/);
  await admin.goBack();
  await $('#freight-table').getByText('端到端茶杯运费').waitFor();
  // in use: it cannot be deleted
  await $(`#freight-delete-${index}`).click();
  await visible('#freight-delete-confirm').click();
  await $('#freight-delete-error').filter({ hasText: '仍在使用中' }).waitFor();
});

test('a store is added; the clerk’s store cannot be deleted', async () => {
  await $('[data-testid=side-menu]').getByText('门店管理', { exact: true }).click();
  await $('#store-table').getByText('人民路旗舰店').waitFor();
  await $('#store-new').click();
  await visible('#store-name').fill('南京西路店');
  await $('#store-address').fill('上海市静安区南京西路 1000 号');
  await $('#store-phone').fill('021-62220000');
  await $('#store-hours').fill('09:30-21:30');
  await $('#store-save').click();
  await $('#store-table').getByText('南京西路店').waitFor();
  const stores = await ok('storeAdmin', 'list', {}, ownerToken);
  expect(stores.find((s: { name: string }) => s.name === '南京西路店')).toMatchObject({ address: '上海市静安区南京西路 1000 号', openingHours: '09:30-21:30', pickupEnabled: true });
  const clerkStore = stores.findIndex((s: { _id: string }) => s._id === 'store-1');
  expect(await $('#store-table tr.ant-table-row').nth(clerkStore).innerText()).toContain('clerk');
  await $(`#store-delete-${clerkStore}`).click();
  await visible('#store-delete-confirm').click();
  await $('#store-delete-error').filter({ hasText: '仍在使用中' }).waitFor();
  await shotTop('admin-fulfilment-07-stores');
});

test('same-city delivery: turned on in the settings, dispatched and delivered by the shop', async () => {
  await admin.goto(`${env.url}/admin/#/settings/orders`);
  await $('#local-enabled').click();
  await $('#local-provider').getByText('商家自配送').click();
  await $('#local-fee').fill('6');
  await $('#local-free-from').fill('0');
  await $('#local-cities').click();
  await $('#local-cities').fill('上海');
  await admin.keyboard.press('Enter');
  await $('#settings-local').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-fulfilment-08-local-settings');
  await $('[data-testid=settings-save]').click();
  await until(async () => (await ok('orderAdmin', 'settings', {}, ownerToken)).local.enabled === true, 'same-city on');
  expect((await ok('orderAdmin', 'settings', {}, ownerToken)).local).toMatchObject({ enabled: true, provider: 'self', fee: 600, cities: ['上海'] });

  const address = (await ok('order', 'addresses', {}, shopperToken))[0];
  const order = await paidOrder([{ skuId: blueSku, quantity: 1 }], { method: 'local', addressId: address._id });
  await admin.goto(`${env.url}/admin/#/orders/${order._id}`);
  await $('#order-local').waitFor();
  await $('#order-dispatch-local').click();
  await $('#order-local-status[data-status=dispatched]').waitFor();
  await $('#local-picked-up').click();
  await visible('#local-rider-name').fill('张师傅');
  await $('#local-rider-phone').fill('13900002222');
  await $('#local-picked-up-submit').click();
  await $('#order-local-status[data-status=picked_up]').waitFor();
  expect(await $('#order-local').innerText()).toContain('张师傅 13900002222');
  await $('#local-delivered').click();
  await visible('#local-delivered-ok').click();
  await $('#order-local-status[data-status=delivered]').waitFor();
  await $('[data-testid=order-detail-status][data-status=completed]').waitFor();
  expect(await $('#order-local').innerText()).toMatch(/已派单[\s\S]*已取货[\s\S]*已送达/);
  await $('#order-local').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-fulfilment-09-local-delivered');
});

test('the clerk verifies a pickup code once; the second time is refused with when and by whom', async () => {
  const order = await paidOrder([{ skuId: redSku, quantity: 2 }], { method: 'pickup', storeId: 'store-1' });
  const { code } = await ok('order', 'pickupCode', { id: order._id }, shopperToken);
  expect(code).toMatch(/^\d{12}$/);

  // the owner's list and detail say 待自提 for the paid pickup order (as the storefront does), not 待发货
  await admin.goto(`${env.url}/admin/#/orders?orderId=${order._id}`);
  const row = $(`[data-testid=order-table] tr.ant-table-row[data-row-key="${order._id}"]`);
  await row.waitFor();
  expect((await row.locator('.ant-tag[data-status=paid]').innerText()).trim()).toBe('待自提');
  await shotTop('admin-fulfilment-09b-list-awaiting-pickup');
  await admin.goto(`${env.url}/admin/#/orders/${order._id}`);
  await $('[data-testid=order-detail-status][data-status=paid]').waitFor();
  expect((await $('[data-testid=order-detail-status]').innerText()).trim()).toBe('待自提');
  expect(await $('body').innerText()).toContain('未付款 → 待自提'); // its history too
  expect(await $('body').innerText()).not.toContain('待发货 ·');
  await shotTop('admin-fulfilment-09c-detail-awaiting-pickup');
  await admin.goto(`${env.url}/admin/#/orders`); // away, so that opening the order again later reads it afresh

  await env.adminLogin(clerk, 'clerk', 'clerk123');
  await clerk.locator('#pickup-code').waitFor();
  const menu = await clerk.locator('[data-testid=side-menu]').innerText();
  expect(menu).toContain('提货核销');
  expect(menu).toContain('核销记录');
  for (const hidden of ['商品列表', '订单列表', '营销活动', '顾客管理', '门店管理']) expect(menu).not.toContain(hidden);

  // a wrong code first
  await clerk.locator('#pickup-code').fill('000000000000');
  await clerk.locator('#pickup-lookup').click();
  await clerk.locator('#pickup-error').filter({ hasText: '提货码不正确' }).waitFor();

  await clerk.locator('#pickup-code').fill(code);
  expect(await clerk.locator('#pickup-code').inputValue()).toBe(code.replace(/(\d{4})(?=\d)/g, '$1 '));
  // 查询订单 first: the goods and the masked shopper, the code not used yet
  await clerk.locator('#pickup-lookup').click();
  await clerk.locator('#pickup-preview').waitFor();
  expect(await clerk.locator('#pickup-preview').getAttribute('data-order')).toBe(order._id);
  expect(await clerk.locator('#pickup-preview').innerText()).toMatch(new RegExp(`${order._id}[\\s\\S]*${PRODUCT}[\\s\\S]*2`));
  expect((await clerk.locator('#pickup-preview-consignee').innerText()).trim()).toMatch(/^\S\*+$/);
  expect((await ok('order', 'get', { id: order._id }, shopperToken)).pickup.status).toBe('active');
  await env.shot(clerk, 'admin-fulfilment-10a-pickup-preview');
  await clerk.locator('#pickup-confirm').click();
  await clerk.locator('#pickup-result').waitFor();
  expect(await clerk.locator('#pickup-result').innerText()).toMatch(new RegExp(`核销成功[\\s\\S]*${order._id}[\\s\\S]*${PRODUCT}[\\s\\S]*2`));
  await env.shot(clerk, 'admin-fulfilment-10-pickup-verified');

  await clerk.locator('#pickup-code').fill(code);
  await clerk.locator('#pickup-lookup').click();
  await clerk.locator('#pickup-error').filter({ hasText: '已核销' }).waitFor();
  await clerk.locator('#pickup-error').filter({ hasText: '由 clerk 核销' }).waitFor();
  await env.shot(clerk, 'admin-fulfilment-11-pickup-used');

  // the log: the three attempts, filterable by result
  await clerk.locator('[data-testid=side-menu]').getByText('核销记录').click();
  await clerk.locator('#pickup-log tr.ant-table-row').first().waitFor();
  await countIs(clerk.locator('#pickup-log-store'), 0);
  const results = await clerk.locator('#pickup-log tr.ant-table-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-result')));
  expect(results).toEqual(['used', 'ok', 'wrong']);
  expect(await clerk.locator('#pickup-log').innerText()).toContain(`****${code.slice(-4)}`);
  await env.shot(clerk, 'admin-fulfilment-12-pickup-log');
  await pick('#pickup-log-result', '核销成功', clerk);
  await clerk.waitForURL(/result=ok/);
  await countIs(clerk.locator('#pickup-log tr.ant-table-row'), 1);

  // the owner: the code's state on the order (never the code), and the log with the store filter
  await admin.goto(`${env.url}/admin/#/orders/${order._id}`);
  await $('#order-pickup-status[data-status=used]').waitFor();
  const pickupCard = await $('#order-pickup').innerText();
  expect(pickupCard).toContain('人民路旗舰店');
  expect(pickupCard).toContain('clerk');
  expect(await admin.locator('body').innerText()).not.toContain(code);
  await $('#order-pickup').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-fulfilment-13-order-pickup');
  await admin.goto(`${env.url}/admin/#/pickup/log`);
  await pick('#pickup-log-store', '人民路旗舰店');
  await admin.waitForURL(/storeId=store-1/);
  await countIs($('#pickup-log tr.ant-table-row'), 3);
  await admin.goto(`${env.url}/admin/#/pickup`);
  await $('#pickup-clerk-only').waitFor();
  expect(await $('#pickup-lookup').isDisabled()).toBe(true);
});

test('no page errors beyond the refusals the tests provoke', () => {
  // the HTTP statuses of IN_USE (store, template) and PICKUP_CODE_USED (409) and PICKUP_CODE_INVALID (400)
  const refusals = problems.filter((p) => /status of (400|409)/.test(p));
  expect(refusals.filter((p) => p.includes('409'))).toHaveLength(3);
  expect(refusals.filter((p) => p.includes('400'))).toHaveLength(1);
  expect(problems.filter((p) => !refusals.includes(p))).toEqual([]);
});
