/**
 * Subscribe messages (订阅消息, issue 15) asked for on the H5 storefront, the local demo (where every id asked is
 * answered 'accept'): with no template ids set, 提交订单 asks nothing and the order pays as before; with the owner's
 * template ids, 提交订单 (到店自提) records orderPaid / pickupReady / refundResult and the order still pays, 提醒我 records
 * activityStart, and an after-sales refund request records aftersaleResult / refundResult: each one grant, so the
 * paid order's messages are queued for sending, not skipped (messageAdmin.log).
 */
import type { Page } from 'playwright-core';
import { apiOf, h5, leaveCashier, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api, loginMerchant } = apiOf(() => env);
let page: Page;
const problems: string[] = [];
/** what the storefront sent to member.recordSubscriptions, and what the server answered */
const records: { results: Record<string, string>; recorded?: number }[] = [];

const TEMPLATES = { orderPaid: 'TPL_PAID_01', orderShipped: 'TPL_SHIP_01', pickupReady: 'TPL_PICK_01', refundResult: 'TPL_REFUND_01', aftersaleResult: 'TPL_AS_01', activityStart: 'TPL_START_01' };

beforeAll(async () => {
  page = watch(problems, await env.phone(), { http: true });
  page.on('request', (r) => {
    if (!r.url().endsWith('/api/fn/member')) return;
    const body = r.postDataJSON() as { action: string; data: { results: Record<string, string> } };
    if (body.action === 'recordSubscriptions') records.push({ results: body.data.results });
  });
  page.on('response', async (r) => {
    if (!r.url().endsWith('/api/fn/member') || (r.request().postDataJSON() as { action: string }).action !== 'recordSubscriptions') return;
    const entry = records.find((e) => e.recorded === undefined);
    if (entry) entry.recorded = ((await r.json()) as { data?: { recorded: number } }).data?.recorded ?? -1;
  });
});

const { visible, attr } = h5(() => page);
const productId = async (keyword: string) => (await api('catalog', 'list', { keyword, page: 1, pageSize: 1 })).items[0]._id as string;
/** the order's messages in the admin's log: event → state */
const messagesOf = async (orderId: string, owner: string) =>
  Object.fromEntries(((await api('messageAdmin', 'log', { orderId, page: 1, pageSize: 20 }, owner)).items as { event: string; state: string }[]).map((m) => [m.event, m.state]));

/** 立即购买 → checkout with 到店自提 → 提交订单 → 去支付 on the cashier → paid; answers the order id. */
async function buyAndPay(keyword: string, shot: string): Promise<string> {
  await page.goto(`${env.url}/h5/#/pages/product/index?id=${await productId(keyword)}`);
  await visible('#buy-now').click();
  await visible('#checkout-payable').waitFor();
  await visible('.delivery-option[data-method="pickup"]').click();
  await visible('.store-option--active').waitFor();
  await until(async () => (await visible('.checkout[data-status="ready"]').count()) === 1, 'the quote');
  await visible('#submit-order').click();
  await leaveCashier(page);
  await visible('#order-status').waitFor();
  const orderId = await attr('.order-detail', 'data-id');
  await env.shot(page, shot);
  await visible('#order-pay').click();
  await page.locator('#sim-pay').click();
  await page.waitForURL(/\/h5\/#\/pages\/order-detail\/index/);
  await until(async () => (await attr('#order-status', 'data-status')) === 'paid', 'the order paid');
  return orderId;
}

test('no template ids: 提交订单 asks nothing and the order pays as before', async () => {
  await page.goto(`${env.url}/h5/#/pages/me/index`);
  await visible('.shopper-option[data-code="shopper-2"]').click();
  await until(async () => (await attr('#current-shopper', 'data-openid')) !== '', 'the login');
  const orderId = await buyAndPay('每日坚果', 'subscribe-01-no-templates');
  expect(records).toEqual([]);
  expect(await messagesOf(orderId, await loginMerchant())).toEqual({}); // no template, no message
});

test('with template ids: checkout, 提醒我 and after-sales record what was accepted, and the order still pays', async () => {
  const owner = await loginMerchant();
  await api('messageAdmin', 'saveTemplates', { templates: TEMPLATES }, owner);
  expect((await api('member', 'subscribeTemplates', {})).templates).toEqual(TEMPLATES);
  // a new session of the storefront (the template ids are fetched once per session)
  await page.goto(`${env.url}/h5/#/pages/me/index`);
  await page.reload();
  await until(async () => (await attr('#current-shopper', 'data-openid')) !== '', 'the session');

  // 提交订单 with store pickup: paid, ready for pickup, refund result (3, WeChat's most)
  const orderId = await buyAndPay('每日坚果', 'subscribe-02-checkout');
  expect(records[0]?.results).toEqual({ TPL_PAID_01: 'accept', TPL_PICK_01: 'accept', TPL_REFUND_01: 'accept' });
  await until(async () => records[0]?.recorded !== undefined, 'the grants recorded');
  expect(records[0].recorded).toBe(3);
  // the shopper's grants let the paid order's messages through (queued, then sent or failed at WeChat), never skipped
  await until(async () => {
    const m = await messagesOf(orderId, owner);
    return !!m.orderPaid && m.orderPaid !== 'skipped' && !!m.pickupReady && m.pickupReady !== 'skipped';
  }, "the paid order's messages queued");
  await env.shot(page, 'subscribe-03-paid');

  // 提醒我 on the flash sale starting tomorrow
  await page.goto(`${env.url}/h5/#/pages/product/index?id=${await productId('智能手环')}`);
  await visible('#activity-remind').click();
  await until(async () => (await attr('#activity-remind', 'data-on')) === '1', 'reminded');
  expect(records[1]?.results).toEqual({ TPL_START_01: 'accept' });
  await until(async () => records[1]?.recorded === 1, 'the reminder grant');
  await env.shot(page, 'subscribe-04-remind');

  // after-sales: a refund of the paid pickup order
  await page.goto(`${env.url}/h5/#/pages/aftersale-apply/index?orderId=${encodeURIComponent(orderId)}&type=refund`);
  await visible('#as-reason').click();
  await visible('.reason-option').first().click();
  await visible('#as-submit').click();
  await page.waitForURL(/aftersale-detail/);
  expect(records[2]?.results).toEqual({ TPL_AS_01: 'accept', TPL_REFUND_01: 'accept' });
  await until(async () => records[2]?.recorded === 2, 'the after-sales grants');
  await env.shot(page, 'subscribe-05-aftersale');
  expect(records).toHaveLength(3);
  expect(problems).toEqual([]);
});
