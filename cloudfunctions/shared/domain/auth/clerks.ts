/** The staff accounts of a store, as the stores admin sees them (auth owns `admins`; see schema.ts). */
import type { Database } from '../../db/types';

/** The usernames of a store's clerks (up to 100). */
export async function clerkNamesOf(db: Database, storeId: string): Promise<string[]> {
  const { data } = await db.collection('admins').where({ storeId }).field({ username: true }).limit(100).get();
  return data.map((c) => String(c.username));
}

/** How many staff accounts belong to a store. */
export async function clerkCountOf(db: Database, storeId: string): Promise<number> {
  return (await db.collection('admins').where({ storeId }).count()).total;
}
