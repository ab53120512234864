/**
 * Asking for subscribe messages (订阅消息) at a tap, and recording the answers (member.recordSubscriptions).
 * - weapp: Taro.requestSubscribeMessage with the moment's template ids (lib/subscribe chooses them, at most 3).
 * - H5 has no such API. In the local demo, whose shopper session only the local stack's auth.shopperLogin gives
 *   (CloudBase refuses it), every id asked is answered 'accept', so the flow runs end to end against the simulators;
 *   an H5 page without a demo session asks nothing.
 * It never stands in the way of the tap: no template set → nothing asked; a refusal, a failure or an unsupported
 * API → the tap goes on as if nothing was asked.
 */
import Taro from '@tarojs/taro';
import type { SubscribeEvent, SubscribeResult } from '@shop/types';
import { call } from '../api/client';
import { getShopperCode } from './session';
import { answersOf, eventsFor, templateIdsFor, type SubscribeMoment } from './subscribe';

type Templates = Partial<Record<SubscribeEvent, string>>;

/** a tap waits at most this long for template ids not fetched yet */
const WAIT_MS = 1500;

let known: Templates | null = null;
let asking: Promise<Templates> | null = null;

/**
 * The template id per event (member.subscribeTemplates), fetched once per session; pages call it when they load, so
 * the ids are there before the tap. A failed call answers none, and a later call asks again.
 */
export function loadSubscribeTemplates(): Promise<Templates> {
  if (known) return Promise.resolve(known);
  asking ??= call('member', 'subscribeTemplates', {})
    .then((r) => (known = r.templates))
    .catch((): Templates => ({}))
    .finally(() => {
      asking = null;
    });
  return asking;
}

/** the local demo on H5: a demo shopper is logged in */
const localDemo = () => process.env.TARO_ENV === 'h5' && getShopperCode() !== null;

/** WeChat's answer per id asked ({} when nothing could be asked). Synchronous up to the WeChat call. */
async function request(ids: string[]): Promise<Record<string, SubscribeResult>> {
  if (process.env.TARO_ENV === 'weapp') return answersOf(ids, await Taro.requestSubscribeMessage({ tmplIds: ids, entityIds: [] }));
  if (localDemo()) return Object.fromEntries(ids.map((id) => [id, 'accept' as const]));
  return {};
}

function askWith(templates: Templates, moment: SubscribeMoment): Promise<void> {
  const ids = templateIdsFor(eventsFor(moment), templates);
  if (!ids.length) return Promise.resolve();
  return request(ids).then((results) => {
    // recorded on the side: the tap goes on at once
    if (Object.keys(results).length) void call('member', 'recordSubscriptions', { results }).catch(() => undefined);
  });
}

/**
 * Asks for the moment's messages; call it in the tap's handler before anything else is awaited (WeChat asks only
 * inside a tap). Resolves when the shopper has answered (or at once when there is nothing to ask); never rejects.
 */
export function askSubscription(moment: SubscribeMoment): Promise<void> {
  // with the ids known, WeChat's dialog is asked for in this very call (no await before it)
  const asked = known
    ? askWith(known, moment)
    : Promise.race([loadSubscribeTemplates(), new Promise<Templates>((resolve) => setTimeout(() => resolve({}), WAIT_MS))]).then((t) => askWith(t, moment));
  return asked.catch(() => undefined);
}
