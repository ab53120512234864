/**
 * The local function gateway: serves the same handlers as the CloudBase entry points over HTTP,
 * `POST /api/fn/<name>` with `{action, data}`. The caller comes from the session token (Authorization: Bearer),
 * never from the body. It also serves the uploaded/demo assets, the H5 storefront and the admin panel.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { httpStatusOf, type Envelope } from '@shop/types';
import type { Database } from '@shop/functions/shared/db/types';
import { countOps, formatOps, opsHeader, withOpCounting, type OpCount } from '@shop/functions/shared/db/counting';
import type { ObjectStorage } from '@shop/functions/shared/storage/types';
import { dispatch } from '@shop/functions/shared/runtime/define';
import { resolveCaller } from '@shop/functions/shared/domain/auth/sessions';
import { FUNCTIONS } from '@shop/functions/registry';
import { handleNotification } from '@shop/functions/shared/domain/payments/notify';
import { createLocalStorage } from './storage';

export interface GatewayOptions {
  db: Database;
  assetsDir: string;
  /** where uploads go; default: files under `<assetsDir>/uploads/`, served at `/assets/uploads/` */
  storage?: ObjectStorage;
  h5Dir?: string;
  adminDir?: string;
  now?: () => Date;
  logger?: boolean;
  /** the URL WeChat Pay (or the simulator) posts notifications to: this gateway's /api/wxpay/notify, known once it listens */
  notifyUrl?: () => string;
}

/**
 * Largest request body. A product picture may be 2 MB (productAdmin.uploadImage); in base64 inside the JSON call
 * that is about 2.7 MB, hence 3 MB. Bigger bodies get a 413 PAYLOAD_TOO_LARGE envelope.
 */
export const NOTIFY_PATH = '/api/wxpay/notify';

export const BODY_LIMIT = 3 * 1024 * 1024;

const IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * Cache policy of a static file by its path: a file whose name carries its content hash never changes, so it is cached
 * for a year (Vite's admin chunks `assets/<name>-<8 chars>.<ext>`, Taro's H5 `<name>.<8 hex>.<ext>`, uploads
 * `uploads/<sha256>.<ext>`); anything else (index.html, favicon, demo pictures) is revalidated on each use.
 */
export function cacheControlFor(path: string): string {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)assets\/[^/]+-[A-Za-z0-9_-]{8}\.(js|css|map|woff2?|png|jpe?g|gif|webp|svg)$/.test(p)) return IMMUTABLE;
  if (/(^|\/)(js|css|static)\/(.+\/)?[^/]+\.[0-9a-f]{8}\.[a-z0-9]+$/.test(p)) return IMMUTABLE;
  if (/(^|\/)uploads\/[0-9a-f]{64}\.[a-z0-9]+$/.test(p)) return IMMUTABLE;
  return 'no-cache';
}
const staticHeaders = (root: string) => ({
  cacheControl: false,
  setHeaders: (res: { setHeader(k: string, v: string): unknown }, path: string) => {
    res.setHeader('cache-control', cacheControlFor(path.startsWith(root) ? path.slice(root.length) : path));
  },
});

/** `x-db-ops` on every function call and notification: the database operations it cost (see shared/db/counting.ts). */
export const OPS_HEADER = 'x-db-ops';

