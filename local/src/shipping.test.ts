/** Express shipping (issue 5): whole or split parcels, batch files, receipt and auto-completion, through the gateway. */
import * as XLSX from '@e965/xlsx';
import { payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { runDueJobs } from '@shop/functions/shared/domain/jobs';
import { planParcel } from '@shop/functions/shared/domain/fulfilment/shipping';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let alice: string;
let bob: string;
let seq = 0;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  alice = await gw.shopperToken('ship-alice');
  bob = await gw.shopperToken('ship-bob');
  await gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000000', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号' }, alice);
  await gw.db.collection('stores').doc('store-1').set({ name: '人民路店', address: '上海市人民路 1 号' });
});
afterAll(() => gw.close());

async function sku(price = 1000) {
  seq++;
  const p = await gw.ok('productAdmin', 'create', { name: `发货商品${seq}`, code: `SHIP${seq}`, specs: [], skus: [{ specValues: [], price, originalPrice: 0, stock: 100 }], onShelf: true }, owner);
  return p.skus[0]._id as string;
}
/** A paid express order of the given lines (paid as the notification would). */
async function paid(items: { skuId: string; quantity: number }[], delivery: Record<string, unknown> = {}) {
  const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null, ...delivery }, alice);
  const o = await gw.ok('order', 'create', { source: { items }, couponId: null, ...delivery, clientRequestId: `r-${Math.random()}`, expectedPayable: preview.quote.payable }, alice);
  await payOrder(gw.db, o._id, { transactionId: `tx-${o._id}`, amount: o.amounts.payable, outTradeNo: o._id }, gw.clock.now);
  return o._id as string;
}
const csv = (text: string) => ({ filename: 'ship.csv', contentBase64: Buffer.from(text).toString('base64') });

describe('planParcel', () => {
  const o = { lines: [{ skuId: 'a', quantity: 2 }, { skuId: 'b', quantity: 1 }] as any, shipments: [] as any[] };
  it.each([
    [undefined, [{ skuId: 'a', quantity: 2 }, { skuId: 'b', quantity: 1 }], true],
    [[{ skuId: 'a', quantity: 1 }], [{ skuId: 'a', quantity: 1 }], false],
    [[{ skuId: 'a', quantity: 2 }, { skuId: 'b', quantity: 1 }], [{ skuId: 'a', quantity: 2 }, { skuId: 'b', quantity: 1 }], true],
  ])('%j → %j, complete %s', (lines, parcel, complete) => expect(planParcel(o, lines as any)).toEqual({ parcel, complete }));
  it('refuses unknown lines, too many units, and a fully shipped order', () => {
    expect(() => planParcel(o, [{ skuId: 'x', quantity: 1 }])).toThrow(/not in the order/);
    expect(() => planParcel(o, [{ skuId: 'a', quantity: 3 }])).toThrow(/only 2 left/);
    expect(() => planParcel({ ...o, shipments: [{ lines: [{ skuId: 'a', quantity: 2 }, { skuId: 'b', quantity: 1 }] } as any] }, undefined)).toThrow(/全部发货/);
  });
});

