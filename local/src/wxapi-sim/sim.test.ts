import { createWxApiClient, httpsTransport } from '@shop/functions/shared/domain/wxapi/client';
import { memoryTokenStore } from '@shop/functions/shared/domain/wxapi/tokens';
import { createWxapiSimulator } from './sim';

const APPID = 'wx0123456789abcdef';
const OPENID = 'oUser_0000001';
const setup = () => {
  const sim = createWxapiSimulator({ apps: { [APPID]: 'secret' }, templates: { TPL_SHIP: ['character_string1', 'thing2', 'time3', 'amount4', 'phrase5'] } });
  const post = async (url: string, body: unknown) => {
    const r = await sim.app.inject({ method: 'POST', url, payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null };
  };
  const token = async () => (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APPID, secret: 'secret' })).body.access_token as string;
  return { sim, post, token };
};
const express = (over: Record<string, unknown> = {}) => ({
  order_key: { order_number_type: 1, mchid: '1900000109', out_trade_no: 'T1' },
  logistics_type: 1,
  delivery_mode: 1,
  shipping_list: [{ tracking_no: 'YT123', express_company: 'YTO', item_desc: '苹果×1', contact: { receiver_contact: '139****2901' } }],
  upload_time: '2026-12-07T10:00:00.000+08:00',
  payer: { openid: OPENID },
  ...over,
});

describe('stable_token and the token check', () => {
  it('normal mode answers the same token; wrong secret, unknown appid and bad tokens are refused', async () => {
    const { post, token } = setup();
    const t = await token();
    expect(await token()).toBe(t);
    expect((await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APPID, secret: 'x' })).body.errcode).toBe(40125);
    expect((await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: 'wxnope', secret: 'x' })).body.errcode).toBe(40013);
    expect((await post('/wxa/sec/order/upload_shipping_info', express())).body.errcode).toBe(41001);
    expect((await post('/wxa/sec/order/upload_shipping_info?access_token=nope', express())).body.errcode).toBe(40001);
    const forced = (await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APPID, secret: 'secret', force_refresh: true })).body.access_token;
    expect(forced).not.toBe(t);
    expect((await post(`/wxa/sec/order/upload_shipping_info?access_token=${t}`, express())).body.errcode).toBe(40001);
  });
});

describe('upload_shipping_info fields', () => {
  it.each<[string, Record<string, unknown>, number]>([
    ['accepted', {}, 0],
    ['order key by transaction_id', { order_key: { order_number_type: 2, transaction_id: '4200000001' } }, 0],
    ['order key missing mchid', { order_key: { order_number_type: 1, out_trade_no: 'T1' } }, 10060014],
    ['unknown payment', { order_key: { order_number_type: 1, mchid: '1900000109', out_trade_no: 'NOPE' } }, 10060001],
    ['logistics_type 5', { logistics_type: 5 }, 10060005],
    ['delivery_mode 3', { delivery_mode: 3 }, 10060014],
    ['split without is_all_delivered', { delivery_mode: 2 }, 10060007],
    ['split for pickup', { logistics_type: 4, delivery_mode: 2, is_all_delivered: true, shipping_list: [{ item_desc: 'x' }] }, 10060006],
    ['two parcels in unified mode', { shipping_list: [express().shipping_list[0], express().shipping_list[0]] }, 10060014],
    ['11 parcels', { delivery_mode: 2, is_all_delivered: true, shipping_list: Array.from({ length: 11 }, () => express().shipping_list[0]) }, 10060014],
    ['empty item_desc', { shipping_list: [{ ...express().shipping_list[0], item_desc: '' }] }, 10060008],
    ['item_desc of 121 characters', { shipping_list: [{ ...express().shipping_list[0], item_desc: '果'.repeat(121) }] }, 10060009],
    ['item_desc of 120 characters', { shipping_list: [{ ...express().shipping_list[0], item_desc: '果'.repeat(120) }] }, 0],
    ['express without tracking_no', { shipping_list: [{ express_company: 'YTO', item_desc: 'x' }] }, 10060014],
    ['SF without contact', { shipping_list: [{ tracking_no: 'SF1', express_company: 'SF', item_desc: 'x' }] }, 10060014],
    ['SF with an unmasked phone', { shipping_list: [{ tracking_no: 'SF1', express_company: 'SF', item_desc: 'x', contact: { receiver_contact: '13912342901' } }] }, 10060014],
    ['SF with a masked phone', { shipping_list: [{ tracking_no: 'SF1', express_company: 'SF', item_desc: 'x', contact: { receiver_contact: '139****2901' } }] }, 0],
    ['virtual goods', { logistics_type: 3, shipping_list: [{ item_desc: '充值卡' }] }, 0],
    ['upload_time not RFC 3339', { upload_time: '2026-12-07 10:00:00' }, 10060014],
    ['another payer', { payer: { openid: 'oOther_000001' } }, 10060014],
    ['not JSON', { __raw: true }, 47001],
  ])('%s → %i', async (_n, over, errcode) => {
    const { sim, post, token } = setup();
    await post('/_sim/payments', { openid: OPENID, mchid: '1900000109', out_trade_no: 'T1', transaction_id: '4200000001' });
    const t = await token();
    const r = await post(`/wxa/sec/order/upload_shipping_info?access_token=${t}`, '__raw' in over ? '{not json' : express(over));
    expect(r.body.errcode).toBe(errcode);
    if (errcode === 0) expect(sim.state.shipping.get('tx:4200000001')?.status).toBe('shipped');
  });

  it('a refunded payment cannot be shipped', async () => {
    const { post, token } = setup();
    await post('/_sim/payments', { openid: OPENID, mchid: '1900000109', out_trade_no: 'T1', state: 'REFUND' });
    expect((await post(`/wxa/sec/order/upload_shipping_info?access_token=${await token()}`, express())).body.errcode).toBe(10060004);
  });
});

