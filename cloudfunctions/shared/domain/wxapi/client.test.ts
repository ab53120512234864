import { cloudTransport, createWxApiClient, httpsTransport, WX_APIS, type WxAnswer } from './client';
import { classifyWxError, errorFromAnswer, WxApiError, type WxApiErrorKind } from './errors';
import { memoryTokenStore } from './tokens';

const json = (status: number, body: unknown) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** a fake WeChat: stable_token hands out tok1, tok2 …; the API answers from a script, one entry per call */
function fakeWeChat(script: (WxAnswer | { status: number; body: unknown } | Error)[]) {
  const calls: { path: string; token: string | null; body: unknown }[] = [];
  let tokens = 0;
  const f = (async (url: string | URL, init?: RequestInit) => {
    const u = new URL(String(url));
    const body = JSON.parse(String(init?.body ?? 'null'));
    if (u.pathname === '/cgi-bin/stable_token') {
      if (body.secret !== 'sec') return json(200, { errcode: 40125, errmsg: 'invalid appsecret' });
      return json(200, { access_token: `tok${++tokens}`, expires_in: 7200 });
    }
    calls.push({ path: u.pathname, token: u.searchParams.get('access_token'), body });
    const next = script.shift() ?? { errcode: 0, errmsg: 'ok' };
    if (next instanceof Error) throw next;
    if ('status' in next && 'body' in next) return json(next.status as number, next.body);
    return json(200, next);
  }) as typeof fetch;
  return { f, calls };
}

describe('errors', () => {
  it.each<[number, WxApiErrorKind, boolean]>([
    [-1, 'busy', true],
    [40001, 'token', true],
    [42001, 'token', true],
    [45009, 'rate_limited', true],
    [47003, 'permanent', false],
    [10060001, 'permanent', false],
    [40125, 'config', false],
    [99999, 'permanent', false],
  ])('errcode %i is %s (retryable %s)', (code, kind, retryable) => {
    const e = errorFromAnswer(code, 'msg');
    expect([e.kind, e.retryable, e.errcode, e.errmsg]).toEqual([kind, retryable, code, 'msg']);
  });
  it.each<[unknown, WxApiErrorKind]>([
    [Object.assign(new Error('t'), { name: 'TimeoutError' }), 'timeout'],
    [new TypeError('fetch failed'), 'network'],
  ])('thrown %p is %s', (e, kind) => expect(classifyWxError(e).kind).toBe(kind));
});

