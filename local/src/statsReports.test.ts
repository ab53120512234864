/**
 * 数据中心 (issue 16): statsAdmin.report's trade, product and customer figures equal the sums of the orders paid in
 * the test (read from the rollups the paying and refunding transactions kept), and reportExport's workbook parses back
 * to the same rows; owner only, bad input refused by path. Against the WeChat Pay simulator over loopback.
 */
import * as XLSX from '@e965/xlsx';
import { addDays, beijingDay } from '@shop/functions/shared/domain/stats/periods';
import { STATS_MAX_DAYS } from '@shop/types';
import { startPayBed, type PayBed } from './paytest';

let bed: PayBed;
let alice: string;
let bob: string;
let day: string;

beforeAll(async () => {
  bed = await startPayBed();
  alice = await bed.gw.shopperToken('report-alice');
  bob = await bed.gw.shopperToken('report-bob');
  day = beijingDay(bed.gw.clock.now);
});
afterAll(() => bed.close());

const post = (path: string, body: unknown) =>
  fetch(`${bed.simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function paidOrder(token: string, items: { skuId: string; quantity: number }[]) {
  const o = await bed.order(token, items);
  await bed.gw.ok('order', 'pay', { id: o._id }, token);
  await post('/_sim/pay', { out_trade_no: o._id, outcome: 'success' });
  await bed.until(async () => (await bed.getOrder(o._id)).status === 'paid', 'paid');
  return bed.getOrder(o._id);
}

/** a workbook's sheets as arrays of rows (header first) */
function sheets(contentBase64: string): Record<string, unknown[][]> {
  const wb = XLSX.read(Buffer.from(contentBase64, 'base64'), { type: 'buffer' });
  return Object.fromEntries(wb.SheetNames.map((n) => [n, XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[n], { header: 1 })]));
}
const yuan = (fen: number) => fen / 100;

describe('数据中心 reports', () => {
  let orders: any[];
  let refunded: number;

  beforeAll(async () => {
    const cup = await bed.product(3000);
    const pot = await bed.product(1250);
    orders = [await paidOrder(alice, [{ skuId: cup, quantity: 2 }, { skuId: pot, quantity: 1 }]), await paidOrder(alice, [{ skuId: pot, quantity: 3 }]), await paidOrder(bob, [{ skuId: cup, quantity: 1 }])];
    refunded = 1000;
    const r = await bed.gw.ok('orderAdmin', 'refund', { id: orders[0]._id, amount: refunded, reason: 'report test' }, bed.owner);
    await post(`/_sim/refunds/${r._id}/settle`, { status: 'SUCCESS' });
    await bed.until(async () => ((await bed.gw.db.collection('refunds').doc(r._id).get()).data[0] as any).status === 'SUCCESS', 'refund settled');
  });

  const range = () => ({ from: addDays(day, -6), to: day });
  const paidSum = () => orders.reduce((n, o) => n + o.payment.amount, 0);

  it('交易: each day and the total are the orders\' sums, days without sales are zeros', async () => {
    const rep = await bed.gw.ok('statsAdmin', 'report', { kind: 'trade', ...range() }, bed.owner);
    expect(rep.days.map((d: any) => d.key)).toHaveLength(7);
    expect(rep.days[6]).toMatchObject({ key: day, paidAmount: paidSum(), paidOrders: 3, payingCustomers: 2, refundAmount: refunded, refundCount: 1, newCustomers: 2 });
    expect(rep.days.slice(0, 6).every((d: any) => d.paidOrders === 0 && d.paidAmount === 0)).toBe(true);
    expect(rep.total).toMatchObject({ paidAmount: paidSum(), paidOrders: 3, payingCustomers: 2, avgOrderValue: Math.round(paidSum() / 3), refundAmount: refunded });
    // a range too long for the payer gaps counts its distinct payers from the per-customer days: the same two
    const long = await bed.gw.ok('statsAdmin', 'report', { kind: 'trade', from: addDays(day, 1 - STATS_MAX_DAYS), to: day }, bed.owner);
    expect(long.total).toMatchObject({ paidAmount: paidSum(), payingCustomers: 2 });

    const file = await bed.gw.ok('statsAdmin', 'reportExport', { kind: 'trade', ...range() }, bed.owner);
    expect(file.filename).toMatch(/^交易报表-.*\.xlsx$/);
    expect(file.rows).toBe(7);
    const rows = sheets(file.contentBase64)['交易'];
    expect(rows[0][0]).toBe('日期');
    expect(rows).toHaveLength(1 + 7 + 1);
    expect(rows[7]).toEqual([day, yuan(paidSum()), 3, 2, yuan(Math.round(paidSum() / 3)), yuan(refunded), 1, 2, 0, 0]);
    expect(rows[8].slice(0, 4)).toEqual(['合计', yuan(paidSum()), 3, 2]);
  });

  it('商品: units and amount per product are the sums of the order lines', async () => {
    const want = new Map<string, { units: number; amount: number; name: string }>();
    for (const l of orders.flatMap((o) => o.lines)) {
      const p = want.get(l.productId) ?? { units: 0, amount: 0, name: l.name };
      p.units += l.quantity;
      p.amount += l.payable;
      want.set(l.productId, p);
    }
    const rep = await bed.gw.ok('statsAdmin', 'report', { kind: 'product', ...range() }, bed.owner);
    expect(rep.products).toHaveLength(want.size);
    for (const p of rep.products) expect(p).toMatchObject({ ...want.get(p.productId) });
    expect(rep.products[0].amount).toBeGreaterThanOrEqual(rep.products[1].amount);
    const amount = [...want.values()].reduce((n, p) => n + p.amount, 0);
    expect(rep.total).toEqual({ products: want.size, units: [...want.values()].reduce((n, p) => n + p.units, 0), amount });
    expect(rep.products.reduce((n: number, p: any) => n + p.share, 0)).toBeCloseTo(1, 9);

    const file = await bed.gw.ok('statsAdmin', 'reportExport', { kind: 'product', ...range() }, bed.owner);
    const rows = sheets(file.contentBase64)['商品'];
    expect(rows.slice(1, 1 + rep.products.length)).toEqual(rep.products.map((p: any, i: number) => [i + 1, p.productId, p.name, p.units, yuan(p.amount), Math.round(p.share * 10_000) / 10_000]));
    expect(rows[rows.length - 1].slice(3, 5)).toEqual([rep.total.units, yuan(amount)]);
  });

  it('客户: new, paying and repeat customers, and the best customers by spend', async () => {
    const rep = await bed.gw.ok('statsAdmin', 'report', { kind: 'customer', ...range() }, bed.owner);
    const aliceSpent = orders[0].payment.amount + orders[1].payment.amount;
    expect(rep).toMatchObject({ newCustomers: 2, payingCustomers: 2, repeatCustomers: 1, repeatRate: 0.5, paidOrders: 3, paidAmount: paidSum(), amountPerCustomer: Math.round(paidSum() / 2) });
    expect(rep.top.map((c: any) => [c.openid, c.orders, c.amount])).toEqual(
      [
        [orders[0].openid, 2, aliceSpent],
        [orders[2].openid, 1, orders[2].payment.amount],
      ].sort((a: any, b: any) => b[2] - a[2]),
    );
    expect(rep.days.find((d: any) => d.key === day)).toEqual({ key: day, newCustomers: 2, payingCustomers: 2 });

    const file = await bed.gw.ok('statsAdmin', 'reportExport', { kind: 'customer', ...range() }, bed.owner);
    const book = sheets(file.contentBase64);
    expect(Object.keys(book)).toEqual(['客户概况', '按天', '消费排行']);
    expect(book['客户概况'].slice(1, 4)).toEqual([['新客户数', 2], ['支付人数', 2], ['复购人数（支付 2 单及以上）', 1]]);
    expect(book['消费排行'].slice(1).map((r) => [r[2], r[3], r[4]])).toEqual(rep.top.map((c: any) => [c.openid, c.orders, yuan(c.amount)]));
    // a range before the orders has none of them
    const before = await bed.gw.ok('statsAdmin', 'report', { kind: 'customer', from: addDays(day, -30), to: addDays(day, -1) }, bed.owner);
    expect(before).toMatchObject({ newCustomers: 0, payingCustomers: 0, top: [] });
  });

  it('checks its caller and its input', async () => {
    const op = await bed.gw.merchantToken('operator');
    expect((await bed.gw.call('statsAdmin', 'report', { kind: 'trade', ...range() }, op)).status).toBe(403);
    expect((await bed.gw.call('statsAdmin', 'reportExport', { kind: 'trade', ...range() }, op)).status).toBe(403);
    const path = async (input: unknown) => {
      const res = await bed.gw.call('statsAdmin', 'report', input, bed.owner);
      expect(res.status).toBe(400);
      return res.body.error.details[0].path;
    };
    expect(await path({ kind: 'orders', ...range() })).toBe('kind');
    expect(await path({ kind: 'trade', from: day, to: addDays(day, -1) })).toBe('to');
    expect(await path({ kind: 'trade', from: addDays(day, -STATS_MAX_DAYS), to: day })).toBe('to');
    expect(await path({ kind: 'trade', from: '2026-02-30', to: day })).toBe('from');
    expect(await path({ kind: 'product', from: day })).toBe('to');
  });
});
