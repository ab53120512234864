import type { AdminRole, MerchantSession, ShopperHello, ShopperSession } from '@shop/types';
import type { Database } from '../../db/types';
import { DbError } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { clearAttempts, takeAttempt } from './attempts';
import { createSession } from './sessions';
import { grantRegistrationGift } from '../coupons/registration';
import { addShopper, shopperDoc, updateShopper } from '../members/shoppers';

export interface AdminDoc {
  _id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: AdminRole;
  storeId: string | null;
  disabled: boolean;
  createdAt: string;
}

const ATTEMPTS = 'login_attempts';
const attemptKey = (username: string) => `u:${username.toLowerCase()}`;

/** Same answer for an unknown user and a wrong password; failures per username slow down (see throttle.ts, attempts.ts). */
export async function merchantLogin(db: Database, username: string, password: string, now: Date): Promise<MerchantSession> {
  // this attempt is counted as failed before the password is checked (atomically: parallel guesses queue up)
  const wait = await takeAttempt(db, ATTEMPTS, attemptKey(username), now);
  if (wait > 0) {
    throw new AppError('LOGIN_THROTTLED', `too many failed logins, try again in ${wait} s`, { retryAfterSeconds: wait });
  }
  const found = (await db.collection('admins').where({ username: username.toLowerCase() }).limit(1).get()).data[0] as unknown as
    | AdminDoc
    | undefined;
  const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
  if (!found || !ok) throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
  await clearAttempts(db, ATTEMPTS, attemptKey(username));
  if (found.disabled) throw new AppError('ACCOUNT_DISABLED', 'this account is disabled');
  const { token, expiresAt } = await createSession(db, 'merchant', found._id, now);
  return {
    token,
    expiresAt,
    admin: { _id: found._id, username: found.username, displayName: found.displayName, role: found.role, storeId: found.storeId },
  };
}

export async function createAdmin(
  db: Database,
  a: { _id?: string; username: string; displayName: string; password: string; role: AdminRole; storeId?: string | null },
  now: Date,
): Promise<string> {
  const doc = {
    username: a.username.toLowerCase(),
    displayName: a.displayName,
    passwordHash: await hashPassword(a.password),
    role: a.role,
    storeId: a.storeId ?? null,
    disabled: false,
    createdAt: now.toISOString(),
  };
  if (a._id) {
    await db.collection('admins').doc(a._id).set(doc);
    return a._id;
  }
  return (await db.collection('admins').add(doc)).id;
}

export interface ShopperProfile {
  nickname?: string;
  avatar?: string;
}
/** the nickname of a shopper who has not chosen one (WeChat's own word for it) */
export const DEFAULT_NICKNAME = '微信用户';

interface ShopperDoc {
  nickname: string;
  avatar: string | null;
  blocked?: boolean;
}

const isDuplicate = (e: unknown) => e instanceof DbError && e.code === 'DATABASE_DUPLICATE_WRITE';

/**
 * The one place a shopper document is created: on WeChat by `member.hello` (the OPENID comes with every call, there is
 * no login), locally by `localShopperLogin`. A missing document is created with `add` (the unique `_id` makes two
 * concurrent first calls one creation: the loser reads the winner's document) and a NEW shopper gets the registration
 * gift, once (its grant is idempotent per openid; a failure is logged, never thrown). For an existing shopper, a
 * nickname or avatar given that differs from the stored one is saved. A blocked shopper: ACCOUNT_DISABLED.
 * `defaultNickname` names a new shopper who gave no nickname.
 */
export async function ensureShopper(
  db: Database,
  openid: string,
  profile: ShopperProfile,
  now: Date,
  defaultNickname = DEFAULT_NICKNAME,
): Promise<ShopperHello> {
  let shopper = (await shopperDoc(db, openid)) as unknown as ShopperDoc | undefined;
  let isNew = false;
  if (!shopper) {
    const fresh = { nickname: profile.nickname ?? defaultNickname, avatar: profile.avatar ?? null };
    try {
      await addShopper(db, openid, { ...fresh, blocked: false, createdAt: now.toISOString() });
      shopper = fresh;
      isNew = true;
    } catch (e) {
      if (!isDuplicate(e)) throw e;
      shopper = (await shopperDoc(db, openid)) as unknown as ShopperDoc; // created at the same moment by another call
    }
  }
  if (shopper.blocked) throw new AppError('ACCOUNT_DISABLED', 'this shopper is blocked');
  if (isNew) {
    // 注册送券: a failure to grant must not break the first call
    await grantRegistrationGift(db, openid, now).catch((e) => console.error('registration gift failed', openid, e));
  } else {
    const patch: Partial<ShopperDoc> = {};
    if (profile.nickname !== undefined && profile.nickname !== shopper.nickname) patch.nickname = profile.nickname;
    if (profile.avatar !== undefined && profile.avatar !== shopper.avatar) patch.avatar = profile.avatar;
    if (Object.keys(patch).length) {
      await updateShopper(db, openid, patch);
      shopper = { ...shopper, ...patch };
    }
  }
  return { openid, nickname: shopper.nickname, avatar: shopper.avatar ?? null, isNew };
}

/** Local stand-in for wx.login: a code names a test shopper. In production the OPENID comes from the platform. */
export async function localShopperLogin(db: Database, code: string, now: Date): Promise<ShopperSession> {
  const openid = `local-${code}`;
  const shopper = await ensureShopper(db, openid, {}, now, `测试顾客 ${code}`);
  const { token, expiresAt } = await createSession(db, 'shopper', openid, now);
  return { token, expiresAt, shopper: { openid, nickname: shopper.nickname, avatar: shopper.avatar } };
}
