/**
 * Demo credentials for running the shop against the simulator locally: one merchant and the platform key pair,
 * generated once into a JSON file (RSA-2048, PEM pkcs8/spki) and reused on later starts so that signatures made by
 * a running product keep verifying across restarts.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SimOptions } from './sim';

export interface DemoKeys {
  mchid: string;
  appid: string;
  /** merchant certificate serial: 40 hex digits, upper case */
  serialNo: string;
  merchantPrivateKey: string;
  merchantPublicKey: string;
  /** 32 characters */
  apiV3Key: string;
  /** public-key mode serial, `PUB_KEY_ID_...` */
  platformSerial: string;
  platformPrivateKey: string;
  platformPublicKey: string;
}

export const DEMO_MCHID = '1900000109';
export const DEMO_APPID = 'wx0123456789abcdef';
export const DEMO_MERCHANT_NAME = '微商城演示商户';

const pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey, publicKey };
};

export function generateDemoKeys(): DemoKeys {
  const merchant = pem();
  const platform = pem();
  const digits = Array.from(randomBytes(16), (b) => String(b % 10)).join('');
  return {
    mchid: DEMO_MCHID,
    appid: DEMO_APPID,
    serialNo: randomBytes(20).toString('hex').toUpperCase(),
    merchantPrivateKey: merchant.privateKey,
    merchantPublicKey: merchant.publicKey,
    apiV3Key: randomBytes(16).toString('hex'),
    platformSerial: `PUB_KEY_ID_01${DEMO_MCHID}${digits}`,
    platformPrivateKey: platform.privateKey,
    platformPublicKey: platform.publicKey,
  };
}

const FIELDS: (keyof DemoKeys)[] = ['mchid', 'appid', 'serialNo', 'merchantPrivateKey', 'merchantPublicKey', 'apiV3Key', 'platformSerial', 'platformPrivateKey', 'platformPublicKey'];

/** Reads the keys from `file`, or generates them and writes the file (mode 0600, created atomically: concurrent starts agree on one set) when it is missing. */
export async function loadOrCreateDemoKeys(file: string): Promise<DemoKeys> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== undefined) {
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(text);
    } catch {
      throw new Error(`${file} is not JSON: delete it to generate new demo keys`);
    }
    const missing = FIELDS.filter((k) => typeof v[k] !== 'string' || !v[k]);
    if (missing.length) throw new Error(`${file} lacks ${missing.join(', ')}: delete it to generate new demo keys`);
    return Object.fromEntries(FIELDS.map((k) => [k, v[k]])) as unknown as DemoKeys;
  }
  const keys = generateDemoKeys();
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  try {
    // link() creates the file only if it does not exist: of two processes starting at once, one set of keys wins
    await link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return loadOrCreateDemoKeys(file);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return keys;
}

/** Simulator options for the demo merchant; refunds settle SUCCESS after 1.5 s unless `extra` says otherwise. */
export function demoSimulatorOptions(k: DemoKeys, extra: Partial<SimOptions> = {}): SimOptions {
  return {
    merchants: [{ mchid: k.mchid, appid: k.appid, serialNo: k.serialNo, publicKey: k.merchantPublicKey, apiV3Key: k.apiV3Key, name: DEMO_MERCHANT_NAME }],
    platform: { serial: k.platformSerial, privateKey: k.platformPrivateKey },
    refunds: { autoSettle: { status: 'SUCCESS', afterMs: 1500 } },
    ...extra,
  };
}
