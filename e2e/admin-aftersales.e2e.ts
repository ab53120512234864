/**
 * Refunds, cancellation requests and after-sales in the admin panel (#/orders/:id, #/refunds, #/aftersales):
 * orders are paid through the function API and the WeChat Pay simulator's /_sim/pay; one is completed with
 * completeOrder on the stack's database so that the shopper can ask to return a unit. The owner agrees with a
 * return address, the shopper ships the unit back (API), the owner confirms receipt and the detail shows 已退款
 * once the simulator settled the refund. Then: a partial refund from the order detail dialog (with the
 * REFUND_EXCEEDS_PAID message first), a rejected cancellation request, and the refunds page with a retry of an
 * ABNORMAL refund.
 */
import type { Page } from 'playwright-core';
import { completeOrder } from '../cloudfunctions/shared/domain/orders/lifecycle';
import { makePng } from '../local/src/testPng';
import { apiOf, until, useE2E, watch } from './harness';

const env = useE2E();
const { call, ok, sim, loginMerchant, loginShopper } = apiOf(() => env);
let admin: Page;
const problems: string[] = [];

let ownerToken = '';
let shopperToken = '';
let skuId = '';
const PRODUCT = '端到端售后测试保温杯';
const PRICE = 8800; // ¥88.00

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  ownerToken = await loginMerchant();
  shopperToken = await loginShopper('e2e-aftersales-shopper');
  const p = await ok(
    'productAdmin',
    'create',
    { name: PRODUCT, code: 'E2E-CUP', specs: [], skus: [{ specValues: [], price: PRICE, originalPrice: 0, stock: 50 }], onShelf: true },
    ownerToken,
  );
  skuId = p.skus[0]._id;
  await ok('order', 'saveAddress', { name: '王五', phone: '13700002222', province: '上海', city: '上海', district: '徐汇', detail: '漕溪北路 8 号' }, shopperToken);
});

const $ = (sel: string) => admin.locator(sel);
/** a screenshot of the page from its top (the tests scroll while clicking) */
async function shotTop(name: string) {
  await admin.evaluate(() => window.scrollTo(0, 0));
  await env.shot(admin, name);
}
const visible = (sel: string) => admin.locator(sel).filter({ visible: true });

async function paidOrder(quantity: number) {
  const items = [{ skuId, quantity }];
  const preview = await ok('order', 'preview', { source: { items }, couponId: null }, shopperToken);
  const order = await ok(
    'order',
    'create',
    { source: { items }, couponId: null, clientRequestId: `e2e-as-${Date.now()}-${Math.random()}`, expectedPayable: preview.quote.payable },
    shopperToken,
  );
  const pay = await ok('order', 'pay', { id: order._id }, shopperToken);
  await sim('/_sim/pay', { out_trade_no: pay.outTradeNo, outcome: 'success' });
  await until(async () => (await ok('orderAdmin', 'get', { id: order._id }, ownerToken)).status === 'paid', `order ${order._id} paid`);
  return ok('orderAdmin', 'get', { id: order._id }, ownerToken);
}

test('the owner logs in and sees the new menu entries', async () => {
  await admin.goto(`${env.url}/admin/`);
  await $('#username').fill('admin');
  await $('#password').fill('admin123');
  await $('button[type=submit]').click();
  await $('[data-testid=dashboard]').waitFor(); // the owner lands on 概况
  await $('[data-testid=side-menu]').getByText('退款管理').waitFor();
  await $('[data-testid=side-menu]').getByText('售后管理').waitFor();
});

