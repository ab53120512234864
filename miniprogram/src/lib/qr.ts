/**
 * QR codes drawn with plain views (works the same on H5 and weapp, no canvas): qrcode-generator (pure JS) computes
 * the modules; each row becomes runs of equally coloured modules, so a 21×21 code is a few hundred views at most.
 */
import qrcode from 'qrcode-generator';

/** The modules of `text`'s QR code, row by row (true = dark). Digits only use numeric mode, the smallest code. */
export const qrMatrix = (text: string, level: 'L' | 'M' | 'Q' | 'H' = 'M'): boolean[][] => {
  const qr = qrcode(0, level);
  qr.addData(text, /^\d+$/.test(text) ? 'Numeric' : 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (__, c) => qr.isDark(r, c)));
};

/** One row's runs of equal modules, left to right: [dark, length]. */
export type QrRun = [dark: boolean, length: number];

export const rowRuns = (row: boolean[]): QrRun[] => {
  const runs: QrRun[] = [];
  for (const dark of row) {
    const last = runs[runs.length - 1];
    if (last && last[0] === dark) last[1] += 1;
    else runs.push([dark, 1]);
  }
  return runs;
};
