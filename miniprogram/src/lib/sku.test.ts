import {
  clampQuantity,
  describeSelection,
  emptySelection,
  initialSelection,
  isValueAvailable,
  matchingSkus,
  selectedSku,
  toggleValue,
  type SkuLike,
  type SpecLike,
} from './sku';

const specs: SpecLike[] = [
  { name: '颜色', values: ['红', '蓝', '黑'] },
  { name: '尺码', values: ['S', 'M', 'L'] },
];
const sku = (id: string, colour: string, size: string, price: number, stock: number, originalPrice = 0): SkuLike => ({
  _id: id,
  specValues: [colour, size],
  price,
  originalPrice,
  stock,
});
// 黑 exists only in S (sold out); 蓝-L is missing altogether; 红-M is sold out.
const skus: SkuLike[] = [
  sku('r-s', '红', 'S', 1000, 3, 1500),
  sku('r-m', '红', 'M', 1100, 0),
  sku('r-l', '红', 'L', 1200, 5),
  sku('b-s', '蓝', 'S', 1300, 1),
  sku('b-m', '蓝', 'M', 1400, 2, 2000),
  sku('k-s', '黑', 'S', 900, 0),
];

describe('matchingSkus / selectedSku', () => {
  it('matches everything with an empty selection', () => {
    expect(matchingSkus(skus, emptySelection(specs))).toHaveLength(skus.length);
  });
  it('filters by the chosen values only', () => {
    expect(matchingSkus(skus, ['红', null]).map((s) => s._id)).toEqual(['r-s', 'r-m', 'r-l']);
    expect(matchingSkus(skus, [null, 'S']).map((s) => s._id)).toEqual(['r-s', 'b-s', 'k-s']);
  });
  it('names a SKU only when every spec is chosen', () => {
    expect(selectedSku(skus, ['红', null])).toBeNull();
    expect(selectedSku(skus, ['蓝', 'M'])?._id).toBe('b-m');
    expect(selectedSku(skus, ['蓝', 'L'])).toBeNull(); // combination that does not exist
  });
  it('handles a product without specs', () => {
    const single = [{ _id: 'only', specValues: [], price: 500, originalPrice: 0, stock: 2 }];
    expect(selectedSku(single, [])?._id).toBe('only');
    expect(initialSelection([], single)).toEqual([]);
    expect(describeSelection([], single, []).stock).toBe(2);
  });
});

describe('isValueAvailable', () => {
  it('disables a value whose every SKU is sold out', () => {
    expect(isValueAvailable(skus, [null, null], 0, '黑')).toBe(false);
    expect(isValueAvailable(skus, [null, null], 0, '红')).toBe(true);
  });
  it('takes the other chosen specs into account', () => {
    expect(isValueAvailable(skus, ['红', null], 1, 'M')).toBe(false); // 红-M sold out
    expect(isValueAvailable(skus, ['蓝', null], 1, 'M')).toBe(true);
    expect(isValueAvailable(skus, ['蓝', null], 1, 'L')).toBe(false); // 蓝-L missing
    expect(isValueAvailable(skus, [null, 'L'], 0, '蓝')).toBe(false);
  });
  it('judges a value of an already chosen spec against the other specs only', () => {
    // with 红 chosen, switching colour to 蓝 is still possible (蓝-S, 蓝-M in stock)
    expect(isValueAvailable(skus, ['红', null], 0, '蓝')).toBe(true);
    expect(isValueAvailable(skus, ['红', 'L'], 0, '蓝')).toBe(false);
  });
});

describe('toggleValue', () => {
  it('chooses and clears a value', () => {
    const a = toggleValue(skus, [null, null], 0, '红');
    expect(a).toEqual(['红', null]);
    expect(toggleValue(skus, a, 0, '红')).toEqual([null, null]);
  });
  it('switches to another value of the same spec', () => {
    expect(toggleValue(skus, ['红', null], 0, '蓝')).toEqual(['蓝', null]);
  });
  it('ignores disabled values and out-of-range specs', () => {
    const sel = ['红', null];
    expect(toggleValue(skus, sel, 1, 'M')).toBe(sel);
    expect(toggleValue(skus, sel, 5, 'M')).toBe(sel);
  });
  it('does not mutate its input', () => {
    const sel = [null, null];
    toggleValue(skus, sel, 0, '红');
    expect(sel).toEqual([null, null]);
  });
});

describe('initialSelection', () => {
  it('chooses nothing when there is a choice', () => {
    expect(initialSelection(specs, skus)).toEqual([null, null]);
  });
  it('preselects a spec with a single value', () => {
    const oneColour: SpecLike[] = [{ name: '颜色', values: ['红'] }, specs[1]];
    expect(initialSelection(oneColour, skus.filter((s) => s.specValues[0] === '红'))).toEqual(['红', null]);
  });
  it('preselects the only SKU in stock', () => {
    const one = skus.map((s) => ({ ...s, stock: s._id === 'b-m' ? 4 : 0 }));
    expect(initialSelection(specs, one)).toEqual(['蓝', 'M']);
  });
});

describe('describeSelection', () => {
  it('shows the range and total stock before a choice', () => {
    const v = describeSelection(specs, skus, [null, null]);
    expect(v).toMatchObject({ sku: null, priceMin: 900, priceMax: 1400, originalPrice: 2000, stock: 11, missing: ['颜色', '尺码'] });
  });
  it('narrows with a partial choice', () => {
    const v = describeSelection(specs, skus, ['红', null]);
    expect(v).toMatchObject({ priceMin: 1000, priceMax: 1200, originalPrice: 1500, stock: 8, missing: ['尺码'] });
  });
  it("shows the chosen SKU's price and stock", () => {
    const v = describeSelection(specs, skus, ['红', 'L']);
    expect(v.sku?._id).toBe('r-l');
    expect(v).toMatchObject({ priceMin: 1200, priceMax: 1200, originalPrice: 0, stock: 5, missing: [] });
  });
});

describe('clampQuantity', () => {
  it('keeps the quantity within 1..stock', () => {
    expect(clampQuantity(0, 5)).toBe(1);
    expect(clampQuantity(3, 5)).toBe(3);
    expect(clampQuantity(9, 5)).toBe(5);
    expect(clampQuantity(2.7, 5)).toBe(2);
    expect(clampQuantity(Number.NaN, 5)).toBe(1);
  });
  it('is 0 when nothing is in stock', () => {
    expect(clampQuantity(1, 0)).toBe(0);
  });
});
