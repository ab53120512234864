/** Staff accounts of the merchant: owners manage them; a clerk belongs to one store; the last owner stays. */
import type { z } from 'zod';
import type { StaffAccount, StaffCreateInput, StaffUpdateInput } from '@shop/types';
import type { Database } from '../../db/types';
import { DbError } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { hashPassword } from './password';
import type { AdminDoc } from './service';
import { storeExists } from '../fulfilment/stores';

const toAccount = (d: AdminDoc): StaffAccount => ({
  _id: d._id,
  username: d.username,
  displayName: d.displayName,
  role: d.role,
  storeId: d.storeId,
  disabled: d.disabled,
  createdAt: d.createdAt,
});

export async function listStaff(db: Database): Promise<StaffAccount[]> {
  const { data } = await db.collection('admins').orderBy('createdAt', 'asc').limit(1000).get();
  return (data as unknown as AdminDoc[]).map(toAccount);
}

async function checkStore(db: Database, role: string, storeId: string | null) {
  if (role === 'clerk' && !storeId) throw new AppError('VALIDATION_FAILED', 'a clerk belongs to a store', [{ path: 'storeId', message: 'required for clerks' }]);
  if (storeId && !(await storeExists(db, storeId))) {
    throw new AppError('VALIDATION_FAILED', 'the store does not exist', [{ path: 'storeId', message: 'unknown store' }]);
  }
}

export async function createStaff(db: Database, input: z.output<typeof StaffCreateInput>, now: Date): Promise<StaffAccount> {
  await checkStore(db, input.role, input.storeId);
  const doc = {
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    storeId: input.role === 'clerk' ? input.storeId : null,
    disabled: false,
    createdAt: now.toISOString(),
  };
  try {
    const { id } = await db.collection('admins').add(doc);
    return toAccount({ _id: id, ...doc });
  } catch (e) {
    if (e instanceof DbError && e.code === 'DATABASE_DUPLICATE_WRITE') throw new AppError('NAME_TAKEN', `username "${input.username}" is taken`, [{ path: 'username', message: 'taken' }]);
    throw e;
  }
}

export async function updateStaff(db: Database, selfId: string, input: z.output<typeof StaffUpdateInput>): Promise<StaffAccount> {
  const ref = db.collection('admins').doc(input.id);
  const cur = (await ref.get()).data[0] as unknown as AdminDoc | undefined;
  if (!cur) throw notFound('staff account');
  const role = input.role ?? cur.role;
  const storeId = role === 'clerk' ? (input.storeId !== undefined ? input.storeId : cur.storeId) : null;
  await checkStore(db, role, storeId);
  // only an active owner counts: demoting an already disabled owner leaves the number of active owners as it was
  const losesOwner = cur.role === 'owner' && !cur.disabled && (role !== 'owner' || input.disabled === true);
  if (losesOwner) {
    if (input.id === selfId) throw new AppError('FORBIDDEN', 'you cannot demote or disable yourself');
    const owners = await db.collection('admins').where({ role: 'owner', disabled: false }).count();
    if (owners.total <= 1) throw new AppError('FORBIDDEN', 'the shop keeps at least one active owner');
  }
  const patch: Record<string, unknown> = { role, storeId };
  if (input.displayName !== undefined) patch.displayName = input.displayName;
  if (input.disabled !== undefined) patch.disabled = input.disabled;
  if (input.password !== undefined) patch.passwordHash = await hashPassword(input.password);
  await ref.update(patch);
  if (input.disabled || input.password !== undefined) {
    // end the account's sessions: a disabled account or a reset password must not keep old logins
    await db.collection('sessions').where({ subject: input.id }).remove();
  }
  return toAccount({ ...cur, ...(patch as Partial<AdminDoc>), _id: input.id });
}
