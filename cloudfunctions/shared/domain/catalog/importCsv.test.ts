import { parseProductCsv } from './importCsv';

const header = 'name,slug,price,originalPrice,stock,code,summary,category,brand,type';

describe('parseProductCsv', () => {
  test('good rows parse, prices to fen, categories split by |', () => {
    const { rows, errors } = parseProductCsv(`\uFEFF${header}\n帆布包,canvas-bag,89.9,129,10,CB1,好看,鞋包|礼品,木间,实物\n礼品卡,gift-100,100,,,,,,,virtual\n`);
    expect(errors).toEqual([]);
    expect(rows).toMatchObject([
      { line: 2, name: '帆布包', slug: 'canvas-bag', price: 8990, originalPrice: 12900, stock: 10, code: 'CB1', categories: ['鞋包', '礼品'], brand: '木间', type: 'physical' },
      { line: 3, slug: 'gift-100', price: 10000, originalPrice: 0, stock: 0, type: 'virtual' },
    ]);
  });
  test('every broken row is reported by its line, with the field', () => {
    const csv = [
      'name,slug,price,stock',
      ',a,1,1', // no name
      'b,B B,1,1', // bad slug
      'c,c,-1,1', // negative price
      'd,d,1.234,1', // three decimals
      'e,e,1,-3', // negative stock
      'f,a,1,1.5', // fractional stock
      'g,dup,1,1',
      'h,dup,1,1', // repeated slug
      `${'x'.repeat(101)},long,1,1`,
    ].join('\n');
    const { rows, errors } = parseProductCsv(csv);
    expect(rows.map((r) => r.slug)).toEqual(['dup']);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'name'],
      [3, 'slug'],
      [4, 'price'],
      [5, 'price'],
      [6, 'stock'],
      [7, 'slug'],
      [7, 'stock'],
      [9, 'slug'],
      [10, 'name'],
    ]);
  });
  test('missing required and unknown columns are header errors', () => {
    expect(parseProductCsv('name,price,colour\na,1,red').errors).toEqual([
      { line: 1, message: expect.stringContaining('slug') },
      { line: 1, message: expect.stringContaining('colour') },
    ]);
  });
  test('an empty file and an oversize file are refused', () => {
    expect(parseProductCsv(`${header}\n`).errors[0].message).toMatch(/no product rows/);
    const big = [header, ...Array.from({ length: 1001 }, (_, i) => `n,s${i},1,,,,,,,`)].join('\n');
    expect(parseProductCsv(big).errors[0].message).toMatch(/at most 1000/);
  });
});
