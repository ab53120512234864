/** The shopper's address book. */
import type { z } from 'zod';
import type { Address, AddressInput } from '@shop/types';
import type { Database } from '../../db/types';
import { regionMismatch } from '@shop/types/src/regions';
import { AppError, notFound } from '../../runtime/errors';
import { newId } from '../catalog/products';
import { listAddresses } from './checkout';
import { TX_RETRIES } from './lifecycle';

export const ADDRESSES_MAX = 20;

export async function saveAddress(db: Database, openid: string, input: z.output<typeof AddressInput>): Promise<Address> {
  const { id, ...fields } = input;
  // picked from the region table: the names must be the codes' own (an address typed before the picker has no codes)
  if (fields.provinceCode !== undefined) {
    const bad = regionMismatch({ ...fields, provinceCode: fields.provinceCode, cityCode: fields.cityCode ?? '', districtCode: fields.districtCode ?? '' });
    if (bad) throw new AppError('VALIDATION_FAILED', 'the province, city and district are not one region', [{ path: bad, code: 'region_mismatch', message: 'not a region of this name' }]);
  }
  const existing = await listAddresses(db, openid);
  if (id && !existing.some((a) => a._id === id)) throw notFound('address');
  if (!id && existing.length >= ADDRESSES_MAX) throw new AppError('VALIDATION_FAILED', `at most ${ADDRESSES_MAX} addresses`);
  const _id = id ?? newId();
  // there is always exactly one default: the first address, or the one saved as default; un-defaulting the
  // current default keeps it until another one is made default
  const wasDefault = existing.some((a) => a._id === _id && a.isDefault);
  const isDefault = fields.isDefault || existing.length === 0 || wasDefault || (existing.length === 1 && existing[0]._id === _id);
  // clearing the old default and writing this one are one transaction: a failed save leaves the old default
  const oldDefaults = isDefault ? existing.filter((a) => a.isDefault && a._id !== _id).map((a) => a._id) : [];
  await db.runTransaction(async (tx) => {
    for (const other of oldDefaults) {
      const cur = (await tx.collection('addresses').doc(other).get()).data;
      if (cur?.openid === openid && cur.isDefault) await tx.collection('addresses').doc(other).update({ isDefault: false });
    }
    if (id) {
      const cur = (await tx.collection('addresses').doc(_id).get()).data;
      if (cur?.openid !== openid) throw notFound('address'); // deleted meanwhile
    }
    await tx.collection('addresses').doc(_id).set({ ...fields, isDefault, openid });
  }, TX_RETRIES);
  return { _id, ...fields, isDefault };
}

export async function deleteAddress(db: Database, openid: string, id: string): Promise<{ deleted: number }> {
  const r = await db.collection('addresses').where({ _id: id, openid }).remove();
  if (!r.deleted) throw notFound('address');
  const rest = await listAddresses(db, openid);
  if (rest.length && !rest.some((a) => a.isDefault)) await db.collection('addresses').doc(rest[0]._id).update({ isDefault: true });
  return r;
}

/** The shoppers with an address of this phone number (the admin's customer search; up to 100). */
export async function openidsWithPhone(db: Database, number: string): Promise<string[]> {
  const { data } = await db.collection('addresses').where({ phone: number }).field({ openid: true }).limit(100).get();
  return [...new Set(data.map((d) => String(d.openid)))];
}
