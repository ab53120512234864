/**
 * The one check every function input passes before its schema, at the edge (`dispatch`): no string or key may hold
 * U+0000 (PostgreSQL text and many stores refuse it) or a lone UTF-16 surrogate (not valid Unicode: it cannot be
 * stored or sent as UTF-8), and objects may nest at most MAX_INPUT_DEPTH levels. A problem is named by its path,
 * as zod names its issues.
 */
export const MAX_INPUT_DEPTH = 32;
const MAX_PROBLEMS = 10;

export interface InputProblem {
  path: string;
  code: 'nul_character' | 'lone_surrogate' | 'too_deep';
  message: string;
}

// a high surrogate not followed by a low one, or a low one not preceded by a high one
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const stringProblem = (s: string): InputProblem['code'] | null =>
  s.includes('\u0000') ? 'nul_character' : LONE_SURROGATE.test(s) ? 'lone_surrogate' : null;

const MESSAGES: Record<InputProblem['code'], string> = {
  nul_character: 'text may not contain the NUL character (U+0000)',
  lone_surrogate: 'text is not valid Unicode (a lone UTF-16 surrogate)',
  too_deep: `the input nests deeper than ${MAX_INPUT_DEPTH} levels`,
};

/** a key shown in a path: its troublesome characters escaped so the answer itself is valid text */
const showKey = (k: string) => k.replace(/[\u0000\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The problems of one input value (empty when it is fine); walks without recursion, stops after a few. */
export function inputProblems(value: unknown): InputProblem[] {
  const out: InputProblem[] = [];
  const add = (path: string[], code: InputProblem['code']) => out.push({ path: path.join('.'), code, message: MESSAGES[code] });
  const stack: Array<{ v: unknown; path: string[] }> = [{ v: value, path: [] }];
  while (stack.length && out.length < MAX_PROBLEMS) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const p = stringProblem(v);
      if (p) add(path, p);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      add(path, 'too_deep');
      continue;
    }
    const entries: Array<[string, unknown]> = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i];
      const kp = Array.isArray(v) ? null : stringProblem(k);
      if (kp) {
        add([...path, showKey(k)], kp);
        continue;
      }
      stack.push({ v: x, path: [...path, k] });
    }
  }
  return out;
}
