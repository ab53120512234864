/**
 * Paying orders end to end: gateway → payments client → WeChat Pay simulator → notification → gateway, over
 * loopback with real signatures and encryption. The simulator shares the gateway's clock.
 */
import { encryptResource, signWechatpay } from '@shop/functions/shared/domain/payments/wxcrypto';
import { runDueJobs } from '@shop/functions/shared/domain/jobs';
import { NOTIFY_PATH } from './gateway';
import { API_V3_KEY, APPID, MCHID, PLATFORM_SERIAL, startPayBed, type PayBed } from './paytest';
import type { NotificationSender } from './wxpay-sim/sim';

let bed: PayBed;
let alice: string;
let bob: string;

beforeAll(async () => {
  bed = await startPayBed();
  alice = await bed.gw.shopperToken('pay-alice');
  bob = await bed.gw.shopperToken('pay-bob');
});
afterAll(() => bed.close());

const simTx = (no: string) => [...bed.sim.state.transactions.values()].find((t) => t.out_trade_no === no);
const simRefund = (no: string) => [...bed.sim.state.refunds.values()].find((r) => r.out_refund_no === no);
const simPay = async (outTradeNo: string, outcome: 'success' | 'fail' = 'success') => {
  const r = await fetch(`${bed.simUrl}/_sim/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ out_trade_no: outTradeNo, outcome }) });
  if (!r.ok) throw new Error(`sim pay: ${r.status} ${await r.text()}`);
};
const paid = (id: string) => bed.until(async () => ((await bed.getOrder(id)).status === 'paid' ? bed.getOrder(id) : null), `order ${id} paid`);
const jobs = () => runDueJobs(bed.gw.db, bed.gw.clock.now, { notifyUrl: bed.gw.url + NOTIFY_PATH });
/** swaps the simulator's notification sender for the duration of `fn` */
async function withSender<T>(sender: NotificationSender, fn: () => Promise<T>): Promise<T> {
  const original = bed.sim.sender;
  bed.sim.sender = sender;
  try {
    return await fn();
  } finally {
    bed.sim.sender = original;
  }
}

describe('pay', () => {
  it('answers pay parameters for the order amount, the same prepay on a second call, and pays once via the notification', async () => {
    const sku = await bed.product(3990);
    const o = await bed.order(alice, [{ skuId: sku, quantity: 2 }]);
    const first = await bed.gw.ok('order', 'pay', { id: o._id }, alice);
    expect(first).toMatchObject({ orderId: o._id, outTradeNo: o._id, amount: o.amounts.payable, cashierUrl: null });
    expect(first.params).toMatchObject({ appId: APPID, signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
    const again = await bed.gw.ok('order', 'pay', { id: o._id, returnUrl: 'http://127.0.0.1/h5/#/pages/order-detail/index?id=1' }, alice);
    expect(again.params.package).toBe(first.params.package);
    expect(again.cashierUrl).toContain(`${bed.simUrl}/_sim/cashier?`);
    expect(simTx(o._id)).toMatchObject({ total: o.amounts.payable, description: expect.stringContaining('等2件') });
    await simPay(o._id);
    const after = await paid(o._id);
    expect(after.payment).toMatchObject({ outTradeNo: o._id, amount: o.amounts.payable, transactionId: expect.any(String) });
    // paying a paid order is refused
    expect((await bed.gw.call('order', 'pay', { id: o._id }, alice)).body.error.code).toBe('INVALID_STATE');
  });

  it('another shopper cannot pay or probe the order; the client cannot set the amount', async () => {
    const sku = await bed.product(100);
    const o = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
    expect((await bed.gw.call('order', 'pay', { id: o._id }, bob)).body.error.code).toBe('NOT_FOUND');
    expect((await bed.gw.call('order', 'pay', { id: o._id, amount: 1 }, alice)).body.error.code).toBe('VALIDATION_FAILED');
    // past its close time (the timer has not closed it yet): no new prepay
    const saved = bed.gw.clock.now;
    bed.gw.clock.now = new Date(new Date(o.closeAt).getTime() + 1);
    expect((await bed.gw.call('order', 'pay', { id: o._id }, alice)).body.error.code).toBe('INVALID_STATE');
    bed.gw.clock.now = saved;
  });

  it('settles once however many times the notification arrives (duplicated, resent)', async () => {
    const sku = await bed.product(1500, 10);
    const o = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
    await bed.gw.ok('order', 'pay', { id: o._id }, alice);
    const original = bed.sim.sender;
    const statuses: number[] = [];
    await withSender(
      async (...args) => {
        // every attempt is delivered three times at once
        const r = await Promise.all([original(...args), original(...args), original(...args)]);
        statuses.push(...r);
        return r[0];
      },
      async () => {
        await simPay(o._id);
        await paid(o._id);
        // the order is paid by the first of the three deliveries to settle: wait for the other two to answer too
        await bed.until(async () => statuses.length >= 3, 'the three deliveries answered');
      },
    );
    expect(statuses).toEqual([204, 204, 204]);
    const after = await bed.getOrder(o._id);
    expect(after.history.filter((h: any) => h.to === 'paid')).toHaveLength(1);
    const skuDoc = (await bed.gw.db.collection('skus').doc(sku).get()).data[0] as any;
    expect(skuDoc.stock).toBe(9);
  });

  it('reordered and delayed notifications (the simulator\'s fault injection) each settle their own order once', async () => {
    const sku = await bed.product(1200, 10);
    const orders: any[] = [];
    for (let i = 0; i < 3; i++) {
      const o = await bed.order(i % 2 ? bob : alice, [{ skuId: sku, quantity: 1 }]);
      await bed.gw.ok('order', 'pay', { id: o._id }, i % 2 ? bob : alice);
      orders.push(o);
    }
    const faults = await fetch(`${bed.simUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notify: [{ kind: 'reorder', times: 1 }, { kind: 'delay', times: 1, delayMs: 300 }, { kind: 'duplicate', times: 1 }] }),
    });
    expect(faults.ok).toBe(true);
    for (const o of orders) await simPay(o._id);
    for (const o of orders) await paid(o._id);
    for (const o of orders) expect((await bed.getOrder(o._id)).history.filter((h: any) => h.to === 'paid')).toHaveLength(1);
    const applied = bed.sim.state.notifications.filter((n) => orders.some((o) => (n.plaintext as any).out_trade_no === o._id)).flatMap((n) => n.faults);
    expect(applied.sort()).toEqual(['delay', 'duplicate', 'reorder']);
    expect((await (await fetch(`${bed.simUrl}/_sim/faults`)).json())).toMatchObject({ notify: [] });
  });

  it('a lost notification is recovered by asking: when the shopper comes back, and by the jobs timer', async () => {
    const sku = await bed.product(800);
    const a = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
    const b = await bed.order(bob, [{ skuId: sku, quantity: 1 }]);
    await bed.gw.ok('order', 'pay', { id: a._id }, alice);
    await bed.gw.ok('order', 'pay', { id: b._id }, bob);
    await withSender(
      async () => 0, // every delivery is lost
      async () => {
        await simPay(a._id);
        await simPay(b._id);
        expect((await bed.getOrder(a._id)).status).toBe('unpaid');
        // the shopper is back from the cashier: the order asks WeChat
        expect((await bed.gw.ok('order', 'payStatus', { id: a._id }, alice)).status).toBe('paid');
        // nobody came back for b: the timer asks once the prepay is a minute old
        bed.gw.clock.now = new Date(bed.gw.clock.now.getTime() + 2 * 60_000);
        const report = await jobs();
        expect(report.payments.checked).toBeGreaterThanOrEqual(1);
        expect((await bed.getOrder(b._id)).status).toBe('paid');
      },
    );
  });

  it('refuses a notification with a forged signature or a tampered body, changing nothing', async () => {
    const sku = await bed.product(500);
    const o = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
    const { outTradeNo } = await bed.gw.ok('order', 'pay', { id: o._id }, alice);
    const plain = JSON.stringify({
      appid: APPID,
      mchid: MCHID,
      out_trade_no: outTradeNo,
      transaction_id: '4200000000202611230000000001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      success_time: '2026-11-23T16:00:00+08:00',
      amount: { total: o.amounts.payable, payer_total: o.amounts.payable, currency: 'CNY', payer_currency: 'CNY' },
    });
    const body = JSON.stringify({ id: 'EV-1', create_time: '2026-11-23T16:00:00+08:00', resource_type: 'encrypt-resource', event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource: encryptResource(plain, API_V3_KEY, 'transaction') });
    const ts = Math.floor(bed.gw.clock.now.getTime() / 1000);
    const { generateKeyPairSync } = await import('node:crypto');
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const post = (b: string, headers: Record<string, string>) => fetch(bed.gw.url + NOTIFY_PATH, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b });

    const forged = await post(body, signWechatpay(body, { serial: PLATFORM_SERIAL, privateKey: stranger }, ts));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'FAIL' });
    // the right signature over a body whose amount was then changed
    const signed = signWechatpay(body, { serial: PLATFORM_SERIAL, privateKey: bed.platformKey }, ts);
    const tampered = body.replace(/"ciphertext":"(.)/, (_m, c) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`);
    expect((await post(tampered, signed)).status).toBe(401);
    // re-signed by WeChat's key but with ciphertext not made with the APIv3 key (GCM tag check)
    const wrongKeyBody = JSON.stringify({ ...JSON.parse(body), resource: encryptResource(plain, 'X'.repeat(32), 'transaction') });
    expect((await post(wrongKeyBody, signWechatpay(wrongKeyBody, { serial: PLATFORM_SERIAL, privateKey: bed.platformKey }, ts))).status).toBe(401);
    // a stale timestamp
    expect((await post(body, signWechatpay(body, { serial: PLATFORM_SERIAL, privateKey: bed.platformKey }, ts - 600))).status).toBe(401);
    expect((await bed.getOrder(o._id)).status).toBe('unpaid');

    // genuine, but the amount paid is not the order's: flagged for the merchant, not accepted
    const short = plain.replace(`"total":${o.amounts.payable}`, '"total":1');
    const shortBody = JSON.stringify({ ...JSON.parse(body), resource: encryptResource(short, API_V3_KEY, 'transaction') });
    const r = await post(shortBody, signWechatpay(shortBody, { serial: PLATFORM_SERIAL, privateKey: bed.platformKey }, ts));
    expect(r.status).toBe(204);
    const after = await bed.getOrder(o._id);
    expect(after.status).toBe('unpaid');
    expect(after.paymentIssues).toEqual([expect.objectContaining({ kind: 'amount_mismatch', paid: 1, expected: o.amounts.payable })]);
  });

  it('a signed notification whose body or resource is not what WeChat sends is refused with a 4xx, never a 500', async () => {
    const ts = Math.floor(bed.gw.clock.now.getTime() / 1000);
    const post = (b: string) =>
      fetch(bed.gw.url + NOTIFY_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signWechatpay(b, { serial: PLATFORM_SERIAL, privateKey: bed.platformKey }, ts) },
        body: b,
      });
    const event = (resource: unknown, over: Record<string, unknown> = {}) =>
      JSON.stringify({ id: 'EV-X', create_time: '2026-11-23T16:00:00+08:00', resource_type: 'encrypt-resource', event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource, ...over });
    const sealed = (plain: string) => encryptResource(plain, API_V3_KEY, 'transaction');
    const bodies: Array<[string, string]> = [
      ['null', 'null'],
      ['a number', '7'],
      ['an array', '[]'],
      ['a null resource', event(null)],
      ['a resource that is text', event('x')],
      ['a resource with a numeric ciphertext', event({ ...sealed('{}'), ciphertext: 12 })],
      ['a decrypted resource that is null', event(sealed('null'))],
      ['a decrypted resource that is not JSON', event(sealed('not json'))],
      ['a decrypted resource that is an array', event(sealed('[1]'))],
      ['a payment without out_trade_no', event(sealed('{"trade_state":"SUCCESS"}'))],
      ['a refund without out_refund_no', event(sealed('{"refund_status":"SUCCESS"}'), { event_type: 'REFUND.SUCCESS' })],
    ];
    for (const [what, b] of bodies) {
      const r = await post(b);
      expect([what, r.status]).toEqual([what, 400]);
      expect(await r.json()).toMatchObject({ code: 'FAIL', message: expect.any(String) });
    }
  });

  it('a price change makes a new prepay and closes the old one at WeChat first', async () => {
    const sku = await bed.product(2000);
    const o = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
    const first = await bed.gw.ok('order', 'pay', { id: o._id }, alice);
    await bed.gw.ok('orderAdmin', 'changePrice', { id: o._id, payable: 1800, reason: '老客户优惠' }, bed.owner);
    const second = await bed.gw.ok('order', 'pay', { id: o._id }, alice);
    expect(second.outTradeNo).toBe(`${o._id}P1`);
    expect(second.amount).toBe(1800);
    expect(simTx(first.outTradeNo)?.trade_state).toBe('CLOSED');
    await simPay(second.outTradeNo);
    expect((await paid(o._id)).payment.amount).toBe(1800);
  });

  it('closing an unpaid order closes it at WeChat first; one paid meanwhile is settled instead of closed', async () => {
    const sku = await bed.product(700);
    const a = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
    await bed.gw.ok('order', 'pay', { id: a._id }, alice);
    expect((await bed.gw.ok('order', 'cancel', { id: a._id, reason: '不想要了' }, alice)).status).toBe('closed');
    expect(simTx(a._id)?.trade_state).toBe('CLOSED');

    const b = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
    await bed.gw.ok('order', 'pay', { id: b._id }, alice);
    await withSender(
      async () => 0,
      async () => {
        await simPay(b._id);
        const r = await bed.gw.call('orderAdmin', 'close', { id: b._id, reason: '缺货' }, bed.owner);
        expect(r.body.error).toMatchObject({ code: 'INVALID_STATE' });
      },
    );
    expect((await bed.getOrder(b._id)).status).toBe('paid');
  });

  it('a payment that arrives after the order closed is refunded automatically and shown to the merchant', async () => {
    const sku = await bed.product(600, 5);
    const o = await bed.order(alice, [{ skuId: sku, quantity: 1 }]);
    const { outTradeNo } = await bed.gw.ok('order', 'pay', { id: o._id }, alice);
    // WeChat cannot be reached when the timeout closes the order (its time_expire still guards it)
    const realClose = o.closeAt;
    bed.gw.clock.now = new Date(new Date(realClose).getTime() + 1000);
    await fetch(`${bed.simUrl}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api: [{ path: '/v3/pay/transactions', kind: 'status503', times: 10 }] }),
    });
    await jobs();
    await fetch(`${bed.simUrl}/_sim/faults`, { method: 'DELETE' });
    expect((await bed.getOrder(o._id)).status).toBe('closed');
    // the bank still takes the money (by the simulator's real clock the prepay has not expired)
    await simPay(outTradeNo);
    const after = await bed.until(async () => {
      const x = await bed.getOrder(o._id);
      return x.paymentIssues.length ? x : null;
    }, 'late payment flagged');
    expect(after.status).toBe('closed');
    expect(after.paymentIssues[0]).toMatchObject({ kind: 'late_payment', refundNo: `${outTradeNo}-L` });
    expect(simRefund(`${outTradeNo}-L`)).toMatchObject({ refund: o.amounts.payable });
  });
});
