/**
 * Reading a file of codes (CSV / plain text, or XLSX): one code per row, in the first column or in the column whose
 * header is code / 优惠码 / 券码 / 兑换码. A header row is recognised by that name and skipped. Pure except for the
 * XLSX unzip. At most COUPON_IMPORT_MAX_ROWS rows.
 */
import Papa from 'papaparse';
import { COUPON_IMPORT_MAX_ROWS, type ImportCodesResult } from '@shop/types';
import { AppError } from '../../runtime/errors';
import { CODE_RE, normaliseCode } from './rules';

const HEADER_NAMES = new Set(['code', 'codes', 'coupon code', 'couponcode', 'coupon_code', '优惠码', '券码', '优惠券码', '兑换码', '券号']);

export interface CodeRow {
  line: number;
  code: string;
}
export type Rejected = ImportCodesResult['rejected'][number];

/** Pure: rows of cells (line numbers from 1) -> codes to import and rows refused (malformed, repeated in the file). */
export function codesFromRows(rows: { line: number; cells: string[] }[]): { codes: CodeRow[]; rejected: Rejected[] } {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  let column = 0;
  let body = nonEmpty;
  if (nonEmpty.length) {
    const header = nonEmpty[0].cells.map((c) => c.trim().toLowerCase());
    const at = header.findIndex((h) => HEADER_NAMES.has(h));
    if (at >= 0) {
      column = at;
      body = nonEmpty.slice(1);
    }
  }
  if (body.length > COUPON_IMPORT_MAX_ROWS) {
    throw new AppError('IMPORT_INVALID', `at most ${COUPON_IMPORT_MAX_ROWS} codes per file (found ${body.length})`, { rows: body.length, max: COUPON_IMPORT_MAX_ROWS });
  }
  const codes: CodeRow[] = [];
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  for (const r of body) {
    const raw = (r.cells[column] ?? '').trim();
    const code = normaliseCode(raw);
    if (!CODE_RE.test(code)) {
      rejected.push({ line: r.line, code: raw, reason: 'INVALID_FORMAT', message: raw ? 'a code is 4–32 letters, digits, _ or -' : 'the code cell is empty' });
      continue;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      rejected.push({ line: r.line, code, reason: 'DUPLICATE_IN_FILE', message: `repeats line ${first}` });
      continue;
    }
    seen.set(code, r.line);
    codes.push({ line: r.line, code });
  }
  return { codes, rejected };
}

/** CSV or plain text (one code per line). */
export function rowsFromCsv(csv: string): { line: number; cells: string[] }[] {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: false });
  return parsed.data.map((cells, i) => ({ line: i + 1, cells: (cells ?? []).map((c) => String(c ?? '')) }));
}

/** The first sheet of an XLSX file, as text cells. */
export async function rowsFromXlsx(base64: string): Promise<{ line: number; cells: string[] }[]> {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64.replace(/\s+/g, ''))) throw new AppError('VALIDATION_FAILED', 'xlsxBase64 is not base64', [{ path: 'xlsxBase64', message: 'not base64' }]);
  const bytes = Buffer.from(base64, 'base64');
  // an XLSX file is a zip: "PK\x03\x04"
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new AppError('IMPORT_INVALID', 'the file is not an XLSX workbook');
  const XLSX = await import('@e965/xlsx');
  let wb;
  try {
    // reads at most the rows the limit allows (plus one to notice the excess); '!fullref' keeps the sheet's real size
    wb = XLSX.read(bytes, { type: 'buffer', cellDates: false, sheetRows: COUPON_IMPORT_MAX_ROWS + 2 });
  } catch {
    throw new AppError('IMPORT_INVALID', 'the file could not be read as an XLSX workbook');
  }
  const sheet = wb.SheetNames.length ? wb.Sheets[wb.SheetNames[0]] : undefined;
  const ref = sheet?.['!fullref'] ?? sheet?.['!ref'];
  if (!sheet || !ref) return [];
  const range = XLSX.utils.decode_range(ref);
  const rowCount = range.e.r + 1;
  if (rowCount > COUPON_IMPORT_MAX_ROWS + 1) {
    throw new AppError('IMPORT_INVALID', `at most ${COUPON_IMPORT_MAX_ROWS} codes per file (found ${rowCount} rows)`, { rows: rowCount, max: COUPON_IMPORT_MAX_ROWS });
  }
  // a cell's text as the merchant typed it: numbers in full (12345678, never 1.23457E+07), strings as they are
  const text = (cell: { t: string; v?: unknown; w?: string }) => (cell.t === 'n' || cell.t === 'b' || cell.t === 's' ? String(cell.v) : (cell.w ?? String(cell.v)));
  // only the cells present (a sheet may declare a range far wider than what it holds)
  const byRow = new Map<number, string[]>();
  for (const key of Object.keys(sheet)) {
    if (key.startsWith('!')) continue;
    const cell = sheet[key] as { t: string; v?: unknown; w?: string };
    if (cell.t === 'z' || cell.v === undefined || cell.v === null) continue;
    const { r, c } = XLSX.utils.decode_cell(key);
    const cells = byRow.get(r) ?? [];
    cells[c] = text(cell);
    byRow.set(r, cells);
  }
  return [...byRow.entries()].sort((x, y) => x[0] - y[0]).map(([r, cells]) => ({ line: r + 1, cells: Array.from(cells, (t) => t ?? '') }));
}