test('a return: the owner agrees with a return address, the shopper ships back, the owner receives and the refund settles', async () => {
  const order = await paidOrder(2);
  await completeOrder(env.stack.db, order._id, 'fulfil', 'test', new Date());
  const evidence = (await ok('aftersale', 'uploadEvidence', { filename: 'crack.png', contentBase64: makePng(64, 64).toString('base64') }, shopperToken)).url;
  const quote = await ok('aftersale', 'quote', { orderId: order._id, lines: [{ skuId, quantity: 1 }] }, shopperToken);
  expect(quote.types).toContain('return_refund');
  const share = quote.lines[0].shareEach;
  const applied = await ok(
    'aftersale',
    'apply',
    { orderId: order._id, type: 'return_refund', lines: [{ skuId, quantity: 1 }], reason: '商品质量问题', description: '杯口有裂纹', amount: share, evidence: [evidence] },
    shopperToken,
  );
  expect(applied.status).toBe('pending');

  // the list, filtered by type, with the pending badge in the menu
  await $('[data-testid=side-menu]').getByText('售后管理').click();
  await $('#as-table').waitFor();
  await visible('[data-testid=menu-aftersales-pending]').waitFor();
  expect(await visible('[data-testid=menu-aftersales-pending]').innerText()).toBe('1');
  await $('#as-filter-type').click();
  await visible('.ant-select-dropdown .ant-select-item-option').filter({ hasText: '退货退款' }).click();
  await admin.waitForURL(/type=return_refund/);
  const row = $(`#as-table tr.ant-table-row[data-row-key="${applied._id}"]`);
  await row.waitFor();
  expect(await row.innerText()).toMatch(/退货退款[\s\S]*¥88\.00[\s\S]*待商家处理/);
  await shotTop('admin-aftersales-01-list');

  // the request
  await $(`#as-link-${applied._id}`).click();
  await $('#as-status[data-status=pending]').waitFor();
  expect(await $('#as-reason').innerText()).toBe('商品质量问题');
  expect(await $('#as-description').innerText()).toBe('杯口有裂纹');
  expect(await $('#as-amount').getAttribute('data-fen')).toBe(String(share));
  await $('#as-evidence img').first().waitFor();
  expect(await $('#as-evidence img').first().evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  expect(await $('#as-history').innerText()).toContain('买家提交申请');
  await shotTop('admin-aftersales-02-detail-pending');
  // the evidence opens large
  await $('#as-evidence img').first().click();
  await visible('.ant-image-preview-img').waitFor();
  await env.shot(admin, 'admin-aftersales-03-evidence-preview');
  await admin.keyboard.press('Escape');
  await visible('.ant-image-preview-img').waitFor({ state: 'hidden' });

  // agree: the address is needed
  await $('#as-agree').click();
  await visible('#as-return-name').waitFor();
  await $('#as-agree-submit').click();
  await visible('.ant-form-item-explain-error').first().waitFor();
  await $('#as-return-name').fill('售后部 赵六');
  await $('#as-return-phone').fill('021-66668888');
  await $('#as-return-address').fill('上海市徐汇区虹梅路 100 号 3 楼售后部');
  await env.shot(admin, 'admin-aftersales-04-agree-dialog');
  await $('#as-agree-submit').click();
  await $('#as-status[data-status=awaiting_return]').waitFor();
  expect(await $('#as-return-address-view').innerText()).toContain('虹梅路 100 号');
  expect(await $('#as-history').innerText()).toContain('同意退货/换货');

  // the shopper ships the cup back
  const shipped = await ok('aftersale', 'shipBack', { id: applied._id, company: '顺丰速运', trackingNo: 'SF1234567890' }, shopperToken);
  expect(shipped.status).toBe('returned');
  await admin.getByRole('button', { name: /刷\s*新/ }).click();
  await $('#as-status[data-status=returned]').waitFor();
  expect(await $('#as-return-parcel').innerText()).toContain('SF1234567890');
  expect(await $('#as-history').innerText()).toContain('买家寄回');
  await shotTop('admin-aftersales-05-returned');

  // goods back: receive → the refund runs and settles (the simulator answers SUCCESS after ~1.5 s)
  await $('#as-receive').click();
  await visible('#as-receive-confirm').click();
  await $('#as-status[data-status=refunding], #as-status[data-status=refunded]').first().waitFor();
  await $('#as-status[data-status=refunded]').waitFor({ timeout: 20_000 });
  expect(await $('#as-status').innerText()).toBe('已退款');
  await $('[data-testid=as-refund-status][data-status=SUCCESS]').waitFor();
  const history = await $('#as-history').innerText();
  for (const label of ['买家提交申请', '同意退货/换货', '买家寄回', '确认收货', '退款成功']) expect(history).toContain(label);
  await shotTop('admin-aftersales-06-refunded');
  await $('#as-history').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-aftersales-06b-history');
  const after = await ok('orderAdmin', 'get', { id: order._id }, ownerToken);
  expect(after.refund).toMatchObject({ refunded: share, requested: share });

  // an exchange of the other cup: the agree dialog is prefilled with the last return address; rejected instead
  const ex = await ok('aftersale', 'apply', { orderId: order._id, type: 'exchange', lines: [{ skuId, quantity: 1 }], reason: '发错货', amount: 0 }, shopperToken);
  await $('[data-testid=side-menu]').getByText('售后管理').click();
  await $(`#as-link-${ex._id}`).click();
  await $('#as-status[data-status=pending]').waitFor();
  await $('#as-agree').click();
  await visible('#as-return-name').waitFor();
  expect(await $('#as-return-name').inputValue()).toBe('售后部 赵六');
  expect(await $('#as-return-address').inputValue()).toBe('上海市徐汇区虹梅路 100 号 3 楼售后部');
  await visible('.ant-modal-footer').getByRole('button', { name: /取\s*消/ }).click();
  await $('#as-reject').click();
  await visible('#as-reject-reason').fill('颜色与订单一致，未发错');
  await $('#as-reject-submit').click();
  await $('#as-status[data-status=rejected]').waitFor();
  expect(await $('#as-history').innerText()).toContain('驳回');
  expect((await ok('aftersale', 'get', { id: ex._id }, shopperToken)).rejectReason).toBe('颜色与订单一致，未发错');
  await shotTop('admin-aftersales-07-rejected-exchange');
  // straight from one request to another by its URL
  await admin.goto(`${env.url}/admin/#/aftersales/${applied._id}`);
  await $('#as-status[data-status=refunded]').waitFor();
  expect(await $('#as-id').innerText()).toBe(applied._id);
});

let refundOrderId = '';

test('a partial refund from the order detail dialog', async () => {
  const order = await paidOrder(1);
  refundOrderId = order._id;
  const paid = order.payment.amount as number;
  await admin.goto(`${env.url}/admin/#/orders/${order._id}`);
  await $('#order-payment').waitFor();
  expect(await $('#order-transaction-id').innerText()).toBe(order.payment.transactionId);
  expect(await $('#order-paid-amount').getAttribute('data-fen')).toBe(String(paid));
  await $('#order-close-refund').waitFor();
  await $('#order-close-norefund').waitFor();

  await $('#order-refund').click();
  await visible('#refund-amount').waitFor();
  expect(await $('#refund-amount').inputValue()).toBe((paid / 100).toFixed(2)); // default: all that is left
  // too much: the server's refundable shows in the dialog
  await $('#refund-amount').fill(((paid + 100) / 100).toFixed(2));
  await $('#refund-reason').fill('少发赠品补偿');
  await $('#refund-submit').click();
  await visible('#order-money-error').waitFor();
  expect(await visible('#order-money-error').innerText()).toContain(`最多还能退 ¥${(paid / 100).toFixed(2)}`);
  await env.shot(admin, 'admin-aftersales-08-refund-too-much');
  await $('#refund-amount').fill('30.00');
  await $('#refund-submit').click();
  await visible('#refund-amount').waitFor({ state: 'hidden' });
  const row = $('#order-refunds tr.ant-table-row').first();
  await row.waitFor();
  expect(await row.innerText()).toMatch(/¥30\.00[\s\S]*少发赠品补偿/);
  await $('#order-refunds tr.ant-table-row[data-status=SUCCESS]').waitFor({ timeout: 20_000 });
  await until(async () => (await $('#order-refunded').getAttribute('data-fen')) === '3000', 'refunded 30.00 shown');
  expect(await $('#order-refunds').innerText()).toContain('已退款');
  expect(await $('[data-testid=order-detail-status]').getAttribute('data-status')).toBe('paid');
  await shotTop('admin-aftersales-09-partial-refund');
  await $('#order-refunds').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-aftersales-09b-order-refunds');
});

test('a cancellation request is rejected with a reason the shopper sees', async () => {
  const order = await paidOrder(1);
  await ok('order', 'cancel', { id: order._id, reason: '买错颜色了' }, shopperToken);
  await admin.goto(`${env.url}/admin/#/orders/${order._id}`);
  await $('#order-cancel-request[data-status=pending]').waitFor();
  expect(await $('#order-cancel-request').innerText()).toContain('买错颜色了');
  await $('#cancel-agree-refund').waitFor();
  await $('#cancel-agree').waitFor();
  await shotTop('admin-aftersales-10-cancel-request');
  await $('#cancel-reject').click();
  await visible('#cancel-reject-reason').waitFor();
  await $('#cancel-reject-submit').click();
  await visible('.ant-form-item-explain-error').filter({ hasText: '请填写拒绝原因' }).waitFor(); // a reason is required
  await $('#cancel-reject-reason').fill('商品已打包出库，无法取消');
  await $('#cancel-reject-submit').click();
  await $('#order-cancel-request[data-status=rejected]').waitFor();
  expect(await $('#order-cancel-request').innerText()).toContain('商品已打包出库，无法取消');
  const mine = await ok('order', 'get', { id: order._id }, shopperToken);
  expect(mine).toMatchObject({ status: 'paid', cancelRequest: { status: 'rejected', rejectReason: '商品已打包出库，无法取消' } });
  await shotTop('admin-aftersales-11-cancel-rejected');

  // an ABNORMAL refund on this order for the refunds page below
  await sim('/_sim/config', { nextRefundOutcome: 'ABNORMAL' });
  const r = await ok('orderAdmin', 'refund', { id: order._id, amount: 1000, reason: '异常测试退款' }, ownerToken);
  await until(async () => (await ok('orderAdmin', 'refunds', { id: order._id }, ownerToken))[0].status === 'ABNORMAL', `refund ${r._id} ABNORMAL`);
});

test('the refunds page lists refunds by status and retries an abnormal one', async () => {
  await $('[data-testid=side-menu]').getByText('退款管理').click();
  await $('#refunds-table').waitFor();
  await $('#refunds-table tr.ant-table-row').first().waitFor();
  expect(await $('#refunds-table tr.ant-table-row').count()).toBe(3);
  await $(`#refunds-table [data-testid="refund-order-${refundOrderId}"]`).waitFor();
  await $('#refunds-tab-abnormal').click();
  await admin.waitForURL(/tab=abnormal/);
  await until(async () => (await $('#refunds-table tr.ant-table-row').count()) === 1, 'one abnormal refund');
  expect(await $('#refunds-table tr.ant-table-row').innerText()).toMatch(/退款异常[\s\S]*异常测试退款/);
  await shotTop('admin-aftersales-12-refunds-abnormal');
  await $('#refunds-retry-0').click();
  await $('#refunds-table tr.ant-table-row[data-status=PROCESSING], #refunds-table tr.ant-table-row[data-status=SUCCESS]').first().waitFor();
  await until(async () => (await ok('orderAdmin', 'refundList', { status: 'SUCCESS' }, ownerToken)).total === 3, 'the retried refund settled', 20_000);
  await $('#refunds-tab-success').click();
  await admin.waitForURL(/tab=success/);
  await until(async () => (await $('#refunds-table tr.ant-table-row').count()) === 3, 'three settled refunds');
  await shotTop('admin-aftersales-13-refunds-success');
  // the 409 is the refused refund (REFUND_EXCEEDS_PAID) above
  expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
});

test('closing a paid order with a refund (after a confirmation), and agreeing to a cancellation with a refund', async () => {
  const order = await paidOrder(1);
  await admin.goto(`${env.url}/admin/#/orders/${order._id}`);
  await $('#order-close-refund').click();
  await visible('#order-close-reason').fill('缺货，无法发货');
  await $('#order-close-submit').click();
  await visible('#order-close-confirm').waitFor();
  await env.shot(admin, 'admin-aftersales-14-close-refund-confirm');
  await visible('#order-close-confirm').click();
  await $('[data-testid=order-detail-status][data-status=closed]').waitFor();
  await $('#order-refunds tr.ant-table-row[data-status=SUCCESS]').waitFor({ timeout: 20_000 });
  expect(await $('#order-refunds').innerText()).toContain('缺货，无法发货');
  await until(async () => (await $('#order-refunded').getAttribute('data-fen')) === String(order.payment.amount), 'all refunded');

  const other = await paidOrder(1);
  await ok('order', 'cancel', { id: other._id, reason: '地址填错了' }, shopperToken);
  await admin.goto(`${env.url}/admin/#/orders/${other._id}`);
  await $('#order-cancel-request[data-status=pending]').waitFor();
  await $('#cancel-agree-refund').click();
  await visible('#cancel-agree-refund-ok').click();
  await $('#order-cancel-request[data-status=agreed]').waitFor();
  await $('[data-testid=order-detail-status][data-status=closed]').waitFor();
  await $('#order-refunds tr.ant-table-row[data-status=SUCCESS]').waitFor({ timeout: 20_000 });
  expect((await ok('order', 'get', { id: other._id }, shopperToken)).cancelRequest.status).toBe('agreed');
  await shotTop('admin-aftersales-15-cancel-agreed');
  expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
});