describe('shipping', () => {
  it('ships a whole order, records the parcel, and the shopper confirms receipt', async () => {
    const id = await paid([{ skuId: await sku(), quantity: 2 }]);
    const o = await gw.ok('orderAdmin', 'ship', { id, company: '顺丰速运', trackingNo: 'SF1234567890' }, owner);
    expect(o).toMatchObject({ status: 'shipped', shipments: [{ no: 1, company: '顺丰速运', trackingNo: 'SF1234567890' }] });
    expect(o.shippedAt).toBeTruthy();
    expect((await gw.call('orderAdmin', 'ship', { id, company: '顺丰速运', trackingNo: 'SF1234567891' }, owner)).body.error.code).toBe('INVALID_STATE');
    expect((await gw.call('order', 'confirmReceipt', { id }, bob)).body.error.code).toBe('NOT_FOUND');
    expect((await gw.ok('order', 'confirmReceipt', { id }, alice)).status).toBe('completed');
  });

  it('splits an order into parcels: partly shipped, then shipped', async () => {
    const [a, b] = [await sku(), await sku()];
    const id = await paid([{ skuId: a, quantity: 2 }, { skuId: b, quantity: 1 }]);
    const first = await gw.ok('orderAdmin', 'ship', { id, company: '中通快递', trackingNo: 'ZT0001', lines: [{ skuId: a, quantity: 1 }] }, owner);
    expect(first.status).toBe('partly_shipped');
    expect((await gw.call('order', 'confirmReceipt', { id }, alice)).body.error.code).toBe('ILLEGAL_TRANSITION');
    const tooMany = await gw.call('orderAdmin', 'ship', { id, company: '中通快递', trackingNo: 'ZT0002', lines: [{ skuId: a, quantity: 2 }] }, owner);
    expect(tooMany.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'lines.0.quantity' }] });
    const rest = await gw.ok('orderAdmin', 'ship', { id, company: '圆通速递', trackingNo: 'YT0003' }, owner);
    expect(rest).toMatchObject({ status: 'shipped', shipments: [{ no: 1 }, { no: 2, lines: [{ skuId: a, quantity: 1 }, { skuId: b, quantity: 1 }] }] });
  });

  it('refuses what must not ship: unpaid, pickup, a pending cancellation, an unknown carrier; two clerks racing ship once', async () => {
    const s = await sku();
    const preview = await gw.ok('order', 'preview', { source: { items: [{ skuId: s, quantity: 1 }] }, couponId: null }, alice);
    const unpaid = await gw.ok('order', 'create', { source: { items: [{ skuId: s, quantity: 1 }] }, couponId: null, clientRequestId: `unpaid-req-${seq}`, expectedPayable: preview.quote.payable }, alice);
    expect((await gw.call('orderAdmin', 'ship', { id: unpaid._id, company: 'EMS', trackingNo: 'EMS000001' }, owner)).body.error.code).toBe('ILLEGAL_TRANSITION');
    const pickup = await paid([{ skuId: s, quantity: 1 }], { delivery: { method: 'pickup', storeId: 'store-1' } });
    expect((await gw.call('orderAdmin', 'ship', { id: pickup, company: 'EMS', trackingNo: 'EMS000002' }, owner)).body.error.code).toBe('INVALID_STATE');
    const asked = await paid([{ skuId: s, quantity: 1 }]);
    await gw.ok('order', 'cancel', { id: asked, reason: '不要了' }, alice);
    expect((await gw.call('orderAdmin', 'ship', { id: asked, company: 'EMS', trackingNo: 'EMS000003' }, owner)).body.error.code).toBe('INVALID_STATE');
    expect((await gw.call('orderAdmin', 'ship', { id: asked, company: '不存在快递', trackingNo: 'EMS000003' }, owner)).body.error.code).toBe('VALIDATION_FAILED');
    const raced = await paid([{ skuId: s, quantity: 1 }]);
    const r = await Promise.all([1, 2].map((n) => gw.call('orderAdmin', 'ship', { id: raced, company: 'EMS', trackingNo: `EMS10000${n}` }, owner)));
    expect(r.filter((x) => x.body.ok)).toHaveLength(1);
    expect((await gw.ok('orderAdmin', 'get', { id: raced }, owner)).shipments).toHaveLength(1);
    const clerk = await gw.merchantToken('clerk');
    expect((await gw.call('orderAdmin', 'ship', { id: raced, company: 'EMS', trackingNo: 'EMS000009' }, clerk)).body.error.code).toBe('FORBIDDEN');
  });

  it('a shipped order completes by itself after the configured days', async () => {
    const id = await paid([{ skuId: await sku(), quantity: 1 }]);
    await gw.ok('orderAdmin', 'ship', { id, company: '韵达快递', trackingNo: 'YD0000001' }, owner);
    const days = (await gw.ok('orderAdmin', 'settings', {}, owner)).orders.autoCompleteDays;
    expect((await runDueJobs(gw.db, new Date(gw.clock.now.getTime() + (days * 86_400_000) / 2))).completedOrders).toBe(0);
    expect((await runDueJobs(gw.db, new Date(gw.clock.now.getTime() + days * 86_400_000 + 1000))).completedOrders).toBeGreaterThanOrEqual(1);
    expect((await gw.ok('orderAdmin', 'get', { id }, owner)).status).toBe('completed');
  });
});

