/**
 * Fault injection (`/_sim/faults`): rules that make `/v3` requests fail (5xx, 429, or a connection held open and
 * dropped) and rules that drop, duplicate, delay or reorder notifications. Each rule applies `times` times.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isObj, param } from './errors';

export type ApiFaultKind = 'status500' | 'status503' | 'status429' | 'timeout';
export type NotifyFaultKind = 'drop' | 'duplicate' | 'delay' | 'reorder';
export interface ApiFaultRule {
  /** prefix of the request path (without the query), e.g. '/v3/refund'; any /v3 path when missing */
  path?: string;
  method?: 'GET' | 'POST';
  kind: ApiFaultKind;
  /** how many matching requests it still applies to */
  times: number;
}
export interface NotifyFaultRule {
  kind: NotifyFaultKind;
  /** matching events it still applies to: delivery attempts for `drop`, notifications for the others */
  times: number;
  /** for `delay` (default 1000) */
  delayMs?: number;
  /** only notifications of this event type, e.g. 'TRANSACTION.SUCCESS' */
  eventType?: string;
}
export interface FaultRules {
  api?: ApiFaultRule[];
  notify?: NotifyFaultRule[];
}
export interface SimFaults {
  /** appends rules (validated; throws SimError PARAM_ERROR) */
  add(rules: FaultRules): void;
  clear(): void;
  /** the remaining rules */
  list(): { api: ApiFaultRule[]; notify: NotifyFaultRule[] };
}

const API_FAULT_KINDS: ApiFaultKind[] = ['status500', 'status503', 'status429', 'timeout'];
const NOTIFY_FAULT_KINDS: NotifyFaultKind[] = ['drop', 'duplicate', 'delay', 'reorder'];
const API_FAULT_ANSWERS: Record<Exclude<ApiFaultKind, 'timeout'>, [number, string, string]> = {
  status500: [500, 'SYSTEM_ERROR', '系统错误'],
  status503: [503, 'SERVICE_UNAVAILABLE', '服务不可用，请稍后重试'],
  status429: [429, 'RATELIMIT_EXCEEDED', 'too many requests'],
};

/** Validates `{api?, notify?}` fault rules (PARAM_ERROR naming the field); `times` defaults to 1. */
export function parseFaultRules(v: unknown): { api: ApiFaultRule[]; notify: NotifyFaultRule[] } {
  if (!isObj(v)) throw param('faults: expected a JSON object {api?: [...], notify?: [...]}');
  const list = (field: 'api' | 'notify') => {
    const l = v[field];
    if (l === undefined) return [];
    if (!Array.isArray(l)) throw param(`faults.${field} should be an array`);
    return l.map((r, i) => {
      if (!isObj(r)) throw param(`faults.${field}[${i}] should be an object`);
      const times = r.times ?? 1;
      if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) throw param(`faults.${field}[${i}].times should be a positive integer`);
      return { r, times, at: `faults.${field}[${i}]` };
    });
  };
  const api = list('api').map(({ r, times, at }): ApiFaultRule => {
    if (!API_FAULT_KINDS.includes(r.kind as ApiFaultKind)) throw param(`${at}.kind should be one of ${API_FAULT_KINDS.join(', ')}`);
    if (r.path !== undefined && typeof r.path !== 'string') throw param(`${at}.path should be a string`);
    if (r.method !== undefined && r.method !== 'GET' && r.method !== 'POST') throw param(`${at}.method should be GET or POST`);
    return { ...(r.path !== undefined ? { path: r.path as string } : {}), ...(r.method !== undefined ? { method: r.method as 'GET' | 'POST' } : {}), kind: r.kind as ApiFaultKind, times };
  });
  const notify = list('notify').map(({ r, times, at }): NotifyFaultRule => {
    if (!NOTIFY_FAULT_KINDS.includes(r.kind as NotifyFaultKind)) throw param(`${at}.kind should be one of ${NOTIFY_FAULT_KINDS.join(', ')}`);
    if (r.delayMs !== undefined && (typeof r.delayMs !== 'number' || !(r.delayMs >= 0))) throw param(`${at}.delayMs should be a number >= 0`);
    if (r.eventType !== undefined && typeof r.eventType !== 'string') throw param(`${at}.eventType should be a string`);
    return {
      kind: r.kind as NotifyFaultKind,
      times,
      ...(r.delayMs !== undefined ? { delayMs: r.delayMs as number } : {}),
      ...(r.eventType !== undefined ? { eventType: r.eventType as string } : {}),
    };
  });
  return { api, notify };
}

/** Uses up one application of the first rule that matches (removed when used up); a copy of it, or undefined. */
export function take<R extends { times: number }>(rules: R[], match: (r: R) => boolean): R | undefined {
  const i = rules.findIndex((r) => r.times > 0 && match(r));
  if (i < 0) return undefined;
  const r = rules[i];
  r.times -= 1;
  if (r.times <= 0) rules.splice(i, 1);
  return { ...r };
}

/** The rules in force, the requests a `timeout` fault holds open, and the `SimFaults` face over them. */
export interface FaultStore {
  api: ApiFaultRule[];
  notify: NotifyFaultRule[];
  faults: SimFaults;
  /** drops every connection a `timeout` fault still holds (at close) */
  dropHeld(): void;
  /** requests held open by a `timeout` fault */
  held: Set<{ socket: Socket; timer: NodeJS.Timeout }>;
}

export function createFaultStore(): FaultStore {
  const api: ApiFaultRule[] = [];
  const notify: NotifyFaultRule[] = [];
  const held = new Set<{ socket: Socket; timer: NodeJS.Timeout }>();
  return {
    api,
    notify,
    held,
    faults: {
      add: (rules) => {
        const r = parseFaultRules(rules);
        api.push(...r.api);
        notify.push(...r.notify);
      },
      clear: () => {
        api.length = 0;
        notify.length = 0;
      },
      list: () => ({ api: api.map((r) => ({ ...r })), notify: notify.map((r) => ({ ...r })) }),
    },
    dropHeld: () => {
      for (const h of held) {
        clearTimeout(h.timer);
        h.socket.destroy();
      }
      held.clear();
    },
  };
}

/** API faults, before the signature check: a faulted request is answered (or held) without being looked at. */
export function registerApiFaults(
  app: FastifyInstance,
  store: FaultStore,
  faultTimeoutMs: () => number,
  sendSigned: (reply: FastifyReply, status: number, body?: unknown) => unknown,
) {
  app.addHook('preHandler', async (req, reply) => {
    if (!req.url.startsWith('/v3/')) return;
    const path = req.url.split('?')[0];
    const rule = take(store.api, (r) => (!r.path || path.startsWith(r.path)) && (!r.method || r.method === req.method));
    if (!rule) return;
    if (rule.kind === 'timeout') {
      // never answered: the connection is dropped after faultTimeoutMs (or at close()); the handler never runs
      const socket = req.raw.socket;
      await new Promise<never>(() => {
        const entry = {
          socket,
          timer: setTimeout(() => {
            store.held.delete(entry);
            socket.destroy();
          }, faultTimeoutMs()),
        };
        store.held.add(entry);
        socket.once('close', () => {
          clearTimeout(entry.timer);
          store.held.delete(entry);
        });
      });
    }
    const [status, code, message] = API_FAULT_ANSWERS[rule.kind as Exclude<ApiFaultKind, 'timeout'>];
    return sendSigned(reply, status, { code, message });
  });
}
