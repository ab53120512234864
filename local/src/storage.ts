/**
 * The local storage adapter: files under `<assetsDir>/uploads/` (assetsDir is `<DATA_DIR>/assets`), answered as
 * `/assets/uploads/<key>`, which the gateway serves (content type from the extension). Writes go to a temporary
 * file renamed into place, so a reader never sees half a file and two puts of the same key do not interleave.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STORAGE_KEY_RE, type ObjectStorage } from '@shop/functions/shared/storage/types';

export const UPLOADS_URL_PREFIX = '/assets/uploads/';

export function createLocalStorage(assetsDir: string): ObjectStorage {
  const dir = join(assetsDir, 'uploads');
  let ready: Promise<unknown> | null = null;
  return {
    async put(key, bytes) {
      if (!STORAGE_KEY_RE.test(key)) throw new Error(`invalid storage key: ${key}`);
      await (ready ??= mkdir(dir, { recursive: true }));
      const tmp = join(dir, `.${key}.${randomUUID()}.tmp`);
      try {
        await writeFile(tmp, bytes);
        await rename(tmp, join(dir, key));
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      return { url: UPLOADS_URL_PREFIX + key };
    },
    isOwnUrl: (url) => url.startsWith(UPLOADS_URL_PREFIX) && STORAGE_KEY_RE.test(url.slice(UPLOADS_URL_PREFIX.length)),
  };
}