describe('HTTPS transport', () => {
  const setup = (script: Parameters<typeof fakeWeChat>[0], opts: { secret?: string; now?: () => Date } = {}) => {
    const w = fakeWeChat(script);
    const tokens = memoryTokenStore();
    const transport = httpsTransport({ baseUrl: 'https://wx.test/', appid: 'wxapp', secret: opts.secret ?? 'sec', tokens, fetch: w.f, now: opts.now });
    return { ...w, tokens, transport, client: createWxApiClient(transport) };
  };

  it('fetches one token, caches it in the store and sends it', async () => {
    const s = setup([]);
    await s.client.uploadShippingInfo({ a: 1 });
    await s.client.uploadShippingInfo({ a: 2 });
    expect(s.transport.tokenCalls).toBe(1);
    expect(s.calls.map((c) => [c.path, c.token])).toEqual([
      ['/wxa/sec/order/upload_shipping_info', 'tok1'],
      ['/wxa/sec/order/upload_shipping_info', 'tok1'],
    ]);
    expect(await s.tokens.load('wxapp')).toMatchObject({ accessToken: 'tok1' });
  });

  it('refreshes the token 5 minutes before it expires', async () => {
    let t = Date.parse('2026-12-01T00:00:00Z');
    const s = setup([], { now: () => new Date(t) });
    await s.client.uploadShippingInfo({});
    t += 7200_000 - 6 * 60_000;
    await s.client.uploadShippingInfo({});
    t += 2 * 60_000;
    await s.client.uploadShippingInfo({});
    expect(s.calls.map((c) => c.token)).toEqual(['tok1', 'tok1', 'tok2']);
  });

  it.each([40001, 42001])('errcode %i: drops the token, gets a new one and retries once', async (code) => {
    const s = setup([{ errcode: code, errmsg: 'expired' }]);
    await s.client.uploadShippingInfo({});
    expect(s.calls.map((c) => c.token)).toEqual(['tok1', 'tok2']);
  });

  it('a second token error in a row is reported (retryable), not retried again', async () => {
    const s = setup([{ errcode: 40001, errmsg: 'x' }, { errcode: 40001, errmsg: 'x' }]);
    const e = await s.client.uploadShippingInfo({}).catch((x: WxApiError) => x);
    expect(e).toBeInstanceOf(WxApiError);
    expect([(e as WxApiError).kind, (e as WxApiError).retryable, s.calls.length]).toEqual(['token', true, 2]);
  });

  it.each<[string, WxApiErrorKind, boolean, Parameters<typeof fakeWeChat>[0][number]]>([
    ['rate limited', 'rate_limited', true, { errcode: 45009, errmsg: 'reach max api daily quota limit' }],
    ['busy', 'busy', true, { errcode: -1, errmsg: 'system error' }],
    ['HTTP 502', 'server', true, { status: 502, body: 'bad gateway' }],
    ['not JSON', 'server', true, { status: 200, body: '<html>' }],
    ['no answer', 'timeout', true, Object.assign(new Error('aborted'), { name: 'TimeoutError' })],
    ['refused', 'network', true, new TypeError('fetch failed')],
    ['permanent', 'permanent', false, { errcode: 10060001, errmsg: '支付单不存在' }],
  ])('%s → %s (retryable %s)', async (_n, kind, retryable, answer) => {
    const s = setup([answer]);
    const e = (await s.client.uploadShippingInfo({}).catch((x) => x)) as WxApiError;
    expect([e.kind, e.retryable]).toEqual([kind, retryable]);
    if (kind === 'rate_limited' || kind === 'busy') expect(e.retryAfterMs).toBeGreaterThan(0);
    if (kind === 'permanent') expect([e.errcode, e.errmsg]).toEqual([10060001, '支付单不存在']);
  });

  it('a wrong AppSecret is a configuration error, not retried', async () => {
    const s = setup([], { secret: 'bad' });
    const e = (await s.client.uploadShippingInfo({}).catch((x) => x)) as WxApiError;
    expect([e.kind, e.retryable, e.errcode]).toEqual(['config', false, 40125]);
  });

  it('subscribeMessage.send answers the msgid', async () => {
    const s = setup([{ errcode: 0, errmsg: 'ok', msgid: 123 }]);
    expect(await s.client.sendSubscribeMessage({ touser: 'o1', template_id: 'T', data: { thing1: { value: 'x' } } })).toEqual({ msgid: '123' });
    expect(s.calls[0].path).toBe(WX_APIS.sendSubscribeMessage.path);
  });
});

describe('cloud transport', () => {
  it.each<[string, () => Promise<unknown>, WxApiErrorKind | null]>([
    ['ok', async () => ({ result: { errcode: 0, errmsg: 'ok' }, requestId: 'r' }), null],
    ['WeChat error', async () => ({ result: { errcode: 47003, errmsg: 'argument invalid!' } }), 'permanent'],
    ['CloudBase code', async () => ({ code: 'SYS_ERR', message: 'x' }), 'server'],
    ['SDK throws a TcbError', async () => Promise.reject(Object.assign(new Error('permission denied'), { code: 'PERMISSION_DENIED' })), 'server'],
    ['not JSON', async () => ({ result: 'oops' }), 'server'],
  ])('%s', async (_n, answer, kind) => {
    const apiNames: string[] = [];
    const client = createWxApiClient(cloudTransport({ callWxOpenApi: async (o) => (apiNames.push(o.apiName), answer() as never) }));
    const e = await client.uploadShippingInfo({}).then(() => null, (x: WxApiError) => x.kind);
    expect(e).toBe(kind);
    expect(apiNames).toEqual(['/wxa/sec/order/upload_shipping_info']);
  });
});
