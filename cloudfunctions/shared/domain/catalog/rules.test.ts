import { adjust, checkSkus, escapeRegExp, slugify, summarise } from './rules';
import { planBatch } from './batch';
import type { Product, Sku } from '@shop/types';

describe('checkSkus', () => {
  const specs = [
    { name: '颜色', values: ['红', '蓝'] },
    { name: '尺码', values: ['S', 'M'] },
  ];
  const sku = (specValues: string[]) => ({ specValues, price: 100, originalPrice: 0, stock: 1 });
  test.each([
    ['full matrix is fine', specs, [sku(['红', 'S']), sku(['红', 'M']), sku(['蓝', 'S']), sku(['蓝', 'M'])], []],
    ['a subset of combinations is fine', specs, [sku(['红', 'S'])], []],
    ['no specs, one SKU', [], [sku([])], []],
    ['no specs, two SKUs', [], [sku([]), sku([])], ['skus', 'skus.1.specValues']],
    ['wrong number of values', specs, [sku(['红'])], ['skus.0.specValues']],
    ['value not in the spec', specs, [sku(['绿', 'S'])], ['skus.0.specValues.0']],
    ['repeated combination', specs, [sku(['红', 'S']), sku(['红', 'S'])], ['skus.1.specValues']],
    ['repeated spec name', [specs[0], { name: '颜色', values: ['x'] }], [], ['specs.1.name']],
    ['repeated spec value', [{ name: '颜色', values: ['红', '红'] }], [sku(['红'])], ['specs.0.values']],
  ])('%s', (_name, sp, skus, paths) => {
    expect(checkSkus(sp, skus).map((i) => i.path)).toEqual(paths);
  });
});

describe('summarise', () => {
  test.each([
    [[], { priceMin: 0, priceMax: 0, originalPriceMax: 0, stockTotal: 0 }],
    [[{ specValues: [], price: 500, originalPrice: 900, stock: 3 }], { priceMin: 500, priceMax: 500, originalPriceMax: 900, stockTotal: 3 }],
    [
      [
        { specValues: [], price: 500, originalPrice: 0, stock: 3 },
        { specValues: [], price: 1999, originalPrice: 2999, stock: 0 },
      ],
      { priceMin: 500, priceMax: 1999, originalPriceMax: 2999, stockTotal: 3 },
    ],
  ])('%#', (skus, expected) => expect(summarise(skus)).toEqual(expected));
});

test.each([
  ['TS-001', 'ts-001'],
  ['  Hello  World!! ', 'hello-world'],
  ['纯棉T恤', 't'],
  ['纯棉', ''],
  ['a--b__c', 'a-b-c'],
])('slugify(%j) = %j', (input, out) => expect(slugify(input)).toBe(out));

test.each([
  [10, 'set', 3, 3],
  [10, 'raise', 3, 13],
  [10, 'lower', 3, 7],
  [10, 'lower', 10, 0],
  [10, 'lower', 11, null],
  [0, 'set', 0, 0],
] as const)('adjust(%i, %s, %i) = %p', (cur, mode, v, out) => expect(adjust(cur, mode, v)).toBe(out));

test('escapeRegExp makes user text literal', () => {
  const re = new RegExp(escapeRegExp('a.b*(c)[d]'));
  expect(re.test('a.b*(c)[d]')).toBe(true);
  expect(re.test('aXbbb(c)[d]')).toBe(false);
});

describe('planBatch', () => {
  const p = { _id: 'p', categoryIds: ['c1'], pointsCoefficient: 1 } as unknown as Product;
  const skus = [
    { _id: 's1', code: 'A-1', price: 1000, originalPrice: 2000, stock: 5 },
    { _id: 's2', code: 'A-2', price: 1500, originalPrice: 0, stock: 2 },
  ] as Sku[];
  test('lowering price on every SKU updates the summary', () => {
    const plan = planBatch({ kind: 'price', mode: 'lower', value: 500 }, p, skus);
    expect('code' in plan).toBe(false);
    if ('code' in plan) return;
    expect([...plan.skus.values()]).toEqual([{ price: 500 }, { price: 1000 }]);
    expect(plan.product).toMatchObject({ priceMin: 500, priceMax: 1000, stockTotal: 7 });
  });
  test('lowering stock below zero on any SKU refuses the product', () => {
    expect(planBatch({ kind: 'stock', mode: 'lower', value: 3 }, p, skus)).toMatchObject({ code: 'STOCK_NEGATIVE' });
  });
  test('lowering price below zero refuses', () => {
    expect(planBatch({ kind: 'price', mode: 'lower', value: 1001 }, p, skus)).toMatchObject({ code: 'PRICE_NEGATIVE' });
  });
  test('adding categories keeps at most 10', () => {
    const many = Array.from({ length: 10 }, (_, i) => `n${i}`);
    expect(planBatch({ kind: 'categories', mode: 'add', categoryIds: many }, p, skus)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(planBatch({ kind: 'categories', mode: 'reset', categoryIds: many }, p, skus)).toMatchObject({ product: { categoryIds: many } });
    expect(planBatch({ kind: 'categories', mode: 'add', categoryIds: ['c1', 'c2'] }, p, skus)).toMatchObject({ product: { categoryIds: ['c1', 'c2'] } });
  });
});
