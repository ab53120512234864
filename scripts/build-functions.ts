/**
 * Bundles every CloudBase function folder (cloudfunctions/<name>/index.ts) with the shared domain code into
 * dist/functions/<name>/index.js plus a package.json that CloudBase installs in the cloud
 * (only @cloudbase/node-sdk stays external). `npm run deploy -- --env <envId>` then uploads dist/functions (see cloudbaserc.json).
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const src = join(root, 'cloudfunctions');
const out = join(root, 'dist/functions');
const sdkVersion = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8')).dependencies['@cloudbase/node-sdk'];

async function main() {
  const names = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory() && existsSync(join(src, n, 'index.ts')));
  for (const name of names) {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    const r = await build({
      entryPoints: [join(src, name, 'index.ts')],
      outfile: join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      external: ['@cloudbase/node-sdk'],
      minify: false,
      metafile: true,
      logLevel: 'warning',
    });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { '@cloudbase/node-sdk': sdkVersion } }, null, 2) + '\n',
    );
    const bytes = Object.values(r.metafile.outputs).reduce((a, o) => a + o.bytes, 0);
    console.log(`${name.padEnd(14)} ${(bytes / 1024).toFixed(0)} KB`);
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
