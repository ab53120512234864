/**
 * What the WeChat server-API e2e tests share: a shopper with an address and one product on shelf, paid express
 * orders (settled by the WeChat Pay simulator), and a screenshot taken from the top of the page.
 */
import type { Page } from 'playwright-core';
import { apiOf, until, type useE2E } from './harness';

type Env = ReturnType<typeof useE2E>;

export async function wxOrderBed(env: Env, o: { shopper: string; product: string; code: string; price: number; consignee: string; phone: string }) {
  const { ok, sim, loginMerchant, loginShopper } = apiOf(() => env);
  const ownerToken = await loginMerchant();
  const shopperToken = await loginShopper(o.shopper);
  const p = await ok('productAdmin', 'create', { name: o.product, code: o.code, specs: [], skus: [{ specValues: [], price: o.price, originalPrice: 0, stock: 100 }], onShelf: true }, ownerToken);
  const skuId: string = p.skus[0]._id;
  await ok('order', 'saveAddress', { name: o.consignee, phone: o.phone, province: '上海', city: '上海', district: '黄浦', detail: '南京路 2 号' }, shopperToken);

  /** A paid express order: created and paid by the shopper, settled by the WeChat Pay simulator; answers the order as the admin reads it. */
  const paidOrder = async () => {
    const items = [{ skuId, quantity: 1 }];
    const delivery = { method: 'express' };
    const preview = await ok('order', 'preview', { source: { items }, couponId: null, delivery }, shopperToken);
    const order = await ok('order', 'create', { source: { items }, couponId: null, delivery, clientRequestId: `e2e-${o.code}-${Date.now()}-${Math.random()}`, expectedPayable: preview.quote.payable }, shopperToken);
    const pay = await ok('order', 'pay', { id: order._id }, shopperToken);
    await sim('/_sim/pay', { out_trade_no: pay.outTradeNo, outcome: 'success' });
    await until(async () => (await ok('orderAdmin', 'get', { id: order._id }, ownerToken)).status === 'paid', `order ${order._id} paid`);
    return ok('orderAdmin', 'get', { id: order._id }, ownerToken);
  };
  return { ok, ownerToken, shopperToken, skuId, paidOrder };
}

/** A screenshot of the page scrolled to its top. */
export async function shotTop(env: Env, page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await env.shot(page, name);
}
