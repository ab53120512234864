import { inputProblems, MAX_INPUT_DEPTH } from './input';

const nest = (levels: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

test.each<[string, unknown, { path: string; code: string } | null]>([
  ['plain values', { a: 'ok', b: [1, 'two', { c: true }], d: null }, null],
  ['CJK and emoji (a surrogate pair)', { name: '顾客 😀' }, null],
  ['NUL in a string', { a: 'x\u0000y' }, { path: 'a', code: 'nul_character' }],
  ['NUL deep in an array', { items: [{ name: 'ok' }, { name: '\u0000' }] }, { path: 'items.1.name', code: 'nul_character' }],
  ['NUL in a key', { ['k\u0000']: 1 }, { path: 'k\\u0000', code: 'nul_character' }],
  ['a lone high surrogate', { a: 'a\ud800b' }, { path: 'a', code: 'lone_surrogate' }],
  ['a lone low surrogate at the end', { a: 'ab\udc00' }, { path: 'a', code: 'lone_surrogate' }],
  ['a lone surrogate in a key', { ['\ud800']: 1 }, { path: '\\ud800', code: 'lone_surrogate' }],
  ['a top-level string', 'a\u0000', { path: '', code: 'nul_character' }],
  ['deep nesting', nest(MAX_INPUT_DEPTH + 1), { path: 'a.'.repeat(MAX_INPUT_DEPTH).slice(0, -1), code: 'too_deep' }],
  ['nesting at the bound', nest(MAX_INPUT_DEPTH), null],
])('%s', (_name, value, want) => {
  const got = inputProblems(value);
  if (!want) expect(got).toEqual([]);
  else expect(got[0]).toMatchObject(want);
});

test('10,000 levels are refused without a stack overflow', () => {
  expect(inputProblems(nest(10_000))[0].code).toBe('too_deep');
});

test('only the first few problems are listed', () => {
  expect(inputProblems({ list: Array.from({ length: 1000 }, () => '\u0000') }).length).toBeLessThanOrEqual(10);
});
