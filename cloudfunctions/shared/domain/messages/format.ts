/**
 * Pure: template values cut and formatted to WeChat's rules for each keyword type (the key's prefix: thing1 →
 * thing), so that a person still understands them. A `thing` longer than 20 characters keeps its first 19 and
 * ends with …, counted in characters (an emoji or a rare CJK character outside the BMP is one, never split);
 * `phrase` keeps up to 5 Chinese characters; `character_string` keeps printable ASCII, up to 32; `amount` is yuan
 * from fen ("¥12.50"); `date` and `time` are Beijing time ("2026-12-12 10:00"). A value that ends empty becomes
 * "-" (WeChat refuses empty values), except `phrase`, which only holds Chinese characters: "无".
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { MESSAGE_FIELDS, type SubscribeEvent } from '@shop/types';

dayjs.extend(utc);
dayjs.extend(timezone);

export const THING_MAX = 20;
export const PHRASE_MAX = 5;
export const CHARACTER_STRING_MAX = 32;
export const NAME_MAX = 10;
const ELLIPSIS = '…';

/** at most `max` characters (code points); a longer text keeps `max − 1` and ends with … */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('').trimEnd() + ELLIPSIS;
}

/** 12.50 yuan as WeChat's amount: "¥12.50" */
export const yuan = (fen: number) => `¥${(Math.round(fen) / 100).toFixed(2)}`;

/** an instant as Beijing time, "YYYY-MM-DD HH:mm" */
export const beijing = (at: string | Date) => dayjs(at).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm');

const orDash = (v: string) => v || '-';

/** one value for a keyword of type `type` (thing, phrase, character_string, amount, date, time, number …) */
export function fitValue(type: string, raw: string | number): string {
  const s = typeof raw === 'number' ? String(raw) : raw;
  switch (type) {
    case 'thing':
      return orDash(shorten(s, THING_MAX));
    case 'name':
      return orDash(shorten(s, NAME_MAX));
    case 'phrase':
      return Array.from(s.replace(/[^\p{Script=Han}]/gu, '')).slice(0, PHRASE_MAX).join('') || '无';
    case 'character_string':
      return orDash(s.replace(/[^\x21-\x7e]/g, '').slice(0, CHARACTER_STRING_MAX));
    case 'amount':
      return typeof raw === 'number' ? yuan(raw) : orDash(s);
    case 'date':
    case 'time':
      return typeof raw === 'string' && !Number.isNaN(Date.parse(raw)) ? beijing(raw) : orDash(s);
    case 'number':
      return orDash(s.replace(/[^\d.]/g, '').slice(0, CHARACTER_STRING_MAX));
    default:
      return orDash(shorten(s, THING_MAX));
  }
}

/** the keyword's type: thing1 → thing, character_string3 → character_string */
export const keywordType = (key: string) => key.replace(/\d+$/, '');

/**
 * An event's template data, from its values by keyword key (money in fen, times as ISO instants), in the order of
 * MESSAGE_FIELDS; a keyword without a value gets "-".
 */
export function templateData(event: SubscribeEvent, values: Record<string, string | number | null | undefined>): Record<string, string> {
  return Object.fromEntries(MESSAGE_FIELDS[event].map(({ key }) => [key, fitValue(keywordType(key), values[key] ?? '')]));
}

/** the goods of an order in a few words: the first line's name, and "等N件" when there are more lines */
export function goodsSummary(lines: { name: string; quantity: number }[]): string {
  if (!lines.length) return '';
  const more = lines.length > 1 ? `等${lines.reduce((n, l) => n + l.quantity, 0)}件` : '';
  const room = THING_MAX - Array.from(more).length;
  return shorten(lines[0].name, room) + more;
}
