#!/usr/bin/env node
/**
 * Size of the WeChat mini-program main package after `npm run build:weapp`.
 * Sums every file under miniprogram/dist/weapp (sourcemaps excluded; subpackage roots declared in app.json are
 * counted separately), prints it in KB and as a share of WeChat's 2 MB main-package limit and of our 1.5 MB
 * budget, and exits 1 when the main package is over budget.
 * Usage: node scripts/weapp-size.js [distDir]
 */
const fs = require('fs');
const path = require('path');

const KB = 1024;
const MB = 1024 * KB;
const WECHAT_LIMIT = 2 * MB;
const BUDGET = 1.5 * MB;

/**
 * Sizes of a weapp build: the main package and each subpackage declared in app.json (sourcemaps excluded).
 * Also used by `npm run test:weapp` (scripts/weapp/checks.ts).
 */
function measure(dist) {
  const appJson = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'));
  const subRoots = (appJson.subPackages || appJson.subpackages || []).map((p) => String(p.root).replace(/^\/+|\/+$/g, '') + '/');
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.endsWith('.map')) files.push({ rel: path.relative(dist, full).split(path.sep).join('/'), size: fs.statSync(full).size });
    }
  };
  walk(dist);
  const subTotals = Object.fromEntries(subRoots.map((r) => [r, 0]));
  let main = 0;
  for (const f of files) {
    const root = subRoots.find((r) => f.rel.startsWith(r));
    if (root) subTotals[root] += f.size;
    else main += f.size;
  }
  return { main, subTotals, subRoots, files };
}

module.exports = { measure, KB, MB, WECHAT_LIMIT, BUDGET };
if (require.main === module) cli();

function cli() {
  const dist = path.resolve(process.argv[2] || path.join(__dirname, '..', 'miniprogram', 'dist', 'weapp'));
  if (!fs.existsSync(path.join(dist, 'app.json'))) {
    console.error(`weapp-size: no build at ${path.relative(process.cwd(), dist) || dist} (run npm run build:weapp first)`);
    process.exit(2);
  }
  const { main, subTotals, subRoots, files } = measure(dist);

  const kb = (n) => `${(n / KB).toFixed(1)} KB`;
  const pct = (n, of) => `${((100 * n) / of).toFixed(1)}%`;
  const largest = files
    .filter((f) => !subRoots.some((r) => f.rel.startsWith(r)))
    .sort((a, b) => b.size - a.size)
    .slice(0, 5)
    .map((f) => `${f.rel} ${kb(f.size)}`)
    .join(', ');

  console.log(`weapp main package: ${kb(main)} (${main} bytes, ${files.length} files, sourcemaps excluded)`);
  console.log(`  ${pct(main, WECHAT_LIMIT)} of WeChat's 2 MB limit, ${pct(main, BUDGET)} of our 1.5 MB budget`);
  console.log(`  largest: ${largest}`);
  for (const [root, size] of Object.entries(subTotals)) console.log(`  subpackage ${root}: ${kb(size)} (${pct(size, WECHAT_LIMIT)} of 2 MB)`);
  if (!subRoots.length) console.log('  subpackages: none');

  if (main > BUDGET) {
    console.error(`weapp-size: main package ${kb(main)} is over the 1.5 MB budget by ${kb(main - BUDGET)}`);
    process.exit(1);
  }
}
