import { formatYuan, parseYuan } from './money';

test.each([
  [0, '0.00'],
  [5, '0.05'],
  [1234, '12.34'],
  [100000, '1000.00'],
  [-250, '-2.50'],
])('formatYuan(%i) = %s', (fen, s) => expect(formatYuan(fen)).toBe(s));

test.each([
  ['12.34', 1234],
  ['12.3', 1230],
  ['12', 1200],
  [' 0.05 ', 5],
  ['12.345', null],
  ['-1', null],
  ['1e3', null],
  ['', null],
  ['abc', null],
])('parseYuan(%j) = %p', (s, fen) => expect(parseYuan(s)).toBe(fen));
