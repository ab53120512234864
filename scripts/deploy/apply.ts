/**
 * `npm run deploy -- --env <envId>`: reads the environment's current state through @cloudbase/manager-node and applies
 * the difference to the plan (plan.ts): collections and indexes, functions (code when its hash changed, config,
 * timer triggers), HTTP access routes, static hosting files (unchanged ones skipped by size and MD5). Returns what
 * it changed; a second run returns nothing.
 *
 * A function's deployed code is recognised by its bundle's SHA-256, kept in the function's description
 * (`wsc-mall code sha256:<hex>`): SCF's GetFunction answers no hash of the code.
 */
import { join } from 'node:path';
import type { DeployPlan, FunctionPlan, HostingFile } from './plan';
import { ZIP_UPLOAD_LIMIT } from './plan';

/** The part of @cloudbase/manager-node's app that the deploy uses (lib/function, database, access, hosting). */
export interface ManagerApp {
  functions: {
    listAllFunctions(o: { envId: string }): Promise<{ FunctionName: string }[]>;
    getFunctionDetail(name: string): Promise<{
      Runtime: string;
      Handler: string;
      Timeout: number;
      Description?: string;
      Environment?: { Variables?: { Key: string; Value: string }[] };
      Triggers?: { TriggerName: string; Type: string; TriggerDesc: string }[];
    }>;
    createFunction(p: { func: Record<string, unknown>; functionRootPath: string; force: boolean; deployMode?: 'zip' }): Promise<unknown>;
    updateFunctionCode(p: { func: Record<string, unknown>; functionRootPath: string; deployMode?: 'zip' }): Promise<unknown>;
    updateFunctionConfig(func: Record<string, unknown>): Promise<unknown>;
    createFunctionTriggers(name: string, triggers: { name: string; type: string; config: string }[]): Promise<unknown>;
    deleteFunctionTrigger(name: string, triggerName: string): Promise<unknown>;
  };
  database: {
    listCollections(o?: { MgoLimit?: number; MgoOffset?: number }): Promise<{ Collections: { CollectionName: string }[]; Pager?: { Total?: number } }>;
    createCollection(name: string): Promise<unknown>;
    describeCollection(name: string): Promise<{ Indexes?: { Name: string; Unique?: boolean; Keys?: { Name: string; Direction: string }[] }[] }>;
    updateCollection(name: string, info: Record<string, unknown>): Promise<unknown>;
  };
  access: {
    getAccessList(o?: { offset?: number; limit?: number }): Promise<{ APISet?: { APIId: string; Path: string; Name: string }[] }>;
    createAccess(o: { path: string; name: string; type?: number; auth?: boolean }): Promise<unknown>;
    deleteAccess(o: { name?: string; apiId?: string }): Promise<unknown>;
  };
  hosting: {
    listFiles(): Promise<{ Key: string; Size: string | number; ETag?: string }[]>;
    uploadFiles(o: { files: { localPath: string; cloudPath: string }[] }): Promise<unknown>;
  };
}

export interface ApplyOptions {
  envId: string;
  /** `{{env.X}}` values come from here (default process.env) */
  vars?: Record<string, string | undefined>;
  /** functions deployed at once (default 4) */
  concurrency?: number;
  log?: (line: string) => void;
}

const CODE_TAG = 'wsc-mall code sha256:';

/** `{{env.X}}` → vars.X; a missing variable is an error (the function would run without it). */
export function resolveEnv(fp: FunctionPlan, vars: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fp.envVariables))
    out[k] = v.replace(/\{\{env\.([A-Za-z0-9_]+)\}\}/g, (_, name: string) => {
      const value = vars[name];
      if (!value) throw new Error(`${fp.name}: environment variable ${name} is not set (cloudbaserc.json passes it as ${k})`);
      return value;
    });
  return out;
}

async function pool<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++];
        await fn(item).catch((e: unknown) => errors.push(e));
      }
    }),
  );
  if (errors.length) throw errors[0];
}

