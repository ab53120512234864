/** Activity reminders as WeChat subscribe messages (issue 15): the sender over HTTPS against the simulator. */
import { sendReminders, wxReminderSender } from '@shop/functions/shared/domain/activities/reports';
import { createWxApiClient, httpsTransport } from '@shop/functions/shared/domain/wxapi/client';
import { memoryTokenStore } from '@shop/functions/shared/domain/wxapi/tokens';
import { COLLECTIONS } from '@shop/functions/shared/domain/schema';
import type { DatabaseAdmin } from '@shop/functions/shared/db/types';
import { createPgliteDatabase } from '../db';
import { createWxapiSimulator, type WxapiSimulator } from './sim';

const APPID = 'wx0123456789abcdef';
const TPL = 'TPL_ACTIVITY_START';
let sim: WxapiSimulator;
let admin: DatabaseAdmin;
let url: string;

beforeAll(async () => {
  sim = createWxapiSimulator({ apps: { [APPID]: 's3cret' }, templates: { [TPL]: ['thing1', 'thing2', 'time3'] } });
  url = await sim.listen();
  admin = await createPgliteDatabase({});
  for (const [name, indexes] of Object.entries(COLLECTIONS)) await admin.ensureCollection(name, indexes);
}, 180_000);
afterAll(async () => {
  await sim.close();
  await admin.close();
});

const message = (id: string, openid: string, data: Record<string, string>) =>
  admin.db.collection('activity_messages').doc(id).set({ activityId: 'a1', activityName: '双十二秒杀', openid, productId: 'p1', productName: '苹果', data, status: 'pending', attempts: 0, error: null, createdAt: new Date().toISOString(), sentAt: null });

it('a subscribed shopper gets the reminder; no subscription is a permanent failure, a busy answer is retried', async () => {
  const sender = wxReminderSender(createWxApiClient(httpsTransport({ baseUrl: url, appid: APPID, secret: 's3cret', tokens: memoryTokenStore() })), TPL);
  const data = { thing1: '红富士苹果 5 斤装', thing2: '双十二秒杀', time3: '2026-12-12 10:00' };
  sim.subscribe('oShopper_0001', TPL, 1);
  await message('m1', 'oShopper_0001', data);
  await message('m2', 'oShopper_0002', data);
  sim.addFaults({ api: [{ api: 'subscribe_send', kind: 'busy' }] });
  await sendReminders(admin.db, new Date(), sender);
  const get = async (id: string) => (await admin.db.collection('activity_messages').doc(id).get()).data[0];
  // the first message met the busy fault (pending, retried next run); the second had no subscription (failed)
  expect(await get('m1')).toMatchObject({ status: 'pending', attempts: 1 });
  expect(await get('m2')).toMatchObject({ status: 'failed', attempts: 1 });
  expect(String((await get('m2'))!.error)).toContain('43101');
  await sendReminders(admin.db, new Date(), sender);
  expect(await get('m1')).toMatchObject({ status: 'sent' });
  const accepted = sim.state.messages.filter((m) => m.answer.errcode === 0);
  expect(accepted).toHaveLength(1);
  expect(accepted[0].body).toMatchObject({ touser: 'oShopper_0001', template_id: TPL, data: { thing1: { value: '红富士苹果 5 斤装' }, time3: { value: '2026-12-12 10:00' } } });
  expect(sim.state.subscriptions.get(`oShopper_0001|${TPL}`)).toBe(0);
}, 180_000);
