import { AdminOrderListInput, PrintOrdersInput, CorrectTrackingInput, OrderExportInput, OrderExportJobInput, BatchShipInput, FulfilVirtualInput, ErpShippingInput, LocalStatusInput, CancelOrderInput, SHIP_BATCH_MAX_BYTES, SHIP_BATCH_MAX_ROWS, ShipInput, ChangePriceInput, DecideCancelInput, OrderIdInput, RefundInput, RefundListInput, RefundNoInput, ShopSettingsPatch, StarInput, type AdminRole, type OrderCounts } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import type { Ctx } from '../shared/runtime/context';
import { merchantActor } from '../shared/runtime/caller';
import { exportOrders, exportProgress } from '../shared/domain/orders/export';
import { orderShopper } from '../shared/domain/members/history';
import { printSheet } from '../shared/domain/orders/print';
import { changePrice, setStar } from '../shared/domain/orders/lifecycle';
import { pendingCancel, rejectCancel } from '../shared/domain/orders/cancellation';
import { depsOf } from '../shared/domain/payments/deps';
import { closeUnpaid } from '../shared/domain/payments/pay';
import { batchShip, correctTracking, shipOrder } from '../shared/domain/fulfilment/shipping';
import { advanceLocal, dispatchLocal } from '../shared/domain/fulfilment/local';
import { shippingUploadsOf } from '../shared/domain/fulfilment/wxShipping';
import { fulfilVirtual } from '../shared/domain/fulfilment/virtual';
import { readSheet } from '../shared/domain/fulfilment/sheetFile';
import { erpShipping } from '../shared/domain/sync/erpShipping';
import { closePaid, listRefunds, refundsOf, requestRefund, retryRefund } from '../shared/domain/payments/refunds';
import { getOrder, listForAdmin, orderCounts } from '../shared/domain/orders/queries';
import { pendingAftersales } from '../shared/domain/aftersales/pending';
import { getSettings, updateSettings } from '../shared/domain/settings/settings';

const STAFF: AdminRole[] = ['owner', 'operator'];

/** What waits for the merchant: the orders' counts, and the after-sales requests as their domain counts them. */
async function counts(ctx: Ctx): Promise<OrderCounts> {
  const [{ unpaid, paid, cancelRequests }, aftersales] = await Promise.all([orderCounts(ctx.db), pendingAftersales(ctx.db)]);
  return { unpaid, paid, aftersales, cancelRequests, pending: paid + aftersales };
}

