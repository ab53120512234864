import { authorization, decryptResource, verifyWechatpay } from '@shop/functions/shared/domain/payments/wxcrypto';
import { createWxpaySimulator, type WxpaySimulator } from './sim';
import { controlAt, creds, expectPlatformSigned, forger, MCHID, nowSeconds, orderMaker, PLATFORM_SERIAL, platforms, receiver, type Res, signedCall, simOptions, waitFor } from './testkit';

const APPID = 'wxd678efh567hg6787';
const API_V3_KEY = 'a'.repeat(16) + 'B'.repeat(16);

let sim: WxpaySimulator;
let base: string;

/** a signed merchant request; `sign` overrides pieces of the signing to forge bad requests */
const call = (method: 'GET' | 'POST', pathWithQuery: string, body?: unknown, sign: { privateKey?: any; serialNo?: string; timestamp?: number } = {}) =>
  signedCall(base, method, pathWithQuery, body, sign);
const control = (method: 'GET' | 'POST', path: string, body?: unknown) => controlAt(base, method, path, body);

const expectSigned = (r: Res) => {
  expect(r.headers.get('request-id')).toBeTruthy();
  expect(r.headers.get('wechatpay-serial')).toBe(PLATFORM_SERIAL);
  expectPlatformSigned(r);
};

/** a local receiver that accepts everything (no notification leaves the machine) */
let sink: Awaited<ReturnType<typeof receiver>>;
const order = orderMaker({ appid: APPID, prefix: 'T', total: 1000, notifyUrl: () => sink.url });

beforeAll(async () => {
  sink = await receiver([204]);
  sim = createWxpaySimulator(
    // several refunds of one order in a row (the 1-minute rule has its own tests)
    simOptions({ appid: APPID, apiV3Key: API_V3_KEY }, { notify: { timeScale: 1000 }, refundMinIntervalMs: 0 }),
  );
  base = await sim.listen();
});
afterAll(async () => {
  await sim.close();
  await sink.close();
});

describe('JSAPI prepay', () => {
  it('answers a signed prepay_id; the same order again gets the same one', async () => {
    const o = order();
    const r1 = await call('POST', '/v3/pay/transactions/jsapi', o);
    expect(r1.status).toBe(200);
    expect(r1.body.prepay_id).toMatch(/^wx\d+$/);
    expectSigned(r1);
    const r2 = await call('POST', '/v3/pay/transactions/jsapi', o);
    expect(r2.body.prepay_id).toBe(r1.body.prepay_id);
  });
  it('the same out_trade_no with other parameters is INVALID_REQUEST', async () => {
    const o = order();
    await call('POST', '/v3/pay/transactions/jsapi', o);
    const r = await call('POST', '/v3/pay/transactions/jsapi', { ...o, amount: { total: 999, currency: 'CNY' } });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ code: 'INVALID_REQUEST', message: '参数与首次请求时不一致' });
    expectSigned(r);
  });
  it.each([
    ['a short out_trade_no', { out_trade_no: 'abc' }],
    ['a bad character in out_trade_no', { out_trade_no: 'abc#12345' }],
    ['a zero total', { amount: { total: 0, currency: 'CNY' } }],
    ['another currency', { amount: { total: 1, currency: 'USD' } }],
    ['no payer', { payer: undefined }],
    ['no notify_url', { notify_url: undefined }],
  ])('%s is PARAM_ERROR', async (_n, over) => {
    const r = await call('POST', '/v3/pay/transactions/jsapi', order(over));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('PARAM_ERROR');
    expectSigned(r);
  });
  it('an appid of another merchant is APPID_MCHID_NOT_MATCH', async () => {
    const r = await call('POST', '/v3/pay/transactions/jsapi', order({ appid: 'wxotherapp0000001' }));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('APPID_MCHID_NOT_MATCH');
  });
  it('a paid order is ORDERPAID, a closed one ORDERCLOSED', async () => {
    const paid = order();
    await call('POST', '/v3/pay/transactions/jsapi', paid);
    await control('POST', '/_sim/pay', { out_trade_no: paid.out_trade_no, outcome: 'success' });
    expect((await call('POST', '/v3/pay/transactions/jsapi', paid)).body.code).toBe('ORDERPAID');
    const closed = order();
    await call('POST', '/v3/pay/transactions/jsapi', closed);
    await call('POST', `/v3/pay/transactions/out-trade-no/${closed.out_trade_no}/close`, { mchid: MCHID });
    expect((await call('POST', '/v3/pay/transactions/jsapi', closed)).body.code).toBe('ORDERCLOSED');
  });
});

