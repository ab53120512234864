import { z } from 'zod';
import { BindInput, CredentialsInput, Id, ReconcileInput, SendPaidOrdersInput, SyncLogInput, type AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { accountSets, bind, clientFor, getBinding, saveCredentials, testBinding, unbind } from '../shared/domain/sync/binding';
import { lastReconcile, reconcile } from '../shared/domain/sync/reconcile';
import { runSync } from '../shared/domain/sync/run';
import { syncLog, syncStatus } from '../shared/domain/sync/status';
import { retryItem } from '../shared/domain/sync/worker';
import { kickSync } from '../shared/domain/sync/kick';
import { sendPaidOrders } from '../shared/domain/sync/backfill';

const OWNER: AdminRole[] = ['owner'];

/** The Jingdou Cloud binding and sync, for the owner. */
export default defineFunction('syncAdmin', {
  binding: action({ access: OWNER, input: NoInput, handler: (ctx) => getBinding(ctx.db) }),
  saveCredentials: action({ access: OWNER, input: CredentialsInput, handler: (ctx, input) => saveCredentials(ctx.db, input, ctx.now()) }),
  accountSets: action({ access: OWNER, input: NoInput, handler: (ctx) => accountSets(ctx.db) }),
  bind: action({ access: OWNER, input: BindInput, handler: (ctx, { accountId }) => bind(ctx.db, accountId, ctx.now()) }),
  test: action({ access: OWNER, input: NoInput, handler: (ctx) => testBinding(ctx.db, () => new Date()) }),
  unbind: action({ access: OWNER, input: NoInput, handler: (ctx) => unbind(ctx.db, ctx.now()) }),
  status: action({ access: OWNER, input: NoInput, handler: (ctx) => syncStatus(ctx.db) }),
  log: action({ access: OWNER, input: SyncLogInput, handler: (ctx, input) => syncLog(ctx.db, input) }),
  retry: action({
    access: OWNER,
    input: z.object({ id: Id }).strict(),
    handler: async (ctx, { id }) => {
      const retried = await retryItem(ctx.db, id, ctx.now());
      if (retried) kickSync();
      return { retried };
    },
  }),
  runNow: action({ access: OWNER, input: NoInput, handler: (ctx) => runSync(ctx.db, ctx.now) }),
  reconcile: action({ access: OWNER, input: ReconcileInput, handler: (ctx, { days }) => reconcile(ctx.db, () => clientFor(ctx.db), days, ctx.now()) }),
  /** the paid orders of a date range that never went to the ERP (paid while not bound): queued once each, sent at once */
  sendPaidOrders: action({
    access: OWNER,
    input: SendPaidOrdersInput,
    handler: async (ctx, input) => {
      const r = await sendPaidOrders(ctx.db, input, ctx.now());
      if (r.queued) kickSync();
      return r;
    },
  }),
  lastReconcile: action({ access: OWNER, input: NoInput, handler: (ctx) => lastReconcile(ctx.db) }),
});
