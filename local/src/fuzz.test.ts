/**
 * Malformed input, sent to every action of every function: each answer is a 4xx envelope, the server keeps
 * answering, and no document changes. The values are built from each action's own schema (so they reach as far as
 * the schema lets them) with the bad value in every string, or the wrong type in every field.
 */
import type { z } from 'zod';
import { FUNCTIONS } from '@shop/functions/registry';
import { COLLECTIONS } from '@shop/functions/shared/domain/schema';
import type { Access } from '@shop/functions/shared/runtime/context';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
let owner: string;
let shopper: string;
let clerk: string;

/** A value shaped like the schema wants, with `str` for every string; `wrong` swaps every leaf's type instead. */
function sample(schema: z.ZodType, str: string, wrong = false, depth = 0): unknown {
  const def = (schema as unknown as { _zod: { def: any } })._zod.def;
  if (depth > 8) return wrong ? 12 : str;
  const inner = (s: z.ZodType) => sample(s, str, wrong, depth + 1);
  switch (def.type) {
    case 'string':
      return wrong ? 12 : str;
    case 'number':
    case 'int':
    case 'bigint':
      return wrong ? str : 1;
    case 'boolean':
      return wrong ? str : true;
    case 'enum':
      return wrong ? 12 : Object.values(def.entries)[0];
    case 'literal':
      return wrong ? { x: str } : def.values[0];
    case 'object': {
      const shape: Record<string, z.ZodType> = def.shape;
      const keys = Object.keys(shape);
      if (!keys.length) return wrong ? { unexpected: 12 } : { unexpected: str };
      return Object.fromEntries(keys.map((k) => [k, inner(shape[k])]));
    }
    case 'array':
      return wrong ? { 0: inner(def.element) } : [inner(def.element)];
    case 'tuple':
      return def.items.map(inner);
    case 'record':
      return wrong ? [str] : { k: inner(def.valueType) };
    case 'union':
      return inner(def.options[0]);
    case 'intersection':
      return { ...(inner(def.left) as object), ...(inner(def.right) as object) };
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.in);
    case 'lazy':
      return inner(def.getter());
    default:
      return wrong ? 12 : str;
  }
}

