import type { Ctx } from './context';

/** The caller's openid; `access: 'shopper'` guarantees there is one. */
export const openidOf = (ctx: Ctx) => (ctx.caller.kind === 'shopper' ? ctx.caller.openid : '');

/** Who did it, as order and after-sales history entries name a merchant: `merchant:<username>`. */
export const merchantActor = (ctx: Ctx) => (ctx.caller.kind === 'merchant' ? `merchant:${ctx.caller.username}` : 'unknown');
