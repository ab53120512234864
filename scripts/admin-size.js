#!/usr/bin/env node
/**
 * The JavaScript the admin panel's first screens load, compressed, after `npm run build:admin`.
 * Reads Vite's manifest (admin/dist/.vite/manifest.json) and follows static imports from the entry (index.html,
 * which shows the login page) and from the 概况 route chunk (src/pages/dashboard/Dashboard.tsx): that set is what
 * a browser fetches to show the login page and then the dashboard. Chunks fetched later by a dynamic import (the
 * trend chart, every other route) are listed apart and not counted. Prints each file's gzip and brotli size and
 * exits 1 when the gzip total (the larger of the two) is over the 400 KB budget.
 * Usage: node scripts/admin-size.js [distDir]
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const KB = 1024;
const BUDGET = 400 * KB;
/** The routes whose first paint is budgeted, by their source file in the manifest. */
const ROUTES = ['index.html', 'src/pages/dashboard/Dashboard.tsx'];

const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const brotli = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The manifest keys reached from `roots` by static imports, in visiting order. */
function staticClosure(manifest, roots) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    if (!manifest[key]) throw new Error(`admin-size: ${key} is not in the manifest`);
    seen.add(key);
    for (const k of manifest[key].imports || []) visit(k);
  };
  roots.forEach(visit);
  return [...seen];
}

/** Compressed sizes of the JS the budgeted routes load, and of the chunks they import dynamically. */
function measure(dist, routes = ROUTES) {
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
  const size = (key) => {
    const buf = fs.readFileSync(path.join(dist, manifest[key].file));
    return { key, file: manifest[key].file, raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) };
  };
  const keys = staticClosure(manifest, routes);
  const files = keys.map(size);
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  // what the dashboard fetches after it shows (the chart), for the record
  const later = (manifest[routes[1]]?.dynamicImports || []).filter((k) => !keys.includes(k)).map(size);
  return { files, total, later };
}

module.exports = { measure, staticClosure, BUDGET, KB };
if (require.main === module) cli();

function cli() {
  const dist = path.resolve(process.argv[2] || path.join(__dirname, '..', 'admin', 'dist'));
  if (!fs.existsSync(path.join(dist, '.vite', 'manifest.json'))) {
    console.error(`admin-size: no manifest at ${path.join(dist, '.vite', 'manifest.json')} (run npm run build:admin first)`);
    process.exit(2);
  }
  const { files, total, later } = measure(dist);
  const kb = (n) => `${(n / KB).toFixed(1)} KB`;
  const row = (name, f) => `  ${name.padEnd(44)}${kb(f.raw).padStart(11)}${kb(f.gzip).padStart(11)}${kb(f.brotli).padStart(11)}`;
  console.log(`admin: JavaScript for the login page and 概况 (${files.length} files)`);
  console.log(`  ${'file'.padEnd(44)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`);
  for (const f of [...files].sort((a, b) => b.gzip - a.gzip)) console.log(row(f.file, f));
  console.log(row('total', total));
  for (const f of later) console.log(row(`later: ${f.file}`, f));
  const ok = total.gzip <= BUDGET;
  console.log(`admin: ${kb(total.gzip)} gzip / ${kb(total.brotli)} brotli of the ${kb(BUDGET)} budget — ${ok ? 'ok' : 'OVER BUDGET'}`);
  if (!ok) process.exit(1);
}
