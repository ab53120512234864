/**
 * 导出订单 (issue 17) in the admin panel: the owner filters the order list to two paid orders (three lines), exports
 * them with 导出, fills in the parcel of each order on one of its rows, and uploads the same workbook to 批量发货: both
 * orders ship, the row left blank is skipped. The order list then finds one of them by its tracking number, and the
 * owner corrects that parcel's tracking number (修改物流).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import type { Page } from 'playwright-core';
import { apiOf, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok, sim, loginMerchant, loginShopper } = apiOf(() => env);
let admin: Page;
const problems: string[] = [];
let ownerToken = '';
let shopperToken = '';
const PRODUCT = '端到端导出测试';
const files = mkdtempSync(join(tmpdir(), 'e2e-export-'));

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  ownerToken = await loginMerchant();
  shopperToken = await loginShopper('e2e-export-shopper');
  await ok('order', 'saveAddress', { name: '王五', phone: '13800002222', province: '上海', city: '上海', district: '黄浦', detail: '人民路 2 号' }, shopperToken);
});
afterAll(() => expect(problems).toEqual([]));

const $ = (sel: string) => admin.locator(sel);

async function sku(name: string, price: number) {
  const p = await ok('productAdmin', 'create', { name, specs: [], skus: [{ specValues: [], price, originalPrice: 0, stock: 100 }], onShelf: true }, ownerToken);
  return p.skus[0]._id as string;
}
async function paidOrder(items: { skuId: string; quantity: number }[]) {
  const preview = await ok('order', 'preview', { source: { items }, couponId: null }, shopperToken);
  const order = await ok('order', 'create', { source: { items }, couponId: null, clientRequestId: `e2e-exp-${Date.now()}-${Math.random()}`, expectedPayable: preview.quote.payable }, shopperToken);
  const pay = await ok('order', 'pay', { id: order._id }, shopperToken);
  await sim('/_sim/pay', { out_trade_no: pay.outTradeNo, outcome: 'success' });
  await until(async () => (await ok('orderAdmin', 'get', { id: order._id }, ownerToken)).status === 'paid', `order ${order._id} paid`);
  return order._id as string;
}

test('an exported workbook, filled in, ships its orders through 批量发货', async () => {
  const [cup, pot] = [await sku(`${PRODUCT}茶杯`, 1500), await sku(`${PRODUCT}茶壶`, 4500)];
  const two = await paidOrder([
    { skuId: cup, quantity: 1 },
    { skuId: pot, quantity: 1 },
  ]);
  const one = await paidOrder([{ skuId: cup, quantity: 3 }]);

  await env.adminLogin(admin);
  await admin.goto(`${env.url}/admin/#/orders?tab=paid&productName=${encodeURIComponent(PRODUCT)}`);
  await until(async () => (await $('[data-testid=order-table] tr.ant-table-row').count()) === 2, 'two orders listed');
  await env.shot(admin, 'admin-export-01-filtered-list');
  const download = admin.waitForEvent('download');
  await $('[data-testid=order-export]').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^订单导出-\d{8}-\d{6}\.xlsx$/);
  const saved = join(files, file.suggestedFilename());
  await file.saveAs(saved);

  const wb = XLSX.readFile(saved);
  const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false, defval: '' });
  expect(rows[0].slice(0, 3)).toEqual(['订单号', '物流公司', '物流单号']);
  expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([two, two, one].sort());
  // the merchant fills in one row of each order
  const filledFor = new Set<string>();
  const filled = rows.map((r, i) => {
    if (i === 0 || filledFor.has(r[0])) return r;
    filledFor.add(r[0]);
    return r[0] === two ? [r[0], '顺丰速运', 'SF88000001', ...r.slice(3)] : [r[0], '中通快递', 'ZT88000002', ...r.slice(3)];
  });
  const out = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(out, XLSX.utils.aoa_to_sheet(filled), '订单');
  const upload = join(files, '发货.xlsx');
  writeFileSync(upload, XLSX.write(out, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

  await admin.goto(`${env.url}/admin/#/orders/batch-ship`);
  await $('#batch-ship-file').setInputFiles(upload);
  await $('#batch-ship-result').waitFor();
  expect(await $('#batch-ship-result').innerText()).toMatch(/发货成功\s*2[\s\S]*发货失败\s*0[\s\S]*跳过[^\d]*1/);
  await env.shot(admin, 'admin-export-02-batch-ship-from-export');
  expect((await ok('orderAdmin', 'get', { id: two }, ownerToken)).shipments[0]).toMatchObject({ company: '顺丰速运', trackingNo: 'SF88000001' });
  expect((await ok('orderAdmin', 'get', { id: one }, ownerToken)).status).toBe('shipped');

  // found again by its tracking number in the advanced search
  await admin.goto(`${env.url}/admin/#/orders?trackingNo=SF88000001`);
  await until(async () => (await $('[data-testid=order-table] tr.ant-table-row').count()) === 1, 'one order by tracking number');
  expect(await $('[data-testid=order-table]').innerText()).toContain(two);
  await env.shot(admin, 'admin-export-03-found-by-tracking-number');
});

test("修改物流: the owner corrects a parcel's tracking number on the order page; the order records it", async () => {
  const [order] = (await ok('orderAdmin', 'list', { trackingNo: 'SF88000001' }, ownerToken)).items;
  await admin.goto(`${env.url}/admin/#/orders/${order._id}`);
  await $('#fix-tracking-1').click();
  await admin.locator('#fix-tracking').filter({ visible: true }).fill('SF88000009');
  await $('#fix-reason').fill('单号填错');
  await env.shot(admin, 'admin-export-04-fix-tracking-dialog');
  await $('#fix-tracking-submit').click();
  await until(async () => (await $('#order-shipments').innerText()).includes('SF88000009'), 'the corrected number shown');
  const after = await ok('orderAdmin', 'get', { id: order._id }, ownerToken);
  expect(after.shipments[0].trackingNo).toBe('SF88000009');
  expect(after.history.at(-1)).toMatchObject({ event: 'trackingCorrected', detail: { from: '顺丰速运 SF88000001', reason: '单号填错' } });
  await env.shot(admin, 'admin-export-05-fixed');
});

test('新订单提醒: a new paid order brings a notification (and the chime the owner turned on)', async () => {
  await admin.goto(`${env.url}/admin/#/orders`);
  await $('[data-testid=new-order-sound]').click();
  expect(await admin.evaluate(() => localStorage.getItem('shop.admin.newOrderSound'))).toBe('on');
  await admin.waitForTimeout(500); // the first count is the baseline
  const cup = await sku(`${PRODUCT}提醒`, 900);
  await paidOrder([{ skuId: cup, quantity: 1 }]);
  // the header polls every 30 s; a changed-counts event makes it look now
  await admin.evaluate(() => window.dispatchEvent(new Event('shop:orders-changed')));
  await $('.ant-notification').getByText('有 1 个新订单待处理').waitFor();
  await env.shot(admin, 'admin-export-06-new-order-alert');
});

test('打印拣货单 / 发货单: the selected orders on a print-ready page', async () => {
  const [cup, pot] = [await sku(`${PRODUCT}拣货杯`, 800), await sku(`${PRODUCT}拣货壶`, 2800)];
  const order = await paidOrder([
    { skuId: cup, quantity: 2 },
    { skuId: pot, quantity: 1 },
  ]);
  await admin.goto(`${env.url}/admin/#/orders?tab=paid&productName=${encodeURIComponent(PRODUCT)}`);
  const rows = $('[data-testid=order-table] tr.ant-table-row');
  // the same filters as the first test's list: wait for this order, not for that list's two rows still on screen
  await until(async () => (await rows.count()) === 2 && (await $('[data-testid=order-table]').innerText()).includes(order), 'two orders to ship listed');
  await rows.nth(0).locator('.ant-checkbox-input').check();
  await rows.nth(1).locator('.ant-checkbox-input').check();
  const popup = admin.waitForEvent('popup');
  await $('[data-testid=print-picking]').click();
  const picking = await popup;
  await picking.locator('[data-testid=print-picking] table').waitFor();
  expect(await picking.locator('[data-testid=print-picking] h1').innerText()).toMatch(/拣货单（2 个订单/);
  // the reminder test's cup and this order's cup and pot: three SKUs, four units
  expect(await picking.locator('[data-testid=print-picking] tbody tr').count()).toBe(3);
  expect(await picking.locator('[data-testid=print-picking] h1').innerText()).toContain('4 件');
  await env.shot(picking, 'admin-export-07-picking-list');
  await picking.close();
  const popup2 = admin.waitForEvent('popup');
  await $('[data-testid=print-slips]').click();
  const slips = await popup2;
  await slips.locator('[data-testid=print-slips] .slip').first().waitFor();
  expect(await slips.locator('[data-testid=print-slips] .slip').count()).toBe(2);
  expect(await slips.locator('.slip').first().innerText()).toMatch(/收货人：王五/);
  await env.shot(slips, 'admin-export-08-shipping-slips');
  await slips.close();
});
