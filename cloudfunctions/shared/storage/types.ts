/**
 * The storage seam: where uploaded files (product pictures, after-sales evidence) go: `put`, and `isOwnUrl` to tell
 * a URL this storage answered from any other (input that must point at our own uploads is checked with it).
 * Production: `cloudbase.ts` (CloudBase cloud storage through @cloudbase/node-sdk); locally: `local/src/storage.ts`
 * (files under `<DATA_DIR>/assets/uploads/`, served by the gateway at `/assets/uploads/`).
 *
 * `key` is a flat file name (letters, digits, `.`, `_`, `-`; no slashes), chosen by the caller; storing the same key
 * again replaces the file with the same bytes (callers use content hashes, so a second put is a no-op in effect).
 * The answer is the URL a browser or the mini-program loads the file from.
 */
export interface ObjectStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<{ url: string }>;
  /** whether `url` has exactly the form `put` answers for some valid key (no query, no other host, no `..`) */
  isOwnUrl(url: string): boolean;
}

/** Keys are flat file names: no path separators, no leading dot, nothing to escape in a URL. */
export const STORAGE_KEY_RE = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;