describe('batch shipping', () => {
  it('ships good rows and says why each other row did not ship', async () => {
    const s = await sku();
    const [a, b, c] = [await paid([{ skuId: s, quantity: 1 }]), await paid([{ skuId: s, quantity: 1 }]), await paid([{ skuId: s, quantity: 1 }])];
    await gw.ok('orderAdmin', 'ship', { id: c, company: 'EMS', trackingNo: 'EMS200001' }, owner);
    const file = [
      '订单号,物流公司,物流单号',
      `${a},顺丰速运,SF200001`,
      `${b},不知道快递,XX200002`,
      `${c},EMS,EMS200003`,
      '20990101000000000000,中通快递,ZT200004',
      `${a},顺丰速运,SF200005`,
      `${b},中通快递,1`,
      '',
    ].join('\n');
    const r = await gw.ok('orderAdmin', 'batchShip', csv(file), owner);
    expect(r.rows.map((x: any) => [x.line, x.result, x.code ?? ''])).toEqual([
      [2, 'shipped', ''],
      [3, 'failed', 'VALIDATION_FAILED'],
      [4, 'failed', 'ALREADY_SHIPPED'],
      [5, 'failed', 'UNKNOWN_ORDER'],
      [6, 'failed', 'DUPLICATE_IN_FILE'],
      [7, 'failed', 'VALIDATION_FAILED'],
    ]);
    expect(r).toMatchObject({ shipped: 1, failed: 5 });
    expect((await gw.ok('orderAdmin', 'get', { id: a }, owner)).shipments[0]).toMatchObject({ company: '顺丰速运', trackingNo: 'SF200001' });
    expect((await gw.ok('orderAdmin', 'get', { id: b }, owner)).status).toBe('paid');
  });

  it('reads XLSX and XLS (order numbers as text cells), columns in any order by header', async () => {
    const s = await sku();
    for (const bookType of ['xlsx', 'xls'] as const) {
      const id = await paid([{ skuId: s, quantity: 1 }]);
      const ws = XLSX.utils.aoa_to_sheet([
        ['物流单号', '订单号', '物流公司'],
        [`JT${bookType}0001`, id, '极兔速递'],
      ]);
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, ws, '发货');
      const bytes = XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
      const r = await gw.ok('orderAdmin', 'batchShip', { filename: `ship.${bookType}`, contentBase64: bytes.toString('base64') }, owner);
      expect(r).toMatchObject({ shipped: 1, failed: 0, rows: [{ orderId: id, result: 'shipped', trackingNo: `JT${bookType}0001` }] });
    }
  });

  it('refuses a whole file that is too long, too large or unreadable, shipping nothing', async () => {
    const rows = ['订单号,物流公司,物流单号', ...Array.from({ length: 1001 }, (_, i) => `X${i},EMS,EMS${String(i).padStart(6, '0')}`)].join('\n');
    expect((await gw.call('orderAdmin', 'batchShip', csv(rows), owner)).body.error.code).toBe('IMPORT_INVALID');
    const big = await gw.call('orderAdmin', 'batchShip', csv('x'.repeat(1024 * 1024 + 10)), owner);
    expect(['PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED']).toContain(big.body.error.code);
    const gbk = await gw.call('orderAdmin', 'batchShip', { filename: 'a.csv', contentBase64: Buffer.from([0xb6, 0xa9, 0xb5, 0xa5, 0x0a]).toString('base64') }, owner);
    expect(gbk.body.error.code).toBe('IMPORT_INVALID');
    const broken = await gw.call('orderAdmin', 'batchShip', { filename: 'a.xlsx', contentBase64: Buffer.from('PK\x03\x04garbage').toString('base64') }, owner);
    expect(broken.body.error.code).toBe('IMPORT_INVALID');
  });
});

describe('freight templates', () => {
  it('price the checkout, decide the delivery methods offered, and cannot be deleted while used', async () => {
    const t = await gw.ok(
      'freightAdmin',
      'save',
      {
        name: '大件物流',
        defaultRule: { first: 1, firstFee: 1500, additional: 1, additionalFee: 500 },
        regionRules: [{ provinces: ['新疆'], first: 1, firstFee: 3000, additional: 1, additionalFee: 1000 }],
        excludedProvinces: ['西藏'],
        freeRules: [{ minQuantity: 5 }],
        allowPickup: false,
      },
      owner,
    );
    expect((await gw.call('freightAdmin', 'save', { name: '大件物流', defaultRule: t.defaultRule }, owner)).body.error.code).toBe('NAME_TAKEN');
    seq++;
    const p = await gw.ok(
      'productAdmin',
      'create',
      { name: `沙发${seq}`, code: `SOFA${seq}`, specs: [], skus: [{ specValues: [], price: 100000, originalPrice: 0, stock: 50 }], onShelf: true, freightTemplateId: t._id },
      owner,
    );
    const items = [{ skuId: p.skus[0]._id, quantity: 2 }];
    const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null }, alice);
    expect(preview.quote.freight).toBe(2000); // Shanghai: 15 + 5 yuan
    expect(preview.deliveryMethods.find((m: any) => m.method === 'pickup')).toMatchObject({ available: false, reason: expect.stringContaining('大件物流') });
    const pickup = await gw.call('order', 'preview', { source: { items }, couponId: null, delivery: { method: 'pickup', storeId: 'store-1' } }, alice);
    expect(pickup.body.error).toMatchObject({ code: 'DELIVERY_NOT_AVAILABLE', details: { methods: expect.any(Array) } });
    expect((await gw.ok('order', 'preview', { source: { items: [{ skuId: p.skus[0]._id, quantity: 5 }] }, couponId: null }, alice)).quote.freight).toBe(0);
    // an address in an excluded province
    const tibet = await gw.ok('order', 'saveAddress', { name: '扎西', phone: '13900000000', province: '西藏', city: '拉萨', district: '城关', detail: '北京中路 1 号' }, bob);
    const far = await gw.call('order', 'preview', { source: { items }, couponId: null, delivery: { method: 'express', addressId: tibet._id } }, bob);
    expect(far.body.error).toMatchObject({ code: 'DELIVERY_NOT_AVAILABLE', message: expect.stringContaining('西藏') });
    // in use
    expect((await gw.call('freightAdmin', 'delete', { id: t._id }, owner)).body.error.code).toBe('IN_USE');
    expect((await gw.ok('freightAdmin', 'list', {}, owner)).find((x: any) => x._id === t._id).productCount).toBe(1);
    await gw.ok('productAdmin', 'batch', { ids: [p._id], op: { kind: 'freightTemplate', freightTemplateId: null } }, owner);
    expect((await gw.ok('order', 'preview', { source: { items }, couponId: null }, alice)).quote.freight).toBe((await gw.ok('orderAdmin', 'settings', {}, owner)).orders.defaultFreight);
    expect((await gw.ok('freightAdmin', 'delete', { id: t._id }, owner)).deleted).toBe(1);
    const clerk = await gw.merchantToken('clerk');
    expect((await gw.call('freightAdmin', 'list', {}, clerk)).body.error.code).toBe('FORBIDDEN');
  });
});

