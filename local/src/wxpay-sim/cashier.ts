/**
 * The H5 cashier under `/_sim/cashier`: the shopper's WeChat client and the bank. It checks paySign like the WeChat
 * client, shows the order, pays or declines it, and sends the shopper back to the return URL with `wxpay=ok|fail|cancel`.
 */
import { createVerify } from 'node:crypto';
import type { Key } from '@shop/functions/shared/domain/payments/wxcrypto';
import type { Bank } from './bank';
import type { SimHttp } from './http';
import { cashierPage, errorPage } from './pages';
import { findByPrepayId, type SimContext, type SimTransaction } from './state';

export const isHttpUrl = (u: string) => {
  try {
    const p = new URL(u);
    return (p.protocol === 'http:' || p.protocol === 'https:') && !!p.host;
  } catch {
    return false;
  }
};

/**
 * Adds `key=value` to a return URL's query. A hash-router URL (`#/path?x=1`, or any hash holding a `?`) gets it in
 * the hash's query, where the front-end router reads it; otherwise it goes in the real query (before any `#anchor`).
 * The rest of the URL is kept byte for byte; an existing `key` is replaced.
 */
export function withQueryParam(url: string, key: string, value: string): string {
  const hashAt = url.indexOf('#');
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : url.slice(hashAt + 1);
  const addTo = (part: string) => {
    const q = part.indexOf('?');
    const path = q < 0 ? part : part.slice(0, q);
    const query = q < 0 ? '' : part.slice(q + 1);
    const name = (kv: string) => {
      try {
        return decodeURIComponent(kv.split('=')[0].replace(/\+/g, ' '));
      } catch {
        return kv.split('=')[0];
      }
    };
    const kept = query.split('&').filter((kv) => kv !== '' && name(kv) !== key);
    kept.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    return `${path}?${kept.join('&')}`;
  };
  if (hashAt >= 0 && (hash.includes('?') || hash.startsWith('/') || hash.startsWith('!/'))) return `${base}#${addTo(hash)}`;
  return addTo(base) + (hashAt < 0 ? '' : `#${hash}`);
}

/** The WeChat client's check of `wx.requestPayment` parameters: SHA256withRSA over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function verifyPaySign(p: { appId: string; timeStamp: string; nonceStr: string; package: string; paySign: string }, merchantPublicKey: Key): boolean {
  try {
    return createVerify('RSA-SHA256').update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`).verify(merchantPublicKey, p.paySign, 'base64');
  } catch {
    return false;
  }
}

export function registerCashier(ctx: SimContext, http: SimHttp, bank: Bank) {
  const { app, formBody, html } = http;
  const { opts, state, merchantsById } = ctx;
  const merchantName = (mchid: string) => merchantsById.get(mchid)?.name ?? `商户${mchid}`;
  /** why a transaction cannot be paid any more (or undefined) */
  const blockedReason = (t: SimTransaction): { state: string; message: string } | undefined => {
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') return { state: t.trade_state, message: '该订单已支付，请勿重复支付' };
    if (t.trade_state === 'CLOSED') return { state: 'CLOSED', message: '该订单已关闭，无法支付' };
    if (bank.expired(t)) return { state: 'EXPIRED', message: `该订单已过期（${t.time_expire}），无法支付` };
    return undefined;
  };

  app.get('/_sim/cashier', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const p = (k: string) => (typeof q[k] === 'string' ? (q[k] as string) : '');
    const fail = (reason: string) => html(reply, 400, errorPage('无法发起支付', reason));
    const returnUrl = p('return_url');
    if (!returnUrl || !isHttpUrl(returnUrl)) return fail('return_url 缺失或不是 http(s) 地址');
    for (const k of ['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign']) if (!p(k)) return fail(`缺少支付参数 ${k}`);
    if (p('signType') !== 'RSA') return fail(`signType 应为 RSA，收到 ${p('signType')}`);
    const m = opts.merchants.find((x) => x.appid === p('appId'));
    if (!m) return fail(`appId ${p('appId')} 未绑定任何商户号`);
    const pm = /^prepay_id=(\S+)$/.exec(p('package'));
    if (!pm) return fail('package 格式错误，应为 prepay_id=...');
    const payParams = { appId: p('appId'), timeStamp: p('timeStamp'), nonceStr: p('nonceStr'), package: p('package'), paySign: p('paySign') };
    if (!verifyPaySign(payParams, m.publicKey)) {
      return fail(
        `支付验证签名失败：paySign 不是商户 ${m.mchid} 的私钥对“appId\\ntimeStamp\\nnonceStr\\npackage\\n”的 SHA256withRSA 签名${p('paySign').includes(' ') ? '（paySign 含空格：“+”未做 URL 编码？）' : ''}`,
      );
    }
    const t = findByPrepayId(state, pm[1]);
    if (!t || t.mchid !== m.mchid) return fail(`prepay_id ${pm[1]} 不存在（未下单，或不属于商户 ${m.mchid}）`);
    const blocked = blockedReason(t);
    return html(
      reply,
      200,
      cashierPage({
        merchantName: merchantName(t.mchid),
        mchid: t.mchid,
        description: t.description,
        total: t.total,
        outTradeNo: t.out_trade_no,
        prepayId: t.prepay_id,
        returnUrl,
        ...(blocked ? { blocked: { ...blocked, backUrl: returnUrl } } : {}),
      }),
    );
  });

  app.post('/_sim/cashier/pay', async (req, reply) => {
    const b = formBody(req);
    const prepayId = typeof b.prepay_id === 'string' ? b.prepay_id : '';
    const outcome = b.outcome;
    const returnUrl = typeof b.return_url === 'string' ? b.return_url : '';
    if (!returnUrl || !isHttpUrl(returnUrl)) return html(reply, 400, errorPage('支付失败', 'return_url 缺失或不是 http(s) 地址'));
    if (outcome !== 'success' && outcome !== 'fail' && outcome !== 'cancel') return html(reply, 400, errorPage('支付失败', 'outcome 应为 success、fail 或 cancel', returnUrl));
    const t = findByPrepayId(state, prepayId);
    if (!t) return html(reply, 400, errorPage('支付失败', `prepay_id ${prepayId} 不存在`, returnUrl));
    const back = (result: 'ok' | 'fail' | 'cancel') => reply.status(303).header('location', withQueryParam(returnUrl, 'wxpay', result)).send();
    if (outcome === 'cancel') return back('cancel');
    // a second "确认支付" on a paid order (a double submit) lands where the first one did
    if (outcome === 'success' && (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND')) return back('ok');
    const blocked = blockedReason(t);
    if (blocked) return html(reply, 409, errorPage('支付未完成', blocked.message, returnUrl));
    bank.payTransaction(t, outcome);
    return back(outcome === 'success' ? 'ok' : 'fail');
  });
}