/** `{"action": ..., "data": {"a": {"a": ... 1}}}` as text (JSON.stringify itself would overflow the stack) */
const deepCall = (action: string, levels: number) => `{"action":${JSON.stringify(action)},"data":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
const holds = (v: unknown, s: string): boolean =>
  v === s || (typeof v === 'object' && v !== null && Object.values(v).some((x) => holds(x, s)));
/** the sample with the bad text also in an extra field, so even a schema without strings receives it */
const withExtra = (v: unknown, str: string) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...v, zzz: str } : v);

async function snapshot(): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const name of Object.keys(COLLECTIONS)) {
    const docs: unknown[] = [];
    for (let skip = 0; ; skip += 1000) {
      const { data } = await gw.db.collection(name).orderBy('_id', 'asc').skip(skip).limit(1000).get();
      docs.push(...data);
      if (data.length < 1000) break;
    }
    out[name] = docs;
  }
  return JSON.stringify(out);
}

const tokenFor = (access: Access) =>
  access === 'public' || access === 'shopper' ? shopper : access === 'merchant' || access.includes('owner') ? owner : clerk;

async function expect4xx(res: { statusCode: number; body: string }, what: string) {
  let body: any;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  const ok = res.statusCode >= 400 && res.statusCode < 500 && body?.ok === false && typeof body?.error?.code === 'string';
  if (!ok) throw new Error(`${what}: ${res.statusCode} ${String(res.body).slice(0, 300)}`);
  return body;
}

const post = (fn: string, payload: string | object, token?: string, contentType = 'application/json') =>
  gw.app.inject({
    method: 'POST',
    url: `/api/fn/${fn}`,
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

beforeAll(async () => {
  gw = await startTestGateway();
  owner = await gw.merchantToken('owner');
  shopper = await gw.shopperToken('fuzz');
  clerk = await gw.merchantToken('clerk');
  // something to change: a product with stock, a shopper's address and cart
  const cat = (await gw.ok('productAdmin', 'saveCategory', { name: '类' }, owner))._id;
  const p = await gw.ok('productAdmin', 'create', { name: '商品', code: 'FZ1', categoryIds: [cat], onShelf: true, specs: [{ name: '色', values: ['红'] }], skus: [{ specValues: ['红'], price: 100, stock: 5 }] }, owner);
  await gw.ok('cart', 'add', { skuId: p.skus[0]._id, quantity: 1 }, shopper);
  await gw.ok('order', 'saveAddress', { name: '张三', phone: '13800000000', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号' }, shopper);
});
afterAll(() => gw.close());

const ACTIONS = Object.values(FUNCTIONS).flatMap((fn) => Object.entries(fn.actions).map(([name, def]) => ({ fn: fn.name, name, def })));
const MB = 'x'.repeat(1024 * 1024);

test(`every action (${ACTIONS.length}) refuses malformed values with a 4xx and changes nothing`, async () => {
  const before = await snapshot();
  const failures: string[] = [];
  for (const { fn, name, def } of ACTIONS) {
    const token = tokenFor(def.access);
    const edge = { 'NUL': 'a\u0000b', 'lone surrogate': 'a\ud800b' } as const;
    const big = sample(def.input, MB);
    const cases: Array<[string, unknown, string | null]> = [
      ...Object.entries(edge).map(([what, s]): [string, unknown, string] => [what, withExtra(sample(def.input, s), s), what === 'NUL' ? 'nul_character' : 'lone_surrogate']),
      ['NUL in a key', { ['k\u0000']: 1, ...(sample(def.input, 'ok') as object) }, 'nul_character'],
      ['10,000 levels', deepCall(name, 10_000), 'too_deep'],
      // an input whose schema has no text at all is valid with any text: nothing to send
      ...(holds(big, MB) ? [['1 MB strings', big, null] as [string, unknown, null]] : []),
      ['wrong types', sample(def.input, 'x', true), null],
      ['an array', [1, 2], null],
      ['a number', 7, null],
    ];
    for (const [what, data, detail] of cases) {
      try {
        const payload = typeof data === 'string' && data.startsWith('{"action"') ? data : { action: name, data };
        const body = await expect4xx(await post(fn, payload, token), `${fn}.${name} ${what}`);
        if (detail && !(body.error.code === 'VALIDATION_FAILED' && body.error.details?.[0]?.code === detail)) {
          throw new Error(`${fn}.${name} ${what}: ${JSON.stringify(body.error).slice(0, 300)}`);
        }
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
  }
  expect(failures).toEqual([]);
  expect((await gw.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect(await snapshot()).toBe(before);
});

test('every function refuses bodies that are not a call: 4xx envelopes, nothing changed', async () => {
  const before = await snapshot();
  const failures: string[] = [];
  for (const fn of Object.keys(FUNCTIONS)) {
    const cases: Array<[string, string, string]> = [
      ['not JSON', '{"action": nope', 'application/json'],
      ['empty', '', 'application/json'],
      ['plain text', 'action=list', 'text/plain'],
      ['a form', 'action=list', 'application/x-www-form-urlencoded'],
      ['a JSON array', '[]', 'application/json'],
      ['a JSON string', '"list"', 'application/json'],
      ['__proto__ key', '{"action":"list","data":{"__proto__":{"admin":true}}}', 'application/json'],
      ['constructor.prototype key', '{"action":"list","data":{"constructor":{"prototype":{"admin":true}}}}', 'application/json'],
      ['an object action name', '{"action":{"toString":"x"},"data":{}}', 'application/json'],
      ['an array action name', '{"action":["list"],"data":{}}', 'application/json'],
      ['a NUL action name', '{"action":"li\\u0000st","data":{}}', 'application/json'],
      ['a prototype action name', '{"action":"__proto__","data":{}}', 'application/json'],
    ];
    for (const [what, payload, type] of cases) {
      try {
        await expect4xx(await post(fn, payload, owner, type), `${fn} ${what}`);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
  }
  expect(failures).toEqual([]);
  expect((await gw.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect(await snapshot()).toBe(before);
});

test('an object as the action name is named in the answer', async () => {
  const r = await post('auth', '{"action":{"toString":"x"},"data":{}}');
  expect(r.statusCode).toBe(400);
  expect(JSON.parse(r.body).error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'action' }] });
});
