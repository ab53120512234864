/**
 * A spreadsheet the merchant uploads (CSV, XLS or XLSX), as rows of text cells from the first sheet. The kind is
 * decided by the file's first bytes, never its name. SheetJS (@e965/xlsx, the maintained 0.20 line) reads both
 * Excel formats; CSV goes through papaparse.
 */
import Papa from 'papaparse';
import { AppError } from '../../runtime/errors';

export interface SheetRow {
  line: number;
  cells: string[];
}

const invalid = (message: string) => new AppError('IMPORT_INVALID', message);

export async function readSheet(contentBase64: string, limits: { maxBytes: number; maxRows: number }): Promise<SheetRow[]> {
  const clean = contentBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new AppError('VALIDATION_FAILED', 'the file is not base64', [{ path: 'contentBase64', message: 'not base64' }]);
  const bytes = Buffer.from(clean, 'base64');
  if (bytes.length === 0) throw invalid('the file is empty');
  if (bytes.length > limits.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `the file may be at most ${limits.maxBytes / 1024 / 1024} MB`);
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const cfb = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  let rows: SheetRow[];
  if (zip || cfb) {
    const XLSX = await import('@e965/xlsx');
    let wb;
    try {
      wb = XLSX.read(bytes, { type: 'buffer', cellText: true, cellDates: false, sheetRows: limits.maxRows + 2 });
    } catch {
      throw invalid('the file could not be read as an Excel workbook');
    }
    const sheet = wb.Sheets[wb.SheetNames[0]];
    if (!sheet) return [];
    const data = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: false, defval: '', blankrows: false });
    rows = data.map((cells, i) => ({ line: i + 1, cells: cells.map((c) => String(c ?? '')) }));
  } else {
    const text = bytes.toString('utf8');
    if (text.includes('\uFFFD')) throw invalid('the CSV file is not UTF-8 text (save it as "CSV UTF-8")');
    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: false });
    rows = parsed.data.map((cells, i) => ({ line: i + 1, cells: (cells ?? []).map((c) => String(c ?? '')) }));
  }
  const filled = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (filled.length > limits.maxRows + 1) throw invalid(`at most ${limits.maxRows} rows per file (found ${filled.length - 1} or more)`);
  return filled;
}
