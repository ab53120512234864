#!/usr/bin/env node
/**
 * Draws the tab bar icons (81x81 PNG, normal + selected) into src/assets/tab/, and a few grey glyphs into
 * src/assets/icons/, with nothing but zlib:
 * each glyph is a few stroked segments, rings and discs, rasterised with 4x4 supersampling.
 * Run: node miniprogram/scripts/gen-tab-icons.js
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 81;
const SS = 4; // supersampling per axis
const NORMAL = [0x8a, 0x8a, 0x8a];
const ACTIVE = [0xe9, 0x3b, 0x3d];
const W = 5; // stroke width

const distToSeg = (px, py, x1, y1, x2, y2) => {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
};
const polyline = (pts, w = W) => (x, y) => {
  for (let i = 0; i + 1 < pts.length; i++) if (distToSeg(x, y, ...pts[i], ...pts[i + 1]) <= w / 2) return true;
  return false;
};
const ring = (cx, cy, r, w = W, keep = () => true) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2 && keep(x, y);
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const box = (x1, y1, x2, y2) => polyline([[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]]);

const glyphs = {
  home: [polyline([[12, 40], [40.5, 15], [69, 40]]), polyline([[21, 34], [21, 67], [60, 67], [60, 34]]), polyline([[34, 67], [34, 50], [47, 50], [47, 67]])],
  category: [box(14, 14, 36, 36), box(45, 14, 67, 36), box(14, 45, 36, 67), ring(56, 56, 11)],
  cart: [polyline([[8, 16], [19, 16], [27, 52], [63, 52]]), polyline([[21, 25], [70, 25], [64, 44], [25, 44]]), disc(31, 63, 5.5), disc(59, 63, 5.5)],
  me: [ring(40.5, 28, 12), ring(40.5, 72, 25, W, (_x, y) => y <= 72 - 4)],
};
/** Other small glyphs drawn the same way (grey only), into src/assets/icons/. */
const extras = {
  search: [ring(35, 35, 21, 7), polyline([[51, 51], [69, 69]], 8)],
  cart: glyphs.cart,
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const png = (shapes, [r, g, b]) => {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) {
          const px = x + (sx + 0.5) / SS;
          const py = y + (sy + 0.5) / SS;
          if (shapes.some((s) => s(px, py))) hits++;
        }
      const o = row + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = Math.round((255 * hits) / (SS * SS));
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};

const outDir = path.join(__dirname, '..', 'src', 'assets', 'tab');
fs.mkdirSync(outDir, { recursive: true });
for (const [name, shapes] of Object.entries(glyphs)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), png(shapes, NORMAL));
  fs.writeFileSync(path.join(outDir, `${name}-active.png`), png(shapes, ACTIVE));
}
const iconDir = path.join(__dirname, '..', 'src', 'assets', 'icons');
fs.mkdirSync(iconDir, { recursive: true });
for (const [name, shapes] of Object.entries(extras)) fs.writeFileSync(path.join(iconDir, `${name}.png`), png(shapes, [0xb0, 0xb0, 0xb0]));
console.log(`wrote ${Object.keys(glyphs).length * 2} tab icons and ${Object.keys(extras).length} icons`);
