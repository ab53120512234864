/** 导出订单 (issue 17): the filtered list as XLSX, one row per line, and the same file filled in ships those orders. */
import * as XLSX from '@e965/xlsx';
import { exportOrders, exportProgress, EXPORT_HEADER } from '@shop/functions/shared/domain/orders/export';
import { payOrder } from '@shop/functions/shared/domain/orders/lifecycle';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let alice: string;
let seq = 0;

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  alice = await gw.shopperToken('exp-alice');
  await gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000077', province: '上海', city: '上海', district: '黄浦', detail: '人民路 7 号' }, alice);
});
afterAll(() => gw.close());

async function sku(price: number, name: string) {
  seq++;
  const p = await gw.ok('productAdmin', 'create', { name, code: `EXP${seq}`, specs: [], skus: [{ specValues: [], price, originalPrice: 0, stock: 50 }], onShelf: true, pointsCoefficient: 1 }, owner);
  return p.skus[0]._id as string;
}
async function paidOrder(items: { skuId: string; quantity: number }[]) {
  const preview = await gw.ok('order', 'preview', { source: { items }, couponId: null }, alice);
  const o = await gw.ok('order', 'create', { source: { items }, couponId: null, clientRequestId: `r-${Math.random()}`, expectedPayable: preview.quote.payable }, alice);
  await payOrder(gw.db, o._id, { transactionId: `tx-${o._id}`, amount: o.amounts.payable, outTradeNo: o._id }, gw.clock.now);
  return o._id as string;
}
const sheetOf = (b64: string) => {
  const wb = XLSX.read(Buffer.from(b64, 'base64'), { type: 'buffer' });
  return XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false, defval: '' });
};
const toXlsx = (rows: string[][]) => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '订单');
  return (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64');
};

it('exports one row per line with the current filters; filled in, the same file ships those orders and skips the blank rows', async () => {
  const [cup, pot] = [await sku(1200, '导出测试茶杯'), await sku(3400, '导出测试茶壶')];
  const two = await paidOrder([{ skuId: cup, quantity: 2 }, { skuId: pot, quantity: 1 }]);
  const one = await paidOrder([{ skuId: pot, quantity: 1 }]);
  const out = await gw.ok('orderAdmin', 'export', { productName: '导出测试', tab: 'paid' }, owner);
  expect(out).toMatchObject({ kind: 'file', orders: 2, rows: 3 });
  expect(out.filename).toMatch(/^订单导出-\d{8}-\d{6}\.xlsx$/);
  const rows = sheetOf(out.contentBase64);
  expect(rows[0]).toEqual([...EXPORT_HEADER]);
  const body = rows.slice(1);
  expect(body.map((r) => r[0]).sort()).toEqual([two, two, one].sort());
  const cupRow = body.find((r) => r[12] === '导出测试茶杯')!;
  expect(cupRow).toEqual(expect.arrayContaining([two, '待发货', '快递发货', '张三', '13800000077', '2', '12.00', `tx-${two}`]));
  expect(cupRow[14]).toBe(((await gw.db.collection('skus').doc(cup).get()).data[0] as any).code);
  expect(cupRow[14]).not.toBe('');
  expect(cupRow[4]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

  // the merchant fills the parcel of one order on one of its rows, and the other order on its row
  const filled = rows.map((r, i) => (i === 0 ? r : r[0] === two && r[12] === '导出测试茶杯' ? [r[0], '顺丰速运', 'SF7700001', ...r.slice(3)] : r[0] === one ? [r[0], '中通快递', 'ZT7700002', ...r.slice(3)] : r));
  const shipped = await gw.ok('orderAdmin', 'batchShip', { filename: out.filename, contentBase64: toXlsx(filled) }, owner);
  expect(shipped).toMatchObject({ shipped: 2, failed: 0, skipped: 1 });
  expect((await gw.ok('orderAdmin', 'get', { id: two }, owner)).shipments[0]).toMatchObject({ company: '顺丰速运', trackingNo: 'SF7700001' });
  expect((await gw.ok('orderAdmin', 'get', { id: one }, owner)).status).toBe('shipped');
  // exported again, the parcel columns carry what was shipped
  const again = sheetOf((await gw.ok('orderAdmin', 'export', { trackingNo: 'SF7700001' }, owner)).contentBase64);
  expect(again.slice(1).map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
    [two, '顺丰速运', 'SF7700001', '已发货'],
    [two, '顺丰速运', 'SF7700001', '已发货'],
  ]);
  // nothing matches: an empty workbook with its header; bad filters are refused by path; clerks may not export
  const none = await gw.ok('orderAdmin', 'export', { productCode: 'NO-SUCH' }, owner);
  expect(none).toMatchObject({ kind: 'file', orders: 0, rows: 0 });
  const bad = await gw.call('orderAdmin', 'export', { deliveryMethod: 'drone', page: 1 }, owner);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body.error)).toMatch(/deliveryMethod|page/);
  expect((await gw.call('orderAdmin', 'export', {}, await gw.merchantToken('clerk'))).body.error.code).toBe('FORBIDDEN');
});

it('a big range becomes a job built part by part as it is polled; an order placed meanwhile comes last, nothing is read twice', async () => {
  const s = await sku(500, '分批导出商品');
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await paidOrder([{ skuId: s, quantity: 1 }]));
  const sizes = { directMax: 2, partOrders: 2 };
  const job = await exportOrders(gw.db, { productName: '分批导出' }, 'merchant:test', gw.clock.now, sizes);
  expect(job).toMatchObject({ kind: 'job', total: 5 });
  if (job.kind !== 'job') throw new Error('a job');
  const seen: number[] = [];
  let p = await exportProgress(gw.db, job.jobId, gw.clock.now, sizes);
  gw.clock.now = new Date(gw.clock.now.getTime() + 1000);
  ids.push(await paidOrder([{ skuId: s, quantity: 1 }]));
  while (p.state === 'running') {
    seen.push(p.done);
    p = await exportProgress(gw.db, job.jobId, gw.clock.now, sizes);
  }
  expect(seen).toEqual([2, 4, 5]);
  expect(p).toMatchObject({ state: 'done', done: 6, total: 5, orders: 6, rows: 6 });
  if (p.state !== 'done') throw new Error('done');
  expect(sheetOf(p.contentBase64).slice(1).map((r) => r[0]).sort()).toEqual(ids.sort());
  // polled again, the same file
  expect(await exportProgress(gw.db, job.jobId, gw.clock.now, sizes)).toMatchObject({ state: 'done', orders: 6 });
  expect((await gw.call('orderAdmin', 'exportStatus', { jobId: 'nope' }, owner)).body.error.code).toBe('NOT_FOUND');
});

it('打印拣货单: the print sheet of two orders to ship sums every SKU still to ship', async () => {
  const [cup, pot] = [await sku(800, '打印测试杯'), await sku(2800, '打印测试壶')];
  const a = await paidOrder([{ skuId: cup, quantity: 1 }]);
  const b = await paidOrder([{ skuId: cup, quantity: 2 }, { skuId: pot, quantity: 1 }]);
  const sheet = await gw.ok('orderAdmin', 'print', { ids: [a, b] }, owner);
  expect(sheet.orders.map((o: { _id: string }) => o._id)).toEqual([a, b]);
  expect(sheet.picking.map((r: { name: string; quantity: number; orders: number }) => [r.name, r.quantity, r.orders])).toEqual([
    ['打印测试杯', 3, 2],
    ['打印测试壶', 1, 1],
  ]);
});
