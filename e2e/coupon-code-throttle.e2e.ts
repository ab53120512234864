/**
 * A coupon code typed at checkout while the shopper's code guesses are throttled (COUPON_CODE_THROTTLED, 429): the
 * checkout says how long to wait, drops the code from its quote and the shopper still places the order without it.
 */
import type { Page, Request } from 'playwright-core';
import { apiOf, h5, leaveCashier, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api, call } = apiOf(() => env);
let page: Page;
const problems: string[] = [];
const previews: Record<string, unknown>[] = [];

beforeAll(async () => {
  // the one refusal expected: the throttled code
  page = watch(problems, await env.phone(), { http: (r) => r.status() === 429 });
  page.on('request', (r: Request) => {
    if (!r.url().endsWith('/api/fn/order')) return;
    const body = r.postDataJSON() as { action: string; data: Record<string, unknown> };
    if (body.action === 'preview') previews.push(body.data);
  });
});

const { visible, attr, text } = h5(() => page);

test('a throttled coupon code: the wait is shown, the code is left out of the quote, the order is placed without it', async () => {
  await page.goto(`${env.url}/h5/#/pages/me/index`);
  await visible('.shopper-option[data-code="shopper-1"]').click();
  await until(async () => (await attr('#current-shopper', 'data-openid')) !== '');
  const openid = await attr('#current-shopper', 'data-openid');
  const shopper = (await api('auth', 'shopperLogin', { code: 'shopper-1' })).token;
  await api('order', 'saveAddress', { name: '王五', phone: '13800002222', province: '上海', city: '上海', district: '黄浦', detail: '人民路 9 号' }, shopper);
  const productId = (await api('catalog', 'list', { keyword: '每日坚果', page: 1, pageSize: 1 })).items[0]._id;
  const skuId = (await api('catalog', 'detail', { id: productId })).skus.find((s: any) => s.stock > 0)._id;
  const items = [{ skuId, quantity: 1 }];

  // the shopper guessed codes: five wrong ones are looked up, then the guessing is throttled (here: 5 minutes left)
  for (let i = 0; i < 5; i++) expect((await api('order', 'preview', { source: { items }, couponId: null, couponCode: `WRONG${i}` }, shopper)).couponCodeError).toBeTruthy();
  await env.stack.db.collection('coupon_code_attempts').doc(openid).update({ failures: 9, lockedUntil: new Date(Date.now() + 300_000).toISOString() });
  const throttled = await call('order', 'preview', { source: { items }, couponId: null, couponCode: 'ANYCODE' }, shopper);
  expect(throttled.error).toMatchObject({ code: 'COUPON_CODE_THROTTLED', details: { retryAfterSeconds: expect.any(Number) } });
  expect(throttled.error.details.retryAfterSeconds).toBeGreaterThan(240);

  await page.goto(`${env.url}/h5/#/pages/checkout/index?items=${encodeURIComponent(JSON.stringify(items))}`);
  await until(async () => (await visible('.checkout[data-status="ready"]').count()) === 1, 'the first quote');
  const payableBefore = Number(await attr('#checkout-payable', 'data-fen'));
  await visible('#coupon-picker').click();
  await visible('#coupon-code-input .weui-input').fill('SAVE10');
  await visible('#coupon-code-apply').click();
  // the wait in words, from details.retryAfterSeconds; the page quotes again without the code
  await until(async () => (await visible('.coupon-code__error').count()) === 1, 'the throttle message');
  expect(await text('.coupon-code__error')).toBe('优惠码尝试次数过多，请 5 分钟后再试');
  await until(async () => (await visible('.checkout[data-status="ready"]').count()) === 1, 'a quote without the code');
  const sent = previews.findIndex((p) => p.couponCode === 'SAVE10');
  expect(sent).toBeGreaterThanOrEqual(0);
  expect(previews.slice(sent + 1).length).toBeGreaterThanOrEqual(1);
  expect(previews.slice(sent + 1).every((p) => p.couponCode === undefined)).toBe(true);
  await env.shot(page, 'coupon-code-throttled-01-sheet');

  // the amount is the one before the code; 提交订单 places the order without it
  await visible('.coupon-sheet .sheet__close').click();
  expect(Number(await attr('#checkout-payable', 'data-fen'))).toBe(payableBefore);
  await env.shot(page, 'coupon-code-throttled-02-checkout');
  await visible('#submit-order').click();
  await leaveCashier(page);
  await visible('#order-status').waitFor();
  const orderId = await attr('.order-detail', 'data-id');
  const order = await api('order', 'get', { id: orderId }, shopper);
  expect(order).toMatchObject({ status: 'unpaid', amounts: { payable: payableBefore } });
  expect(previews.slice(sent + 1).every((p) => p.couponCode === undefined)).toBe(true);
  await env.shot(page, 'coupon-code-throttled-03-order');
  expect(problems).toEqual([]);
});
