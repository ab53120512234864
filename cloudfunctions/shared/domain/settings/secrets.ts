/**
 * Merchant secrets (settings owns `secrets`; see schema.ts): one document per outside system (`wxpay` for WeChat
 * Pay, `jdy` for the Jingdou Cloud client secret, `wxapp` for the mini-program's AppSecret). Only the payments and sync code call these; no handler answers them.
 */
import type { Database } from '../../db/types';

export type SecretName = 'wxpay' | 'jdy' | 'wxapp';

/** The stored secret document (without its id), or undefined. */
export async function readSecret(db: Database, name: SecretName): Promise<Record<string, unknown> | undefined> {
  const d = (await db.collection('secrets').doc(name).get()).data[0];
  if (!d) return undefined;
  const { _id: _i, ...rest } = d;
  return rest;
}

/** Replaces the secret document. */
export async function writeSecret(db: Database, name: SecretName, doc: Record<string, unknown>): Promise<void> {
  await db.collection('secrets').doc(name).set(doc);
}
