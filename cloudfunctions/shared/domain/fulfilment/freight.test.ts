import type { FreightTemplate } from '@shop/types';
import { feeOf, freightFor, methodsFor } from './freight';

const tpl = (over: Partial<FreightTemplate> = {}): FreightTemplate => ({
  _id: 't1',
  name: '标准快递',
  pricing: 'count',
  defaultRule: { first: 1, firstFee: 800, additional: 1, additionalFee: 200 },
  regionRules: [{ provinces: ['新疆', '西藏'], first: 1, firstFee: 2000, additional: 1, additionalFee: 1000 }],
  excludedProvinces: ['台湾'],
  freeRules: [],
  allowExpress: true,
  allowPickup: true,
  allowLocal: false,
  createdAt: '',
  updatedAt: '',
  ...over,
});
const line = (templateId: string | null, quantity: number, amount = 1000 * quantity, weightGrams = 0) => ({ templateId, quantity, amount, weightGrams });

describe('feeOf', () => {
  it.each([
    [{ first: 1, firstFee: 800, additional: 1, additionalFee: 200 }, 0, 0],
    [{ first: 1, firstFee: 800, additional: 1, additionalFee: 200 }, 1, 800],
    [{ first: 1, firstFee: 800, additional: 1, additionalFee: 200 }, 3, 1200],
    [{ first: 1000, firstFee: 1000, additional: 500, additionalFee: 300 }, 1000, 1000],
    [{ first: 1000, firstFee: 1000, additional: 500, additionalFee: 300 }, 1001, 1300],
    [{ first: 1000, firstFee: 1000, additional: 500, additionalFee: 300 }, 2600, 2200],
  ])('%j for %i units: %i fen', (rule, units, fee) => expect(feeOf(rule, units)).toBe(fee));
});

describe('freightFor', () => {
  const t1 = tpl();
  const byWeight = tpl({ _id: 't2', name: '按重量', pricing: 'weight', defaultRule: { first: 1000, firstFee: 1000, additional: 500, additionalFee: 300 }, regionRules: [], excludedProvinces: [] });
  const free = tpl({ _id: 't3', name: '满两件包邮', freeRules: [{ provinces: [], minQuantity: 2 }], excludedProvinces: [] });
  const templates = new Map([t1, byWeight, free].map((t) => [t._id, t]));
  it.each([
    ['one template, default region', [line('t1', 3)], '上海', 1200],
    ['a region rule', [line('t1', 2)], '新疆', 3000],
    ['by weight: 2 × 800 g = 1,600 g', [line('t2', 2, 2000, 800)], '上海', 1600],
    ['free from 2 pieces', [line('t3', 2)], '上海', 0],
    ['not yet free with 1 piece', [line('t3', 1)], '上海', 800],
    ['two templates are summed', [line('t1', 1), line('t2', 1, 1000, 500)], '上海', 1800],
    ['no template: the flat default once', [line(null, 3), line(null, 1)], '上海', 1000],
    ['a template that no longer exists prices as none', [line('gone', 1)], '上海', 1000],
  ])('%s', (_name, lines, province, freight) => expect(freightFor(lines, templates, province as string, 1000).freight).toBe(freight));
  it('names templates that do not ship to the province', () => {
    expect(freightFor([line('t1', 1)], templates, '台湾', 1000).undeliverable).toEqual(['标准快递']);
  });
  it.each([
    ['新疆维吾尔自治区', 3000],
    ['新疆', 3000],
    ['上海市', 1200],
  ])('an address writes %s: priced as its short name', (province, freight) => expect(freightFor([line('t1', province === '上海市' ? 3 : 2)], templates, province, 1000).freight).toBe(freight));
  it('a free rule limited to some provinces', () => {
    const only = new Map([['t4', tpl({ _id: 't4', freeRules: [{ provinces: ['上海'], minAmount: 5000 }] })]]);
    expect(freightFor([line('t4', 5)], only, '上海', 0).freight).toBe(0);
    expect(freightFor([line('t4', 5)], only, '北京', 0).freight).toBe(1600);
    expect(freightFor([line('t4', 4)], only, '上海', 0).freight).toBe(1400);
  });
});

describe('methodsFor', () => {
  const noPickup = tpl({ _id: 'np', name: '大件', allowPickup: false });
  const pickupOnly = tpl({ _id: 'po', name: '鲜花', allowExpress: false, allowLocal: true });
  const templates = new Map([noPickup, pickupOnly].map((t) => [t._id, t]));
  const avail = (lines: { templateId: string | null }[], hasStores = true, localEnabled = true) =>
    Object.fromEntries(methodsFor(lines, templates, { hasStores, localEnabled }).map((m) => [m.method, m.available]));
  it.each([
    [[null], { express: true, pickup: true, local: true }],
    [['np'], { express: true, pickup: false, local: false }],
    [['po'], { express: false, pickup: true, local: true }],
    [['np', 'po'], { express: false, pickup: false, local: false }],
  ])('%j → %j', (ids, expected) => expect(avail(ids.map((templateId) => ({ templateId })))).toEqual(expected));
  it('says why', () => {
    const m = methodsFor([{ templateId: 'np' }], templates, { hasStores: false, localEnabled: false });
    expect(m.map((x) => x.reason)).toEqual([null, '本店暂无自提门店', '同城配送即将开通']);
    expect(methodsFor([{ templateId: 'np' }], templates, { hasStores: true, localEnabled: false })[1].reason).toBe('部分商品不支持自提（大件）');
  });
});