describe('same-city delivery', () => {
  it("priced flat (free from an amount), only in the cities served; the merchant's staff or the simulated courier platform deliver it", async () => {
    const s = await sku(3000);
    const items = [{ skuId: s, quantity: 1 }];
    expect((await gw.call('order', 'preview', { source: { items }, couponId: null, delivery: { method: 'local' } }, alice)).body.error.code).toBe('DELIVERY_NOT_AVAILABLE');
    await gw.ok('orderAdmin', 'saveSettings', { local: { enabled: true, provider: 'self', fee: 600, freeFrom: 5000, cities: ['上海'] } }, owner);
    const p = await gw.ok('order', 'preview', { source: { items }, couponId: null, delivery: { method: 'local' } }, alice);
    expect(p.quote.freight).toBe(600);
    expect((await gw.ok('order', 'preview', { source: { items: [{ skuId: s, quantity: 2 }] }, couponId: null, delivery: { method: 'local' } }, alice)).quote.freight).toBe(0);
    const bj = await gw.ok('order', 'saveAddress', { name: '李四', phone: '13700000000', province: '北京', city: '北京', district: '东城', detail: '王府井 1 号' }, bob);
    expect((await gw.call('order', 'preview', { source: { items }, couponId: null, delivery: { method: 'local', addressId: bj._id } }, bob)).body.error.code).toBe('DELIVERY_NOT_AVAILABLE');

    // by the merchant's own staff
    const id = await paid(items, { delivery: { method: 'local' } });
    const d = await gw.ok('orderAdmin', 'dispatchLocal', { id }, owner);
    expect(d.localDelivery).toMatchObject({ provider: 'self', status: 'dispatched' });
    expect((await gw.call('orderAdmin', 'dispatchLocal', { id }, owner)).body.error.code).toBe('INVALID_STATE');
    expect((await gw.call('orderAdmin', 'localStatus', { id, status: 'delivered' }, owner)).body.error.code).toBe('ILLEGAL_TRANSITION');
    await gw.ok('orderAdmin', 'localStatus', { id, status: 'picked_up', rider: { name: '店员小王', phone: '13600000000' } }, owner);
    const done = await gw.ok('orderAdmin', 'localStatus', { id, status: 'delivered' }, owner);
    expect(done).toMatchObject({ status: 'completed', localDelivery: { status: 'delivered', rider: { name: '店员小王' } } });
    expect(done.localDelivery.history.map((h: any) => h.status)).toEqual(['dispatched', 'picked_up', 'delivered']);

    // by the simulated platform, on the jobs timer
    await gw.ok('orderAdmin', 'saveSettings', { local: { provider: 'sim' } }, owner);
    const id2 = await paid(items, { delivery: { method: 'local' } });
    expect((await gw.ok('orderAdmin', 'dispatchLocal', { id: id2 }, owner)).localDelivery).toMatchObject({ provider: 'sim', rider: { name: '模拟骑手' } });
    const t0 = gw.clock.now.getTime();
    await runDueJobs(gw.db, new Date(t0 + 61_000));
    expect((await gw.ok('order', 'get', { id: id2 }, alice)).localDelivery.status).toBe('picked_up');
    await runDueJobs(gw.db, new Date(t0 + 122_000));
    expect(await gw.ok('order', 'get', { id: id2 }, alice)).toMatchObject({ status: 'completed', localDelivery: { status: 'delivered' } });
    await gw.ok('orderAdmin', 'saveSettings', { local: { enabled: false } }, owner);
  });
});