const cronOf = (desc: string): string => {
  try {
    const j = JSON.parse(desc) as { cron?: string };
    if (j && typeof j.cron === 'string') return j.cron;
  } catch {
    /* a plain cron */
  }
  return desc;
};

async function applyFunction(app: ManagerApp, fp: FunctionPlan, exists: boolean, vars: Record<string, string | undefined>, note: (line: string) => void): Promise<void> {
  if (!fp.bundle) throw new Error(`${fp.name}: dist/functions/${fp.name} is not built (npm run build:functions)`);
  const envVariables = resolveEnv(fp, vars);
  const description = `${CODE_TAG}${fp.bundle.sha256}`;
  const func = { name: fp.name, timeout: fp.timeout, runtime: fp.runtime, handler: fp.handler, installDependency: fp.installDependency, envVariables, description };
  const functionRootPath = join(fp.bundle.dir, '..');
  const deployMode = fp.bundle.gzipBytes < ZIP_UPLOAD_LIMIT ? ('zip' as const) : undefined;
  let triggers: { TriggerName: string; Type: string; TriggerDesc: string }[] = [];
  if (!exists) {
    await app.functions.createFunction({ func, functionRootPath, force: false, deployMode });
    note(`function ${fp.name}: created (${fp.timeout} s, ${fp.runtime})`);
  } else {
    const cur = await app.functions.getFunctionDetail(fp.name);
    triggers = cur.Triggers ?? [];
    if (cur.Runtime !== fp.runtime || cur.Handler !== fp.handler)
      note(`function ${fp.name}: runtime/handler is ${cur.Runtime} ${cur.Handler}, wanted ${fp.runtime} ${fp.handler}: SCF sets them at creation only (delete the function to change them)`);
    const codeChanged = cur.Description !== description;
    if (codeChanged) {
      await app.functions.updateFunctionCode({ func, functionRootPath, deployMode });
      note(`function ${fp.name}: code updated`);
    }
    const curEnv = Object.fromEntries((cur.Environment?.Variables ?? []).map((v) => [v.Key, v.Value]));
    const envChanged = JSON.stringify(Object.entries(curEnv).sort()) !== JSON.stringify(Object.entries(envVariables).sort());
    if (codeChanged || envChanged || cur.Timeout !== fp.timeout) {
      await app.functions.updateFunctionConfig(func);
      if (envChanged || cur.Timeout !== fp.timeout) note(`function ${fp.name}: config updated (timeout ${fp.timeout} s${envChanged ? ', environment' : ''})`);
    }
  }
  for (const t of triggers.filter((t) => t.Type === 'timer')) {
    const want = fp.triggers.find((x) => x.name === t.TriggerName);
    if (!want || cronOf(t.TriggerDesc) !== want.config) {
      await app.functions.deleteFunctionTrigger(fp.name, t.TriggerName);
      if (!want) note(`function ${fp.name}: timer ${t.TriggerName} deleted`);
    }
  }
  const missing = fp.triggers.filter((w) => !triggers.some((t) => t.TriggerName === w.name && cronOf(t.TriggerDesc) === w.config));
  if (missing.length) {
    await app.functions.createFunctionTriggers(fp.name, missing);
    for (const t of missing) note(`function ${fp.name}: timer ${t.name} '${t.config}' set`);
  }
}

const sameIndex = (a: { Unique?: boolean; Keys?: { Name: string; Direction: string }[] }, keys: Record<string, 1 | -1>, unique: boolean) =>
  Boolean(a.Unique) === unique && JSON.stringify((a.Keys ?? []).map((k) => [k.Name, String(k.Direction)])) === JSON.stringify(Object.entries(keys).map(([k, d]) => [k, String(d)]));

