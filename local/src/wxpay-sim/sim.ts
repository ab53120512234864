/**
 * A protocol-faithful WeChat Pay API v3 simulator (JSAPI orders, query, close, refunds, signed notifications).
 * Merchant requests are verified like WeChat does (signature, serial, 5-minute window); every `/v3/*` answer is
 * signed with the platform key; notifications are AEAD_AES_256_GCM-encrypted with the merchant's APIv3 key and
 * retried on WeChat's schedule. A JSON control API under `/_sim/` plays the shopper (pay) and the bank (settle),
 * injects faults (`/_sim/faults`) and changes settings (`/_sim/config`); `/_sim/cashier` is an H5 cashier page that
 * checks paySign like the WeChat client and `/_sim/` a console page. See README.md.
 *
 * This file puts the simulator together; its parts: state.ts (what it holds, its clock and timers), faults.ts
 * (fault rules), notifier.ts (notifications and their retries), bank.ts (paying and settling), http.ts (the app,
 * signed answers, errors), routes-v3.ts (the merchant's API), routes-control.ts (`/_sim/` and the console),
 * cashier.ts (the H5 cashier).
 */
import type { FastifyInstance } from 'fastify';
import { createBank } from './bank';
import { registerCashier } from './cashier';
import { createFaultStore, registerApiFaults, type SimFaults } from './faults';
import { createHttp } from './http';
import { createNotifier, sendNotification, type NotificationSender } from './notifier';
import { registerControl } from './routes-control';
import { registerV3 } from './routes-v3';
import { createContext, type SimConfig, type SimOptions, type SimState } from './state';

export { SimError } from './errors';
export { parseFaultRules, type ApiFaultKind, type ApiFaultRule, type FaultRules, type NotifyFaultKind, type NotifyFaultRule, type SimFaults } from './faults';
export { DEFAULT_RETRY_SCHEDULE, REORDER_WAIT_MS, sendNotification, type NotificationSender } from './notifier';
export {
  MAX_REFUNDS_PER_TRANSACTION,
  refundView,
  transactionView,
  type NotificationAttempt,
  type RefundAutoSettle,
  type RefundStatus,
  type SimConfig,
  type SimMerchant,
  type SimNotification,
  type SimOptions,
  type SimRefund,
  type SimState,
  type SimTransaction,
  type TradeState,
} from './state';
export { isHttpUrl, verifyPaySign, withQueryParam } from './cashier';

export interface WxpaySimulator {
  app: FastifyInstance;
  state: SimState;
  /** listens on 127.0.0.1 (port 0 by default) and returns the base URL */
  listen(port?: number, host?: string): Promise<string>;
  url?: string;
  /** cancels pending notification retries and stops the server */
  close(): Promise<void>;
  /** the sender used for notifications (replace it to inject faults) */
  sender: NotificationSender;
  /** fault injection (same as `/_sim/faults`) */
  faults: SimFaults;
  /** runtime settings (same as `/_sim/config`); mutate freely */
  config: SimConfig;
}

export function createWxpaySimulator(opts: SimOptions): WxpaySimulator {
  const ctx = createContext(opts);
  const faults = createFaultStore();
  const http = createHttp(ctx);
  const app = http.app;

  const sim: WxpaySimulator = {
    app,
    state: ctx.state,
    sender: sendNotification,
    listen: async (port = 0, host = '127.0.0.1') => {
      sim.url = await app.listen({ port, host });
      return sim.url;
    },
    close: async () => {
      ctx.closed = true;
      for (const t of ctx.timers) clearTimeout(t);
      ctx.timers.clear();
      faults.dropHeld();
      ctx.inflight.abort();
      await app.close();
    },
    faults: faults.faults,
    config: ctx.config,
  };

  const notify = createNotifier(ctx, faults.notify, () => sim.sender);
  const bank = createBank(ctx, notify);
  // hooks run in this order: API faults answer before the signature check looks at a request
  registerApiFaults(app, faults, () => ctx.config.faultTimeoutMs, http.sendSigned);
  registerV3(ctx, http, bank);
  registerControl(ctx, http, bank, faults.faults);
  registerCashier(ctx, http, bank);
  return sim;
}
