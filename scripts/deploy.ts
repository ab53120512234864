/**
 * `npm run deploy -- --plan [--json]`: prints the deploy plan (functions, timers, HTTP routes, collections and
 * indexes, hosting files) and checks it; needs no credentials; exits 1 when a check fails.
 * `npm run deploy -- --env <envId>`: applies the plan to that CloudBase environment with @cloudbase/manager-node,
 * credentials from TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for temporary
 * keys); prints what changed, or "nothing to change".
 */
import { resolve } from 'node:path';
import { applyPlan, type ManagerApp } from './deploy/apply';
import { buildPlan, formatPlan, planJson } from './deploy/plan';

async function main(argv: string[]): Promise<number> {
  const flag = (name: string) => argv.includes(name);
  const envAt = argv.indexOf('--env');
  const envId = envAt >= 0 ? argv[envAt + 1] : undefined;
  const plan = buildPlan({ root: resolve(__dirname, '..') });
  if (flag('--plan') || !envId) {
    if (!flag('--plan')) console.error('usage: npm run deploy -- --plan [--json] | --env <envId>');
    console.log(flag('--json') ? JSON.stringify(planJson(plan), null, 2) : formatPlan(plan));
    return plan.errors.length || !flag('--plan') ? 1 : 0;
  }
  if (plan.errors.length) {
    console.error(formatPlan(plan));
    return 1;
  }
  if (!process.env.TENCENTCLOUD_SECRETID || !process.env.TENCENTCLOUD_SECRETKEY) {
    console.error('Set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (an API key of the Tencent Cloud account that owns the environment).');
    return 1;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node') as new (o: Record<string, unknown>) => ManagerApp;
  const app = new CloudBase({ envId, secretId: process.env.TENCENTCLOUD_SECRETID, secretKey: process.env.TENCENTCLOUD_SECRETKEY, token: process.env.TENCENTCLOUD_SESSIONTOKEN });
  for (const n of plan.notes) console.log(`note: ${n}`);
  const changes = await applyPlan(app, plan, { envId, log: (l) => console.log(l) });
  console.log(changes.length ? `${changes.length} change(s) applied to ${envId}.` : `${envId}: nothing to change.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
