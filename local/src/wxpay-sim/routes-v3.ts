/**
 * The merchant's API v3 as WeChat answers it: every request's signature checked (serial, 5-minute window), JSAPI
 * orders, query by out_trade_no or transaction_id, close, refunds and their query; every answer signed.
 */
import type { FastifyRequest } from 'fastify';
import { verifyRequest, WxSignatureError, wxTime } from '@shop/functions/shared/domain/payments/wxcrypto';
import type { Bank } from './bank';
import { currency, isObj, param, posInt, SimError, str } from './errors';
import type { SimHttp } from './http';
import {
  compact,
  digits,
  findByTransactionId,
  findTransaction,
  MAX_REFUNDS_PER_TRANSACTION,
  refundKey,
  refundView,
  transactionKey,
  transactionView,
  type SimContext,
  type SimRefund,
  type SimTransaction,
} from './state';

const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;

export function registerV3(ctx: SimContext, http: SimHttp, bank: Bank) {
  const { app, sendSigned, rawBody, jsonBody } = http;
  const { state, config, now, merchantsById, merchantKeys } = ctx;
  const mchidOf = (req: FastifyRequest) => (req as FastifyRequest & { wxMchid: string }).wxMchid;

  // every /v3 request: the merchant's signature, by serial, within 5 minutes
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/v3/')) return;
    try {
      const a = verifyRequest({ method: req.method, pathWithQuery: req.url, body: rawBody(req), authorization: req.headers.authorization }, merchantKeys, ctx.nowSeconds());
      (req as FastifyRequest & { wxMchid: string }).wxMchid = a.mchid;
    } catch (e) {
      if (!(e instanceof WxSignatureError)) throw e;
      const message =
        e.reason === 'UNKNOWN_SERIAL'
          ? `商户证书序列号有误：${e.message}`
          : e.reason === 'STALE_TIMESTAMP'
            ? `请求时间戳超出允许范围（5分钟）：${e.message}`
            : e.reason === 'MALFORMED'
              ? `Authorization格式错误：${e.message}`
              : `签名错误，请检查后再试：${e.message}`;
      throw new SimError(401, 'SIGN_ERROR', message);
    }
  });

  const queryMchid = (req: FastifyRequest, signer: string) => {
    const m = (req.query as Record<string, unknown>).mchid;
    if (typeof m !== 'string' || !m) throw param('输入源“/querystring/mchid”映射到字段“mchid”必填性规则校验失败，此字段为必填项');
    if (m !== signer) throw param('mchid与请求签名的商户号不一致');
    return m;
  };

  app.post('/v3/pay/transactions/jsapi', async (req, reply) => {
    const signer = mchidOf(req);
    const b = jsonBody(req);
    const appid = str(b, 'appid', { max: 32 })!;
    const mchid = str(b, 'mchid', { max: 32 })!;
    const description = str(b, 'description', { max: 127 })!;
    const outTradeNo = str(b, 'out_trade_no', { pattern: OUT_TRADE_NO })!;
    const timeExpire = str(b, 'time_expire', { optional: true, max: 64 });
    const attach = str(b, 'attach', { optional: true, max: 128 });
    const notifyUrl = str(b, 'notify_url', { max: 256, pattern: /^https?:\/\/[^\s?#]+(\?[^\s#]*)?$/ })!;
    if (!isObj(b.amount)) throw param('字段amount为必填项');
    const total = posInt(b.amount, 'total', 'amount.total');
    currency(b.amount, 'amount');
    if (!isObj(b.payer)) throw param('字段payer为必填项');
    const openid = str(b.payer, 'openid', { max: 128 })!;
    if (mchid !== signer) throw param('mchid与请求签名的商户号不一致');
    const merchant = merchantsById.get(mchid)!;
    if (merchant.appid !== appid) throw new SimError(400, 'APPID_MCHID_NOT_MATCH', 'AppID和mch_id不匹配');
    if (timeExpire !== undefined && Number.isNaN(Date.parse(timeExpire))) throw param('字段time_expire格式错误');
    const params = JSON.stringify({ appid, description, time_expire: timeExpire ?? null, attach: attach ?? null, notify_url: notifyUrl, total, openid });
    const existing = findTransaction(state, mchid, outTradeNo);
    if (existing) {
      if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') throw new SimError(400, 'ORDERPAID', '该订单已支付');
      if (existing.trade_state === 'CLOSED') throw new SimError(400, 'ORDERCLOSED', '该订单已关闭');
      if (existing.params !== params) throw new SimError(400, 'INVALID_REQUEST', '参数与首次请求时不一致');
      return sendSigned(reply, 200, { prepay_id: existing.prepay_id });
    }
    const t: SimTransaction = {
      mchid,
      appid,
      out_trade_no: outTradeNo,
      description,
      notify_url: notifyUrl,
      attach,
      time_expire: timeExpire,
      total,
      openid,
      prepay_id: `wx${compact(now())}${digits(20)}`,
      params,
      trade_state: 'NOTPAY',
      create_time: wxTime(now()),
    };
    state.transactions.set(transactionKey(mchid, outTradeNo), t);
    return sendSigned(reply, 200, { prepay_id: t.prepay_id });
  });

  app.get<{ Params: { no: string } }>('/v3/pay/transactions/out-trade-no/:no', async (req, reply) => {
    const mchid = queryMchid(req, mchidOf(req));
    const t = findTransaction(state, mchid, req.params.no);
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return sendSigned(reply, 200, transactionView(t));
  });

  app.get<{ Params: { id: string } }>('/v3/pay/transactions/id/:id', async (req, reply) => {
    const mchid = queryMchid(req, mchidOf(req));
    const t = findByTransactionId(state, mchid, req.params.id);
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return sendSigned(reply, 200, transactionView(t));
  });

  app.post<{ Params: { no: string } }>('/v3/pay/transactions/out-trade-no/:no/close', async (req, reply) => {
    const b = jsonBody(req);
    const mchid = str(b, 'mchid')!;
    if (mchid !== mchidOf(req)) throw param('mchid与请求签名的商户号不一致');
    const t = findTransaction(state, mchid, req.params.no);
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    if (t.trade_state === 'SUCCESS' || t.trade_state === 'REFUND') throw new SimError(400, 'ORDERPAID', '该订单已支付');
    t.trade_state = 'CLOSED';
    return sendSigned(reply, 204);
  });

  app.post('/v3/refund/domestic/refunds', async (req, reply) => {
    const mchid = mchidOf(req);
    const b = jsonBody(req);
    const transactionId = str(b, 'transaction_id', { optional: true, max: 32 });
    const outTradeNo = str(b, 'out_trade_no', { optional: true, max: 32 });
    if (!transactionId && !outTradeNo) throw param('transaction_id和out_trade_no必须二选一进行传参');
    const outRefundNo = str(b, 'out_refund_no', { pattern: OUT_REFUND_NO })!;
    const reason = str(b, 'reason', { optional: true, max: 80 });
    const notifyUrl = str(b, 'notify_url', { optional: true, max: 256, pattern: /^https?:\/\/\S+$/ });
    if (!isObj(b.amount)) throw param('字段amount为必填项');
    const refund = posInt(b.amount, 'refund', 'amount.refund');
    const total = posInt(b.amount, 'total', 'amount.total');
    const cur = b.amount.currency;
    if (cur !== 'CNY') throw param('字段amount.currency为必填项，只支持CNY');

    const existing = state.refunds.get(refundKey(mchid, outRefundNo));
    if (existing) {
      // the simulator's choice: the same out_refund_no and amount on an ABNORMAL refund retries it
      if (existing.status === 'ABNORMAL' && existing.refund === refund) {
        existing.status = 'PROCESSING';
        bank.scheduleAutoSettle(existing);
      }
      return sendSigned(reply, 200, refundView(existing));
    }

    const t = transactionId ? findByTransactionId(state, mchid, transactionId) : findTransaction(state, mchid, outTradeNo!);
    if (!t) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (outTradeNo && transactionId && t.out_trade_no !== outTradeNo) throw param('transaction_id与out_trade_no不匹配');
    if (t.trade_state !== 'SUCCESS' && t.trade_state !== 'REFUND') throw new SimError(400, 'RESOURCE_NOT_EXISTS', '订单未支付，不能退款');
    if (total !== t.total) throw param('订单金额total与原订单金额不一致');
    if (refund > total) throw param('退款金额refund不能大于订单金额total');
    const refunded = [...state.refunds.values()]
      .filter((r) => r.mchid === mchid && r.out_trade_no === t.out_trade_no && r.status !== 'CLOSED')
      .reduce((s, r) => s + r.refund, 0);
    if (refund > t.total - refunded) throw new SimError(400, 'NOT_ENOUGH', '订单可退金额不足');
    const ofTransaction = [...state.refunds.values()].filter((r) => r.mchid === mchid && r.out_trade_no === t.out_trade_no);
    if (ofTransaction.length >= MAX_REFUNDS_PER_TRANSACTION) {
      throw new SimError(403, 'FREQUENCY_LIMITED', `该笔订单的退款次数已达上限（${MAX_REFUNDS_PER_TRANSACTION}次），不能再申请退款`);
    }
    const last = Math.max(-Infinity, ...ofTransaction.map((r) => r.created_at_ms));
    if (config.refundMinIntervalMs > 0 && now().getTime() - last < config.refundMinIntervalMs) {
      throw new SimError(429, 'FREQUENCY_LIMITED', 'the refund frequency is limited, retry after 1 minute');
    }
    const r: SimRefund = {
      mchid,
      refund_id: `50${digits(27)}`,
      out_refund_no: outRefundNo,
      out_trade_no: t.out_trade_no,
      transaction_id: t.transaction_id!,
      reason,
      notify_url: notifyUrl ?? t.notify_url,
      refund,
      total,
      status: 'PROCESSING',
      create_time: wxTime(now()),
      created_at_ms: now().getTime(),
    };
    state.refunds.set(refundKey(mchid, outRefundNo), r);
    t.trade_state = 'REFUND';
    bank.scheduleAutoSettle(r);
    return sendSigned(reply, 200, refundView(r));
  });

  app.get<{ Params: { no: string } }>('/v3/refund/domestic/refunds/:no', async (req, reply) => {
    const r = state.refunds.get(refundKey(mchidOf(req), req.params.no));
    if (!r) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return sendSigned(reply, 200, refundView(r));
  });
}
