/**
 * A local fake of the Tencent Cloud API 3.0 requests @cloudbase/manager-node sends for a deploy, in the style of
 * local/src/db/cloudbase-fake.ts: every request's TC3-HMAC-SHA256 signature is checked (local/src/db/tc3.ts), and
 * the environment's functions, triggers, HTTP access routes and collections with their indexes are kept in memory.
 *
 * Routing: manager-node sends with node-fetch to fixed hosts (`scf.tencentcloudapi.com`, `tcb.tencentcloudapi.com`,
 * only tcb honours TCB_BASE_URL) over the default https agent. `intercept()` makes that agent open plain TCP
 * connections to this server instead of TLS ones to Tencent Cloud, so the SDK's real requests (URL, Host header,
 * signature, JSON body) arrive here unchanged; the fake answers by the Host header's service and `X-TC-Action`.
 * Static hosting goes through the COS SDK (cos-nodejs-sdk-v5, its own `request` client and agent): with
 * `COS_SDK_PROTOCOL=http:` (read by manager-node when it loads) and `TCB_COS_PROXY=<cosProxy>` its requests reach this
 * server as plain proxy requests; the fake checks their COS signature (q-sign-algorithm=sha1, computed with the COS
 * SDK's own `getAuthorization`) and answers GET Bucket (list) and PUT Object.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { Tc3Error, verifyTc3, type Tc3Credentials } from '../../local/src/db/tc3';

/* eslint-disable @typescript-eslint/no-require-imports */
// the COS SDK is a dependency of @cloudbase/manager-node; its signer checks the hosting requests
type CosAuth = (o: Record<string, unknown>) => string;
const cosAuth = (): CosAuth => (require('cos-nodejs-sdk-v5') as { getAuthorization: CosAuth }).getAuthorization;

type Json = Record<string, unknown>;
interface FakeFunction {
  FunctionName: string;
  Runtime: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  Description: string;
  InstallDependency: string;
  Environment: { Variables: { Key: string; Value: string }[] };
  CodeSize: number;
  Triggers: { TriggerName: string; Type: string; TriggerDesc: string }[];
  Status: string;
}
interface FakeIndex {
  Name: string;
  Unique: boolean;
  Keys: { Name: string; Direction: string }[];
}

export interface ManagerFakeState {
  functions: Map<string, FakeFunction>;
  routes: Map<string, { APIId: string; Path: string; Name: string; Type: number }>;
  tables: Map<string, FakeIndex[]>;
  /** static hosting objects by key */
  hosting: Map<string, { size: number; md5: string }>;
}

