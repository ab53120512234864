/**
 * A local WeChat server-API simulator for the calls the shop makes: `stable_token`, `wxa/sec/order/
 * upload_shipping_info` and `cgi-bin/message/subscribe/send` over HTTPS with an access token, and the same two calls
 * through CloudBase's cloud call (`POST /_sim/cloud/wx.api`, what the local CloudBase fake forwards `callWxOpenApi`
 * to: no token, the caller is CloudBase). It checks what WeChat checks (./rules), keeps the uploads, the one-time
 * subscriptions and the messages, injects faults, and shows everything on a console page at `/_sim/`. The control
 * routes (`/_sim/*`) answer loopback callers only. See README.md.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { loopbackOnlyControl } from '../loopback';
import { checkShippingInfo, checkSubscribeMessage, shippingContent, type WxErr } from './rules';
import { consolePage } from './page';

export type { ShippingRecord, SimMessage, SimPayment, WxapiFault, WxapiFaultKind, WxapiName } from './types';
import type { ShippingRecord, SimMessage, SimPayment, WxapiFault, WxapiFaultKind, WxapiName } from './types';

export interface WxapiSimOptions {
  /** AppID → AppSecret accepted by stable_token */
  apps: Record<string, string>;
  /** looks up a payment by order key (e.g. the WeChat Pay simulator's state); falls back to `/_sim/payments` */
  payment?: (k: { mchid?: string; out_trade_no?: string; transaction_id?: string }) => SimPayment | null | undefined;
  /** subscribe-message templates: id → field keys (thing1, time2 …) */
  templates?: Record<string, string[]>;
  now?: () => Date;
  /** token lifetime in seconds (7200) */
  tokenTtlSec?: number;
  /** how long a `timeout` fault holds a request before dropping it (15 s) */
  faultTimeoutMs?: number;
}

export interface WxapiSimulator {
  app: FastifyInstance;
  url?: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  state: {
    tokens: Map<string, { appid: string; expiresAt: number }>;
    payments: Map<string, SimPayment>;
    templates: Map<string, string[]>;
    /** `openid|template_id` → one-time subscriptions left */
    subscriptions: Map<string, number>;
    shipping: Map<string, ShippingRecord>;
    messages: SimMessage[];
    faults: WxapiFault[];
  };
  /** adds fault rules (same as POST /_sim/faults) */
  addFaults(rules: unknown): void;
  /** grants one-time subscriptions (same as POST /_sim/subscriptions) */
  subscribe(openid: string, templateId: string, count?: number): void;
}

