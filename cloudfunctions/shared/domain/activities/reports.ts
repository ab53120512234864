/**
 * What the merchant reads about an activity: the statistics of its paid orders (and their CSV export), and the
 * reminder outbox: shoppers who asked to be reminded get a message a few minutes before the start (a WeChat
 * subscribe message in production; locally a simulated sender; the outbox keeps every message either way).
 */
import Papa from 'papaparse';
import type { ActivityOrderRow, ActivityStats, Order, Page, ReminderMessage } from '@shop/types';
import type { Database } from '../../db/types';
import { readActivity } from './store';
import { nicknames } from '../members/shoppers';
import { productDoc } from '../catalog/lookup';
import { paidOrdersWithActivity } from '../orders/records';
import { pageOf } from '../paging';
import type { WxApiClient } from '../wxapi/client';

/** Orders paid and not closed that hold a line of the activity (`activityIds` is written when the order is made). */
async function paidOrdersOf(db: Database, activityId: string): Promise<Order[]> {
  const out: Order[] = [];
  for (let skip = 0; ; skip += 1000) {
    const data = await paidOrdersWithActivity(db, activityId, skip, 1000);
    out.push(...data);
    if (data.length < 1000) return out;
  }
}

async function rowsOf(db: Database, activityId: string, orders: Order[]): Promise<ActivityOrderRow[]> {
  const openids = [...new Set(orders.map((o) => o.openid))];
  const nick = await nicknames(db, openids);
  return orders.map((o) => ({
    orderId: o._id,
    openid: o.openid,
    nickname: nick.get(o.openid) ?? '',
    units: o.lines.filter((l) => l.activity?.id === activityId).reduce((n, l) => n + l.quantity, 0),
    amount: o.amounts.payable,
    paidAt: o.paidAt ?? '',
    shipFrom: o.presale?.activityId === activityId ? o.presale.shipFrom : null,
    status: o.status,
  }));
}

export async function activityStats(db: Database, input: { id: string; page: number; pageSize: number }): Promise<ActivityStats & { rows: Page<ActivityOrderRow> }> {
  await readActivity(db, input.id);
  const orders = await paidOrdersOf(db, input.id);
  const rows = await rowsOf(db, input.id, orders.slice((input.page - 1) * input.pageSize, input.page * input.pageSize));
  const { total: reminders } = await db.collection('activity_reminders').where({ activityId: input.id }).count();
  let goods = 0;
  for (const o of orders) for (const l of o.lines) if (l.activity?.id === input.id) goods += l.quantity;
  return {
    goods,
    orders: orders.length,
    buyers: new Set(orders.map((o) => o.openid)).size,
    amount: orders.reduce((n, o) => n + o.amounts.payable, 0),
    reminders,
    rows: { items: rows, total: orders.length, page: input.page, pageSize: input.pageSize },
  };
}

const bj = (iso: string | null) => (iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') : '');

/** The paid orders as CSV (UTF-8 with a BOM so Excel reads the Chinese headers). */
export async function exportActivity(db: Database, id: string): Promise<{ filename: string; csv: string }> {
  const a = await readActivity(db, id);
  const rows = await rowsOf(db, id, await paidOrdersOf(db, id));
  const csv = Papa.unparse({
    fields: ['订单号', '顾客昵称', 'openid', '活动商品件数', '订单总额(元)', '支付时间', '开始发货时间', '订单状态'],
    data: rows.map((r) => [r.orderId, r.nickname, r.openid, r.units, (r.amount / 100).toFixed(2), bj(r.paidAt), bj(r.shipFrom), r.status]),
  });
  return { filename: `${a.kind}-${a._id}.csv`, csv: `\uFEFF${csv}` };
}

// --- reminders --------------------------------------------------------------------------------------------------

export const MESSAGES = 'activity_messages';

export interface ReminderSender {
  readonly name: string;
  /** sends one subscribe message; throws to be retried */
  send(m: ReminderMessage): Promise<void>;
}
/** Locally: accepts every message (the outbox shows what would have been sent). */
export const simulatedSender: ReminderSender = { name: 'sim', send: async () => undefined };

/**
 * The production sender: subscribeMessage.send with the owner's "activity start" template (fields thing1 product,
 * thing2 activity, time3 start), opening the product page. A permanent answer (no subscription left, bad data) is
 * thrown with `retryable: false` and is not sent again.
 */
export function wxReminderSender(client: WxApiClient, templateId: string): ReminderSender {
  return {
    name: `wx-${client.transport}`,
    async send(m) {
      await client.sendSubscribeMessage({ touser: m.openid, template_id: templateId, page: `pages/product/index?id=${m.productId}`, data: Object.fromEntries(Object.entries(m.data).map(([k, value]) => [k, { value }])) });
    },
  };
}
const MAX_ATTEMPTS = 5;

/**
 * The jobs timer: turns due reminders into messages (each reminder once: waiting → queued), then sends the
 * messages waiting when there is a sender for this environment.
 */
export async function sendReminders(db: Database, now: Date, sender: ReminderSender | null): Promise<{ queued: number; sent: number; waiting: number }> {
  const t = now.toISOString();
  const _ = db.command;
  let queued = 0;
  const { data: due } = await db.collection('activity_reminders').where({ state: 'waiting', remindAt: _.lte(t) }).orderBy('remindAt', 'asc').limit(200).get();
  const names = new Map<string, string>();
  for (const r of due) {
    const activityId = String(r.activityId);
    if (!names.has(activityId)) names.set(activityId, await readActivity(db, activityId).then((a) => a.name, () => ''));
    const productName = String((await productDoc(db, String(r.productId)))?.name ?? '');
    const msgId = `${r._id}@${String(r.periodStart)}`;
    // the message first (a deterministic id: a rerun overwrites the same one), then the reminder moves on
    await db.collection(MESSAGES).doc(msgId).set({
      activityId,
      activityName: names.get(activityId),
      openid: r.openid,
      productId: r.productId,
      productName,
      data: { thing1: productName.slice(0, 20), thing2: (names.get(activityId) ?? '').slice(0, 20), time3: bj(String(r.periodStart)).slice(0, 16) },
      status: 'pending',
      attempts: 0,
      error: null,
      createdAt: t,
      sentAt: null,
    });
    const { updated } = await db.collection('activity_reminders').where({ _id: r._id, state: 'waiting' }).update({ state: 'queued', queuedAt: t });
    queued += updated;
  }
  const { data: pending } = await db.collection(MESSAGES).where({ status: 'pending' }).orderBy('createdAt', 'asc').limit(100).get();
  if (!sender) return { queued, sent: 0, waiting: pending.length };
  let sent = 0;
  for (const m of pending as unknown as ReminderMessage[]) {
    try {
      await sender.send(m);
      await db.collection(MESSAGES).doc(m._id).update({ status: 'sent', sentAt: t, attempts: _.inc(1), error: null });
      sent++;
    } catch (e) {
      const attempts = m.attempts + 1;
      const permanent = (e as { retryable?: boolean }).retryable === false;
      await db.collection(MESSAGES).doc(m._id).update({ status: permanent || attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', attempts, error: String((e as Error).message ?? e).slice(0, 500) });
    }
  }
  return { queued, sent, waiting: pending.length - sent };
}

export async function listMessages(db: Database, input: { status?: string; page: number; pageSize: number }): Promise<Page<ReminderMessage>> {
  const where = input.status ? { status: input.status } : {};
  return pageOf(db.collection(MESSAGES).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc'), input, (d) => d as unknown as ReminderMessage);
}
