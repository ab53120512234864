import { AftersaleDecideInput, AftersaleIdInput, AftersaleListInput, ParcelInput, type AdminRole } from '@shop/types';
import { action, defineFunction } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { merchantActor } from '../shared/runtime/caller';
import { depsOf } from '../shared/domain/payments/deps';
import { decideAftersale, getAftersale, listAftersales, receiveReturn, shipExchange } from '../shared/domain/aftersales/aftersales';

const STAFF: AdminRole[] = ['owner', 'operator'];

/** The merchant's side of after-sales (售后管理). */
export default defineFunction('aftersaleAdmin', {
  list: action({ access: STAFF, input: AftersaleListInput, handler: (ctx, i) => listAftersales(ctx.db, i) }),
  get: action({ access: STAFF, input: AftersaleIdInput, handler: (ctx, { id }) => getAftersale(ctx.db, id) }),
  decide: action({ access: STAFF, input: AftersaleDecideInput, handler: (ctx, { id, ...i }) => decideAftersale(depsOf(ctx), id, i, merchantActor(ctx)) }),
  receive: action({ access: STAFF, input: AftersaleIdInput, handler: (ctx, { id }) => receiveReturn(depsOf(ctx), id, merchantActor(ctx)) }),
  shipExchange: action({ access: STAFF, input: ParcelInput, handler: (ctx, { id, ...p }) => shipExchange(depsOf(ctx), id, p, merchantActor(ctx)) }),
});
