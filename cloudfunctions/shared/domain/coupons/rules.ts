/** Pure coupon rules: code generation, state transitions, what a shopper's code looks like now. Table-tested. */
import { randomBytes } from 'node:crypto';
import type { CodeStatus, CouponStatus, MyCouponState } from '@shop/types';

/**
 * The alphabet of generated codes: upper-case letters and digits without the look-alikes 0 O 1 I (32 symbols,
 * so one random byte masked to 5 bits picks a symbol with no bias).
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** 12 symbols × 5 bits = 60 bits of randomness per code: unguessable, and collisions negligible at shop scale. */
export const CODE_RANDOM_LENGTH = 12;

/** `prefix` + 12 random symbols. */
export function generateCode(prefix: string, random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(CODE_RANDOM_LENGTH);
  let s = prefix;
  for (let i = 0; i < CODE_RANDOM_LENGTH; i++) s += CODE_ALPHABET[bytes[i] & 31];
  return s;
}

/** An unguessable URL-safe token (claim links): 128 bits, base64url. */
export const newToken = (random: (n: number) => Buffer = randomBytes) => random(16).toString('base64url');

/** Codes are compared case-insensitively: stored upper case, trimmed. */
export const normaliseCode = (code: string) => code.trim().toUpperCase();
export const CODE_RE = /^[A-Z0-9_-]{4,32}$/;

/** Coupon definition states. Published coupons can't be edited; only published ones can be voided. */
export type CouponAction = 'update' | 'publish' | 'void' | 'importCodes' | 'distribute' | 'claim';
const ALLOWED: Record<CouponAction, CouponStatus[]> = {
  update: ['draft'],
  importCodes: ['draft'],
  publish: ['draft'],
  void: ['published'],
  distribute: ['published'],
  claim: ['published'],
};
export const canDo = (action: CouponAction, status: CouponStatus) => ALLOWED[action].includes(status);

/**
 * Normal codes: which code states a step moves from and to. Voiding a coupon (废弃) voids only the codes nobody has
 * claimed yet; a code a shopper holds stays usable until the coupon's own validTo (seed 3.5).
 */
export const CODE_TRANSITIONS: Record<'assign' | 'consume' | 'release' | 'void', { from: CodeStatus[]; to: CodeStatus }> = {
  assign: { from: ['available'], to: 'held' },
  consume: { from: ['held'], to: 'used' },
  release: { from: ['used'], to: 'held' },
  void: { from: ['available'], to: 'void' },
};
export const codeCan = (step: keyof typeof CODE_TRANSITIONS, status: CodeStatus) => CODE_TRANSITIONS[step].from.includes(status);

/** Is `now` inside [validFrom, validTo]? */
export const withinValidity = (c: { validFrom: string; validTo: string }, now: Date) => {
  const t = now.getTime();
  return Date.parse(c.validFrom) <= t && t <= Date.parse(c.validTo);
};

/** What a held code means to the shopper now. */
export function shopperState(code: { status: CodeStatus }, c: { validFrom: string; validTo: string }, now: Date): MyCouponState {
  if (code.status === 'used') return 'used';
  if (code.status === 'void') return 'void';
  const t = now.getTime();
  if (t > Date.parse(c.validTo)) return 'expired';
  if (t < Date.parse(c.validFrom)) return 'not_started';
  return 'usable';
}

/** Do two intervals overlap (open ends allowed)? For the list's validity-window filter. */
export const overlaps = (c: { validFrom: string; validTo: string }, from?: string, to?: string) =>
  (!from || Date.parse(c.validTo) >= Date.parse(from)) && (!to || Date.parse(c.validFrom) <= Date.parse(to));

/** Fisher–Yates on a copy, first `n` (spreads concurrent claimers over different candidate codes). */
export function pickRandom<T>(items: T[], n: number, rnd: () => number = Math.random): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, Math.max(0, n));
}

/** One CSV field (RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets don't run it as a formula). */
export const csvField = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export const csvLine = (fields: unknown[]) => fields.map(csvField).join(',');

/** "满100.00减15.00" / "8.5折，最多减20.00" in words, for messages and exports. */
export function describeCoupon(c: { type: 'cash' | 'discount'; value: number; maxOff: number; threshold: number }): string {
  const yuan = (f: number) => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;
  const cond = c.threshold > 0 ? `满${yuan(c.threshold)}` : '无门槛';
  if (c.type === 'cash') return `${cond}减${yuan(c.value)}`;
  const zhe = (c.value / 100).toString();
  return `${cond}打${zhe}折${c.maxOff > 0 ? `，最多减${yuan(c.maxOff)}` : ''}`;
}
