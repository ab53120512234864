/**
 * The TC3-HMAC-SHA256 check of the local CloudBase fakes, computed with @cloudbase/signature-nodejs (the signer the
 * SDKs use). Two variants:
 * - `tcb`: @cloudbase/node-sdk's database endpoint (lower-case method, URL without scheme, sorted body parameters,
 *   timestamp in `x-timestamp`, `SignedParams` in the header);
 * - `cloudApi`: Tencent Cloud API 3.0 as @cloudbase/manager-node sends it (`POST /`, the JSON body hashed whole,
 *   timestamp in `X-TC-Timestamp`, the service in the credential scope).
 */
import type { IncomingMessage } from 'node:http';

/* eslint-disable @typescript-eslint/no-require-imports */
type SignFn = (o: Record<string, unknown>) => { authorization: string };
const signer = (): SignFn => (require('@cloudbase/signature-nodejs') as { sign: SignFn }).sign;

export interface Tc3Credentials {
  secretId: string;
  secretKey: string;
}

/** Why a signature was refused (the fakes answer it with their own error code). */
export class Tc3Error extends Error {}

export type Tc3Variant = { kind: 'tcb' } | { kind: 'cloudApi'; service: string };

/** Throws Tc3Error unless `req`'s Authorization header signs `body` with `cred`. */
export function verifyTc3(req: IncomingMessage, body: Record<string, unknown>, cred: Tc3Credentials, variant: Tc3Variant): void {
  const auth = String(req.headers.authorization ?? '');
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/([^/]+)\/([^/]+)\/tc3_request,(?: SignedParams=[^,]*,)? SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(auth);
  if (!m) throw new Tc3Error('missing or malformed Authorization header');
  const [, secretId, , scopeService, signedHeaders, signature] = m;
  if (secretId !== cred.secretId) throw new Tc3Error('unknown secretId');
  const cloudApi = variant.kind === 'cloudApi';
  if (cloudApi && scopeService !== variant.service) throw new Tc3Error(`credential scope names ${scopeService}, not ${variant.service}`);
  const timestamp = Number(req.headers[cloudApi ? 'x-tc-timestamp' : 'x-timestamp']);
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 600) throw new Tc3Error('signature expired');
  const headers: Record<string, string> = {};
  for (const h of signedHeaders.split(';')) headers[h] = String(req.headers[h] ?? '');
  // manager-node signs the host name without a port
  if (cloudApi) headers.host = headers.host.replace(/:\d+$/, '');
  const expected = signer()({
    secretId: cred.secretId,
    secretKey: cred.secretKey,
    method: cloudApi ? String(req.method).toUpperCase() : String(req.method).toLowerCase(),
    url: cloudApi ? `https://${headers.host}${req.url}` : `http://${req.headers.host}${req.url}`,
    params: body,
    headers,
    timestamp,
    ...(cloudApi ? { isCloudApi: true, service: variant.service } : { withSignedParams: true }),
  }).authorization;
  if (/Signature=([0-9a-f]+)$/.exec(expected)?.[1] !== signature) throw new Tc3Error('signature mismatch');
}
