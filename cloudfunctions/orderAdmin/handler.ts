import { AdminOrderListInput, CancelOrderInput, ChangePriceInput, OrderIdInput, ShopSettingsPatch, StarInput, type AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { changePrice, closeOrder, setStar } from '../shared/domain/orders/lifecycle';
import { adminCounts, getOrder, listForAdmin } from '../shared/domain/orders/queries';
import { getSettings, updateSettings } from '../shared/domain/settings/settings';

const STAFF: AdminRole[] = ['owner', 'operator'];
const who = (ctx: Ctx) => (ctx.caller.kind === 'merchant' ? `merchant:${ctx.caller.username}` : 'unknown');

export default defineFunction('orderAdmin', {
  list: action({ access: STAFF, input: AdminOrderListInput, handler: (ctx, i) => listForAdmin(ctx.db, i, ctx.now()) }),
  get: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => getOrder(ctx.db, id) }),
  counts: action({ access: STAFF, input: NoInput, handler: (ctx) => adminCounts(ctx.db) }),
  changePrice: action({ access: STAFF, input: ChangePriceInput, handler: (ctx, i) => changePrice(ctx.db, i.id, i.payable, i.reason, who(ctx), ctx.now()) }),
  star: action({ access: STAFF, input: StarInput, handler: (ctx, i) => setStar(ctx.db, i.id, i.star) }),
  close: action({ access: STAFF, input: CancelOrderInput, handler: (ctx, i) => closeOrder(ctx.db, i.id, 'merchant_close', who(ctx), i.reason, ctx.now()) }),
  settings: action({ access: STAFF, input: NoInput, handler: (ctx) => getSettings(ctx.db) }),
  saveSettings: action({ access: ['owner'], input: ShopSettingsPatch, handler: (ctx, i) => updateSettings(ctx.db, i, ctx.now()) }),
});