describe('re-upload rules', () => {
  it('split parcels, the same upload again, one re-shipping chance', async () => {
    const { sim, post, token } = setup();
    await post('/_sim/payments', { openid: OPENID, mchid: '1900000109', out_trade_no: 'T1' });
    const url = `/wxa/sec/order/upload_shipping_info?access_token=${await token()}`;
    const p1 = express().shipping_list[0];
    const p2 = { ...p1, tracking_no: 'YT456' };
    const first = express({ delivery_mode: 2, is_all_delivered: false, shipping_list: [p1] });
    expect((await post(url, first)).body.errcode).toBe(0);
    expect((await post(url, first)).body.errcode).toBe(0); // a retry of the same upload while partly shipped
    expect((await post(url, express({ delivery_mode: 2, is_all_delivered: true, shipping_list: [p1, p2], upload_time: '2026-12-07T09:00:00.000+08:00' }))).body.errcode).toBe(10060014);
    const all = express({ delivery_mode: 2, is_all_delivered: true, shipping_list: [p1, p2], upload_time: '2026-12-07T11:00:00.000+08:00' });
    expect((await post(url, all)).body.errcode).toBe(0);
    expect(sim.state.shipping.get('1900000109:T1')?.status).toBe('shipped');
    expect((await post(url, all)).body.errcode).toBe(10060002); // already uploaded
    expect((await post(url, express({ upload_time: '2026-12-07T12:00:00.000+08:00' }))).body.errcode).toBe(0); // the one re-shipping
    expect((await post(url, express({ shipping_list: [p2], upload_time: '2026-12-07T13:00:00.000+08:00' }))).body.errcode).toBe(10060003);
  });
});

describe('subscribe/send', () => {
  const msg = (data: Record<string, string>, over: Record<string, unknown> = {}) => ({
    touser: OPENID,
    template_id: 'TPL_SHIP',
    page: 'pages/order/detail?id=1',
    data: Object.fromEntries(Object.entries({ character_string1: 'O20261207001', thing2: '苹果等2件商品', time3: '2026-12-07 10:00', amount4: '¥64.70', phrase5: '已发货', ...data }).map(([k, v]) => [k, { value: v }])),
    ...over,
  });
  it.each<[string, Record<string, string>, Record<string, unknown>, number]>([
    ['valid', {}, {}, 0],
    ['thing of 21 characters', { thing2: '果'.repeat(21) }, {}, 47003],
    ['phrase of 6 characters', { phrase5: '已经发货了啊' }, {}, 47003],
    ['phrase with digits', { phrase5: '发货1' }, {}, 47003],
    ['character_string of 33', { character_string1: 'A'.repeat(33) }, {}, 47003],
    ['character_string with Chinese', { character_string1: '订单1' }, {}, 47003],
    ['amount with 3 decimals', { amount4: '1.234' }, {}, 47003],
    ['time in words', { time3: '明天' }, {}, 47003],
    ['time with 年月日', { time3: '2026年12月7日 10:00' }, {}, 0],
    ['missing field', { thing2: '' }, {}, 47003],
    ['unknown template', {}, { template_id: 'NOPE' }, 40037],
    ['bad openid', {}, { touser: '' }, 40003],
  ])('%s → %i', async (_n, data, over, errcode) => {
    const { sim, post, token } = setup();
    sim.subscribe(OPENID, 'TPL_SHIP', 1);
    const r = await post(`/cgi-bin/message/subscribe/send?access_token=${await token()}`, msg(data, over));
    expect(r.body.errcode).toBe(errcode);
    if (!errcode) expect(typeof r.body.msgid).toBe('number');
  });
  it('a one-time subscription is used by one message', async () => {
    const { post, token } = setup();
    const url = `/cgi-bin/message/subscribe/send?access_token=${await token()}`;
    expect((await post(url, msg({}))).body.errcode).toBe(43101);
    expect((await post('/_sim/subscriptions', { openid: OPENID, template_id: 'TPL_SHIP', count: 1 })).body).toEqual({ left: 1 });
    expect((await post(url, msg({}))).body.errcode).toBe(0);
    expect((await post(url, msg({}))).body.errcode).toBe(43101);
  });
});

