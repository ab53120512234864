/** WeChat Pay merchant settings: secrets go in, and only whether they are set comes out. */
import { z } from 'zod';

const Pem = (kind: string) =>
  z
    .string()
    .trim()
    .max(10_000)
    .regex(new RegExp(`^-----BEGIN ${kind}-----[\\s\\S]+-----END ${kind}-----$`), `a PEM ${kind.toLowerCase()}`);

export const WXPAY_BASE_URL = 'https://api.mch.weixin.qq.com';

export const PaymentSettingsInput = z
  .object({
    mchid: z.string().trim().regex(/^\d{8,12}$/, 'the 商户号: 8–12 digits'),
    appid: z.string().trim().regex(/^wx[0-9a-f]{16}$/, 'the mini-program AppID: wx + 16 hex characters'),
    /** the merchant API certificate's serial number */
    serialNo: z.string().trim().regex(/^[0-9A-Fa-f]{8,40}$/, 'the certificate serial number (hex)'),
    /** omitted on a later save: the stored key stays */
    privateKey: z.union([Pem('PRIVATE KEY'), Pem('RSA PRIVATE KEY')]).optional(),
    /** the APIv3 key, 32 characters; omitted on a later save: the stored key stays */
    apiV3Key: z.string().length(32, 'the APIv3 key is 32 characters').optional(),
    /** WeChat's platform certificates or public keys (public-key mode: PUB_KEY_ID_...), by serial */
    platformKeys: z
      .array(z.object({ serial: z.string().trim().min(8).max(64), publicKey: z.union([Pem('PUBLIC KEY'), Pem('CERTIFICATE')]) }).strict())
      .max(5)
      .optional(),
    /** WeChat Pay, or the local simulator */
    baseUrl: z.string().trim().url().default(WXPAY_BASE_URL),
  })
  .strict();
export type PaymentSettingsInput = z.input<typeof PaymentSettingsInput>;

/** What any response may show: never a key, only whether one is set. */
export interface PaymentSettingsView {
  configured: boolean;
  mchid: string | null;
  appid: string | null;
  serialNo: string | null;
  privateKeySet: boolean;
  apiV3KeySet: boolean;
  platformSerials: string[];
  baseUrl: string;
  updatedAt: string | null;
}

export interface PaymentAdminApi {
  settings: { input: Record<string, never>; output: PaymentSettingsView };
  saveSettings: { input: PaymentSettingsInput; output: PaymentSettingsView };
}
