/**
 * One-time subscriptions (一次性订阅): each template a shopper accepts in `requestSubscribeMessage` allows the shop
 * one message of that template. Collection `subscribe_grants`, `_id` = `<openid>|<templateId>`, `count` = grants
 * left. A message is queued only when the count is above 0 (otherwise it is written as `skipped`), and a message
 * WeChat accepted takes one; WeChat's "no subscription" answer (43101) sets it to 0.
 */
import type { SubscribeEvent, SubscribeResult } from '@shop/types';
import type { Database, Transaction } from '../../db/types';
import { eventsByTemplate } from './settings';

export const GRANTS = 'subscribe_grants';
const grantId = (openid: string, templateId: string) => `${openid}|${templateId}`;

/**
 * Told about every grant recorded. Only the local runtime sets one (it mirrors the grant into the WeChat server-API
 * simulator, so a subscription made on the H5 storefront exists there as well); production has none.
 */
export type GrantObserver = (g: { openid: string; templateId: string; events: SubscribeEvent[] }) => void;
let observer: GrantObserver | null = null;
export const setGrantObserver = (fn: GrantObserver | null) => {
  observer = fn;
};

/**
 * What the shopper answered to `requestSubscribeMessage`: each accepted template id the shop uses for an event adds
 * one grant; unknown template ids and other answers change nothing. Answers how many grants were added.
 */
export async function recordSubscriptions(db: Database, openid: string, results: Record<string, SubscribeResult>, now: Date): Promise<{ recorded: number }> {
  const known = await eventsByTemplate(db);
  let recorded = 0;
  for (const [templateId, answer] of Object.entries(results)) {
    const events = known.get(templateId);
    if (answer !== 'accept' || !events) continue;
    await db.runTransaction(async (tx) => {
      const ref = tx.collection(GRANTS).doc(grantId(openid, templateId));
      const cur = (await ref.get()).data;
      await ref.set({ openid, templateId, count: Number(cur?.count ?? 0) + 1, grantedAt: now.toISOString(), usedAt: cur?.usedAt ?? null });
    });
    recorded++;
    try {
      observer?.({ openid, templateId, events });
    } catch (e) {
      console.error('[messages] grant observer', e);
    }
  }
  return { recorded };
}

/** Inside an event's transaction: grants the shopper has left for a template. */
export async function txGrantsLeft(tx: Transaction, openid: string, templateId: string): Promise<number> {
  return Number((await tx.collection(GRANTS).doc(grantId(openid, templateId)).get()).data?.count ?? 0);
}

/** A message went out: one grant is used (never below 0). */
export async function useGrant(db: Database, openid: string, templateId: string, now: Date): Promise<void> {
  await db.collection(GRANTS).where({ _id: grantId(openid, templateId), count: db.command.gt(0) }).update({ count: db.command.inc(-1), usedAt: now.toISOString() });
}

/** WeChat says the shopper has no subscription left (43101): the shop's count follows. */
export async function clearGrants(db: Database, openid: string, templateId: string, now: Date): Promise<void> {
  await db.collection(GRANTS).where({ _id: grantId(openid, templateId) }).update({ count: 0, usedAt: now.toISOString() });
}