const ok = { errcode: 0, errmsg: 'ok' };
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const FAULT_KINDS: WxapiFaultKind[] = ['timeout', 'status500', 'status502', 'busy', 'rate_limited', 'expired_token', 'invalid_data'];
const API_NAMES: WxapiName[] = ['stable_token', 'upload_shipping_info', 'subscribe_send'];
const CLOUD_APIS: Record<string, Exclude<WxapiName, 'stable_token'>> = {
  '/wxa/sec/order/upload_shipping_info': 'upload_shipping_info',
  'wxa.sec.order.uploadShippingInfo': 'upload_shipping_info',
  '/cgi-bin/message/subscribe/send': 'subscribe_send',
  'subscribeMessage.send': 'subscribe_send',
};

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function createWxapiSimulator(opts: WxapiSimOptions): WxapiSimulator {
  const now = () => (opts.now ?? (() => new Date()))();
  const app = Fastify({ logger: false, forceCloseConnections: true });
  loopbackOnlyControl(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const held = new Set<{ socket: Socket; timer: NodeJS.Timeout }>();
  const state: WxapiSimulator['state'] = {
    tokens: new Map(),
    payments: new Map(),
    templates: new Map(Object.entries(opts.templates ?? {})),
    subscriptions: new Map(),
    shipping: new Map(),
    messages: [],
    faults: [],
  };
  const current = new Map<string, string>(); // appid → its current token
  let msgid = 1_000_000;

  const parse = (raw: unknown): unknown => {
    try {
      return JSON.parse(String(raw ?? ''));
    } catch {
      return undefined;
    }
  };

  /** the next fault for this call, used up */
  const takeFault = (api: WxapiName): WxapiFault | undefined => {
    const i = state.faults.findIndex((f) => !f.api || f.api === api);
    if (i < 0) return undefined;
    const f = state.faults[i];
    f.times -= 1;
    if (f.times <= 0) state.faults.splice(i, 1);
    return { ...f };
  };
  /** applies a fault: true when the request was answered (or is held) by it */
  const faulted = async (api: WxapiName, reply: FastifyReply, token?: string): Promise<boolean> => {
    const f = takeFault(api);
    if (!f) return false;
    if (f.kind === 'timeout') {
      const socket = reply.raw.socket!;
      await new Promise<never>(() => {
        const h = { socket, timer: setTimeout(() => (held.delete(h), socket.destroy()), opts.faultTimeoutMs ?? 15_000) };
        held.add(h);
        socket.once('close', () => (clearTimeout(h.timer), held.delete(h)));
      });
    }
    if (f.kind === 'status500' || f.kind === 'status502') {
      reply.status(f.kind === 'status500' ? 500 : 502).type('text/html').send(f.kind === 'status500' ? '<html>500 Internal Server Error</html>' : '<html>502 Bad Gateway</html>');
      return true;
    }
    if (f.kind === 'expired_token' && token) state.tokens.delete(token);
    const answer: Record<WxapiFaultKind, WxErr> = {
      busy: { errcode: -1, errmsg: 'system error' },
      rate_limited: { errcode: 45009, errmsg: 'reach max api daily quota limit' },
      expired_token: { errcode: 42001, errmsg: 'access_token expired' },
      invalid_data: { errcode: 47001, errmsg: 'data format error' },
      timeout: ok,
      status500: ok,
      status502: ok,
    };
    reply.send(answer[f.kind]);
    return true;
  };

  const checkToken = (token: unknown): WxErr | null => {
    if (typeof token !== 'string' || !token) return { errcode: 41001, errmsg: 'access_token missing' };
    const t = state.tokens.get(token);
    if (!t) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
    if (t.expiresAt <= now().getTime()) return { errcode: 42001, errmsg: 'access_token expired' };
    return null;
  };

  const paymentOf = (k: { mchid?: string; out_trade_no?: string; transaction_id?: string }): SimPayment | null => {
    const fromHook = opts.payment?.(k);
    if (fromHook) return fromHook;
    for (const p of state.payments.values()) {
      if (k.transaction_id ? p.transaction_id === k.transaction_id : p.mchid === k.mchid && p.out_trade_no === k.out_trade_no) return p;
    }
    return null;
  };

  function uploadShipping(body: unknown, via: 'https' | 'cloud'): WxErr {
    const c = checkShippingInfo(body);
    if ('errcode' in c) return c;
    const pay = paymentOf(c.key);
    if (!pay) return { errcode: 10060001, errmsg: '支付单不存在' };
    if (pay.state !== 'SUCCESS') return { errcode: 10060004, errmsg: '支付单处于不可发货的状态' };
    if ((c.body.payer as { openid: string }).openid !== pay.openid) return { errcode: 10060014, errmsg: '参数错误: payer.openid 与支付者不一致' };
    // the same payment may be named by out_trade_no or by transaction_id: one record per payment
    const id = pay.transaction_id ? `tx:${pay.transaction_id}` : c.key.id;
    const rec = state.shipping.get(id);
    const b = c.body;
    const done = b.delivery_mode === 1 || b.is_all_delivered === true;
    const at = now().toISOString();
    const log = (answer: WxErr) => (rec ?? state.shipping.get(id))?.uploads.push({ at, via, body: b, answer });
    let answer: WxErr = ok;
    if (!rec) {
      state.shipping.set(id, { key: id, status: done ? 'shipped' : 'partly', reshipUsed: false, last: b, uploads: [] });
    } else if (Date.parse(String(b.upload_time)) <= Date.parse(String(rec.last.upload_time)) && shippingContent(b) !== shippingContent(rec.last)) {
      answer = { errcode: 10060014, errmsg: '参数错误: upload_time 须晚于上次上传' };
    } else if (shippingContent(b) === shippingContent(rec.last)) {
      // the same information again (a retry after a lost answer): nothing changes (sim: 10060002 once shipped)
      answer = rec.status === 'shipped' ? { errcode: 10060002, errmsg: '支付单已完成发货，无法继续发货' } : ok;
    } else if (rec.status === 'partly' && b.delivery_mode === 2) {
      Object.assign(rec, { status: done ? 'shipped' : 'partly', last: b });
    } else if (rec.reshipUsed) {
      answer = { errcode: 10060003, errmsg: '支付单已使用重新发货机会' };
    } else {
      // shipped, or a change of delivery mode: WeChat's one chance to ship again
      Object.assign(rec, { status: done ? 'shipped' : 'partly', last: b, reshipUsed: true });
    }
    log(answer);
    return answer;
  }

  function sendMessage(body: unknown, via: 'https' | 'cloud'): WxErr & { msgid?: number } {
    const c = checkSubscribeMessage(body, (id) => state.templates.get(id) ?? null);
    let answer: WxErr & { msgid?: number };
    if ('errcode' in c) answer = c;
    else {
      const k = `${c.touser}|${c.template_id}`;
      const left = state.subscriptions.get(k) ?? 0;
      if (left <= 0) answer = { errcode: 43101, errmsg: 'user refuse to accept the msg' };
      else {
        state.subscriptions.set(k, left - 1);
        answer = { ...ok, msgid: ++msgid };
      }
    }
    state.messages.push({ at: now().toISOString(), via, body, answer });
    if (state.messages.length > 500) state.messages.splice(0, 100);
    return answer;
  }

  const handlers: Record<Exclude<WxapiName, 'stable_token'>, (b: unknown, via: 'https' | 'cloud') => WxErr> = {
    upload_shipping_info: uploadShipping,
    subscribe_send: sendMessage,
  };

  // ---------- HTTPS, as api.weixin.qq.com ----------
  app.post('/cgi-bin/stable_token', async (req, reply) => {
    if (await faulted('stable_token', reply)) return reply;
    const b = parse(req.body);
    if (!isObj(b) || b.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    const appid = String(b.appid ?? '');
    if (!(appid in opts.apps)) return { errcode: 40013, errmsg: 'invalid appid' };
    if (b.secret !== opts.apps[appid]) return { errcode: 40125, errmsg: 'invalid appsecret' };
    const t = now().getTime();
    const cur = current.get(appid);
    const live = cur ? state.tokens.get(cur) : undefined;
    // normal mode: the same token while more than 5 minutes are left; force_refresh: a new one, the old one dies
    if (live && b.force_refresh !== true && live.expiresAt - t > 5 * 60_000) return { access_token: cur, expires_in: Math.floor((live.expiresAt - t) / 1000) };
    if (cur && b.force_refresh === true) state.tokens.delete(cur);
    const token = `SIM_${randomBytes(24).toString('base64url')}`;
    const ttl = opts.tokenTtlSec ?? 7200;
    state.tokens.set(token, { appid, expiresAt: t + ttl * 1000 });
    current.set(appid, token);
    return { access_token: token, expires_in: ttl };
  });
  const https = (path: string, api: Exclude<WxapiName, 'stable_token'>) =>
    app.post<{ Querystring: { access_token?: string } }>(path, async (req, reply) => {
      const token = req.query.access_token;
      const bad = checkToken(token);
      if (bad) return bad;
      if (await faulted(api, reply, token)) return reply;
      return handlers[api](parse(req.body), 'https');
    });
  https('/wxa/sec/order/upload_shipping_info', 'upload_shipping_info');
  https('/cgi-bin/message/subscribe/send', 'subscribe_send');

  // ---------- the cloud call, as CloudBase forwards it ----------
  app.post('/_sim/cloud/wx.api', async (req, reply) => {
    const b = parse(req.body);
    const api = isObj(b) ? CLOUD_APIS[String(b.apiName)] : undefined;
    if (!api) return reply.status(400).send({ code: 'INVALID_PARAM', message: `apiName ${isObj(b) ? String(b.apiName) : ''} is not simulated` });
    if (await faulted(api, reply)) return reply;
    const data = typeof (b as { requestData?: unknown }).requestData === 'string' ? parse((b as { requestData: string }).requestData) : (b as { requestData?: unknown }).requestData;
    return handlers[api](data, 'cloud');
  });

  // ---------- control (loopback only) ----------
  const addFaults = (rules: unknown) => {
    const list = isObj(rules) && Array.isArray(rules.api) ? rules.api : Array.isArray(rules) ? rules : null;
    if (!list) throw new Refused(400, 'faults: {api: [{api?, kind, times?}]}');
    const parsed = list.map((r, i) => {
      if (!isObj(r) || !FAULT_KINDS.includes(r.kind as WxapiFaultKind)) throw new Refused(400, `faults[${i}].kind is one of ${FAULT_KINDS.join(', ')}`);
      if (r.api !== undefined && !API_NAMES.includes(r.api as WxapiName)) throw new Refused(400, `faults[${i}].api is one of ${API_NAMES.join(', ')}`);
      const times = r.times ?? 1;
      if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) throw new Refused(400, `faults[${i}].times is a positive integer`);
      return { ...(r.api ? { api: r.api as WxapiName } : {}), kind: r.kind as WxapiFaultKind, times };
    });
    state.faults.push(...parsed);
  };
  const subscribe = (openid: string, templateId: string, count = 1) => state.subscriptions.set(`${openid}|${templateId}`, (state.subscriptions.get(`${openid}|${templateId}`) ?? 0) + count);
  app.setErrorHandler((e: Error & { statusCode?: number }, _req, reply) => {
    const status = e instanceof Refused ? e.status : e.statusCode && e.statusCode < 500 ? e.statusCode : 500;
    if (status >= 500) console.error(e);
    reply.status(status).send({ code: status >= 500 ? 'SYSTEM_ERROR' : 'PARAM_ERROR', message: e.message });
  });
  const body = (raw: unknown): Record<string, unknown> => {
    const v = parse(raw);
    if (!isObj(v)) throw new Refused(400, 'the body is a JSON object');
    return v;
  };
  app.get('/_sim/faults', async () => state.faults);
  app.post('/_sim/faults', async (req) => (addFaults(body(req.body)), state.faults));
  app.delete('/_sim/faults', async () => ((state.faults.length = 0), state.faults));
  app.post('/_sim/subscriptions', async (req) => {
    const b = body(req.body);
    if (typeof b.openid !== 'string' || typeof b.template_id !== 'string') throw new Refused(400, '{openid, template_id, count?}');
    const n = b.count ?? 1;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1000) throw new Refused(400, 'count is 1..1000');
    subscribe(b.openid, b.template_id, n);
    return { left: state.subscriptions.get(`${b.openid}|${b.template_id}`) };
  });
  app.post('/_sim/templates', async (req) => {
    const b = body(req.body);
    if (typeof b.template_id !== 'string' || !Array.isArray(b.fields) || !b.fields.every((f) => typeof f === 'string' && /^[a-z_]+\d+$/.test(f))) throw new Refused(400, '{template_id, fields: ["thing1", "time2", …]}');
    state.templates.set(b.template_id, b.fields as string[]);
    return { template_id: b.template_id, fields: b.fields };
  });
  app.post('/_sim/payments', async (req) => {
    const b = body(req.body);
    if (typeof b.openid !== 'string' || !(typeof b.transaction_id === 'string' || (typeof b.mchid === 'string' && typeof b.out_trade_no === 'string'))) throw new Refused(400, '{openid, state?, transaction_id | mchid + out_trade_no}');
    const p: SimPayment = { openid: b.openid, state: typeof b.state === 'string' ? b.state : 'SUCCESS', ...(typeof b.transaction_id === 'string' ? { transaction_id: b.transaction_id } : {}), ...(typeof b.mchid === 'string' ? { mchid: b.mchid, out_trade_no: String(b.out_trade_no) } : {}) };
    state.payments.set(p.transaction_id ?? `${p.mchid}:${p.out_trade_no}`, p);
    return p;
  });
  const snapshot = () => ({
    shipping: [...state.shipping.values()],
    messages: state.messages,
    subscriptions: Object.fromEntries(state.subscriptions),
    templates: Object.fromEntries(state.templates),
    faults: state.faults,
    tokens: state.tokens.size,
  });
  app.get('/_sim/state', async () => snapshot());
  const page = async (_req: unknown, reply: FastifyReply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(consolePage(snapshot()));
  app.get('/_sim', page);
  app.get('/_sim/', page);
  app.post('/_sim/console/faults/clear', async (_req, reply) => ((state.faults.length = 0), reply.status(303).header('location', '/_sim/').send()));

  const sim: WxapiSimulator = {
    app,
    state,
    addFaults,
    subscribe,
    async listen(port = 0, host = '127.0.0.1') {
      sim.url = await app.listen({ port, host });
      return sim.url;
    },
    async close() {
      for (const h of held) (clearTimeout(h.timer), h.socket.destroy());
      held.clear();
      await app.close();
    },
  };
  return sim;
}
