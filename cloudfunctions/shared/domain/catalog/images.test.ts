import { IMAGE_UPLOAD_MAX_BYTES } from '@shop/types';
import { base64DecodedSize, checkImage, decodeBase64, imageKey, sniffImage, storeProductImage } from './images';
import type { ObjectStorage } from '../../storage/types';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF');
const GIF87 = bytes('GIF87a', [1, 0, 1, 0]);
const GIF89 = bytes('GIF89a', [1, 0, 1, 0]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');

describe('sniffImage', () => {
  test.each([
    ['PNG', PNG, 'image/png', 'png'],
    ['JPEG (JFIF)', JPEG, 'image/jpeg', 'jpg'],
    ['JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'), 'image/jpeg', 'jpg'],
    ['GIF87a', GIF87, 'image/gif', 'gif'],
    ['GIF89a', GIF89, 'image/gif', 'gif'],
    ['WebP', WEBP, 'image/webp', 'webp'],
  ])('%s', (_name, b, contentType, ext) => {
    expect(sniffImage(b)).toEqual({ contentType, ext });
  });
  test.each([
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['SVG with an XML declaration', bytes('<?xml version="1.0"?><svg/>')],
    ['text', bytes('hello, this is not a picture')],
    ['HTML', bytes('<!doctype html><script>alert(1)</script>')],
    ['empty', bytes()],
    ['PNG signature cut short', PNG.subarray(0, 7)],
    ['JPEG signature cut short', JPEG.subarray(0, 2)],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['GIF with an unknown version', bytes('GIF88a', [1, 0])],
    ['PDF', bytes('%PDF-1.7')],
    ['BMP (not accepted)', bytes('BM', [0, 0, 0, 0])],
  ])('refuses %s', (_name, b) => {
    expect(sniffImage(b)).toBeNull();
  });
});

describe('checkImage', () => {
  const padded = (b: Buffer, size: number) => Buffer.concat([b, Buffer.alloc(size - b.length)]);
  test.each([
    ['a small PNG', PNG, { ok: true }],
    ['exactly 2 MB', padded(PNG, IMAGE_UPLOAD_MAX_BYTES), { ok: true }],
    ['2 MB + 1 byte', padded(PNG, IMAGE_UPLOAD_MAX_BYTES + 1), { ok: false, code: 'PAYLOAD_TOO_LARGE' }],
    ['empty', bytes(), { ok: false, code: 'VALIDATION_FAILED' }],
    ['an SVG', bytes('<svg/>'), { ok: false, code: 'VALIDATION_FAILED' }],
    ['a big text file is too large before it is the wrong type', Buffer.alloc(IMAGE_UPLOAD_MAX_BYTES + 1, 0x41), { ok: false, code: 'PAYLOAD_TOO_LARGE' }],
  ])('%s', (_name, b, expected) => {
    expect(checkImage(b)).toMatchObject(expected);
  });
});

describe('decodeBase64', () => {
  test.each([
    ['', Buffer.alloc(0)],
    ['aGk=', Buffer.from('hi')],
    ['aGVsbG8h', Buffer.from('hello!')],
    [PNG.toString('base64'), PNG],
  ])('%j decodes', (text, expected) => {
    expect(decodeBase64(text)).toEqual(expected);
    expect(base64DecodedSize(text)).toBe(expected.length);
  });
  test.each(['aGk', 'a=Gk', 'aGk=\n', 'aG k=', 'data:image/png;base64,aGk=', 'aGk-', '****', 'aGk==='])('%j is refused', (text) => {
    expect(decodeBase64(text)).toBeNull();
  });
});

test('imageKey is the SHA-256 of the bytes plus the extension', () => {
  expect(imageKey(Buffer.from('abc'), { contentType: 'image/png', ext: 'png' })).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad.png');
});

describe('storeProductImage', () => {
  const puts: [string, number, string][] = [];
  const storage: ObjectStorage = {
    isOwnUrl: () => false,
    async put(key, b, contentType) {
      puts.push([key, b.length, contentType]);
      return { url: `/u/${key}` };
    },
  };
  test('stores a JPEG named .png as .jpg', async () => {
    const r = await storeProductImage(storage, { filename: 'photo.png', contentBase64: JPEG.toString('base64') });
    expect(r).toEqual({ url: expect.stringMatching(/^\/u\/[0-9a-f]{64}\.jpg$/), bytes: JPEG.length, contentType: 'image/jpeg' });
    expect(puts.at(-1)).toEqual([r.url.slice(3), JPEG.length, 'image/jpeg']);
  });
  test.each([
    ['not base64', 'not base64!', 'VALIDATION_FAILED'],
    ['an SVG', Buffer.from('<svg/>').toString('base64'), 'VALIDATION_FAILED'],
    ['too large', Buffer.alloc(IMAGE_UPLOAD_MAX_BYTES + 3).toString('base64'), 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s without storing', async (_name, contentBase64, code) => {
    const before = puts.length;
    await expect(storeProductImage(storage, { filename: 'x', contentBase64 })).rejects.toMatchObject({ code });
    expect(puts.length).toBe(before);
  });
});
