/**
 * Loopback-only routes for the simulators: their control endpoints (`/_sim/...`) mark orders paid, settle refunds,
 * inject faults and rewrite ERP data without any credential, so they answer only callers on this machine, whatever
 * address the simulator listens on (HOST=0.0.0.0 for a phone on the LAN opens the cashier, not the controls).
 */
import type { FastifyInstance } from 'fastify';

/** 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6 (`::ffff:127.0.0.1`). */
export const isLoopback = (addr: string | undefined): boolean => {
  if (!addr) return false;
  const a = addr.toLowerCase().startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
};

/**
 * Refuses (403) every route whose pattern starts with `/_sim` to callers not on loopback, except the patterns in
 * `open`. It judges the route fastify matched (not the raw URL), so no spelling of the path gets past it. Register it
 * before the routes.
 */
export function loopbackOnlyControl(app: FastifyInstance, open: string[] = []): void {
  app.addHook('onRequest', async (req, reply) => {
    const route = req.routeOptions.url ?? '';
    if (!route.startsWith('/_sim') || open.includes(route)) return;
    // the socket's address: the simulators do not trust proxy headers
    if (isLoopback(req.socket.remoteAddress)) return;
    return reply.status(403).send({ code: 'FORBIDDEN', message: 'the simulator control API answers only on this machine (loopback)' });
  });
}
