/**
 * The production storage adapter: CloudBase cloud storage through the @cloudbase/node-sdk app.
 *
 * `app.uploadFile({cloudPath, fileContent})` answers a fileID `cloud://<env>.<bucketId>/<path>`; the file is then
 * served by the bucket's CDN domain at `https://<bucketId>.tcb.qcloud.la/<path>`. That URL only works when the
 * bucket's permission allows public read (CloudBase console → 云存储 → 权限设置: 所有用户可读), which product pictures
 * need anyway: shoppers load them without a CloudBase login. The SDK takes no content type; COS serves the file by
 * its extension, so keys carry the real one (see domain/catalog/images.ts).
 * It must not import anything from local/.
 */
import { STORAGE_KEY_RE, type ObjectStorage } from './types';

/** The part of the SDK app this adapter uses (`tcb.init(...)` satisfies it). */
export interface SdkStorageApp {
  uploadFile(o: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
}

/** Folder in the bucket for uploads, the same as locally (`/assets/uploads/`). */
export const UPLOAD_PREFIX = 'uploads/';

/** `cloud://<env>.<bucketId>/<path>` → `https://<bucketId>.tcb.qcloud.la/<path>` (environment ids have no dots). */
export function publicUrlOfFileId(fileId: string): string {
  const m = /^cloud:\/\/([^./]+)\.([^/]+)\/(.+)$/.exec(fileId);
  if (!m) throw new Error(`unexpected CloudBase fileID: ${fileId}`);
  const [, , bucketId, path] = m;
  return `https://${bucketId}.tcb.qcloud.la/${path.split('/').map(encodeURIComponent).join('/')}`;
}

const OWN_URL_RE = /^https:\/\/([a-z0-9-]+)\.tcb\.qcloud\.la\/uploads\/([^/?#]+)$/;

/**
 * `envId`: the function's CloudBase environment. A URL is ours when it is an upload's URL in this environment's bucket
 * (bucket ids read `<tag>-<envId>-<appid>`); without an envId any CloudBase bucket's `uploads/` URL passes.
 */
export function createCloudbaseStorage(app: SdkStorageApp, opts: { envId?: string } = {}): ObjectStorage {
  return {
    isOwnUrl(url) {
      const m = OWN_URL_RE.exec(url);
      return !!m && STORAGE_KEY_RE.test(m[2]) && (!opts.envId || m[1].includes(`-${opts.envId}-`));
    },
    async put(key, bytes, _contentType) {
      if (!STORAGE_KEY_RE.test(key)) throw new Error(`invalid storage key: ${key}`);
      const { fileID } = await app.uploadFile({ cloudPath: UPLOAD_PREFIX + key, fileContent: bytes });
      return { url: publicUrlOfFileId(fileID) };
    },
  };
}
