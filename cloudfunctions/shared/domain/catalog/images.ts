/**
 * Product pictures uploaded by merchants. Pure rules (decode, sniff the type from the first bytes, size) and the
 * one step that stores: the key is the SHA-256 of the bytes plus the real extension, so the same picture uploaded
 * twice is one file and one URL.
 *
 * The type is decided by magic bytes only: a file's name and the browser's MIME type are whatever the client says.
 * SVG is refused (it is XML that can carry scripts and is served from our own origin locally).
 */
import { createHash } from 'node:crypto';
import { IMAGE_UPLOAD_MAX_BYTES, type ImageContentType, type UploadedImage } from '@shop/types';
import { AppError } from '../../runtime/errors';
import type { ObjectStorage } from '../../storage/types';

export interface ImageKind {
  contentType: ImageContentType;
  ext: 'png' | 'jpg' | 'gif' | 'webp';
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');

/** The picture type from the file's first bytes, or null when it is not a PNG, JPEG, GIF or WebP. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  if (startsWith(bytes, PNG)) return { contentType: 'image/png', ext: 'png' };
  if (startsWith(bytes, JPEG)) return { contentType: 'image/jpeg', ext: 'jpg' };
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return { contentType: 'image/gif', ext: 'gif' };
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return { contentType: 'image/webp', ext: 'webp' };
  return null;
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Strict standard base64 (length a multiple of 4, padding only at the end); null when it is not. */
export function decodeBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !BASE64_RE.test(text)) return null;
  return Buffer.from(text, 'base64');
}

/** Decoded size of a base64 text of this length, without decoding (for refusing huge inputs early). */
export const base64DecodedSize = (text: string) => {
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - pad;
};

export type ImageCheck =
  | { ok: true; kind: ImageKind }
  | { ok: false; code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE'; message: string };

/** Size first (empty, over 2 MB), then the type by magic bytes. */
export function checkImage(bytes: Uint8Array, max = IMAGE_UPLOAD_MAX_BYTES): ImageCheck {
  if (bytes.length === 0) return { ok: false, code: 'VALIDATION_FAILED', message: 'the file is empty' };
  if (bytes.length > max) return { ok: false, code: 'PAYLOAD_TOO_LARGE', message: `a picture may be at most ${max / 1024 / 1024} MB (this one is ${bytes.length} bytes)` };
  const kind = sniffImage(bytes);
  if (!kind) return { ok: false, code: 'VALIDATION_FAILED', message: 'only PNG, JPEG, GIF and WebP pictures are accepted' };
  return { ok: true, kind };
}

/** `<sha256 hex>.<ext>`: the same bytes always give the same key. */
export const imageKey = (bytes: Uint8Array, kind: ImageKind) => `${createHash('sha256').update(bytes).digest('hex')}.${kind.ext}`;

const invalid = (message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ path: 'contentBase64', code: 'invalid_image', message }]);

/** Checks an uploaded picture and stores it under its content hash. */
export async function storeProductImage(storage: ObjectStorage, input: { filename: string; contentBase64: string }): Promise<UploadedImage> {
  // refuse oversized input before decoding it
  if (base64DecodedSize(input.contentBase64) > IMAGE_UPLOAD_MAX_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', `a picture may be at most ${IMAGE_UPLOAD_MAX_BYTES / 1024 / 1024} MB`);
  }
  const bytes = decodeBase64(input.contentBase64);
  if (!bytes) throw invalid('contentBase64 is not valid base64');
  const check = checkImage(bytes);
  if (!check.ok) throw check.code === 'PAYLOAD_TOO_LARGE' ? new AppError(check.code, check.message) : invalid(check.message);
  const { url } = await storage.put(imageKey(bytes, check.kind), bytes, check.kind.contentType);
  return { url, bytes: bytes.length, contentType: check.kind.contentType };
}
