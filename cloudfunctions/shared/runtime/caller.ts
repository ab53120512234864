import type { Ctx } from './context';

/** The caller's openid; `access: 'shopper'` guarantees there is one. */
export const openidOf = (ctx: Ctx) => (ctx.caller.kind === 'shopper' ? ctx.caller.openid : '');
