/**
 * Subscribe messages in the admin (issue 15): the owner sets the 订单发货 template in 消息模板 (#/messages/templates),
 * a shopper who accepted it has a paid express order shipped in the admin; the jobs (as the local scheduler runs
 * them) send the message to the WeChat server-API simulator, and 消息记录 (#/messages/log) shows it 已发送. A message
 * WeChat refuses (the simulator's invalid_data fault) is shown 发送失败 with its errcode, and 重发 gets it sent.
 */
import type { Page } from 'playwright-core';
import { runDueJobs } from '@shop/functions/shared/domain/jobs';
import { wxApiClientFor } from '@shop/functions/shared/domain/wxapi/setup';
import { useE2E, watch } from './harness';
import { shotTop as shotOf, wxOrderBed } from './wxOrders';

const env = useE2E();
let admin: Page;
const problems: string[] = [];
let bed: Awaited<ReturnType<typeof wxOrderBed>>;
const TEMPLATE = 'E2E_SHIPPED_tpl-01';

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  bed = await wxOrderBed(env, { shopper: 'e2e-msg-shopper', product: '端到端订阅消息用超长名称的手工陶瓷茶具礼盒套装', code: 'E2E-MSG', price: 6800, consignee: '赵六', phone: '13800003333' });
});

const $ = (sel: string) => admin.locator(sel);
const shotTop = (name: string) => shotOf(env, admin, name);
const paidOrder = async () => (await bed.paidOrder())._id as string;

/** What the local scheduler does every minute: the due jobs, messages over HTTPS to the simulator. */
async function runJobs() {
  const wx = await wxApiClientFor(env.stack.db, { env: { WXAPI_TRANSPORT: 'https' } });
  expect(wx).not.toBeNull();
  return runDueJobs(env.stack.db, new Date(), { messageClient: wx });
}

test('the owner sets a template in 消息模板; the shipped message reaches the simulator and 消息记录 shows it sent', async () => {
  await env.adminLogin(admin);
  const menu = $('[data-testid=side-menu]');
  await menu.getByText('微信小程序', { exact: true }).click();
  await menu.getByText('消息模板', { exact: true }).click();
  await admin.waitForURL(/#\/messages\/templates/);
  await $('[data-testid=msg-templates-table] tr[data-event=orderShipped]').waitFor();
  expect(await $('[data-testid=msg-fields-orderShipped]').innerText()).toMatch(/character_string4[\s\S]*运单号/);
  await $('#msg-template-orderShipped').fill(TEMPLATE);
  await $('[data-testid=msg-templates-save]').click();
  await admin.getByText('消息模板已保存').waitFor();
  expect(await bed.ok('member', 'subscribeTemplates', {})).toEqual({ templates: { orderShipped: TEMPLATE } });
  await shotTop('admin-messages-01-templates');

  // the shopper accepted it at checkout (the storefront reports requestSubscribeMessage's answer)
  expect(await bed.ok('member', 'recordSubscriptions', { results: { [TEMPLATE]: 'accept' } }, bed.shopperToken)).toEqual({ recorded: 1 });
  const orderId = await paidOrder();
  await bed.ok('orderAdmin', 'ship', { id: orderId, company: '顺丰速运', trackingNo: 'SF88880001' }, bed.ownerToken);
  const r = await runJobs();
  expect(r.messages.sent).toBe(1);
  const state = await (await fetch(`${env.stack.wxapiSimUrl}/_sim/state`)).json();
  const got = (state.messages as any[]).find((m) => m.body.template_id === TEMPLATE);
  expect(got).toMatchObject({ answer: { errcode: 0 }, body: { data: { character_string4: { value: 'SF88880001' }, thing2: { value: '端到端订阅消息用超长名称的手工陶瓷茶具…' } } } });

  await admin.goto(`${env.url}/admin/#/messages/log?orderId=${orderId}`);
  await $(`[data-testid=msg-log-table] tr[data-id="orderShipped:${orderId}:1"][data-state=sent]`).waitFor();
  await shotTop('admin-messages-02-log-sent');
});

test('a refused message is shown with its errcode, and 重发 sends it', async () => {
  await bed.ok('member', 'recordSubscriptions', { results: { [TEMPLATE]: 'accept' } }, bed.shopperToken);
  const orderId = await paidOrder();
  await bed.ok('orderAdmin', 'ship', { id: orderId, company: '中通快递', trackingNo: 'ZT88880002' }, bed.ownerToken);
  await fetch(`${env.stack.wxapiSimUrl}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: [{ api: 'subscribe_send', kind: 'invalid_data' }] }) });
  expect((await runJobs()).messages.failed).toBe(1);

  await admin.goto(`${env.url}/admin/#/messages/log?state=failed`);
  const row = $(`[data-testid=msg-log-table] tr[data-id="orderShipped:${orderId}:1"]`);
  await row.waitFor();
  expect(await row.innerText()).toMatch(/发送失败[\s\S]*47001/);
  await shotTop('admin-messages-03-log-failed');
  await row.getByRole('button', { name: /重\s*发/ }).click();
  await row.waitFor({ state: 'detached' });
  expect((await runJobs()).messages.sent).toBe(1);
  await admin.goto(`${env.url}/admin/#/messages/log?orderId=${orderId}`);
  await $(`[data-testid=msg-log-table] tr[data-id="orderShipped:${orderId}:1"][data-state=sent]`).waitFor();
  expect(problems).toEqual([]);
});
