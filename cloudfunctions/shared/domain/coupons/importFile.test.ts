import * as XLSX from '@e965/xlsx';
import { codesFromRows, rowsFromCsv, rowsFromXlsx } from './importFile';

const rows = (...lines: string[][]) => lines.map((cells, i) => ({ line: i + 1, cells }));

describe('codesFromRows', () => {
  test('no header: the first column, every row', () => {
    expect(codesFromRows(rows(['abcd1'], ['ABCD2', 'note']))).toEqual({
      codes: [
        { line: 1, code: 'ABCD1' },
        { line: 2, code: 'ABCD2' },
      ],
      rejected: [],
    });
  });
  test.each(['code', 'Code', '优惠码', '券码', '兑换码'])('a header %p is skipped and names the column', (h) => {
    const r = codesFromRows(rows(['备注', h], ['x', 'WXYZ1']));
    expect(r.codes).toEqual([{ line: 2, code: 'WXYZ1' }]);
  });
  test('per-row reasons: malformed, empty, repeated (case-insensitive); blank rows are skipped', () => {
    const r = codesFromRows(rows(['code'], ['GOOD-1'], ['good-1'], ['bad code'], [''], ['', 'x'], ['AB']));
    expect(r.codes).toEqual([{ line: 2, code: 'GOOD-1' }]);
    expect(r.rejected).toEqual([
      { line: 3, code: 'GOOD-1', reason: 'DUPLICATE_IN_FILE', message: 'repeats line 2' },
      { line: 4, code: 'bad code', reason: 'INVALID_FORMAT', message: expect.any(String) },
      { line: 6, code: '', reason: 'INVALID_FORMAT', message: 'the code cell is empty' },
      { line: 7, code: 'AB', reason: 'INVALID_FORMAT', message: expect.any(String) },
    ]);
  });
  test('more than 10,000 codes is refused as a whole', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => [`C${String(i).padStart(6, '0')}`]);
    expect(() => codesFromRows(rows(...many))).toThrow(/at most 10000/);
    expect(codesFromRows(rows(['code'], ...many.slice(0, 10_000))).codes).toHaveLength(10_000);
  });
});

describe('file readers', () => {
  test('CSV: BOM, quotes, CRLF, one code per line', () => {
    expect(rowsFromCsv('\uFEFFcode\r\n"AB,CD"\r\nEFGH\r\n').slice(0, 3)).toEqual([
      { line: 1, cells: ['code'] },
      { line: 2, cells: ['AB,CD'] },
      { line: 3, cells: ['EFGH'] },
    ]);
  });
  test('XLSX: the first sheet, numbers as text, real line numbers', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['优惠码'], ['XL01'], [], [12345678]]), 's');
    const b64 = Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' })).toString('base64');
    const r = codesFromRows(await rowsFromXlsx(b64));
    expect(r.codes).toEqual([
      { line: 2, code: 'XL01' },
      { line: 4, code: '12345678' },
    ]);
  });
  test('XLSX: not a workbook', async () => {
    await expect(rowsFromXlsx(Buffer.from('hello').toString('base64'))).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    await expect(rowsFromXlsx('***')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(rowsFromXlsx(Buffer.from('PK\x03\x04garbage').toString('base64'))).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
  });
});
