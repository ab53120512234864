/**
 * The control API under `/_sim/` (unsigned JSON, loopback callers only) and the console page: the shopper pays,
 * the bank settles refunds, faults and settings change, and the whole state can be read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Bank } from './bank';
import { isObj, param, SimError, str } from './errors';
import type { SimFaults } from './faults';
import type { SimHttp } from './http';
import { consolePage, errorPage } from './pages';
import { findRefund, refundView, transactionView, type SimConfig, type SimContext } from './state';

export function registerControl(ctx: SimContext, http: SimHttp, bank: Bank, faults: SimFaults) {
  const { app, jsonBody, formBody, html } = http;
  const { state, config } = ctx;
  const settleStatus = (v: unknown) => {
    if (v !== 'SUCCESS' && v !== 'ABNORMAL' && v !== 'CLOSED') throw param('status is SUCCESS, ABNORMAL or CLOSED');
    return v;
  };

  app.post('/_sim/pay', async (req) => {
    const b = jsonBody(req);
    const outTradeNo = str(b, 'out_trade_no')!;
    const outcome = b.outcome ?? 'success';
    if (outcome !== 'success' && outcome !== 'fail') throw param('outcome is success or fail');
    const mchid = typeof b.mchid === 'string' ? b.mchid : undefined;
    const t = [...state.transactions.values()].find((x) => x.out_trade_no === outTradeNo && (!mchid || x.mchid === mchid));
    if (!t) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在');
    return bank.payTransaction(t, outcome);
  });

  app.post<{ Params: { no: string } }>('/_sim/refunds/:no/settle', async (req) => {
    const b = jsonBody(req);
    const status = settleStatus(b.status);
    const r = findRefund(state, req.params.no, typeof b.mchid === 'string' ? b.mchid : undefined);
    if (!r) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return bank.settleRefund(r, status);
  });

  // ---------- faults and config ----------
  app.get('/_sim/faults', async () => faults.list());
  app.post('/_sim/faults', async (req) => {
    faults.add(jsonBody(req));
    return faults.list();
  });
  app.delete('/_sim/faults', async () => {
    faults.clear();
    return faults.list();
  });

  app.get('/_sim/config', async () => config);
  app.post('/_sim/config', async (req) => {
    const b = jsonBody(req);
    const next: Partial<SimConfig> = {};
    if ('refundAutoSettle' in b) {
      const a = b.refundAutoSettle;
      if (a === null) next.refundAutoSettle = null;
      else if (isObj(a) && (a.status === 'SUCCESS' || a.status === 'ABNORMAL') && typeof a.afterMs === 'number' && a.afterMs >= 0) {
        next.refundAutoSettle = { status: a.status, afterMs: a.afterMs };
      } else throw param("refundAutoSettle is null or {status: 'SUCCESS'|'ABNORMAL', afterMs: number >= 0}");
    }
    if ('nextRefundOutcome' in b) {
      const o = b.nextRefundOutcome;
      if (o !== null && o !== 'SUCCESS' && o !== 'ABNORMAL') throw param("nextRefundOutcome is 'SUCCESS', 'ABNORMAL' or null");
      next.nextRefundOutcome = o;
    }
    for (const k of ['refundMinIntervalMs', 'faultTimeoutMs'] as const) {
      if (k in b) {
        const v = b[k];
        if (typeof v !== 'number' || !(v >= 0)) throw param(`${k} is a number >= 0`);
        next[k] = v;
      }
    }
    Object.assign(config, next);
    return config;
  });

  // ---------- the console ----------
  const consoleHtml = (_req: FastifyRequest, reply: FastifyReply) =>
    html(
      reply,
      200,
      consolePage({
        transactions: [...state.transactions.values()].reverse(),
        refunds: [...state.refunds.values()].reverse(),
        notifications: state.notifications.slice(-50).reverse(),
        faults: faults.list(),
        config,
      }),
    );
  app.get('/_sim', consoleHtml);
  app.get('/_sim/', consoleHtml);
  app.post('/_sim/console/settle', async (req, reply) => {
    const b = formBody(req);
    const r = findRefund(state, String(b.out_refund_no ?? ''), typeof b.mchid === 'string' && b.mchid ? b.mchid : undefined);
    if (!r) return html(reply, 404, errorPage('退款单不存在', String(b.out_refund_no ?? ''), '/_sim/'));
    try {
      bank.settleRefund(r, settleStatus(b.status));
    } catch (e) {
      if (e instanceof SimError) return html(reply, e.status, errorPage('无法处理退款', e.message, '/_sim/'));
      throw e;
    }
    return reply.status(303).header('location', '/_sim/').send();
  });
  app.post('/_sim/console/faults/clear', async (_req, reply) => {
    faults.clear();
    return reply.status(303).header('location', '/_sim/').send();
  });

  app.get('/_sim/state', async () => ({
    transactions: [...state.transactions.values()].map((t) => ({ ...transactionView(t), description: t.description, notify_url: t.notify_url, prepay_id: t.prepay_id })),
    refunds: [...state.refunds.values()].map((r) => ({ ...refundView(r), mchid: r.mchid, notify_url: r.notify_url })),
    notifications: state.notifications.map(({ body: _b, ...n }) => n),
    faults: faults.list(),
    config,
  }));
}
