/** The WeChat server-API simulator as the local stack runs it: the demo mini-program, payments read from the pay simulator. */
import type { Database } from '@shop/functions/shared/db/types';
import { getWxAppSettings, saveWxAppSettings } from '@shop/functions/shared/domain/wxapi/settings';
import type { WxpaySimulator } from '../wxpay-sim/sim';
import { MESSAGE_FIELDS } from '@shop/types';
import type { GrantObserver } from '@shop/functions/shared/domain/messages/grants';
import { createWxapiSimulator, type SimPayment, type WxapiSimOptions, type WxapiSimulator } from './sim';

/** the demo mini-program's AppSecret (its AppID is the pay simulator's demo appid) */
export const DEMO_APP_SECRET = 'demo0123456789abcdef0123456789ab';

/** The pay simulator's transactions as the payments an upload's order key names. */
export function paymentsFromWxpaySim(pay: Pick<WxpaySimulator, 'state'>): NonNullable<WxapiSimOptions['payment']> {
  return (k) => {
    for (const t of pay.state.transactions.values()) {
      const hit = k.transaction_id ? t.transaction_id === k.transaction_id : t.mchid === k.mchid && t.out_trade_no === k.out_trade_no;
      if (hit) return { openid: t.openid, state: t.trade_state, transaction_id: t.transaction_id, mchid: t.mchid, out_trade_no: t.out_trade_no } satisfies SimPayment;
    }
    return undefined;
  };
}

/**
 * Starts the simulator for `appid` and points the shop's server-API settings at it, unless the owner entered another
 * mini-program (settings naming the demo AppID are refreshed on every start: the port may have changed).
 */
export async function startDemoWxapiSim(db: Database, o: { appid: string; pay: Pick<WxpaySimulator, 'state'> | null; port: number; host: string; publicHost: string }) {
  const sim = createWxapiSimulator({ apps: { [o.appid]: DEMO_APP_SECRET }, ...(o.pay ? { payment: paymentsFromWxpaySim(o.pay) } : {}) });
  const url = (await sim.listen(o.port, o.host)).replace('127.0.0.1', o.publicHost === 'localhost' ? '127.0.0.1' : o.publicHost);
  const current = await getWxAppSettings(db);
  if (!current.configured || current.appid === o.appid) await saveWxAppSettings(db, { appid: o.appid, secret: DEMO_APP_SECRET, baseUrl: url }, new Date());
  return { sim, url };
}

/**
 * Local runtime only: a grant the shop records becomes a one-time subscription in the simulator, and its template is
 * declared there with the keywords of the event it serves (the owner's template ids exist only in the shop).
 */
export const mirrorGrantsInto =
  (sim: Pick<WxapiSimulator, 'state' | 'subscribe'>): GrantObserver =>
  ({ openid, templateId, events }) => {
    if (!sim.state.templates.has(templateId)) sim.state.templates.set(templateId, MESSAGE_FIELDS[events[0]].map((f) => f.key));
    sim.subscribe(openid, templateId, 1);
  };
