/**
 * The simulator's HTTP app and the helpers its routes share: raw-body parsing (the signature covers the exact
 * bytes), WeChat-signed answers, errors as `{code, message}` (signed on `/v3`), and the control routes kept to
 * loopback callers.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { signWechatpay } from '@shop/functions/shared/domain/payments/wxcrypto';
import { loopbackOnlyControl } from '../loopback';
import { isObj, param, SimError } from './errors';
import type { SimContext } from './state';

export interface SimHttp {
  app: FastifyInstance;
  /** answers with WeChat's platform signature headers (every `/v3` answer) */
  sendSigned(reply: FastifyReply, status: number, body?: unknown): FastifyReply;
  rawBody(req: FastifyRequest): string;
  /** the body as a JSON object (PARAM_ERROR otherwise) */
  jsonBody(req: FastifyRequest): Record<string, unknown>;
  /** form-encoded (the cashier's and the console's forms) or JSON */
  formBody(req: FastifyRequest): Record<string, unknown>;
  html(reply: FastifyReply, status: number, body: string): FastifyReply;
}

export function createHttp(ctx: SimContext): SimHttp {
  const { opts } = ctx;
  // forceCloseConnections: close() never waits for keep-alive or held connections
  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  // the control API and console answer only on this machine; the cashier is the shopper's WeChat client, on any device
  loopbackOnlyControl(app, ['/_sim/cashier', '/_sim/cashier/pay']);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const sendSigned = (reply: FastifyReply, status: number, body?: unknown) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    reply.header('Request-ID', randomUUID().replace(/-/g, '').toUpperCase());
    const h = signWechatpay(text, opts.platform, ctx.nowSeconds());
    reply.header('Wechatpay-Timestamp', h['wechatpay-timestamp']);
    reply.header('Wechatpay-Nonce', h['wechatpay-nonce']);
    reply.header('Wechatpay-Signature', h['wechatpay-signature']);
    reply.header('Wechatpay-Serial', h['wechatpay-serial']);
    reply.status(status);
    if (body === undefined) return reply.send();
    return reply.type('application/json; charset=utf-8').send(text);
  };

  const rawBody = (req: FastifyRequest) => (typeof req.body === 'string' ? req.body : '');
  const jsonBody = (req: FastifyRequest): Record<string, unknown> => {
    let v: unknown;
    try {
      v = JSON.parse(rawBody(req));
    } catch {
      throw param('请求体不是合法的JSON');
    }
    if (!isObj(v)) throw param('请求体应为JSON对象');
    return v;
  };
  const formBody = (req: FastifyRequest): Record<string, unknown> => {
    const ct = String(req.headers['content-type'] ?? '');
    if (ct.includes('application/json')) return jsonBody(req);
    return Object.fromEntries(new URLSearchParams(rawBody(req)));
  };
  const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const isV3 = req.url.startsWith('/v3/');
    const e =
      err instanceof SimError
        ? err
        : err.statusCode && err.statusCode < 500
          ? new SimError(err.statusCode, 'PARAM_ERROR', err.message)
          : new SimError(500, 'SYSTEM_ERROR', '系统错误');
    if (e.status >= 500) console.error(err);
    if (isV3) return sendSigned(reply, e.status, { code: e.code, message: e.message });
    return reply.status(e.status).send({ code: e.code, message: e.message });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/v3/')) return sendSigned(reply, 404, { code: 'NOT_FOUND', message: '无效的请求地址' });
    return reply.status(404).send({ code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` });
  });

  return { app, sendSigned, rawBody, jsonBody, formBody, html };
}
