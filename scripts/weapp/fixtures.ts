/**
 * The backend of a weapp run: the local gateway's handlers over a fresh in-memory database holding the demo shop
 * (local/src/demo), the demo shopper's cart, an address, an unpaid and a paid order, a refund request, and a clerk
 * session for the staff pages. It answers the stand-in's cloud calls as CloudBase would: the caller is the WeChat
 * user (here the demo shopper), the answer is the function's envelope; an unknown function fails with CloudBase's
 * -501000. `wx.request` to `…/api/fn/<fn>` goes to the same handlers with its Bearer token.
 */
import { payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { seedDemo } from '../../local/src/demo/seed';
import { DEMO_MEMBER } from '../../local/src/demo/data';
import { startTestGateway } from '../../local/src/testing';
import type { HostCall } from './wx';

export interface CallRecord {
  name: string;
  /** the error code of an `ok: false` answer */
  code?: string;
  message?: string;
  /** an answer that shows a bug rather than a state: bad input or a server error */
  bug: boolean;
}

export interface Fixtures {
  host: HostCall;
  /** the calls since the last reset (the runner empties it per page) */
  calls: CallRecord[];
  productId: string;
  skuId: string;
  addressId: string;
  unpaidOrderId: string;
  paidOrderId: string;
  /** paid, no after-sales request yet */
  toReturnOrderId: string;
  aftersaleId: string;
  claimToken: string;
  clerkSession: unknown;
  close(): Promise<void>;
}

const BUG_CODES = new Set(['VALIDATION_FAILED', 'INTERNAL', 'UNKNOWN_ACTION']);

export async function openFixtures(): Promise<Fixtures> {
  const gw = await startTestGateway();
  gw.clock.now = new Date(); // sessions expire by the phone's clock: keep the two together
  await seedDemo(gw.db, gw.assetsDir, gw.clock.now);
  const shopper = await gw.shopperToken(DEMO_MEMBER.code);

  const product = (await gw.db.collection('products').where({ code: 'TS001' }).get()).data[0] as { _id: string; skuIds: string[] };
  const skus = await Promise.all(product.skuIds.map(async (id) => (await gw.db.collection('skus').doc(id).get()).data[0] as { _id: string; stock: number }));
  const sku = skus.find((s) => s.stock >= 5);
  if (!sku) throw new Error('fixtures: the demo T-shirt has no SKU in stock');
  await gw.ok('cart', 'add', { skuId: sku._id, quantity: 1 }, shopper);
  const address = await gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000000', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号' }, shopper);
  const order = async () => {
    const source = { items: [{ skuId: sku._id, quantity: 1 }] };
    const preview = await gw.ok('order', 'preview', { source, couponId: null }, shopper);
    const clientRequestId = `weapp-${Math.random().toString(36).slice(2)}`;
    return gw.ok('order', 'create', { source, couponId: null, clientRequestId, expectedPayable: preview.quote.payable }, shopper);
  };
  const unpaid = await order();
  const pay = (o: { _id: string; amounts: { payable: number } }) => payOrder(gw.db, o._id, { transactionId: `tx-${o._id}`, amount: o.amounts.payable, outTradeNo: o._id }, gw.clock.now);
  const paid = await order();
  const toReturn = await order();
  await pay(paid);
  await pay(toReturn);
  const aftersale = await gw.ok('aftersale', 'apply', { orderId: paid._id, type: 'refund', lines: [{ skuId: sku._id, quantity: 1 }], reason: '不想要了', amount: Math.min(100, paid.amounts.payable) }, shopper);
  const coupon = (await gw.db.collection('coupons').where({ status: 'published' }).get()).data.find((c) => typeof c.claimToken === 'string') as { claimToken: string } | undefined;
  if (!coupon) throw new Error('fixtures: the demo shop has no coupon with a claim link');
  const clerkSession = await gw.ok('auth', 'merchantLogin', { username: 'clerk', password: 'clerk123' });

  const calls: CallRecord[] = [];
  const record = (name: string, status: number, body: { ok?: boolean; error?: { code?: string; message?: string } }) => {
    const code = body?.ok === false ? body.error?.code ?? 'ERROR' : undefined;
    calls.push({ name, code, message: body?.error?.message, bug: status >= 500 || (code !== undefined && BUG_CODES.has(code)) });
  };
  const host: HostCall = {
    async callFunction(name, data) {
      const { action, data: input } = (data ?? {}) as { action?: string; data?: unknown };
      const r = await gw.call(name, String(action), input, shopper);
      if (r.status === 404 && r.body?.error?.code === 'UNKNOWN_FUNCTION') {
        calls.push({ name, code: 'FUNCTION_NOT_FOUND', message: `no cloud function ${name}`, bug: true });
        throw { errCode: -501000, errMsg: `cloud.callFunction:fail -501000 [ResourceNotFound.Function] FunctionName parameter could not be found (${name})` };
      }
      record(`${name}.${action}`, r.status, r.body);
      return r.body;
    },
    async request({ url, header, data }) {
      const m = /\/api\/fn\/([^/?#]+)/.exec(url);
      if (!m) return { statusCode: 404, data: 'not found' };
      const token = /^Bearer (.+)$/.exec(header.Authorization ?? header.authorization ?? '')?.[1];
      const { action, data: input } = (data ?? {}) as { action?: string; data?: unknown };
      const r = await gw.call(decodeURIComponent(m[1]), String(action), input, token);
      record(`${m[1]}.${action} (request)`, r.status, r.body);
      return { statusCode: r.status, data: r.body };
    },
  };
  return {
    host,
    calls,
    productId: product._id,
    skuId: sku._id,
    addressId: address._id,
    unpaidOrderId: unpaid._id,
    paidOrderId: paid._id,
    toReturnOrderId: toReturn._id,
    aftersaleId: aftersale._id,
    claimToken: coupon.claimToken,
    clerkSession,
    close: () => gw.close(),
  };
}