async function applyCollections(app: ManagerApp, plan: DeployPlan, note: (line: string) => void): Promise<void> {
  const existing = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const page = await app.database.listCollections({ MgoLimit: 100, MgoOffset: offset });
    for (const c of page.Collections) existing.add(c.CollectionName);
    if (page.Collections.length < 100) break;
  }
  for (const c of plan.collections) {
    if (!existing.has(c.name)) {
      await app.database.createCollection(c.name);
      note(`collection ${c.name}: created`);
    }
    const current = (await app.database.describeCollection(c.name)).Indexes ?? [];
    const drop: { IndexName: string }[] = [];
    const create: Record<string, unknown>[] = [];
    for (const ix of c.indexes) {
      if (ix.kind === 'text') continue; // CloudBase has no text index (see the plan's note): nothing to create
      const cur = current.find((x) => x.Name === ix.name);
      if (cur && sameIndex(cur, ix.keys, Boolean(ix.unique))) continue;
      if (cur) drop.push({ IndexName: ix.name });
      create.push({ IndexName: ix.name, MgoKeySchema: { MgoIsUnique: Boolean(ix.unique), MgoIndexKeys: Object.entries(ix.keys).map(([Name, d]) => ({ Name, Direction: String(d) })) } });
      note(`index ${c.name}.${ix.name}: ${cur ? 'recreated' : 'created'}`);
    }
    if (drop.length) await app.database.updateCollection(c.name, { DropIndexes: drop });
    if (create.length) await app.database.updateCollection(c.name, { CreateIndexes: create });
  }
}

async function applyRoutes(app: ManagerApp, plan: DeployPlan, note: (line: string) => void): Promise<void> {
  const current = (await app.access.getAccessList({ limit: 1000 })).APISet ?? [];
  for (const r of plan.routes) {
    const cur = current.find((x) => x.Path === r.path);
    if (cur && cur.Name === r.name) continue;
    if (cur) await app.access.deleteAccess({ apiId: cur.APIId });
    await app.access.createAccess({ path: r.path, name: r.name, type: 1, auth: false });
    note(`route ${r.path} → ${r.name}: ${cur ? `moved from ${cur.Name}` : 'created'}`);
  }
}

async function applyHosting(app: ManagerApp, files: HostingFile[], note: (line: string) => void): Promise<void> {
  if (!files.length) return;
  const current = new Map((await app.hosting.listFiles()).map((f) => [f.Key.replace(/^\//, ''), f]));
  const upload = files.filter((f) => {
    const cur = current.get(f.cloudPath);
    return !cur || Number(cur.Size) !== f.size || (cur.ETag !== undefined && cur.ETag.replace(/"/g, '') !== f.md5);
  });
  if (!upload.length) return;
  await app.hosting.uploadFiles({ files: upload.map(({ localPath, cloudPath }) => ({ localPath, cloudPath })) });
  const bytes = upload.reduce((a, f) => a + f.size, 0);
  note(`hosting: ${upload.length} file(s) uploaded (${(bytes / 1024).toFixed(0)} KB), ${files.length - upload.length} unchanged`);
}

/** Applies `plan` to the environment; returns the changes made (empty: nothing to change). */
export async function applyPlan(app: ManagerApp, plan: DeployPlan, opts: ApplyOptions): Promise<string[]> {
  if (plan.errors.length) throw new Error(`the plan has errors:\n${plan.errors.join('\n')}`);
  const vars = opts.vars ?? process.env;
  for (const f of plan.functions) resolveEnv(f, vars); // fail before changing anything
  const changes: string[] = [];
  const note = (line: string) => {
    changes.push(line);
    opts.log?.(line);
  };
  await applyCollections(app, plan, note);
  const deployed = new Set((await app.functions.listAllFunctions({ envId: opts.envId })).map((f) => f.FunctionName));
  await pool(plan.functions, opts.concurrency ?? 4, (f) => applyFunction(app, f, deployed.has(f.name), vars, note));
  await applyRoutes(app, plan, note);
  await applyHosting(app, plan.hosting, note);
  return changes;
}
