import { createHash, randomBytes } from 'node:crypto';
import type { AdminRole, Caller } from '@shop/types';
import type { Database } from '../../db/types';
import { isBlocked } from '../members/shoppers';

export const MERCHANT_SESSION_HOURS = 12;
export const SHOPPER_SESSION_DAYS = 30;

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

interface SessionDoc {
  _id: string;
  kind: 'merchant' | 'shopper';
  subject: string;
  expiresAt: string;
  createdAt: string;
}

/** Creates a session; only the token's hash is stored, so a database dump reveals no usable token. */
export async function createSession(db: Database, kind: SessionDoc['kind'], subject: string, now: Date) {
  const token = randomBytes(32).toString('base64url');
  const ms = kind === 'merchant' ? MERCHANT_SESSION_HOURS * 3600e3 : SHOPPER_SESSION_DAYS * 86400e3;
  const expiresAt = new Date(now.getTime() + ms).toISOString();
  await db.collection('sessions').doc(tokenId(token)).set({ kind, subject, expiresAt, createdAt: now.toISOString() });
  return { token, expiresAt };
}

export async function endSession(db: Database, token: string) {
  await db.collection('sessions').doc(tokenId(token)).remove();
}

/** Ends every session of a shopper (blacklisting); answers how many. */
export async function endShopperSessions(db: Database, openid: string): Promise<number> {
  return (await db.collection('sessions').where({ subject: openid, kind: 'shopper' }).remove()).deleted;
}

/**
 * Who holds this token: the session must exist and be unexpired; a merchant's account must still be active,
 * and the role and store are read fresh from the account (a demoted or disabled admin loses rights at once).
 */
export async function resolveCaller(db: Database, token: string | undefined, now: Date): Promise<Caller> {
  if (!token || token.length > 200) return { kind: 'anonymous' };
  const { data } = await db.collection('sessions').doc(tokenId(token)).get();
  const s = data[0] as unknown as SessionDoc | undefined;
  if (!s || s.expiresAt <= now.toISOString()) return { kind: 'anonymous' };
  if (s.kind === 'shopper') {
    // the blocked shoppers come from this instance's short-lived list: one read per request identifies a shopper
    return (await isBlocked(db, s.subject)) ? { kind: 'anonymous' } : { kind: 'shopper', openid: s.subject };
  }
  const admin = (await db.collection('admins').doc(s.subject).get()).data[0] as unknown as
    | { username: string; role: AdminRole; storeId: string | null; disabled?: boolean }
    | undefined;
  if (!admin || admin.disabled) return { kind: 'anonymous' };
  return { kind: 'merchant', adminId: s.subject, username: admin.username, role: admin.role, storeId: admin.storeId ?? null };
}
