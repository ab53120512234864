/** The gateway's HTTP hygiene: security headers, cache policy per kind of file, compression. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { DatabaseAdmin } from '@shop/functions/shared/db/types';
import { buildGateway, cacheControlFor } from './gateway';
import { openDatabase } from './stack';

const UPLOAD = `${'ab'.repeat(32)}.png`;
const BIG_JS = `console.log(${JSON.stringify('x'.repeat(20_000))});\n`;
let root: string;
let app: FastifyInstance;
let dbAdmin: DatabaseAdmin;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'gw-http-'));
  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  put(`assets/uploads/${UPLOAD}`, 'png');
  put('assets/demo/tea.png', 'png');
  put('admin/index.html', '<!doctype html><title>admin</title>');
  put('admin/favicon.svg', '<svg/>');
  put('admin/assets/index-Ce-x_g80.js', BIG_JS);
  put('h5/index.html', '<!doctype html><title>h5</title>');
  put('h5/js/app.1a2b3c4d.js', BIG_JS);
  dbAdmin = await openDatabase({ dataDir: '', inMemory: true });
  app = await buildGateway({ db: dbAdmin.db, assetsDir: join(root, 'assets'), adminDir: join(root, 'admin'), h5Dir: join(root, 'h5') });
});
afterAll(async () => {
  await app.close();
  await dbAdmin.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

test.each([
  ['admin/assets/index-Ce-x_g80.js', 'immutable'],
  ['admin/assets/AftersaleList-DeJH79ui.js', 'immutable'],
  ['admin/assets/index-Cn3EnLp8.css', 'immutable'],
  ['h5/js/app.1a2b3c4d.js', 'immutable'],
  ['h5/css/5881.37f6e656.css', 'immutable'],
  [`uploads/${UPLOAD}`, 'immutable'],
  ['admin/index.html', 'revalidate'],
  ['h5/index.html', 'revalidate'],
  ['admin/favicon.svg', 'revalidate'],
  ['admin/assets/logo.svg', 'revalidate'],
  ['demo/tea.png', 'revalidate'],
  ['uploads/notahash.png', 'revalidate'],
])('%s is %s', (path, kind) => {
  expect(cacheControlFor(path)).toBe(kind === 'immutable' ? 'public, max-age=31536000, immutable' : 'no-cache');
});

test('every answer says nosniff and a referrer policy; function calls are never cached', async () => {
  for (const url of ['/healthz', '/', `/assets/uploads/${UPLOAD}`, '/assets/nope.png', '/admin/', '/h5/js/app.1a2b3c4d.js']) {
    const r = await get(url);
    expect([url, r.headers['x-content-type-options'], r.headers['referrer-policy']]).toEqual([url, 'nosniff', 'same-origin']);
  }
  const call = await app.inject({ method: 'POST', url: '/api/fn/auth', payload: { action: 'whoami' } });
  expect(call.statusCode).toBe(200);
  expect(call.headers['cache-control']).toBe('no-store');
  const refused = await app.inject({ method: 'POST', url: '/api/fn/nope', payload: { action: 'x' } });
  expect([refused.statusCode, refused.headers['cache-control'], refused.headers['x-content-type-options']]).toEqual([404, 'no-store', 'nosniff']);
  const broken = await app.inject({ method: 'POST', url: '/api/fn/auth', headers: { 'content-type': 'application/json' }, payload: '{' });
  expect([broken.statusCode, broken.headers['cache-control']]).toEqual([400, 'no-store']);
});

test('the admin panel may not be framed; the storefront keeps its own choice', async () => {
  for (const url of ['/admin/', '/admin/index.html', '/admin/assets/index-Ce-x_g80.js']) {
    const r = await get(url);
    expect([url, r.statusCode, r.headers['x-frame-options'], r.headers['content-security-policy']]).toEqual([url, 200, 'DENY', "frame-ancestors 'none'"]);
  }
  expect((await get('/h5/')).headers['x-frame-options']).toBeUndefined();
});

test('hashed assets are cached for a year, index pages revalidate, uploads are immutable', async () => {
  expect((await get('/admin/assets/index-Ce-x_g80.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect((await get('/h5/js/app.1a2b3c4d.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect((await get('/admin/')).headers['cache-control']).toBe('no-cache');
  expect((await get('/h5/')).headers['cache-control']).toBe('no-cache');
  expect((await get('/admin/favicon.svg')).headers['cache-control']).toBe('no-cache');
  expect((await get(`/assets/uploads/${UPLOAD}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect((await get('/assets/demo/tea.png')).headers['cache-control']).toBe('no-cache');
});

test('text assets are compressed for clients that accept it', async () => {
  const r = await get('/admin/assets/index-Ce-x_g80.js', { 'accept-encoding': 'gzip' });
  expect(r.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(r.rawPayload).toString()).toBe(BIG_JS);
  expect(r.headers['x-content-type-options']).toBe('nosniff');
  const plain = await get('/h5/js/app.1a2b3c4d.js');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.body).toBe(BIG_JS);
});
