/**
 * The simulator's cashier page, fault injection, refund settlement and limits, console and demo keys, over real HTTP
 * on 127.0.0.1 (no mocks of the simulator).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorization, decryptResource, payParams, verifyWechatpay } from '@shop/functions/shared/domain/payments/wxcrypto';
import { demoSimulatorOptions, loadOrCreateDemoKeys } from './demo';
import { createWxpaySimulator, withQueryParam, type SimOptions, type WxpaySimulator } from './sim';
import { controlAt, expectPlatformSigned as expectSigned, forger, MCHID, merchantKeys, nowSeconds, orderMaker, platforms, receiver, signedCall, simOptions, sleep, waitFor } from './testkit';

const APPID = 'wx1111222233334444';
const API_V3_KEY = 'c'.repeat(16) + 'D'.repeat(16);
const options = (over: Partial<SimOptions> = {}): SimOptions =>
  simOptions({ appid: APPID, apiV3Key: API_V3_KEY, name: '测试小店' }, { notify: { timeScale: 1000 }, refundMinIntervalMs: 0, ...over });

let sim: WxpaySimulator;
let base: string;

const callAt = (url: string, method: 'GET' | 'POST', pathWithQuery: string, body?: unknown, signal?: AbortSignal) => signedCall(url, method, pathWithQuery, body, { signal });
const call = (method: 'GET' | 'POST', pathWithQuery: string, body?: unknown, signal?: AbortSignal) => callAt(base, method, pathWithQuery, body, signal);
const control = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, url = base) => controlAt(url, method, path, body);

let sink: Awaited<ReturnType<typeof receiver>>;
const order = orderMaker({ appid: APPID, prefix: 'F', total: 6470, notifyUrl: () => sink.url });
const prepay = async (o: ReturnType<typeof order>, url = base) => {
  const r = await callAt(url, 'POST', '/v3/pay/transactions/jsapi', o);
  expect(r.status).toBe(200);
  return r.body.prepay_id as string;
};
const paidOrder = async (over: Record<string, unknown> = {}, url = base) => {
  const o = order(over);
  await prepay(o, url);
  expect((await control('POST', '/_sim/pay', { out_trade_no: o.out_trade_no }, url)).status).toBe(200);
  return o;
};
const refundAt = (url: string, o: { out_trade_no: string }, outRefundNo: string, amount: number, over: Record<string, unknown> = {}) =>
  callAt(url, 'POST', '/v3/refund/domestic/refunds', { out_trade_no: o.out_trade_no, out_refund_no: outRefundNo, amount: { refund: amount, total: 6470, currency: 'CNY' }, ...over });
const refund = (o: { out_trade_no: string }, outRefundNo: string, amount: number, over: Record<string, unknown> = {}) => refundAt(base, o, outRefundNo, amount, over);
const queryOrder = async (no: string) => (await call('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${MCHID}`)).body;

beforeAll(async () => {
  sink = await receiver([204]);
  sim = createWxpaySimulator(options());
  base = await sim.listen();
});
afterAll(async () => {
  await sim.close();
  await sink.close();
});
afterEach(async () => {
  sim.faults.clear();
  await control('POST', '/_sim/config', { refundAutoSettle: null, nextRefundOutcome: null, refundMinIntervalMs: 0, faultTimeoutMs: 15000 });
});

// ---------------------------------------------------------------- cashier
const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const cashierUrl = (prepayId: string, returnUrl: string, over: Record<string, string> = {}) => {
  const p = payParams(APPID, prepayId, merchantKeys.privateKey, nowSeconds());
  const q = new URLSearchParams({ appId: APPID, ...p, return_url: returnUrl, ...over });
  return `${base}/_sim/cashier?${q}`;
};
/** GET the page, then submit its form the way the browser would for the given button */
async function submitCashier(page: string, buttonId: 'sim-pay' | 'sim-fail' | 'sim-cancel') {
  const form = /<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page);
  expect(form).toBeTruthy();
  const fields = new URLSearchParams();
  for (const m of form![2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.append(m[1], unescapeHtml(m[2]));
  const button = new RegExp(`<button type="submit" name="([^"]+)" value="([^"]+)" id="${buttonId}">`).exec(form![2]);
  expect(button).toBeTruthy();
  fields.append(button![1], button![2]);
  return fetch(base + form![1], { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString(), redirect: 'manual' });
}

describe('cashier page', () => {
  it('verifies paySign, shows the order, 确认支付 pays it (notification included) and returns to the hash-router URL', async () => {
    const o = order();
    const prepayId = await prepay(o);
    const res = await fetch(cashierUrl(prepayId, 'http://h/h5/#/pages/order-detail/index?id=1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await res.text();
    expect(page).toContain('<meta name="viewport"');
    expect(page).toContain('¥64.70');
    expect(page).toContain(o.out_trade_no);
    expect(page).toContain('测试小店');
    expect(page).toContain(MCHID);
    expect(page).toContain('微商城-测试商品');
    for (const id of ['sim-pay', 'sim-fail', 'sim-cancel']) expect(page).toContain(`id="${id}"`);
    expect(page).toMatch(/确认支付[\s\S]*支付失败[\s\S]*取消支付/);
    const before = sink.got.length;
    const done = await submitCashier(page, 'sim-pay');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('http://h/h5/#/pages/order-detail/index?id=1&wxpay=ok');
    const q = await queryOrder(o.out_trade_no);
    expect(q.trade_state).toBe('SUCCESS');
    expect(q.transaction_id).toMatch(/^\d{28}$/);
    await waitFor(() => sink.got.slice(before).some((g) => g.event === 'TRANSACTION.SUCCESS' && JSON.parse(decryptResource(JSON.parse(g.body).resource, API_V3_KEY)).out_trade_no === o.out_trade_no));
    // the page now says paid, without buttons
    const again = await (await fetch(cashierUrl(prepayId, 'http://h/h5/'))).text();
    expect(again).not.toContain('id="sim-pay"');
    expect(again).toContain('已支付');
  });

  it('支付失败 is PAYERROR and 取消支付 changes nothing; the query and the anchor of a plain URL are kept', async () => {
    const o = order();
    const prepayId = await prepay(o);
    const page = await (await fetch(cashierUrl(prepayId, 'https://shop.test/pay/result?x=1&y=a%20b#top'))).text();
    const cancel = await submitCashier(page, 'sim-cancel');
    expect(cancel.status).toBe(303);
    expect(cancel.headers.get('location')).toBe('https://shop.test/pay/result?x=1&y=a%20b&wxpay=cancel#top');
    expect((await queryOrder(o.out_trade_no)).trade_state).toBe('NOTPAY');
    const fail = await submitCashier(page, 'sim-fail');
    expect(fail.headers.get('location')).toBe('https://shop.test/pay/result?x=1&y=a%20b&wxpay=fail#top');
    expect((await queryOrder(o.out_trade_no)).trade_state).toBe('PAYERROR');
    // PAYERROR may still be paid
    const ok = await submitCashier(page, 'sim-pay');
    expect(ok.headers.get('location')).toBe('https://shop.test/pay/result?x=1&y=a%20b&wxpay=ok#top');
    expect((await queryOrder(o.out_trade_no)).trade_state).toBe('SUCCESS');
  });

  it.each([
    ['a paySign by another key', (id: string) => cashierUrl(id, 'http://h/', { paySign: payParams(APPID, id, forger.privateKey, nowSeconds()).paySign }), /签名/],
    ['a tampered timeStamp', (id: string) => cashierUrl(id, 'http://h/', { timeStamp: '1700000000' }), /签名/],
    ['an unknown appId', (id: string) => cashierUrl(id, 'http://h/', { appId: 'wx9999999999999999' }), /appId/],
    ['a javascript: return_url', (id: string) => cashierUrl(id, 'javascript:alert(1)'), /return_url/],
    ['no return_url', (id: string) => cashierUrl(id, '', {}), /return_url/],
    ['a missing paySign', (id: string) => cashierUrl(id, 'http://h/', { paySign: '' }), /paySign/],
  ])('%s is a 400 error page naming the reason', async (_n, url, reason) => {
    const o = order();
    const id = await prepay(o);
    const res = await fetch(url(id));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await res.text();
    expect(page).toContain('id="sim-error"');
    expect(/<p id="sim-reason">([^<]*)<\/p>/.exec(page)![1]).toMatch(reason);
    expect(page).not.toContain('id="sim-pay"');
  });

  it('a correctly signed link to an unknown prepay_id is an error page', async () => {
    const res = await fetch(cashierUrl('wx20261125000000000000000000000000', 'http://h/'));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/prepay_id[^<]*不存在/);
  });

  it('a closed or expired order shows that instead of buttons; submitting anyway is refused without a state change', async () => {
    const closed = order();
    const closedId = await prepay(closed);
    const closedPage = await (await fetch(cashierUrl(closedId, 'http://h/'))).text();
    await call('POST', `/v3/pay/transactions/out-trade-no/${closed.out_trade_no}/close`, { mchid: MCHID });
    const page = await (await fetch(cashierUrl(closedId, 'http://h/'))).text();
    expect(page).not.toContain('id="sim-pay"');
    expect(page).toContain('data-state="CLOSED"');
    const late = await submitCashier(closedPage, 'sim-pay');
    expect(late.status).toBe(409);
    expect((await queryOrder(closed.out_trade_no)).trade_state).toBe('CLOSED');

    const expired = order({ time_expire: new Date(Date.now() - 1000).toISOString() });
    const expiredPage = await (await fetch(cashierUrl(await prepay(expired), 'http://h/'))).text();
    expect(expiredPage).toContain('data-state="EXPIRED"');
    expect(expiredPage).toContain('已过期');
  });

  it('the pay endpoint refuses a non-http return_url and an unknown prepay_id', async () => {
    const post = (fields: Record<string, string>) =>
      fetch(`${base}/_sim/cashier/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
    const o = order();
    const id = await prepay(o);
    expect((await post({ prepay_id: id, outcome: 'success', return_url: 'ftp://h/' })).status).toBe(400);
    expect((await post({ prepay_id: 'wxnosuch', outcome: 'success', return_url: 'http://h/' })).status).toBe(400);
    expect((await queryOrder(o.out_trade_no)).trade_state).toBe('NOTPAY');
  });
});

describe('withQueryParam', () => {
  it.each([
    ['http://h/a', 'http://h/a?wxpay=ok'],
    ['http://h/a?x=1', 'http://h/a?x=1&wxpay=ok'],
    ['http://h/a?wxpay=fail&x=1', 'http://h/a?x=1&wxpay=ok'],
    ['http://h/a#anchor', 'http://h/a?wxpay=ok#anchor'],
    ['http://h/h5/#/pages/order-detail/index?id=1', 'http://h/h5/#/pages/order-detail/index?id=1&wxpay=ok'],
    ['http://h/h5/?from=x#/pages/orders/index', 'http://h/h5/?from=x#/pages/orders/index?wxpay=ok'],
    ['http://h/h5/#/', 'http://h/h5/#/?wxpay=ok'],
  ])('%s → %s', (url, expected) => expect(withQueryParam(url, 'wxpay', 'ok')).toBe(expected));
});

// ---------------------------------------------------------------- faults
describe('API faults', () => {
  it('status500 answers a signed SYSTEM_ERROR once without creating the order; the next request goes through', async () => {
    const set = await control('POST', '/_sim/faults', { api: [{ path: '/v3/pay/transactions/jsapi', method: 'POST', kind: 'status500', times: 1 }] });
    expect(set.status).toBe(200);
    expect(set.body.api).toEqual([{ path: '/v3/pay/transactions/jsapi', method: 'POST', kind: 'status500', times: 1 }]);
    const o = order();
    const r = await call('POST', '/v3/pay/transactions/jsapi', o);
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ code: 'SYSTEM_ERROR', message: '系统错误' });
    expectSigned(r);
    expect((await call('GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`)).status).toBe(404);
    expect((await control('GET', '/_sim/faults')).body).toEqual({ api: [], notify: [] });
    expect((await call('POST', '/v3/pay/transactions/jsapi', o)).status).toBe(200);
  });

  it('status503 and status429 by path prefix and method, each for its number of times', async () => {
    const o = await paidOrder();
    sim.faults.add({ api: [{ path: '/v3/refund', method: 'POST', kind: 'status503', times: 1 }, { path: '/v3/refund', kind: 'status429', times: 2 }] });
    const a = await refund(o, `RF${o.out_trade_no}`, 100);
    expect(a.status).toBe(503);
    expect(a.body.code).toBe('SERVICE_UNAVAILABLE');
    expectSigned(a);
    // other paths are untouched
    expect((await call('GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`)).status).toBe(200);
    const b = await call('GET', `/v3/refund/domestic/refunds/RF${o.out_trade_no}`);
    expect(b.status).toBe(429);
    expect(b.body).toEqual({ code: 'RATELIMIT_EXCEEDED', message: 'too many requests' });
    expect((await refund(o, `RF${o.out_trade_no}`, 100)).status).toBe(429);
    expect(sim.state.refunds.has(`${MCHID}|RF${o.out_trade_no}`)).toBe(false);
    expect((await refund(o, `RF${o.out_trade_no}`, 100)).status).toBe(200);
  });

  it('timeout holds the request without performing it, then drops the connection', async () => {
    const o = await paidOrder();
    await control('POST', '/_sim/config', { faultTimeoutMs: 400 });
    sim.faults.add({ api: [{ path: '/v3/refund/domestic/refunds', method: 'POST', kind: 'timeout', times: 1 }] });
    const t0 = Date.now();
    await expect(refund(o, `RT${o.out_trade_no}`, 100, {})).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
    expect(sim.state.refunds.has(`${MCHID}|RT${o.out_trade_no}`)).toBe(false);
    // a client that gives up first
    sim.faults.add({ api: [{ kind: 'timeout', times: 1 }] });
    await expect(call('GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${MCHID}`, undefined, AbortSignal.timeout(100))).rejects.toThrow();
    expect((await refund(o, `RT${o.out_trade_no}`, 100)).status).toBe(200);
  });

  it('close() does not wait for a held request', async () => {
    const s = createWxpaySimulator(options());
    const url = await s.listen();
    s.faults.add({ api: [{ kind: 'timeout', times: 1 }] });
    const pending = callAt(url, 'POST', '/v3/pay/transactions/jsapi', order()).catch((e) => e);
    await waitFor(() => s.faults.list().api.length === 0);
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(String(await pending)).toMatch(/fetch failed|socket|other side closed/i);
    expect(s.state.transactions.size).toBe(0);
  });

  it('bad rules are PARAM_ERROR; DELETE clears', async () => {
    expect((await control('POST', '/_sim/faults', { api: [{ kind: 'boom', times: 1 }] })).status).toBe(400);
    expect((await control('POST', '/_sim/faults', { notify: [{ kind: 'drop', times: 0 }] })).status).toBe(400);
    await control('POST', '/_sim/faults', { api: [{ kind: 'status500', times: 3 }], notify: [{ kind: 'delay', times: 1, delayMs: 10 }] });
    expect((await control('GET', '/_sim/faults')).body).toEqual({ api: [{ kind: 'status500', times: 3 }], notify: [{ kind: 'delay', times: 1, delayMs: 10 }] });
    expect((await control('DELETE', '/_sim/faults')).body).toEqual({ api: [], notify: [] });
    expect(sim.faults.list()).toEqual({ api: [], notify: [] });
  });
});

describe('notification faults', () => {
  const pay = async (rxUrl: string) => {
    const o = order({ notify_url: rxUrl });
    await prepay(o);
    await control('POST', '/_sim/pay', { out_trade_no: o.out_trade_no });
    return o;
  };
  const noticeOf = (no: string) => sim.state.notifications.find((n) => (n.plaintext as { out_trade_no: string }).out_trade_no === no)!;

  it('drop: the first attempt is not made and counts as failed; the retry delivers', async () => {
    const rx = await receiver();
    try {
      await control('POST', '/_sim/faults', { notify: [{ kind: 'drop', times: 1, eventType: 'TRANSACTION.SUCCESS' }] });
      const o = await pay(rx.url);
      await waitFor(() => rx.got.length === 1);
      const n = noticeOf(o.out_trade_no);
      await waitFor(() => n.delivered);
      expect(n.attempts.map((a) => [a.fault, a.status])).toEqual([
        ['drop', undefined],
        [undefined, 204],
      ]);
      expect(n.delivered).toBe(true);
    } finally {
      await rx.close();
    }
  });

  it('duplicate: the same notification (id and body) arrives twice, each signed', async () => {
    const rx = await receiver();
    try {
      sim.faults.add({ notify: [{ kind: 'duplicate', times: 1 }] });
      await pay(rx.url);
      await waitFor(() => rx.got.length === 2);
      expect(rx.got[0].body).toBe(rx.got[1].body);
      for (const g of rx.got) expect(() => verifyWechatpay(g.headers, g.body, platforms, nowSeconds())).not.toThrow();
      await sleep(50);
      expect(rx.got).toHaveLength(2);
    } finally {
      await rx.close();
    }
  });

  it('delay: the first attempt waits delayMs; an eventType that does not match leaves the rule in place', async () => {
    const rx = await receiver();
    try {
      sim.faults.add({ notify: [{ kind: 'delay', times: 1, delayMs: 400, eventType: 'REFUND.SUCCESS' }] });
      const o = await pay(rx.url);
      await waitFor(() => rx.got.length === 1); // TRANSACTION.SUCCESS is not delayed
      expect(sim.faults.list().notify).toHaveLength(1);
      await refund(o, `RD${o.out_trade_no}`, 100);
      const t0 = Date.now();
      await control('POST', `/_sim/refunds/RD${o.out_trade_no}/settle`, { status: 'SUCCESS' });
      await sleep(200);
      expect(rx.got).toHaveLength(1);
      await waitFor(() => rx.got.length === 2);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
      expect(rx.got[1].event).toBe('REFUND.SUCCESS');
    } finally {
      await rx.close();
    }
  });

  it('reorder: a held notification goes out after the next one', async () => {
    const rx = await receiver();
    try {
      sim.faults.add({ notify: [{ kind: 'reorder', times: 1 }] });
      const a = await pay(rx.url);
      await sleep(100);
      expect(rx.got).toHaveLength(0);
      const b = await pay(rx.url);
      await waitFor(() => rx.got.length === 2);
      const nos = rx.got.map((g) => JSON.parse(decryptResource(JSON.parse(g.body).resource, API_V3_KEY)).out_trade_no);
      expect(nos).toEqual([b.out_trade_no, a.out_trade_no]);
      expect(noticeOf(a.out_trade_no).faults).toEqual(['reorder']);
    } finally {
      await rx.close();
    }
  });

  it('reorder with no next notification sends it anyway after 2 s', async () => {
    const rx = await receiver();
    try {
      sim.faults.add({ notify: [{ kind: 'reorder', times: 1 }] });
      await pay(rx.url);
      await sleep(1500);
      expect(rx.got).toHaveLength(0);
      await waitFor(() => rx.got.length === 1, 30_000);
    } finally {
      await rx.close();
    }
  });
});

// ---------------------------------------------------------------- refunds
describe('refund settlement', () => {
  it('auto-settles SUCCESS after afterMs with a REFUND.SUCCESS notification; nextRefundOutcome makes one ABNORMAL', async () => {
    const rx = await receiver();
    try {
      const cfg = await control('POST', '/_sim/config', { refundAutoSettle: { status: 'SUCCESS', afterMs: 100 } });
      expect(cfg.body).toMatchObject({ refundAutoSettle: { status: 'SUCCESS', afterMs: 100 }, nextRefundOutcome: null });
      const o = await paidOrder({ notify_url: rx.url });
      await waitFor(() => rx.got.length === 1);
      expect((await refund(o, `RA1${o.out_trade_no}`, 100)).body.status).toBe('PROCESSING');
      await waitFor(() => rx.got.length === 2);
      expect(rx.got[1].event).toBe('REFUND.SUCCESS');
      expect((await call('GET', `/v3/refund/domestic/refunds/RA1${o.out_trade_no}`)).body).toMatchObject({ status: 'SUCCESS', success_time: expect.stringMatching(/\+08:00$/) });

      await control('POST', '/_sim/config', { nextRefundOutcome: 'ABNORMAL' });
      await refund(o, `RA2${o.out_trade_no}`, 200);
      await waitFor(() => rx.got.length === 3);
      expect(rx.got[2].event).toBe('REFUND.ABNORMAL');
      expect((await call('GET', `/v3/refund/domestic/refunds/RA2${o.out_trade_no}`)).body.status).toBe('ABNORMAL');
      expect((await control('GET', '/_sim/config')).body.nextRefundOutcome).toBeNull();

      // retrying the ABNORMAL refund with its own out_refund_no and amount: PROCESSING again, then SUCCESS
      const retry = await refund(o, `RA2${o.out_trade_no}`, 200);
      expect(retry.status).toBe(200);
      expect(retry.body.status).toBe('PROCESSING');
      await waitFor(() => rx.got.length === 4);
      expect(rx.got[3].event).toBe('REFUND.SUCCESS');
      expect((await call('GET', `/v3/refund/domestic/refunds/RA2${o.out_trade_no}`)).body.status).toBe('SUCCESS');
    } finally {
      await rx.close();
    }
  });

  it('without auto-settlement an ABNORMAL refund retried stays PROCESSING until settled; another amount returns it unchanged', async () => {
    const o = await paidOrder();
    const first = await refund(o, `RB${o.out_trade_no}`, 300);
    await control('POST', `/_sim/refunds/RB${o.out_trade_no}/settle`, { status: 'ABNORMAL' });
    const other = await refund(o, `RB${o.out_trade_no}`, 299);
    expect(other.body.status).toBe('ABNORMAL');
    const again = await refund(o, `RB${o.out_trade_no}`, 300);
    expect(again.body).toMatchObject({ status: 'PROCESSING', refund_id: first.body.refund_id });
    await sleep(50);
    expect((await refund(o, `RB${o.out_trade_no}`, 300)).body.status).toBe('PROCESSING');
    expect((await control('POST', `/_sim/refunds/RB${o.out_trade_no}/settle`, { status: 'SUCCESS' })).body.status).toBe('SUCCESS');
    // SUCCESS keeps being returned as is
    expect((await refund(o, `RB${o.out_trade_no}`, 300)).body.status).toBe('SUCCESS');
  });

  it('the option refunds.autoSettle works from the start, and close() cancels pending settlements', async () => {
    const s = createWxpaySimulator(options({ refunds: { autoSettle: { status: 'ABNORMAL', afterMs: 150 } } }));
    const url = await s.listen();
    try {
      expect(s.config.refundAutoSettle).toEqual({ status: 'ABNORMAL', afterMs: 150 });
      const o = await paidOrder({}, url);
      await refundAt(url, o, `RC1${o.out_trade_no}`, 100);
      await waitFor(() => [...s.state.refunds.values()][0].status === 'ABNORMAL');
      await refundAt(url, o, `RC2${o.out_trade_no}`, 100);
    } finally {
      await s.close();
    }
    await sleep(250);
    expect([...s.state.refunds.values()].map((r) => r.status)).toEqual(['ABNORMAL', 'PROCESSING']);
  });
});

describe('refund limits', () => {
  it('a new refund within refundMinIntervalMs of the last one is 429 FREQUENCY_LIMITED; a repeat of the same out_refund_no is not', async () => {
    let offset = 0;
    const s = createWxpaySimulator(options({ refundMinIntervalMs: undefined, now: () => new Date(Date.now() + offset) }));
    const url = await s.listen();
    try {
      expect(s.config.refundMinIntervalMs).toBe(60_000);
      const o = await paidOrder({}, url);
      expect((await refundAt(url, o, `RL1${o.out_trade_no}`, 100)).status).toBe(200);
      offset = 59_000;
      const r = await refundAt(url, o, `RL2${o.out_trade_no}`, 100);
      expect(r.status).toBe(429);
      expect(r.body).toEqual({ code: 'FREQUENCY_LIMITED', message: 'the refund frequency is limited, retry after 1 minute' });
      expectSigned(r);
      expect((await refundAt(url, o, `RL1${o.out_trade_no}`, 100)).status).toBe(200);
      offset = 60_500;
      expect((await refundAt(url, o, `RL2${o.out_trade_no}`, 100)).status).toBe(200);
      // the gap is configurable at run time
      expect((await control('POST', '/_sim/config', { refundMinIntervalMs: 0 }, url)).body.refundMinIntervalMs).toBe(0);
      expect((await refundAt(url, o, `RL3${o.out_trade_no}`, 100)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('the 51st refund of one transaction is 403 FREQUENCY_LIMITED', async () => {
    const o = await paidOrder();
    for (let i = 1; i <= 50; i++) expect((await refund(o, `R${i}N${o.out_trade_no}`, 1)).status).toBe(200);
    const r = await refund(o, `R51N${o.out_trade_no}`, 1);
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('FREQUENCY_LIMITED');
    expect(r.body.message).toMatch(/50/);
    expectSigned(r);
  });

  it('bad config is PARAM_ERROR', async () => {
    expect((await control('POST', '/_sim/config', { refundAutoSettle: { status: 'CLOSED', afterMs: 1 } })).status).toBe(400);
    expect((await control('POST', '/_sim/config', { refundMinIntervalMs: -1 })).status).toBe(400);
    expect((await control('POST', '/_sim/config', { nextRefundOutcome: 'MAYBE' })).status).toBe(400);
  });
});

// ---------------------------------------------------------------- console
describe('console', () => {
  it('lists transactions, refunds, notifications, faults and config; settles a PROCESSING refund from its button', async () => {
    const o = await paidOrder();
    await refund(o, `RK${o.out_trade_no}`, 500);
    await waitFor(() => sim.state.notifications.some((n) => (n.plaintext as { out_trade_no: string }).out_trade_no === o.out_trade_no && n.delivered));
    sim.faults.add({ api: [{ path: '/v3/refund', kind: 'status503', times: 2 }] });
    for (const path of ['/_sim/', '/_sim']) {
      const res = await fetch(base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
    const page = await (await fetch(`${base}/_sim/`)).text();
    expect(page).toContain(o.out_trade_no);
    expect(page).toContain('¥64.70');
    expect(page).toContain(`RK${o.out_trade_no}`);
    expect(page).toContain('TRANSACTION.SUCCESS');
    expect(page).toContain('HTTP 204');
    expect(page).toContain('status503');
    expect(page).toContain('refundMinIntervalMs');
    const form = new RegExp(`<form method="post" action="([^"]+)"><input type="hidden" name="out_refund_no" value="RK${o.out_trade_no}"><input type="hidden" name="mchid" value="${MCHID}"><button class="small" type="submit" name="status" value="SUCCESS">`).exec(page);
    expect(form).toBeTruthy();
    const res = await fetch(base + form![1], {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ out_refund_no: `RK${o.out_trade_no}`, mchid: MCHID, status: 'SUCCESS' }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/_sim/');
    expect(sim.state.refunds.get(`${MCHID}|RK${o.out_trade_no}`)!.status).toBe('SUCCESS');
    const clear = await fetch(`${base}/_sim/console/faults/clear`, { method: 'POST', redirect: 'manual' });
    expect(clear.status).toBe(303);
    expect(sim.faults.list().api).toEqual([]);
  });
});

// ---------------------------------------------------------------- demo keys
describe('demo keys', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wxpay-demo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the file once and reuses it; the keys drive a working simulator that auto-settles refunds', async () => {
    const file = join(dir, 'nested', 'wxpay-demo-keys.json');
    const k = await loadOrCreateDemoKeys(file);
    expect(k).toMatchObject({ mchid: '1900000109', appid: 'wx0123456789abcdef' });
    expect(k.appid).toMatch(/^wx[0-9a-f]{16}$/);
    expect(k.serialNo).toMatch(/^[0-9A-F]{40}$/);
    expect(k.apiV3Key).toHaveLength(32);
    expect(k.platformSerial).toMatch(/^PUB_KEY_ID_\d{28}$/);
    expect(k.merchantPrivateKey).toContain('BEGIN PRIVATE KEY');
    expect(k.merchantPublicKey).toContain('BEGIN PUBLIC KEY');
    expect(k.platformPrivateKey).toContain('BEGIN PRIVATE KEY');
    expect(k.platformPublicKey).toContain('BEGIN PUBLIC KEY');
    const written = await readFile(file, 'utf8');
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    const again = await loadOrCreateDemoKeys(file);
    expect(again).toEqual(k);
    expect(await readFile(file, 'utf8')).toBe(written);

    const opts = demoSimulatorOptions(k);
    expect(opts.refunds?.autoSettle).toEqual({ status: 'SUCCESS', afterMs: 1500 });
    expect(demoSimulatorOptions(k, { refunds: { autoSettle: null } }).refunds?.autoSettle).toBeNull();
    const s = createWxpaySimulator(demoSimulatorOptions(k, { refundMinIntervalMs: 0 }));
    const url = await s.listen();
    try {
      const dcreds = { mchid: k.mchid, serialNo: k.serialNo, privateKey: k.merchantPrivateKey };
      const signed = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
        const text = body === undefined ? '' : JSON.stringify(body);
        const res = await fetch(url + path, {
          method,
          headers: { authorization: authorization(dcreds, { method, pathWithQuery: path, body: text }, nowSeconds()), ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : text,
        });
        const raw = await res.text();
        const h: Record<string, string> = {};
        res.headers.forEach((v, key) => (h[key] = v));
        verifyWechatpay(h, raw, new Map([[k.platformSerial, k.platformPublicKey]]), nowSeconds());
        return { status: res.status, body: raw ? JSON.parse(raw) : undefined };
      };
      const no = `D${Date.now()}`;
      const p = await signed('POST', '/v3/pay/transactions/jsapi', { appid: k.appid, mchid: k.mchid, description: '演示', out_trade_no: no, notify_url: sink.url, amount: { total: 100 }, payer: { openid: 'o-demo' } });
      expect(p.status).toBe(200);
      // the cashier accepts pay parameters signed with the demo merchant key and shows the demo merchant's name
      const q = new URLSearchParams({ appId: k.appid, ...payParams(k.appid, p.body.prepay_id, k.merchantPrivateKey, nowSeconds()), return_url: 'http://h/' });
      const page = await (await fetch(`${url}/_sim/cashier?${q}`)).text();
      expect(page).toContain('微商城演示商户');
      await fetch(`${url}/_sim/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ out_trade_no: no }) });
      const r = await signed('POST', '/v3/refund/domestic/refunds', { out_trade_no: no, out_refund_no: `${no}R`, amount: { refund: 100, total: 100, currency: 'CNY' } });
      expect(r.body.status).toBe('PROCESSING');
      await sleep(1000);
      expect((await signed('GET', `/v3/refund/domestic/refunds/${no}R`)).body.status).toBe('PROCESSING');
      await waitFor(() => s.state.refunds.get(`${k.mchid}|${no}R`)!.status === 'SUCCESS', 30_000);
    } finally {
      await s.close();
    }
  });

  it('refuses a damaged key file instead of overwriting it', async () => {
    const file = join(dir, 'broken.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, '{"mchid": "1"}'));
    await expect(loadOrCreateDemoKeys(file)).rejects.toThrow(/lacks/);
  });
});
