import { Input, type InputProps } from 'antd';
import type { Rule } from 'antd/es/form';
import { parseYuan } from '@shop/types';

/** A price typed in yuan (up to two decimals); the value stays a string until it is parsed to fen. */
export function YuanInput(props: InputProps) {
  return <Input prefix="¥" inputMode="decimal" placeholder="0.00" autoComplete="off" {...props} />;
}

/** Form rule: empty is allowed unless required; otherwise a yuan amount with at most two decimals. */
export const yuanRule = (required = false): Rule => ({
  validator: async (_r, v: unknown) => {
    const text = v === undefined || v === null ? '' : String(v).trim();
    if (text === '') {
      if (required) throw new Error('请输入金额');
      return;
    }
    if (parseYuan(text) === null) throw new Error('请输入金额，如 12.50（最多两位小数）');
  },
});

/** '' -> undefined, otherwise fen (or null when not a price). */
export const optionalFen = (v: unknown): number | null | undefined => {
  const text = v === undefined || v === null ? '' : String(v).trim();
  return text === '' ? undefined : parseYuan(text);
};
