/**
 * The simulators' control endpoints (`/_sim/...`: pay any order, settle refunds, inject faults, play the ERP clerk)
 * answer only callers on this machine, whatever address the simulator listens on. The cashier page stays open: it
 * is the shopper's WeChat client, reached from the shopper's device.
 */
import { createJdySimulator, type JdySimulator } from './jdy-sim/sim';
import { demoJdyOptions } from './jdy-sim/demo';
import { createWxpaySimulator, type WxpaySimulator } from './wxpay-sim/sim';
import { demoSimulatorOptions, generateDemoKeys } from './wxpay-sim/demo';
import { isLoopback } from './loopback';

let wx: WxpaySimulator;
let jdy: JdySimulator;
beforeAll(() => {
  wx = createWxpaySimulator(demoSimulatorOptions(generateDemoKeys()));
  jdy = createJdySimulator(demoJdyOptions());
});
afterAll(async () => {
  await wx.close();
  await jdy.close();
});

test.each([
  ['127.0.0.1', true],
  ['127.8.9.10', true],
  ['::1', true],
  ['::ffff:127.0.0.1', true],
  ['192.168.1.20', false],
  ['10.0.0.1', false],
  ['::ffff:192.168.1.20', false],
  ['fe80::1', false],
  ['', false],
  [undefined, false],
])('%s is loopback: %s', (addr, want) => expect(isLoopback(addr)).toBe(want));

const FROM_LAN = '192.168.1.20';

test.each([
  ['POST', '/_sim/pay', { out_trade_no: 'x', outcome: 'success' }],
  ['POST', '/_sim/refunds/R1/settle', { status: 'SUCCESS' }],
  ['GET', '/_sim/faults', undefined],
  ['POST', '/_sim/faults', { kind: 'drop' }],
  ['DELETE', '/_sim/faults', undefined],
  ['POST', '/_sim/config', {}],
  ['GET', '/_sim/state', undefined],
  ['GET', '/_sim/', undefined],
  ['GET', '/_sim', undefined],
  ['GET', '/_sim/%73tate', undefined],
  ['POST', '/_sim/console/faults/clear', undefined],
] as const)('WeChat Pay simulator: %s %s from the LAN is refused', async (method, url, body) => {
  const r = await wx.app.inject({ method, url, remoteAddress: FROM_LAN, ...(body ? { payload: body } : {}) });
  expect(r.statusCode).toBe(403);
  expect(r.json()).toMatchObject({ code: 'FORBIDDEN' });
});

test('other spellings of a control path reach nothing from the LAN', async () => {
  for (const url of ['/_SIM/state', '//_sim/state', '/_sim/./state', '/%5Fsim/state']) {
    const r = await wx.app.inject({ method: 'GET', url, remoteAddress: FROM_LAN });
    expect([url, r.statusCode === 403 || r.statusCode === 404]).toEqual([url, true]);
  }
});

test('WeChat Pay simulator: the control API still answers on loopback; the cashier answers everyone', async () => {
  expect((await wx.app.inject({ method: 'GET', url: '/_sim/state', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  expect((await wx.app.inject({ method: 'GET', url: '/_sim/faults', remoteAddress: '::1' })).statusCode).toBe(200);
  // refused for its parameters (400), not for where it comes from
  expect((await wx.app.inject({ method: 'GET', url: '/_sim/cashier', remoteAddress: FROM_LAN })).statusCode).toBe(400);
});

test.each([
  ['GET', '/_sim/state'],
  ['GET', '/_sim/log'],
  ['DELETE', '/_sim/log'],
  ['GET', '/_sim/'],
  ['POST', '/_sim/faults'],
] as const)('Jingdou Cloud simulator: %s %s from the LAN is refused', async (method, url) => {
  const r = await jdy.app.inject({ method, url, remoteAddress: FROM_LAN, ...(method === 'POST' ? { payload: {} } : {}) });
  expect(r.statusCode).toBe(403);
});

test('Jingdou Cloud simulator: control on loopback works; the open API itself is not restricted by address', async () => {
  expect((await jdy.app.inject({ method: 'GET', url: '/_sim/state', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  const api = await jdy.app.inject({ method: 'GET', url: '/jdyconnector/app_management/kingdee_auth_token', remoteAddress: FROM_LAN });
  expect(api.statusCode).not.toBe(403);
});