export interface ManagerFake {
  port: number;
  /** pass as TCB_COS_PROXY (with COS_SDK_PROTOCOL=http:) */
  cosProxy: string;
  state: ManagerFakeState;
  /** every action received, `<service>.<Action>`, most recent last */
  actions: string[];
  /** route the default https agent's Tencent Cloud connections here; returns the undo */
  intercept(): () => void;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const need = (body: Json, key: string): string => {
  const v = body[key];
  if (typeof v !== 'string' || !v) throw new ApiError('InvalidParameter', `${key} is required`);
  return v;
};

export async function startManagerFake(opts: { envId: string; credentials: Tc3Credentials }): Promise<ManagerFake> {
  const state: ManagerFakeState = { functions: new Map(), routes: new Map(), tables: new Map(), hosting: new Map() };
  const hostingBucket = `${opts.envId}-static-1250000000`;
  const actions: string[] = [];
  const fn = (body: Json) => {
    const f = state.functions.get(need(body, 'FunctionName'));
    if (!f) throw new ApiError('ResourceNotFound.Function', `function ${String(body.FunctionName)} not found`);
    return f;
  };
  const table = (body: Json) => {
    const t = state.tables.get(need(body, 'TableName'));
    if (!t) throw new ApiError('ResourceNotFound', `table ${String(body.TableName)} not found`);
    return t;
  };
  const code = (c: unknown): number => {
    const zip = typeof c === 'object' && c !== null ? (c as Json).ZipFile : undefined;
    if (typeof zip !== 'string') throw new ApiError('InvalidParameterValue.Code', 'Code.ZipFile (base64 zip) is required by the fake');
    const bytes = Buffer.from(zip, 'base64');
    if (bytes.subarray(0, 2).toString() !== 'PK') throw new ApiError('InvalidParameterValue.Code', 'Code.ZipFile is not a zip');
    return bytes.length;
  };
  const env = (e: unknown) => ({ Variables: ((e as { Variables?: { Key: string; Value: string }[] } | undefined)?.Variables ?? []).map(({ Key, Value }) => ({ Key, Value })) });

  const handlers: Record<string, (b: Json) => Json> = {
    'tcb.DescribeEnvInfo': (b) => {
      if (b.EnvId !== opts.envId) throw new ApiError('ResourceNotFound', `environment ${String(b.EnvId)} not found`);
      return {
        EnvInfo: {
          EnvBaseInfo: {
            EnvId: opts.envId,
            Status: 'NORMAL',
            Databases: [{ InstanceId: `${opts.envId}-db`, Status: 'RUNNING' }],
            Storages: [{ Region: 'ap-shanghai', Bucket: `${opts.envId}-1250000000`, AppId: '1250000000' }],
            Functions: [{ Namespace: opts.envId, Region: 'ap-shanghai' }],
            StaticStorages: [],
          },
        },
      };
    },
    'tcb.DescribeStaticStore': () => ({ Data: [{ EnvId: opts.envId, Status: 'online', Bucket: hostingBucket, Regoin: 'ap-shanghai', CdnDomain: `${opts.envId}.tcloudbaseapp.com` }] }),
    'tcb.ListFunctions': (b) => {
      const all = [...state.functions.values()].map((f) => ({ FunctionName: f.FunctionName, Runtime: f.Runtime, Status: f.Status }));
      const offset = Number(b.Offset ?? 0);
      return { Functions: all.slice(offset, offset + Number(b.Limit ?? 20)), TotalCount: all.length };
    },
    'scf.GetFunction': (b) => {
      const { Triggers, ...f } = fn(b);
      return { ...f, Triggers: Triggers.map((t) => ({ ...t, Enable: 1 })) };
    },
    'scf.CreateFunction': (b) => {
      const name = need(b, 'FunctionName');
      if (state.functions.has(name)) throw new ApiError('ResourceInUse.Function', `function ${name} exists`);
      state.functions.set(name, {
        FunctionName: name,
        Runtime: need(b, 'Runtime'),
        Handler: need(b, 'Handler'),
        Timeout: Number(b.Timeout ?? 3),
        MemorySize: Number(b.MemorySize ?? 256),
        Description: String(b.Description ?? ''),
        InstallDependency: String(b.InstallDependency ?? 'FALSE'),
        Environment: env(b.Environment),
        CodeSize: code(b.Code),
        Triggers: [],
        Status: 'Active',
      });
      return {};
    },
    'scf.UpdateFunctionCode': (b) => {
      const f = fn(b);
      f.CodeSize = code(b.Code);
      if (typeof b.Handler === 'string') f.Handler = b.Handler;
      return {};
    },
    'scf.UpdateFunctionConfiguration': (b) => {
      const f = fn(b);
      if (b.Timeout !== undefined) f.Timeout = Number(b.Timeout);
      if (b.MemorySize !== undefined) f.MemorySize = Number(b.MemorySize);
      if (b.Description !== undefined) f.Description = String(b.Description);
      if (b.InstallDependency !== undefined) f.InstallDependency = String(b.InstallDependency);
      if (b.Environment !== undefined) f.Environment = env(b.Environment);
      return {};
    },
    'scf.BatchCreateTrigger': (b) => {
      const f = fn(b);
      const triggers = JSON.parse(need(b, 'Triggers')) as { TriggerName: string; Type: string; TriggerDesc: string }[];
      if (triggers.length !== Number(b.Count)) throw new ApiError('InvalidParameter', 'Count does not match Triggers');
      for (const t of triggers) {
        if (t.Type !== 'timer') throw new ApiError('InvalidParameterValue.Type', `trigger type ${t.Type}`);
        if (t.TriggerDesc.trim().split(/\s+/).length !== 7) throw new ApiError('InvalidParameterValue.TriggerDesc', `cron '${t.TriggerDesc}' needs 7 fields`);
        if (f.Triggers.some((x) => x.TriggerName === t.TriggerName)) throw new ApiError('ResourceInUse.Trigger', `trigger ${t.TriggerName} exists`);
      }
      for (const t of triggers) f.Triggers.push({ TriggerName: t.TriggerName, Type: t.Type, TriggerDesc: JSON.stringify({ cron: t.TriggerDesc }) });
      return {};
    },
    'scf.DeleteTrigger': (b) => {
      const f = fn(b);
      const name = need(b, 'TriggerName');
      if (!f.Triggers.some((t) => t.TriggerName === name)) throw new ApiError('ResourceNotFound.Trigger', `trigger ${name} not found`);
      f.Triggers = f.Triggers.filter((t) => t.TriggerName !== name);
      return {};
    },
    'tcb.DescribeCloudBaseGWAPI': (b) => {
      const set = [...state.routes.values()].filter((r) => (!b.Path || r.Path === b.Path) && (!b.Name || r.Name === b.Name));
      return { APISet: set.map((r) => ({ ...r, ServiceId: opts.envId, EnableAuth: 2 })), Total: set.length };
    },
    'tcb.CreateCloudBaseGWAPI': (b) => {
      const path = need(b, 'Path');
      if (!path.startsWith('/')) throw new ApiError('InvalidParameter', 'Path must start with /');
      if (state.routes.has(path)) throw new ApiError('InvalidParameter.APICreated', `path ${path} exists`);
      fn({ FunctionName: need(b, 'Name') });
      const APIId = randomUUID();
      state.routes.set(path, { APIId, Path: path, Name: need(b, 'Name'), Type: Number(b.Type) });
      return { APIId };
    },
    'tcb.DeleteCloudBaseGWAPI': (b) => {
      const before = state.routes.size;
      for (const [p, r] of state.routes) if ((b.APIId && r.APIId === b.APIId) || (!b.APIId && r.Name === b.Name)) state.routes.delete(p);
      return { Count: before - state.routes.size };
    },
    'tcb.CreateTable': (b) => {
      const name = need(b, 'TableName');
      if (state.tables.has(name)) throw new ApiError('ResourceInUse', `table ${name} exists`);
      state.tables.set(name, []);
      return {};
    },
    'tcb.DescribeTable': (b) => ({ Indexes: table(b), IndexNum: table(b).length }),
    'tcb.ListTables': () => ({ Tables: [...state.tables.keys()].map((TableName) => ({ TableName })), Pager: { Total: state.tables.size } }),
    'tcb.UpdateTable': (b) => {
      const t = table(b);
      for (const d of (b.DropIndexes as { IndexName: string }[] | undefined) ?? []) {
        const i = t.findIndex((x) => x.Name === d.IndexName);
        if (i < 0) throw new ApiError('ResourceNotFound', `index ${d.IndexName} not found`);
        t.splice(i, 1);
      }
      for (const c of (b.CreateIndexes as { IndexName: string; MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: string }[] } }[] | undefined) ?? []) {
        if (t.some((x) => x.Name === c.IndexName)) throw new ApiError('ResourceInUse', `index ${c.IndexName} exists`);
        const keys = c.MgoKeySchema?.MgoIndexKeys ?? [];
        if (!keys.length || keys.some((k) => !['1', '-1'].includes(String(k.Direction)))) throw new ApiError('InvalidParameter', `index ${c.IndexName}: keys with Direction "1" or "-1" are required`);
        t.push({ Name: c.IndexName, Unique: Boolean(c.MgoKeySchema.MgoIsUnique), Keys: keys.map((k) => ({ Name: k.Name, Direction: String(k.Direction) })) });
      }
      return {};
    },
  };

  function verifyCos(req: IncomingMessage, url: URL): void {
    const auth = Object.fromEntries(String(req.headers.authorization ?? '').split('&').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    if (auth['q-sign-algorithm'] !== 'sha1' || !auth['q-signature']) throw new ApiError('AccessDenied', 'missing or malformed COS Authorization');
    if (auth['q-ak'] !== opts.credentials.secretId) throw new ApiError('InvalidAccessKeyId', 'unknown SecretId');
    const [from, to] = String(auth['q-key-time']).split(';').map(Number);
    const now = Date.now() / 1000;
    if (!(from - 60 <= now && now <= to)) throw new ApiError('AccessDenied', 'COS signature expired');
    const pick = (list: string, get: (k: string) => string | undefined) =>
      Object.fromEntries(list ? list.split(';').map((k) => [k, get(k) ?? '']) : []);
    const expected = cosAuth()({
      SecretId: opts.credentials.secretId,
      SecretKey: opts.credentials.secretKey,
      Method: req.method,
      Pathname: decodeURIComponent(url.pathname),
      Query: pick(auth['q-url-param-list'], (k) => url.searchParams.get(k) ?? undefined),
      Headers: pick(auth['q-header-list'], (k) => (req.headers[k] === undefined ? undefined : String(req.headers[k]))),
      KeyTime: auth['q-key-time'],
    });
    if (/q-signature=([0-9a-f]+)/.exec(expected)?.[1] !== auth['q-signature']) throw new ApiError('SignatureDoesNotMatch', 'COS signature mismatch');
  }

  const xml = (tag: string, v: string | number) => `<${tag}>${String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${tag}>`;
  function cos(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(String(req.url));
    try {
      if (url.hostname !== `${hostingBucket}.cos.ap-shanghai.tencentcos.cn`) throw new ApiError('NoSuchBucket', `bucket host ${url.hostname}`);
      verifyCos(req, url);
      const key = decodeURIComponent(url.pathname.slice(1));
      if (req.method === 'PUT' && key) {
        const md5 = createHash('md5').update(body).digest('hex');
        state.hosting.set(key, { size: body.length, md5 });
        actions.push('cos.PutObject');
        res.writeHead(200, { etag: `"${md5}"` });
        res.end();
        return;
      }
      if (req.method === 'GET' && !key) {
        actions.push('cos.GetBucket');
        const prefix = url.searchParams.get('prefix') ?? '';
        const marker = url.searchParams.get('marker') ?? '';
        const max = Number(url.searchParams.get('max-keys') ?? 1000);
        const keys = [...state.hosting.keys()].filter((k) => k.startsWith(prefix) && k > marker).sort();
        const page = keys.slice(0, max);
        const truncated = keys.length > max;
        const contents = page.map((k) => `<Contents>${xml('Key', k)}${xml('ETag', `"${state.hosting.get(k)!.md5}"`)}${xml('Size', state.hosting.get(k)!.size)}</Contents>`).join('');
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult>${xml('Name', hostingBucket)}${xml('Prefix', prefix)}${xml('Marker', marker)}${xml('MaxKeys', max)}${xml('IsTruncated', String(truncated))}${truncated ? xml('NextMarker', page[page.length - 1]) : ''}${contents}</ListBucketResult>`);
        return;
      }
      throw new ApiError('MethodNotAllowed', `${req.method} ${url.pathname} is not answered by the local fake`);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('InternalError', (e as Error).message);
      res.writeHead(err.code === 'NoSuchBucket' ? 404 : 403, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error>${xml('Code', err.code)}${xml('Message', err.message)}</Error>`);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (String(req.url).startsWith('http://')) return cos(req, res, Buffer.concat(chunks));
      const RequestId = randomUUID();
      const answer = (r: Json) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Response: { ...r, RequestId } }));
      };
      try {
        const service = String(req.headers.host ?? '').split('.')[0];
        const action = String(req.headers['x-tc-action'] ?? '');
        let body: Json;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Json;
        } catch {
          throw new ApiError('InvalidParameter', 'the body is not JSON');
        }
        try {
          verifyTc3(req, body, opts.credentials, { kind: 'cloudApi', service });
        } catch (e) {
          if (e instanceof Tc3Error) throw new ApiError('AuthFailure.SignatureFailure', e.message);
          throw e;
        }
        if (!req.headers['x-tc-version'] || !req.headers['x-tc-region']) throw new ApiError('MissingParameter', 'X-TC-Version and X-TC-Region are required');
        actions.push(`${service}.${action}`);
        const h = handlers[`${service}.${action}`];
        if (!h) throw new ApiError('InvalidAction', `${service}.${action} is not answered by the local fake`);
        answer(h(body));
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError('InternalError', (e as Error).message);
        answer({ Error: { Code: err.code, Message: err.message } });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    cosProxy: `http://127.0.0.1:${port}`,
    state,
    actions,
    intercept() {
      type Connect = (options: { host?: string; servername?: string }, cb?: unknown) => unknown;
      const agent = https.globalAgent as unknown as { createConnection: Connect };
      const original = agent.createConnection;
      agent.createConnection = function (this: unknown, options, cb) {
        const host = options.host ?? options.servername ?? '';
        if (host.endsWith('.tencentcloudapi.com')) return connect(port, '127.0.0.1');
        return original.call(this, options, cb);
      };
      return () => {
        agent.createConnection = original;
      };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