export async function buildGateway(o: GatewayOptions): Promise<FastifyInstance> {
  const now = o.now ?? (() => new Date());
  // every operation is counted per request: the count goes out in a header, and to the log at debug level
  const db = withOpCounting(o.db);
  const debugOps = process.env.LOG_LEVEL === 'debug';
  const noteOps = (reply: { header(k: string, v: string): unknown; log: { debug(o: object, m: string): void } }, what: string, ops: OpCount) => {
    reply.header(OPS_HEADER, opsHeader(ops));
    reply.log.debug({ ops }, `${what}: ${formatOps(ops)}`);
    if (debugOps) console.debug(`[db ops] ${what}: ${formatOps(ops)}`);
  };
  const storage = o.storage ?? createLocalStorage(o.assetsDir);
  const app = Fastify({ logger: o.logger ?? false, bodyLimit: BODY_LIMIT, trustProxy: false });

  // compressed answers (gzip, brotli, deflate as the client accepts) for everything larger than 1 KB, static files included
  await app.register(fastifyCompress, { global: true, threshold: 1024 });
  // headers every answer carries; the admin panel may not be framed (clickjacking); function calls are never cached
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (req.url === '/admin' || req.url.startsWith('/admin/')) {
      reply.header('x-frame-options', 'DENY');
      reply.header('content-security-policy', "frame-ancestors 'none'");
    }
    if (req.url.startsWith('/api/fn/')) reply.header('cache-control', 'no-store');
  });

  // one envelope for transport-level failures too (bad JSON, too large, unknown route)
  app.setErrorHandler((err: { statusCode?: number; message: string; code?: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
    if (status >= 500) console.error(err);
    const message =
      status >= 500 ? 'internal error' : status === 413 ? `the request is larger than ${BODY_LIMIT / 1024 / 1024} MB` : err.message;
    const body: Envelope<never> = { ok: false, error: { code, message } };
    reply.status(status).send(body);
  });

  app.post<{ Params: { name: string }; Body: unknown }>('/api/fn/:name', async (req, reply) => {
    const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, req.params.name) ? FUNCTIONS[req.params.name] : undefined;
    const requestId = randomUUID();
    reply.header('x-request-id', requestId);
    if (!fn) {
      return reply.status(404).send({ ok: false, error: { code: 'UNKNOWN_FUNCTION', message: `no function ${req.params.name}` } });
    }
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply.status(400).send({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'body must be a JSON object {action, data}' } });
    }
    const extra = Object.keys(body).filter((k) => k !== 'action' && k !== 'data');
    if (extra.length) {
      return reply.status(400).send({ ok: false, error: { code: 'VALIDATION_FAILED', message: `unknown field(s) in the call: ${extra.join(', ')}` } });
    }
    const { action, data } = body as { action?: unknown; data?: unknown };
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const { result, ops } = await countOps(async () => {
      const caller = await resolveCaller(db, token, now());
      return dispatch(fn, action, data, {
        db,
        storage,
        caller,
        now,
        requestId,
        ip: req.ip,
        platform: 'local',
        sessionToken: token,
        notifyUrl: o.notifyUrl?.(),
      });
    });
    noteOps(reply, `${fn.name}.${typeof action === 'string' ? action : '?'}`, ops);
    return reply.status(result.ok ? 200 : httpStatusOf(result.error.code)).send(result);
  });

  app.get('/healthz', async () => ({ ok: true }));

  // WeChat Pay notifications: the signature covers the raw body, so this route keeps it as a string
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.post<{ Body: string }>(NOTIFY_PATH, async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const { result: answer, ops } = await countOps(() => handleNotification({ db, now, notifyUrl: o.notifyUrl?.() ?? '' }, req.headers, raw));
      noteOps(reply, 'wxpay notification', ops);
      return answer.body ? reply.status(answer.status).send(answer.body) : reply.status(answer.status).send();
    });
  });

  await app.register(fastifyStatic, { root: o.assetsDir, prefix: '/assets/', decorateReply: false, ...staticHeaders(o.assetsDir) });
  if (o.h5Dir && existsSync(o.h5Dir)) await app.register(fastifyStatic, { root: o.h5Dir, prefix: '/h5/', decorateReply: false, ...staticHeaders(o.h5Dir) });
  if (o.adminDir && existsSync(o.adminDir)) await app.register(fastifyStatic, { root: o.adminDir, prefix: '/admin/', decorateReply: false, ...staticHeaders(o.adminDir) });
  app.get('/', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><meta charset="utf-8"><title>微商城 local</title><body style="font-family:sans-serif;padding:2em">` +
          `<h1>微商城 · local stack</h1><ul><li><a href="/h5/">H5 storefront</a></li><li><a href="/admin/">Admin panel</a> (admin / admin123)</li></ul></body>`,
      ),
  );
  return app;
}