describe('request signatures', () => {
  it.each([
    ['a wrong signature', { privateKey: forger.privateKey }, /签名错误/],
    ['an unknown serial', { serialNo: 'NOSUCHSERIAL' }, /证书序列号/],
    ['a stale timestamp', { timestamp: nowSeconds() - 400 }, /时间戳/],
  ])('%s is 401 SIGN_ERROR, signed', async (_n, sign, message) => {
    const r = await call('POST', '/v3/pay/transactions/jsapi', order(), sign);
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('SIGN_ERROR');
    expect(r.body.message).toMatch(message);
    expectSigned(r);
  });
  it('the query string is part of the signed path', async () => {
    const o = order();
    await call('POST', '/v3/pay/transactions/jsapi', o);
    const path = `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`;
    const auth = authorization(creds, { method: 'GET', pathWithQuery: path.split('?')[0], body: '' }, nowSeconds());
    const res = await fetch(base + path, { headers: { authorization: auth } });
    expect(res.status).toBe(401);
  });
  it('no Authorization at all is SIGN_ERROR', async () => {
    const res = await fetch(`${base}/v3/refund/domestic/refunds/x`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('SIGN_ERROR');
  });
});

describe('query, pay, notify, close', () => {
  it('NOTPAY → pay → SUCCESS with transaction_id, by out_trade_no and by id; unknown is ORDER_NOT_EXIST', async () => {
    const o = order({ attach: 'order-42' });
    await call('POST', '/v3/pay/transactions/jsapi', o);
    const q1 = await call('GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`);
    expect(q1.status).toBe(200);
    expect(q1.body).toMatchObject({ appid: APPID, mchid: MCHID, out_trade_no: o.out_trade_no, trade_state: 'NOTPAY', attach: 'order-42' });
    expect(q1.body.transaction_id).toBeUndefined();
    expectSigned(q1);
    expect((await control('POST', '/_sim/pay', { out_trade_no: o.out_trade_no, outcome: 'success' })).status).toBe(200);
    const q2 = await call('GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`);
    expect(q2.body).toMatchObject({
      trade_state: 'SUCCESS',
      trade_type: 'JSAPI',
      bank_type: 'OTHERS',
      payer: { openid: o.payer.openid },
      amount: { total: 1000, payer_total: 1000, currency: 'CNY', payer_currency: 'CNY' },
    });
    expect(q2.body.transaction_id).toMatch(/^\d{28}$/);
    expect(q2.body.success_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const q3 = await call('GET', `/v3/pay/transactions/id/${q2.body.transaction_id}?mchid=${MCHID}`);
    expect(q3.body.out_trade_no).toBe(o.out_trade_no);
    const q4 = await call('GET', `/v3/pay/transactions/out-trade-no/NOSUCHORDER1?mchid=${MCHID}`);
    expect(q4.status).toBe(404);
    expect(q4.body.code).toBe('ORDER_NOT_EXIST');
    expectSigned(q4);
  });

  it('an order past its time_expire cannot be paid', async () => {
    const o = order({ time_expire: new Date(Date.now() - 1000).toISOString() });
    expect((await call('POST', '/v3/pay/transactions/jsapi', o)).status).toBe(200);
    const p = await control('POST', '/_sim/pay', { out_trade_no: o.out_trade_no, outcome: 'success' });
    expect(p.status).toBe(409);
    expect(p.body.code).toBe('ORDER_EXPIRED');
  });

  it('a query for another mchid than the signer is PARAM_ERROR', async () => {
    const r = await call('GET', `/v3/pay/transactions/out-trade-no/ANYORDER01?mchid=1900000099`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('PARAM_ERROR');
  });

  it('a failed payment is PAYERROR', async () => {
    const o = order();
    await call('POST', '/v3/pay/transactions/jsapi', o);
    await control('POST', '/_sim/pay', { out_trade_no: o.out_trade_no, outcome: 'fail' });
    expect((await call('GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`)).body.trade_state).toBe('PAYERROR');
  });

  it('the receiver gets a signed TRANSACTION.SUCCESS that decrypts with the APIv3 key', async () => {
    const rx = await receiver([200]);
    try {
      const o = order({ notify_url: rx.url, attach: 'a1' });
      await call('POST', '/v3/pay/transactions/jsapi', o);
      await control('POST', '/_sim/pay', { out_trade_no: o.out_trade_no, outcome: 'success' });
      await waitFor(() => rx.got.length === 1);
      const { headers, body } = rx.got[0];
      expect(() => verifyWechatpay(headers, body, platforms, nowSeconds())).not.toThrow();
      const envelope = JSON.parse(body);
      expect(envelope).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', summary: '支付成功' });
      expect(envelope.resource).toMatchObject({ original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', associated_data: 'transaction' });
      const plain = JSON.parse(decryptResource(envelope.resource, API_V3_KEY));
      expect(plain).toMatchObject({ appid: APPID, mchid: MCHID, out_trade_no: o.out_trade_no, trade_state: 'SUCCESS', trade_type: 'JSAPI', attach: 'a1', amount: { total: 1000 } });
      expect(plain.transaction_id).toMatch(/^\d{28}$/);
      await waitFor(() => sim.state.notifications.some((n) => n.id === envelope.id && n.delivered));
    } finally {
      await rx.close();
    }
  });

  it('a receiver answering 500, 500, 204 gets three attempts, recorded in the state', async () => {
    const rx = await receiver([500, 500, 204]);
    try {
      const o = order({ notify_url: rx.url });
      await call('POST', '/v3/pay/transactions/jsapi', o);
      await control('POST', '/_sim/pay', { out_trade_no: o.out_trade_no, outcome: 'success' });
      await waitFor(() => rx.got.length === 3);
      await new Promise((r) => setTimeout(r, 100)); // no fourth attempt
      expect(rx.got).toHaveLength(3);
      // the same envelope each time, each signed afresh
      expect(new Set(rx.got.map((g) => g.body)).size).toBe(1);
      for (const g of rx.got) expect(() => verifyWechatpay(g.headers, g.body, platforms, nowSeconds())).not.toThrow();
      const st = await control('GET', '/_sim/state');
      const n = st.body.notifications.find((x: any) => x.url === rx.url);
      expect(n.attempts.map((a: any) => a.status)).toEqual([500, 500, 204]);
      expect(n.delivered).toBe(true);
    } finally {
      await rx.close();
    }
  });

  it('close: NOTPAY → 204 CLOSED (signed); a paid order is ORDERPAID', async () => {
    const o = order();
    await call('POST', '/v3/pay/transactions/jsapi', o);
    const c = await call('POST', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}/close`, { mchid: MCHID });
    expect(c.status).toBe(204);
    expect(c.raw).toBe('');
    expectSigned(c);
    expect((await call('GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`)).body.trade_state).toBe('CLOSED');
    const p = order();
    await call('POST', '/v3/pay/transactions/jsapi', p);
    await control('POST', '/_sim/pay', { out_trade_no: p.out_trade_no, outcome: 'success' });
    const c2 = await call('POST', `/v3/pay/transactions/out-trade-no/${p.out_trade_no}/close`, { mchid: MCHID });
    expect(c2.status).toBe(400);
    expect(c2.body.code).toBe('ORDERPAID');
  });
});

describe('refunds', () => {
  const paidOrder = async (notifyUrl = sink.url) => {
    const o = order({ notify_url: notifyUrl });
    await call('POST', '/v3/pay/transactions/jsapi', o);
    await control('POST', '/_sim/pay', { out_trade_no: o.out_trade_no, outcome: 'success' });
    return o;
  };
  const refund = (o: { out_trade_no: string }, outRefundNo: string, amount: number, over: Record<string, unknown> = {}) =>
    call('POST', '/v3/refund/domestic/refunds', { out_trade_no: o.out_trade_no, out_refund_no: outRefundNo, reason: '不想要了', amount: { refund: amount, total: 1000, currency: 'CNY' }, ...over });

  it('two partial refunds within the total are accepted; a third beyond it is NOT_ENOUGH', async () => {
    const o = await paidOrder();
    const r1 = await refund(o, `R1${o.out_trade_no}`, 400);
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ out_refund_no: `R1${o.out_trade_no}`, out_trade_no: o.out_trade_no, status: 'PROCESSING', amount: { refund: 400, total: 1000 } });
    expect(r1.body.refund_id).toBeTruthy();
    expect(r1.body.transaction_id).toMatch(/^\d{28}$/);
    expectSigned(r1);
    expect((await refund(o, `R2${o.out_trade_no}`, 600)).status).toBe(200);
    const r3 = await refund(o, `R3${o.out_trade_no}`, 1);
    expect(r3.status).toBe(400);
    expect(r3.body).toEqual({ code: 'NOT_ENOUGH', message: '订单可退金额不足' });
    expect((await call('GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`)).body.trade_state).toBe('REFUND');
    const q = await call('GET', `/v3/refund/domestic/refunds/R2${o.out_trade_no}`);
    expect(q.body).toMatchObject({ status: 'PROCESSING', amount: { refund: 600 } });
    expectSigned(q);
  });

  it('the same out_refund_no twice is one refund', async () => {
    const o = await paidOrder();
    const a = await refund(o, `RS${o.out_trade_no}`, 300);
    const b = await refund(o, `RS${o.out_trade_no}`, 300);
    expect(b.status).toBe(200);
    expect(b.body.refund_id).toBe(a.body.refund_id);
    expect([...sim.state.refunds.values()].filter((r) => r.out_trade_no === o.out_trade_no)).toHaveLength(1);
  });

  it('a wrong total is PARAM_ERROR; an unpaid or unknown order cannot be refunded', async () => {
    const o = await paidOrder();
    const r = await refund(o, `RT${o.out_trade_no}`, 100, { amount: { refund: 100, total: 999, currency: 'CNY' } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('PARAM_ERROR');
    const unpaid = order();
    await call('POST', '/v3/pay/transactions/jsapi', unpaid);
    const u = await refund(unpaid, `RU${unpaid.out_trade_no}`, 100);
    expect(u.status).toBe(400);
    expect(u.body.code).toBe('RESOURCE_NOT_EXISTS');
    const n = await refund({ out_trade_no: 'NOSUCHORDER2' }, 'RNOSUCH', 100);
    expect(n.status).toBe(404);
    expect(n.body.code).toBe('RESOURCE_NOT_EXISTS');
    const q = await call('GET', '/v3/refund/domestic/refunds/NOSUCHREFUND');
    expect(q.status).toBe(404);
  });

  it('settle ABNORMAL sends a signed REFUND.ABNORMAL with the refund plaintext', async () => {
    const rx = await receiver([200]);
    try {
      const o = await paidOrder();
      await refund(o, `RA${o.out_trade_no}`, 250, { notify_url: rx.url });
      const s = await control('POST', `/_sim/refunds/RA${o.out_trade_no}/settle`, { status: 'ABNORMAL' });
      expect(s.status).toBe(200);
      await waitFor(() => rx.got.length === 1);
      const { headers, body } = rx.got[0];
      expect(() => verifyWechatpay(headers, body, platforms, nowSeconds())).not.toThrow();
      const envelope = JSON.parse(body);
      expect(envelope.event_type).toBe('REFUND.ABNORMAL');
      expect(envelope.resource).toMatchObject({ original_type: 'refund', associated_data: 'refund' });
      const plain = JSON.parse(decryptResource(envelope.resource, API_V3_KEY));
      expect(plain).toMatchObject({ mchid: MCHID, out_trade_no: o.out_trade_no, out_refund_no: `RA${o.out_trade_no}`, refund_status: 'ABNORMAL', amount: { total: 1000, refund: 250 } });
      expect((await call('GET', `/v3/refund/domestic/refunds/RA${o.out_trade_no}`)).body.status).toBe('ABNORMAL');
    } finally {
      await rx.close();
    }
  });

  it('settle SUCCESS without a refund notify_url notifies the order notify_url', async () => {
    const rx = await receiver([204]);
    try {
      const o = await paidOrder(rx.url);
      await waitFor(() => rx.got.length === 1); // TRANSACTION.SUCCESS
      await refund(o, `RO${o.out_trade_no}`, 1000);
      await control('POST', `/_sim/refunds/RO${o.out_trade_no}/settle`, { status: 'SUCCESS' });
      await waitFor(() => rx.got.length === 2);
      const envelope = JSON.parse(rx.got[1].body);
      expect(envelope.event_type).toBe('REFUND.SUCCESS');
      const plain = JSON.parse(decryptResource(envelope.resource, API_V3_KEY));
      expect(plain.refund_status).toBe('SUCCESS');
      expect(plain.success_time).toMatch(/\+08:00$/);
    } finally {
      await rx.close();
    }
  });
});

describe('close()', () => {
  it('cancels pending retries', async () => {
    const rx = await receiver([500]);
    const s = createWxpaySimulator(simOptions({ appid: APPID, apiV3Key: API_V3_KEY }, { notify: { retrySchedule: [50, 50, 50] } }));
    try {
      const url = await s.listen();
      const o = order({ notify_url: rx.url });
      const text = JSON.stringify(o);
      const path = '/v3/pay/transactions/jsapi';
      await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: authorization(creds, { method: 'POST', pathWithQuery: path, body: text }, nowSeconds()) }, body: text });
      await fetch(`${url}/_sim/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ out_trade_no: o.out_trade_no }) });
      await waitFor(() => rx.got.length === 1);
      await s.close();
      await new Promise((r) => setTimeout(r, 200));
      expect(rx.got).toHaveLength(1);
    } finally {
      await rx.close();
    }
  });
});