export default defineFunction('orderAdmin', {
  list: action({ access: STAFF, input: AdminOrderListInput, handler: (ctx, i) => listForAdmin(ctx.db, i, ctx.now()) }),
  get: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => getOrder(ctx.db, id) }),
  /** the order's shopper as a person: nickname, level, masked phone, orders and spending */
  print: action({ access: STAFF, input: PrintOrdersInput, handler: (ctx, { ids }) => printSheet(ctx.db, ids) }),
  shopper: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => orderShopper(ctx.db, id, ctx.now()) }),
  export: action({ access: STAFF, input: OrderExportInput, handler: (ctx, i) => exportOrders(ctx.db, i, merchantActor(ctx), ctx.now()) }),
  exportStatus: action({ access: STAFF, input: OrderExportJobInput, handler: (ctx, { jobId }) => exportProgress(ctx.db, jobId, ctx.now()) }),
  counts: action({ access: STAFF, input: NoInput, handler: counts }),
  changePrice: action({ access: STAFF, input: ChangePriceInput, handler: (ctx, i) => changePrice(ctx.db, i.id, i.payable, i.reason, merchantActor(ctx), ctx.now()) }),
  star: action({ access: STAFF, input: StarInput, handler: (ctx, i) => setStar(ctx.db, i.id, i.star) }),
  /** an unpaid order (closed at WeChat Pay first) */
  close: action({ access: STAFF, input: CancelOrderInput, handler: (ctx, i) => closeUnpaid(depsOf(ctx), i.id, 'merchant_close', merchantActor(ctx), i.reason) }),
  /** a paid, unshipped order: closes it and refunds everything paid */
  closeAndRefund: action({ access: STAFF, input: CancelOrderInput, handler: (ctx, i) => closePaid(depsOf(ctx), i.id, { refund: true, note: i.reason, by: merchantActor(ctx) }) }),
  /** a paid, unshipped order: closes it, keeps the money (e.g. settled offline); with refund false there is none */
  closeWithoutRefund: action({
    access: STAFF,
    input: CancelOrderInput,
    handler: async (ctx, i) => ({ order: (await closePaid(depsOf(ctx), i.id, { refund: false, note: i.reason, by: merchantActor(ctx) })).order, refund: null }),
  }),
  /** the shopper's cancellation request: reject (with a reason the shopper sees), agree, or agree and refund */
  decideCancel: action({
    access: STAFF,
    input: DecideCancelInput,
    handler: async (ctx, i) => {
      if (i.decision === 'reject') return { order: await rejectCancel(ctx.db, i.id, i.reason, merchantActor(ctx), ctx.now()), refund: null };
      const o = await pendingCancel(ctx.db, i.id);
      return closePaid(depsOf(ctx), i.id, { refund: i.decision === 'agree_refund', note: `同意取消: ${o.cancelRequest!.reason}`, by: merchantActor(ctx) });
    },
  }),
  /** express: the whole order, or a parcel of some lines (split shipping) */
  ship: action({ access: STAFF, input: ShipInput, handler: (ctx, i) => shipOrder(ctx.db, i, merchantActor(ctx), ctx.now()) }),
  /** 修改物流: a parcel's carrier and tracking number after it left; re-uploaded to WeChat */
  correctTracking: action({ access: STAFF, input: CorrectTrackingInput, handler: (ctx, i) => correctTracking(ctx.db, i, merchantActor(ctx), ctx.now()) }),
  /** bound to Jingdou Cloud: whether the ERP ships this express order (the admin then offers no 发货) */
  erpShipping: action({ access: STAFF, input: ErpShippingInput, handler: (ctx, { id }) => erpShipping(ctx.db, id) }),
  /** a CSV / XLS / XLSX file of order number, carrier, tracking number: a result per row */
  batchShip: action({
    access: STAFF,
    input: BatchShipInput,
    handler: async (ctx, i) => batchShip(ctx.db, await readSheet(i.contentBase64, { maxBytes: SHIP_BATCH_MAX_BYTES, maxRows: SHIP_BATCH_MAX_ROWS + 1 }), merchantActor(ctx), ctx.now()),
  }),
  /** virtual goods: a paid order handed over with a note the shopper reads; completes it */
  fulfilVirtual: action({ access: STAFF, input: FulfilVirtualInput, handler: (ctx, i) => fulfilVirtual(ctx.db, i.id, i.note, merchantActor(ctx), ctx.now()) }),
  /** same-city: hand a paid order to the merchant's staff or the courier platform */
  dispatchLocal: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => dispatchLocal(ctx.db, id, merchantActor(ctx), ctx.now()) }),
  /** same-city by the merchant's own staff: picked up, delivered (delivered completes the order) */
  localStatus: action({ access: STAFF, input: LocalStatusInput, handler: (ctx, i) => advanceLocal(ctx.db, i.id, i.status, merchantActor(ctx), ctx.now(), i.rider) }),
  /** what was (or waits to be) told to WeChat about how the order left (发货信息录入) */
  shippingUploads: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => shippingUploadsOf(ctx.db, id) }),
  /** a full or partial refund of a paid order */
  refund: action({ access: STAFF, input: RefundInput, handler: (ctx, i) => requestRefund(depsOf(ctx), i.id, { amount: i.amount, reason: i.reason, source: 'merchant', by: merchantActor(ctx) }) }),
  /** one order's refunds */
  refunds: action({ access: STAFF, input: OrderIdInput, handler: (ctx, { id }) => refundsOf(ctx.db, id) }),
  /** every refund, newest first, by status (ABNORMAL and FAILED ones wait for a retry) */
  refundList: action({ access: STAFF, input: RefundListInput, handler: (ctx, i) => listRefunds(ctx.db, i) }),
  retryRefund: action({ access: STAFF, input: RefundNoInput, handler: (ctx, i) => retryRefund(depsOf(ctx), i.refundNo, merchantActor(ctx)) }),
  settings: action({ access: STAFF, input: NoInput, handler: (ctx) => getSettings(ctx.db) }),
  saveSettings: action({ access: ['owner'], input: ShopSettingsPatch, handler: (ctx, i) => updateSettings(ctx.db, i, ctx.now()) }),
});
