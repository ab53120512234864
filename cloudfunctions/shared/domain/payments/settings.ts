/**
 * The merchant's WeChat Pay settings. Secrets (the API private key and the APIv3 key) are written by the owner and
 * read only by the payments client: no handler answers them, and `view()` is the only shape that leaves this module.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { z } from 'zod';
import { PaymentSettingsInput, WXPAY_BASE_URL, type PaymentSettingsView } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import type { WxpayConfig } from './client';
import { readSecret, writeSecret } from '../settings/secrets';

const DOC = 'wxpay' as const;
interface Stored {
  mchid: string;
  appid: string;
  serialNo: string;
  privateKey: string;
  apiV3Key: string;
  platformKeys: { serial: string; publicKey: string }[];
  baseUrl: string;
  updatedAt: string;
}

async function load(db: Database): Promise<Stored | null> {
  const d = await readSecret(db, DOC);
  return d ? (d as unknown as Stored) : null;
}

export const view = (s: Stored | null): PaymentSettingsView => ({
  configured: !!s && !!s.privateKey && !!s.apiV3Key && s.platformKeys.length > 0,
  mchid: s?.mchid ?? null,
  appid: s?.appid ?? null,
  serialNo: s?.serialNo ?? null,
  privateKeySet: !!s?.privateKey,
  apiV3KeySet: !!s?.apiV3Key,
  platformSerials: s?.platformKeys.map((k) => k.serial) ?? [],
  baseUrl: s?.baseUrl ?? WXPAY_BASE_URL,
  updatedAt: s?.updatedAt ?? null,
});

export async function getPaymentSettings(db: Database): Promise<PaymentSettingsView> {
  return view(await load(db));
}

/** Saves; a secret left out keeps the stored one. Keys are parsed before anything is written. */
export async function savePaymentSettings(db: Database, input: z.output<typeof PaymentSettingsInput>, now: Date): Promise<PaymentSettingsView> {
  const current = await load(db);
  const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);
  if (input.privateKey) {
    try {
      createPrivateKey(input.privateKey);
    } catch {
      throw bad('privateKey', 'the private key does not parse');
    }
  }
  for (const [i, k] of (input.platformKeys ?? []).entries()) {
    try {
      createPublicKey(k.publicKey);
    } catch {
      throw bad(`platformKeys.${i}.publicKey`, 'the platform key or certificate does not parse');
    }
  }
  const next: Stored = {
    mchid: input.mchid,
    appid: input.appid,
    serialNo: input.serialNo,
    privateKey: input.privateKey ?? current?.privateKey ?? '',
    apiV3Key: input.apiV3Key ?? current?.apiV3Key ?? '',
    platformKeys: input.platformKeys ?? current?.platformKeys ?? [],
    baseUrl: input.baseUrl,
    updatedAt: now.toISOString(),
  };
  await writeSecret(db, DOC, next as unknown as Record<string, unknown>);
  return view(next);
}

/** The payments client's configuration, or null until the owner has entered every piece. */
export async function clientConfig(db: Database, notifyUrl: string): Promise<WxpayConfig | null> {
  const s = await load(db);
  if (!s || !view(s).configured) return null;
  return {
    appid: s.appid,
    mchid: s.mchid,
    serialNo: s.serialNo,
    privateKey: s.privateKey,
    apiV3Key: s.apiV3Key,
    platformKeys: Object.fromEntries(s.platformKeys.map((k) => [k.serial, k.publicKey])),
    baseUrl: s.baseUrl,
    notifyUrl,
  };
}
