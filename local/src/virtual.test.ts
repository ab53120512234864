/**
 * Virtual goods (虚拟商品, no logistics): checked out with no address, no delivery method and no freight; never in one
 * order with physical goods; fulfilled by the merchant with a note the shopper reads, which completes the order (points,
 * experience) and tells WeChat it was delivered virtually (logistics type 3). Through the gateway and the WeChat Pay
 * simulator.
 */
import { startPayBed, type PayBed } from './paytest';

let bed: PayBed;
let owner: string;
let carol: string;
let virtualSku: string;
let physicalSku: string;

beforeAll(async () => {
  bed = await startPayBed();
  owner = bed.owner;
  carol = await bed.gw.shopperToken('virtual-carol'); // no address saved
  const card = await bed.gw.ok(
    'productAdmin',
    'create',
    { name: '测试礼品卡', code: 'VGC1', type: 'virtual', specs: [], skus: [{ specValues: [], price: 5000, originalPrice: 0, stock: 20 }], onShelf: true, pointsCoefficient: 1 },
    owner,
  );
  virtualSku = card.skus[0]._id;
  physicalSku = await bed.product(1000);
});
afterAll(() => bed.close());

const post = (path: string, body: unknown) => fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
let n = 0;
async function paidVirtual(quantity = 1) {
  const items = [{ skuId: virtualSku, quantity }];
  const preview = await bed.gw.ok('order', 'preview', { source: { items }, couponId: null }, carol);
  const o = await bed.gw.ok('order', 'create', { source: { items }, couponId: null, clientRequestId: `virtual-${++n}-${Date.now()}`, expectedPayable: preview.quote.payable }, carol);
  await bed.gw.ok('order', 'pay', { id: o._id }, carol);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  return bed.getOrder(o._id);
}

