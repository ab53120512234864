import qrcode from 'qrcode-generator';
import { qrMatrix, rowRuns } from './qr';

describe('QR codes', () => {
  it('are a square of modules with the three finder patterns', () => {
    const m = qrMatrix('123456789012');
    const n = m.length;
    expect(n).toBe(21); // 12 digits fit version 1 in numeric mode
    for (const row of m) expect(row).toHaveLength(n);
    // each finder's outer ring is dark, the ring inside it light, its centre dark
    for (const [r, c] of [[0, 0], [0, n - 7], [n - 7, 0]]) {
      expect(m[r][c]).toBe(true);
      expect(m[r + 6][c + 6]).toBe(true);
      expect(m[r + 1][c + 1]).toBe(false);
      expect(m[r + 3][c + 3]).toBe(true);
    }
  });
  it('are the library’s modules for the text', () => {
    const qr = qrcode(0, 'M');
    qr.addData('987654321098', 'Numeric');
    qr.make();
    const m = qrMatrix('987654321098');
    m.forEach((row, r) => row.forEach((dark, c) => expect(dark).toBe(qr.isDark(r, c))));
    expect(qrMatrix('987654321098')).not.toEqual(qrMatrix('987654321099'));
  });
  it('encode other text in byte mode', () => {
    expect(qrMatrix('https://example.com/p?id=1').length).toBeGreaterThan(21);
  });
  it('split a row into runs that add up to the row', () => {
    expect(rowRuns([true, true, false, true, false, false, false])).toEqual([
      [true, 2],
      [false, 1],
      [true, 1],
      [false, 3],
    ]);
    expect(rowRuns([])).toEqual([]);
    for (const row of qrMatrix('123456789012')) {
      const runs = rowRuns(row);
      expect(runs.reduce((s, [, len]) => s + len, 0)).toBe(row.length);
      expect(runs.flatMap(([dark, len]) => Array(len).fill(dark))).toEqual(row);
    }
  });
});
