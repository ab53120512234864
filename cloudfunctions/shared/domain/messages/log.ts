/** The message log the admin reads, and the owner's resend of a message that did not go out. */
import type { MessageLogInput, Page, WxMessage } from '@shop/types';
import type { z } from 'zod';
import type { Database } from '../../db/types';
import { pageOf } from '../paging';
import { OUTBOX } from './outbox';

export async function messageLog(db: Database, i: z.output<typeof MessageLogInput>): Promise<Page<WxMessage>> {
  const where: Record<string, unknown> = {};
  if (i.event) where.event = i.event;
  if (i.state) where.state = i.state;
  if (i.orderId) where.orderId = i.orderId;
  return pageOf(db.collection(OUTBOX).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc'), i, (d) => d as unknown as WxMessage);
}

/** A failed or skipped message is queued again (sent at the next jobs run, its tries counted afresh); false otherwise. */
export async function resendMessage(db: Database, id: string, now: Date): Promise<{ resent: boolean }> {
  const t = now.toISOString();
  const { updated } = await db
    .collection(OUTBOX)
    .where({ _id: id, state: db.command.in(['failed', 'skipped']) })
    .update({ state: 'queued', tries: 0, nextAt: t, updatedAt: t, errcode: null, errmsg: null });
  return { resent: updated > 0 };
}
