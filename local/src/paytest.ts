/**
 * Test bed for payments: a listening gateway whose WeChat Pay settings point at a simulator that shares the
 * gateway's clock, plus helpers to place orders and wait for notifications.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createWxpaySimulator, type SimOptions, type WxpaySimulator } from './wxpay-sim/sim';
import { startTestGateway, type TestGateway } from './testing';

export const MCHID = '1900000109';
export const APPID = 'wx0123456789abcdef';
export const API_V3_KEY = 'TestAPIv3Key0123456789abcdefABCD';
export const PLATFORM_SERIAL = 'PUB_KEY_ID_0119000001092026000000000001';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';

export interface PayBed {
  gw: TestGateway;
  sim: WxpaySimulator;
  simUrl: string;
  owner: string;
  platformKey: KeyObject;
  /** a product on shelf with one SKU; answers the SKU id */
  product(price: number, stock?: number): Promise<string>;
  /** places an order (express, with an address) for the shopper; answers the order */
  order(token: string, items: { skuId: string; quantity: number }[], over?: Record<string, unknown>): Promise<any>;
  /** waits until `check` answers truthy (notifications arrive asynchronously) */
  until<T>(check: () => Promise<T>, what: string, timeoutMs?: number): Promise<T>;
  getOrder(id: string): Promise<any>;
  close(): Promise<void>;
}

let seq = 0;

export async function startPayBed(simOptions: Partial<SimOptions> = {}): Promise<PayBed> {
  const gw = await startTestGateway({ listen: true });
  // WeChat Pay signs with the real clock (so does wechatpay-node-v3): business time starts at the real time here
  gw.clock.now = new Date();
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sim = createWxpaySimulator({
    merchants: [{ mchid: MCHID, appid: APPID, serialNo: SERIAL, publicKey: merchant.publicKey, apiV3Key: API_V3_KEY, name: '测试商户' }],
    platform: { serial: PLATFORM_SERIAL, privateKey: platform.privateKey },
    notify: { timeScale: 1000, timeoutMs: 2000 },
    refundMinIntervalMs: 0,
    ...simOptions,
  });
  const simUrl = await sim.listen(0, '127.0.0.1');
  const owner = await gw.merchantToken('owner');
  await gw.ok(
    'paymentAdmin',
    'saveSettings',
    {
      mchid: MCHID,
      appid: APPID,
      serialNo: SERIAL,
      privateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      apiV3Key: API_V3_KEY,
      platformKeys: [{ serial: PLATFORM_SERIAL, publicKey: platform.publicKey.export({ type: 'spki', format: 'pem' }) }],
      baseUrl: simUrl,
    },
    owner,
  );
  const addressed = new Set<string>();
  const rid = () => `req-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const bed: PayBed = {
    gw,
    sim,
    simUrl,
    owner,
    platformKey: platform.privateKey,
    async product(price, stock = 100) {
      seq++;
      const p = await gw.ok(
        'productAdmin',
        'create',
        { name: `支付测试商品${seq}`, code: `PAY${seq}`, specs: [], skus: [{ specValues: [], price, originalPrice: 0, stock }], onShelf: true, pointsCoefficient: 1 },
        owner,
      );
      return p.skus[0]._id as string;
    },
    async order(token, items, over = {}) {
      if (!addressed.has(token)) {
        await gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000000', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号' }, token);
        addressed.add(token);
      }
      const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null, ...over }, token);
      return gw.ok('order', 'create', { source: { items }, couponId: null, ...over, clientRequestId: rid(), expectedPayable: preview.quote.payable }, token);
    },
    async until(check, what, timeoutMs = 30_000) { // generous: a loaded 2-core CI machine delivers late, never wrongly
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = await check();
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    getOrder: (id) => gw.ok('orderAdmin', 'get', { id }, owner),
    async close() {
      await sim.close();
      await gw.close();
    },
  };
  return bed;
}
