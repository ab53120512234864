import { pickingList } from './print';

const line = (skuId: string, name: string, quantity: number, specValues: string[] = []) => ({ skuId, name, quantity, specValues }) as never;

describe('pickingList', () => {
  it.each([
    ['sums a SKU over orders and counts the orders', [{ _id: 'a', lines: [line('s1', '茶杯', 2)], shipments: [] }, { _id: 'b', lines: [line('s1', '茶杯', 1)], shipments: [] }], [['s1', 3, 2]]],
    ['leaves out what already shipped', [{ _id: 'a', lines: [line('s1', '茶杯', 3), line('s2', '茶壶', 1)], shipments: [{ lines: [{ skuId: 's1', quantity: 2 }, { skuId: 's2', quantity: 1 }] }] }], [['s1', 1, 1]]],
    ['sorts by name then spec, in pinyin order (杯 bei before 壶 hu, 红 hong before 蓝 lan)', [{ _id: 'a', lines: [line('s3', '茶壶', 1), line('s2', '茶杯', 1, ['蓝']), line('s1', '茶杯', 1, ['红'])], shipments: [] }], [['s1', 1, 1], ['s2', 1, 1], ['s3', 1, 1]]],
    ['nothing to pick', [], []],
  ])('%s', (_t, orders, want) => {
    const rows = pickingList(orders as never, new Map([['s1', 'C-1']]));
    expect(rows.map((r) => [r.skuId, r.quantity, r.orders])).toEqual(want);
    if (rows[0]?.skuId === 's1') expect(rows[0].code).toBe('C-1');
  });
});
