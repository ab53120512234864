/**
 * Issue 7 end to end, the express scenario: the shop is bound to the Jingdou Cloud simulator, which takes the demo's
 * own products off shelf (seed 000 FAQ 5: they cannot be linked); the ERP's materials come in as new products and the
 * merchant shelves one; a shopper pays on the cashier page (H5), and seconds later the sales outbound document is in
 * the ERP with the defaults; the admin offers no 发货 for it but says to ship it in 精斗云; the ERP clerk ships it on
 * the simulator's console and the shopper's order shows as shipped with the ERP's carrier and tracking number.
 */
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_JDY_CLIENT, DEMO_OUTER_INSTANCE_ID } from '../local/src/jdy-sim/demo';
import { apiOf, h5, until, useE2E } from './harness';

const env = useE2E();
const { ok: api } = apiOf(() => env);
let phone: Page;
let clerk: Page;

beforeAll(async () => {
  phone = await env.phone();
  clerk = await env.desktop();
});

const { visible: see } = h5(() => phone);
const erp = (path: string) => fetch(`${env.stack.jdySimUrl}${path}`).then((r) => r.json());

test('a paid order reaches the ERP within seconds; shipping in the ERP flows back to the shopper', async () => {
  const owner = (await api('auth', 'merchantLogin', { username: 'admin', password: 'admin123' })).token;
  await api('syncAdmin', 'saveCredentials', { baseUrl: env.stack.jdySimUrl, clientId: DEMO_JDY_CLIENT.clientId, clientSecret: DEMO_JDY_CLIENT.clientSecret, outerInstanceId: DEMO_OUTER_INSTANCE_ID }, owner);
  const bound = await api('syncAdmin', 'bind', { accountId: DEMO_ACCOUNTS[0].accountId }, owner);
  expect(bound.created).toEqual(['WSCKH', 'WSCCK', 'WSCXJ']);
  // the demo's own products cannot be linked to the ERP's materials: binding took them off shelf
  expect(bound.offShelf).toBeGreaterThan(0);
  expect((await api('catalog', 'list', { keyword: '无线充电器', page: 1, pageSize: 5 })).items).toEqual([]);
  await api('syncAdmin', 'runNow', {}, owner);
  // the ERP's material DG006 came in as a new product, off shelf, its stock the ERP's; the demo's own 桌面无线充电器
  // gave its code up (DG006-OLD) and stays off shelf. The merchant shelves the ERP's one.
  const byCode = async (code: string) => ((await api('productAdmin', 'list', { code, page: 1, pageSize: 20 }, owner)).items as { _id: string; code: string; onShelf: boolean; erp?: unknown }[]).find((p) => p.code === code)!;
  const fromErp = await byCode('DG006');
  expect(fromErp).toMatchObject({ onShelf: false, erp: { materialNumber: 'DG006' } });
  expect(await byCode('DG006-OLD')).toMatchObject({ onShelf: false });
  expect((await byCode('DG006-OLD')).erp).toBeUndefined();
  await api('productAdmin', 'batch', { ids: [fromErp._id], op: { kind: 'shelf', onShelf: true } }, owner);
  const card = (await api('catalog', 'list', { keyword: 'DG006', page: 1, pageSize: 5 })).items[0];
  expect(card._id).toBe(fromErp._id);
  const detail = await api('catalog', 'detail', { id: card._id });
  expect(detail.erp).toBeUndefined();

  await phone.goto(`${env.url}/h5/#/pages/me/index`);
  await see('.shopper-option[data-code="shopper-2"]').click();
  await until(async () => ((await see('#current-shopper').getAttribute('data-openid')) ?? '') !== '', 'login');
  const shopper = (await api('auth', 'shopperLogin', { code: 'shopper-2' })).token;
  await api('order', 'saveAddress', { name: '王五', phone: '13500000000', province: '上海', city: '上海', district: '静安', detail: '南京西路 1 号' }, shopper);
  const items = [{ skuId: detail.skus[0]._id, quantity: 1 }];
  const preview = await api('order', 'preview', { source: { items }, couponId: null }, shopper);
  const order = await api('order', 'create', { source: { items }, couponId: null, clientRequestId: `e2e-erp-${Date.now()}`, expectedPayable: preview.quote.payable }, shopper);

  await phone.goto(`${env.url}/h5/#/pages/order-detail/index?id=${order._id}`);
  await see('#order-pay').click();
  await phone.waitForURL(/\/_sim\/cashier/);
  await phone.locator('#sim-pay').click();
  await phone.waitForURL(/order-detail/);
  await until(async () => (await see('#order-status').getAttribute('data-status')) === 'paid', 'paid');

  // the kick sends it at once (the timer would within a minute)
  const paidAt = Date.now();
  let doc: { id: string; bill_no: string; customer_number?: string } | undefined;
  await until(async () => {
    doc = ((await erp('/_sim/documents?kind=out')) as { id: string; bill_no: string }[]).find((d) => d.bill_no === order._id);
    return !!doc;
  }, 'the outbound document in the ERP', 20_000);
  expect(Date.now() - paidAt).toBeLessThan(20_000);

  // the admin's order detail: no 发货 here, the order ships in 精斗云
  await env.submitAdminLogin(clerk, 'admin', 'admin123', `/orders/${order._id}`);
  await clerk.locator('#order-erp-ships').waitFor();
  expect(await clerk.locator('#order-erp-ships').innerText()).toContain('精斗云');
  expect(await clerk.locator('#order-ship').count()).toBe(0);
  await env.shot(clerk, 'erp-sync-00-admin-ships-in-erp');

  // the ERP clerk's console: the document is there; 发货 with a carrier and number
  await clerk.goto(`${env.stack.jdySimUrl}/_sim/`);
  await clerk.getByText(order._id).first().waitFor();
  await env.shot(clerk, 'erp-sync-01-erp-console');
  const shipped = await fetch(`${env.stack.jdySimUrl}/_sim/documents/${doc!.id}/ship`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ logistics_company: '顺丰速运', logistics_number: 'SF5500000001' }),
  });
  expect(shipped.status).toBe(200);
  await api('syncAdmin', 'runNow', {}, owner);
  await phone.goto(`${env.url}/h5/#/pages/order-detail/index?id=${order._id}`);
  await until(async () => (await see('#order-status').getAttribute('data-status')) === 'shipped', 'shipped in the mall');
  await phone.getByText('SF5500000001').first().waitFor();
  await env.shot(phone, 'erp-sync-02-shopper-shipped');
  const log = await api('syncAdmin', 'log', { orderId: order._id }, owner);
  expect(log.items[0]).toMatchObject({ kind: 'order_out', status: 'sent', erpNumber: order._id });
}, 120_000);
