/**
 * The merchant's notifications: AEAD_AES_256_GCM-encrypted with the APIv3 key, signed with the platform key, and
 * retried on WeChat's schedule until a 200/204; notification faults (drop, duplicate, delay, reorder) apply here.
 */
import { randomUUID } from 'node:crypto';
import { encryptResource, signWechatpay, wxTime, type EncryptedResource } from '@shop/functions/shared/domain/payments/wxcrypto';
import { take, type NotifyFaultKind, type NotifyFaultRule } from './faults';
import type { NotificationAttempt, SimContext, SimNotification } from './state';

export const DEFAULT_RETRY_SCHEDULE = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600].map((s) => s * 1000);

/** how long a `reorder`-held notification waits for the next one before it is sent anyway */
export const REORDER_WAIT_MS = 2000;

/** One delivery attempt: POST the signed envelope, resolve with the HTTP status (rejects on network errors/timeouts). Wrap it to inject faults. */
export type NotificationSender = (url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal) => Promise<number>;

export const sendNotification: NotificationSender = async (url, body, headers, timeoutMs, signal) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
};

/** Records a notification in the state and starts delivering it. */
export type Notify = (
  apiV3Key: string,
  url: string,
  eventType: SimNotification['event_type'],
  originalType: 'transaction' | 'refund',
  summary: string,
  plaintext: unknown,
) => SimNotification;

/** `sender()` is read at every attempt (the simulator's `sender` may be replaced to inject faults). */
export function createNotifier(ctx: SimContext, notifyFaults: NotifyFaultRule[], sender: () => NotificationSender): Notify {
  const { opts, state, now } = ctx;
  const schedule = opts.notify?.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
  const timeScale = opts.notify?.timeScale ?? 1;
  const timeoutMs = opts.notify?.timeoutMs ?? 5000;
  /** notifications held by a `reorder` fault until the next one is sent */
  const reorderHeld: { n: SimNotification; timer: NodeJS.Timeout }[] = [];
  /** notifications that still owe their `duplicate` copy */
  const owesDuplicate = new WeakSet<SimNotification>();

  function notify(apiV3Key: string, url: string, eventType: SimNotification['event_type'], originalType: 'transaction' | 'refund', summary: string, plaintext: unknown) {
    const resource: EncryptedResource = encryptResource(JSON.stringify(plaintext), apiV3Key, originalType, originalType);
    const id = randomUUID();
    const body = JSON.stringify({ id, create_time: wxTime(now()), resource_type: 'encrypt-resource', event_type: eventType, summary, resource });
    const n: SimNotification = { id, event_type: eventType, url, plaintext, body, attempts: [], delivered: false, gaveUp: false, faults: [] };
    state.notifications.push(n);
    start(n);
    return n;
  }

  /** the first attempt, through the duplicate / delay / reorder faults */
  function start(n: SimNotification) {
    const applies = (kind: NotifyFaultKind) => take(notifyFaults, (r) => r.kind === kind && (!r.eventType || r.eventType === n.event_type));
    const duplicate = applies('duplicate');
    const delay = applies('delay');
    const reorder = applies('reorder');
    if (duplicate) {
      n.faults.push('duplicate');
      owesDuplicate.add(n);
    }
    if (delay) n.faults.push('delay');
    if (reorder) n.faults.push('reorder');
    const go = () => {
      if (!reorder) return void attempt(n, 0);
      const entry = { n, timer: ctx.later(REORDER_WAIT_MS, () => release(entry)) };
      reorderHeld.push(entry);
    };
    if (delay) ctx.later(delay.delayMs ?? 1000, go);
    else go();
  }
  function release(entry: { n: SimNotification; timer: NodeJS.Timeout }) {
    const i = reorderHeld.indexOf(entry);
    if (i < 0) return;
    reorderHeld.splice(i, 1);
    clearTimeout(entry.timer);
    ctx.timers.delete(entry.timer);
    void attempt(entry.n, 0);
  }

  const send = async (n: SimNotification, a: NotificationAttempt) => {
    try {
      a.status = await sender()(n.url, n.body, { ...signWechatpay(n.body, opts.platform, ctx.nowSeconds()) }, timeoutMs, ctx.inflight.signal);
    } catch (e) {
      a.error = e instanceof Error ? e.message : String(e);
    }
  };

  async function attempt(n: SimNotification, index: number): Promise<void> {
    if (ctx.closed) return;
    const a: NotificationAttempt = { at: now().toISOString() };
    n.attempts.push(a);
    if (take(notifyFaults, (r) => r.kind === 'drop' && (!r.eventType || r.eventType === n.event_type))) {
      a.fault = 'drop';
      a.error = 'dropped by fault injection (not sent)';
    } else {
      await send(n, a);
    }
    // a notification held by `reorder` goes out once another one has had its first attempt
    if (index === 0) for (const e of [...reorderHeld]) release(e);
    if (a.status === 200 || a.status === 204) {
      n.delivered = true;
      if (owesDuplicate.has(n) && !ctx.closed) {
        owesDuplicate.delete(n);
        const dup: NotificationAttempt = { at: now().toISOString(), fault: 'duplicate' };
        n.attempts.push(dup);
        await send(n, dup);
      }
      return;
    }
    if (ctx.closed) return;
    if (index >= schedule.length) {
      n.gaveUp = true;
      return;
    }
    ctx.later(schedule[index] / timeScale, () => void attempt(n, index + 1));
  }

  return notify;
}
