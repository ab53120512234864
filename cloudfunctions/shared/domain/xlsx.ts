/**
 * The XLSX workbooks the admin downloads (导出订单, 数据中心's reports), written with @e965/xlsx (loaded when first
 * needed), and the Beijing-time stamp their file names carry.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface XlsxSheet {
  name: string;
  header: readonly string[];
  /** text cells stay text (a long number as text keeps its digits); numbers are number cells */
  rows: (string | number)[][];
  /** column widths in characters; default: from the header */
  widths?: number[];
}

/** one workbook of the sheets, as its bytes */
export async function xlsxBytes(sheets: XlsxSheet[]): Promise<Buffer> {
  const XLSX = await import('@e965/xlsx');
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const sheet = XLSX.utils.aoa_to_sheet([[...s.header], ...s.rows]);
    sheet['!cols'] = s.header.map((h, i) => ({ wch: s.widths?.[i] ?? Math.max(10, h.length * 2) }));
    XLSX.utils.book_append_sheet(wb, sheet, s.name);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/** `YYYYMMDD-HHmmss` in Beijing time, for a file name */
export const fileStamp = (now: Date): string => dayjs(now).tz('Asia/Shanghai').format('YYYYMMDD-HHmmss');