describe('faults, cloud call, console', () => {
  it.each<[string, number, number | null]>([
    ['busy', 200, -1],
    ['rate_limited', 200, 45009],
    ['expired_token', 200, 42001],
    ['status502', 502, null],
  ])('%s', async (kind, status, errcode) => {
    const { post, token } = setup();
    await post('/_sim/payments', { openid: OPENID, mchid: '1900000109', out_trade_no: 'T1' });
    const t = await token();
    await post('/_sim/faults', { api: [{ api: 'upload_shipping_info', kind }] });
    const r = await post(`/wxa/sec/order/upload_shipping_info?access_token=${t}`, express()).catch(() => ({ status: 502, body: null }));
    expect(r.status).toBe(status);
    if (errcode !== null) expect(r.body.errcode).toBe(errcode);
    // used up: the next call goes through (a new token after the expired one)
    expect((await post(`/wxa/sec/order/upload_shipping_info?access_token=${kind === 'expired_token' ? await token() : t}`, express())).body.errcode).toBe(0);
  });

  it('the cloud call needs no token and lands in the same state; the console lists it; bad control input is a 400', async () => {
    const { sim, post } = setup();
    await post('/_sim/payments', { openid: OPENID, mchid: '1900000109', out_trade_no: 'T1' });
    const r = await post('/_sim/cloud/wx.api', { apiName: '/wxa/sec/order/upload_shipping_info', requestData: JSON.stringify(express()) });
    expect(r.body).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await post('/_sim/cloud/wx.api', { apiName: '/nope', requestData: '{}' })).status).toBe(400);
    expect((await post('/_sim/faults', { api: [{ kind: 'nope' }] })).status).toBe(400);
    expect((await post('/_sim/subscriptions', 'x')).status).toBe(400);
    const page = await sim.app.inject({ method: 'GET', url: '/_sim/' });
    expect(page.body).toContain('YT123');
    expect(page.body).toContain('cloud');
  });

  it('control routes refuse callers not on this machine', async () => {
    const { sim } = setup();
    const r = await sim.app.inject({ method: 'GET', url: '/_sim/state', remoteAddress: '192.168.1.20' });
    expect(r.statusCode).toBe(403);
  });
});

it('a timeout fault holds the request: the client reports a retryable timeout, the next call goes through', async () => {
  const sim = createWxapiSimulator({ apps: { [APPID]: 'secret' }, faultTimeoutMs: 2000, templates: { T: ['thing1'] } });
  const url = await sim.listen();
  try {
    sim.subscribe(OPENID, 'T', 1);
    const client = createWxApiClient(httpsTransport({ baseUrl: url, appid: APPID, secret: 'secret', tokens: memoryTokenStore(), timeoutMs: 300 }));
    sim.addFaults({ api: [{ api: 'subscribe_send', kind: 'timeout' }] });
    const m = { touser: OPENID, template_id: 'T', data: { thing1: { value: '上新了' } } };
    const e = await client.sendSubscribeMessage(m).catch((x) => x);
    expect([e.kind, e.retryable]).toEqual(['timeout', true]);
    expect((await client.sendSubscribeMessage(m)).msgid).toBeTruthy();
  } finally {
    await sim.close();
  }
});