describe('virtual goods', () => {
  it('check out without an address, a delivery method or freight', async () => {
    const items = [{ skuId: virtualSku, quantity: 2 }];
    const preview = await bed.gw.ok('order', 'preview', { source: { items }, couponId: null }, carol);
    expect(preview.delivery).toEqual({ method: 'virtual', addressId: null, storeId: null });
    expect(preview.deliveryMethods).toEqual([]);
    expect(preview.quote).toMatchObject({ goodsAmount: 10000, freight: 0, freightPayable: 0, payable: 10000 });
    // whatever the client says about delivery is not used
    const asked = await bed.gw.ok('order', 'preview', { source: { items }, couponId: null, delivery: { method: 'pickup' } }, carol);
    expect(asked.delivery.method).toBe('virtual');
    const o = await bed.gw.ok('order', 'create', { source: { items }, couponId: null, clientRequestId: `virtual-create-${Date.now()}`, expectedPayable: 10000 }, carol);
    expect(o).toMatchObject({ status: 'unpaid', delivery: { method: 'virtual', address: null, store: null }, amounts: { freight: 0, freightPayable: 0, payable: 10000 } });
  });

  it('virtual and physical goods in one checkout are refused, saying to order them separately; nothing is created', async () => {
    const items = [
      { skuId: virtualSku, quantity: 1 },
      { skuId: physicalSku, quantity: 1 },
    ];
    const r = await bed.gw.call('order', 'preview', { source: { items }, couponId: null }, carol);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'MIXED_PRODUCT_TYPES', details: { virtualSkuIds: [virtualSku] } });
    expect(r.body.error.message).toContain('分开');
    const before = (await bed.gw.ok('order', 'list', {}, carol)).total;
    const c = await bed.gw.call('order', 'create', { source: { items }, couponId: null, clientRequestId: `mixed-${Date.now()}`, expectedPayable: 6000 }, carol);
    expect(c.body.error.code).toBe('MIXED_PRODUCT_TYPES');
    expect((await bed.gw.ok('order', 'list', {}, carol)).total).toBe(before);
  });

  it('the merchant fulfils a paid order with a note: completed, the shopper reads the note, points granted, WeChat told logistics type 3', async () => {
    const o = await paidVirtual();
    const centre = async () => bed.gw.ok('member', 'centre', {}, carol);
    const pointsBefore = (await centre()).points.balance;
    // express shipping is not for virtual goods
    const ship = await bed.gw.call('orderAdmin', 'ship', { id: o._id, company: '顺丰速运', trackingNo: 'SF1234567890' }, owner);
    expect(ship.body.error.code).toBe('INVALID_STATE');
    // bad notes and the wrong callers change nothing
    expect((await bed.gw.call('orderAdmin', 'fulfilVirtual', { id: o._id, note: '  ' }, owner)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await bed.gw.call('orderAdmin', 'fulfilVirtual', { id: o._id, note: 'x'.repeat(501) }, owner)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await bed.gw.call('orderAdmin', 'fulfilVirtual', { id: o._id, note: '卡密' }, carol)).status).toBeGreaterThanOrEqual(401);
    const clerk = await bed.gw.merchantToken('clerk');
    expect((await bed.gw.call('orderAdmin', 'fulfilVirtual', { id: o._id, note: '卡密' }, clerk)).body.error.code).toBe('FORBIDDEN');
    expect((await bed.getOrder(o._id)).status).toBe('paid');

    const note = '卡号 8888 0000 1234，密码 ABCD-EFGH，有效期至 2027-12-31';
    const done = await bed.gw.ok('orderAdmin', 'fulfilVirtual', { id: o._id, note: `  ${note} ` }, owner);
    expect(done).toMatchObject({ status: 'completed', virtualDelivery: { note, by: 'merchant:t-owner' }, completedAt: expect.any(String) });
    const mine = await bed.gw.ok('order', 'get', { id: o._id }, carol);
    expect(mine.virtualDelivery.note).toBe(note);
    expect((await centre()).points.balance).toBeGreaterThan(pointsBefore);
    const [upload] = await bed.gw.ok('orderAdmin', 'shippingUploads', { id: o._id }, owner);
    expect(upload).toMatchObject({
      status: 'pending',
      payload: { logistics_type: 3, delivery_mode: 1, order_key: { out_trade_no: o.payment.outTradeNo }, shipping_list: [{ item_desc: '测试礼品卡×1' }] },
    });
    // once only
    expect((await bed.gw.call('orderAdmin', 'fulfilVirtual', { id: o._id, note: '再发一次' }, owner)).body.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('after-sales on a fulfilled virtual order: 仅退款 only; 退货退款 and 换货 are refused (nothing to send back), and the quote offers only 仅退款', async () => {
    const o = await paidVirtual();
    await bed.gw.ok('orderAdmin', 'fulfilVirtual', { id: o._id, note: '兑换码 V-0001' }, owner);
    expect((await bed.gw.ok('aftersale', 'quote', { orderId: o._id }, carol)).types).toEqual(['refund']);
    const lines = [{ skuId: virtualSku, quantity: 1 }];
    for (const [type, amount] of [['return_refund', 5000], ['exchange', 0]] as const) {
      const r = await bed.gw.call('aftersale', 'apply', { orderId: o._id, type, lines, reason: '其他', amount }, carol);
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'INVALID_STATE', details: { deliveryMethod: 'virtual', types: ['refund'] } });
      expect(r.body.error.message).toContain('仅退款');
    }
    expect((await bed.getOrder(o._id)).aftersaleClaims).toEqual({}); // nothing claimed by the refusals
    const ok = await bed.gw.ok('aftersale', 'apply', { orderId: o._id, type: 'refund', lines, reason: '其他', amount: 5000 }, carol);
    expect(ok).toMatchObject({ type: 'refund', status: 'pending', amount: 5000 });
  });

  it('only virtual orders are fulfilled this way', async () => {
    const o = await bed.order(carol, [{ skuId: physicalSku, quantity: 1 }]);
    await bed.gw.ok('order', 'pay', { id: o._id }, carol);
    await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
    await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
    const r = await bed.gw.call('orderAdmin', 'fulfilVirtual', { id: o._id, note: '卡密' }, owner);
    expect(r.body.error.code).toBe('INVALID_STATE');
    expect((await bed.getOrder(o._id)).status).toBe('paid');
  });
});
