/** Campaigns, the cart, addresses and orders. */
import { z } from 'zod';
import { Fen, Id, PageInput, type Page, type SchemaIn as In, type EmptyInput as Empty } from './common';
import { Audience, CampaignRule, DeliveryMethod, Instant, type CampaignKind, type Quote, type QuoteStep } from './pricing';
import { ActivityKind } from './activities';
import { AFTERSALE_STATUSES } from './aftersaleTexts';

// ---------------------------------------------------------------------------------------------------------------
// Campaigns (营销活动)

export const CampaignInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    rule: CampaignRule,
    /** null = every product (全场) */
    productIds: z.array(Id).min(1).max(500).nullable().default(null),
    audience: Audience.prefault({ kind: 'all' }),
    startsAt: Instant,
    /** null = permanent */
    endsAt: Instant.nullable().default(null),
  })
  .strict()
  .refine((c) => c.endsAt === null || c.endsAt > c.startsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] });
export type CampaignInput = z.input<typeof CampaignInput>;

export type CampaignStatus = 'upcoming' | 'running' | 'ended';
export interface Campaign {
  _id: string;
  name: string;
  rule: z.output<typeof CampaignRule>;
  productIds: string[] | null;
  audience: z.output<typeof Audience>;
  startsAt: string;
  endsAt: string | null;
  /** computed at read time from the window */
  status: CampaignStatus;
  createdAt: string;
  updatedAt: string;
}
export const CampaignListInput = z
  .object({ kind: z.enum(['reduction', 'discount', 'giftCoupon', 'freeShipping']).optional(), status: z.enum(['upcoming', 'running', 'ended']).optional(), ...PageInput })
  .strict();

// ---------------------------------------------------------------------------------------------------------------
// Cart

export const CART_MAX_LINES = 100;
export const LINE_MAX_QUANTITY = 999;
export const Quantity = z.number().int().min(1).max(LINE_MAX_QUANTITY);
export const CartAddInput = z.object({ skuId: Id, quantity: Quantity.default(1) }).strict();
export const CartSetQuantityInput = z.object({ skuId: Id, quantity: Quantity }).strict();
export const CartSelectInput = z.object({ skuIds: z.array(Id).min(1).max(CART_MAX_LINES), selected: z.boolean() }).strict();
export const CartRemoveInput = z.object({ skuIds: z.array(Id).min(1).max(CART_MAX_LINES) }).strict();

/** What is wrong with a cart line now: the shopper sees it before checkout. */
export type CartLineProblem = 'gone' | 'off_shelf' | 'out_of_stock' | 'insufficient_stock' | 'price_changed';
/** The goods of a cart, checkout or order line: which SKU of which product, how it looked, how many. */
export interface LineGoods {
  skuId: string;
  productId: string;
  name: string;
  image: string | null;
  specValues: string[];
  quantity: number;
}
export interface CartLine extends LineGoods {
  selected: boolean;
  /** the price now, fen */
  price: number;
  /** the price when the line was added */
  priceWhenAdded: number;
  stock: number;
  problems: CartLineProblem[];
  addedAt: string;
}
export interface Cart {
  lines: CartLine[];
  /** quantity of selected lines that can be bought */
  selectedCount: number;
  /** Σ price × quantity of selected, buyable lines (before promotions) */
  selectedAmount: number;
  /**
   * The engine's estimate for the selected buyable lines: campaigns, the best coupon and the member discount,
   * without freight or points (the checkout adds those). null when nothing is selected.
   */
  estimate: Quote | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses

export const AddressInput = z
  .object({
    id: Id.optional(),
    name: z.string().trim().min(1).max(20),
    phone: z.string().trim().regex(/^1\d{10}$/, 'an 11-digit mobile number'),
    province: z.string().trim().min(1).max(20),
    city: z.string().trim().min(1).max(20),
    district: z.string().trim().max(20).default(''),
    /**
     * GB/T 2260 codes of the province, city and district picked (types/src/regions.ts). Given together with the
     * names, which must then be that combination (VALIDATION_FAILED naming the code that does not fit); an address
     * typed before the picker has none. districtCode is '' for a city without districts.
     */
    provinceCode: z.string().regex(/^\d{6}$/).optional(),
    cityCode: z.string().regex(/^\d{6}$/).optional(),
    districtCode: z.union([z.string().regex(/^\d{6}$/), z.literal('')]).optional(),
    detail: z.string().trim().min(1).max(120),
    /** 邮政编码 (from WeChat's address book), '' when unknown */
    postalCode: z.union([z.string().regex(/^\d{6}$/), z.literal('')]).optional(),
    isDefault: z.boolean().default(false),
  })
  .strict()
  .refine((a) => (a.provinceCode === undefined) === (a.cityCode === undefined) && (a.cityCode === undefined) === (a.districtCode === undefined), {
    message: 'give the province, city and district codes together, or none',
    path: ['provinceCode'],
  });
export type AddressInput = z.input<typeof AddressInput>;
export interface Address {
  _id: string;
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  /** absent on addresses saved before the region picker */
  provinceCode?: string;
  cityCode?: string;
  districtCode?: string;
  detail: string;
  postalCode?: string;
  isDefault: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Checkout

export const CheckoutItems = z.union([
  /** the selected lines of the caller's cart */
  z.object({ cart: z.literal(true) }).strict(),
  /** 立即购买: one or more SKUs directly */
  z.object({ items: z.array(z.object({ skuId: Id, quantity: Quantity }).strict()).min(1).max(CART_MAX_LINES) }).strict(),
]);
export const CheckoutInput = z
  .object({
    source: CheckoutItems,
    /** a held coupon id, null for none, 'best' (default) for the largest saving */
    couponId: z.union([Id, z.null()]).default('best'),
    /** a reusable coupon code typed by the shopper (复用券) */
    couponCode: z.string().trim().min(1).max(40).optional(),
    /** use as many points as allowed, or none */
    usePoints: z.boolean().default(false),
    delivery: z
      .object({ method: DeliveryMethod.default('express'), addressId: Id.optional(), storeId: Id.optional() })
      .strict()
      .prefault({}),
  })
  .strict();
export type CheckoutInput = z.input<typeof CheckoutInput>;

export const CreateOrderInput = CheckoutInput.extend({
  /** one per tap of the submit button: the same id twice makes one order */
  clientRequestId: z.string().min(8).max(64),
  /** the amount the shopper saw; if the server now computes another one, PRICE_CHANGED answers the new quote */
  expectedPayable: Fen,
  remark: z.string().trim().max(200).default(''),
});
export type CreateOrderInput = z.input<typeof CreateOrderInput>;

export interface CheckoutLine extends LineGoods {
  price: number;
  /** the item activity the line is in (flash, limited, presale), when it gets anything from one */
  activity: { kind: import('./activities').ActivityKind; id: string; name: string } | null;
}
/**
 * How an order is delivered: a method the shopper chose, or 'virtual' for an order of virtual goods only (no
 * address, no freight; the merchant fulfils it with a note the shopper reads). Virtual and physical goods are never
 * in one order (MIXED_PRODUCT_TYPES).
 */
export type OrderDeliveryMethod = z.infer<typeof DeliveryMethod> | 'virtual';
export interface PickupStore {
  _id: string;
  name: string;
  address: string;
}
export interface CheckoutPreview {
  lines: CheckoutLine[];
  quote: Quote;
  /** every method, with why one is not available (in Chinese, for the shopper); none for virtual goods */
  deliveryMethods: { method: z.infer<typeof DeliveryMethod>; available: boolean; reason: string | null }[];
  addresses: Address[];
  stores: PickupStore[];
  /** the address or store the quote used ('virtual': neither) */
  delivery: { method: OrderDeliveryMethod; addressId: string | null; storeId: string | null };
  points: { enabled: boolean; balance: number; fenPerPoint: number; maxPercent: number };
  /** set (in Chinese, for the shopper) when a reusable code was typed and not found */
  couponCodeError: string | null;
  /** the presale in the order: when it ships (shipFrom is null until paid for "N days after payment") */
  presale: import('./activities').OrderPresale | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Orders

/** The order's own state; after-sales requests live beside it (payment issue). */
export type OrderStatus = 'unpaid' | 'paid' | 'partly_shipped' | 'shipped' | 'completed' | 'closed';
export const ORDER_STATUSES: OrderStatus[] = ['unpaid', 'paid', 'partly_shipped', 'shipped', 'completed', 'closed'];
export type CloseReason = 'timeout' | 'shopper_cancel' | 'merchant_close' | 'refunded';
export const StarColor = z.enum(['red', 'orange', 'yellow', 'green', 'blue', 'purple']);

export interface OrderLine extends LineGoods {
  /** sale price per unit when ordered */
  price: number;
  unitPrice: number;
  listAmount: number;
  activityOff: number;
  campaignOff: number;
  couponOff: number;
  memberOff: number;
  pointsOff: number;
  /** after a merchant price change, the change's share */
  adjustment: number;
  /** what the line really cost: the basis of partial refunds and ERP amounts */
  payable: number;
  pointsEarned: number;
  campaignId: string | null;
  /** whether this line's stock was taken at creation (strategy 'order'); 'payment' lines take it when paid */
  stockTaken: boolean;
  /** the item activity the line was bought in (flash and presale lines take the activity's stock, not the SKU's) */
  activity?: OrderLineActivity | null;
}
export interface OrderLineActivity {
  kind: import('./activities').ActivityKind;
  id: string;
  name: string;
  /** units bought at the activity price (limited 'first_n' may discount fewer than the quantity) */
  units: number;
  /** the activity stock counter taken (units) and the shopper's quota counter, given back when an unpaid order closes */
  stockKey: string | null;
  stockTaken: number;
  quotaKey: string | null;
  quotaTaken: number;
}
/** What each order history event records; its Chinese text is `historyText` (orderHistoryTexts.ts). */
export interface OrderHistoryDetails {
  /** the shopper placed the order */
  placed: Record<string, never>;
  /** paid: WeChat Pay's transaction id, null when there was nothing to pay */
  paid: { transactionId: string | null };
  /** the merchant changed what an unpaid order costs (fen) */
  priceChanged: { from: number; to: number; reason: string };
  /** an unpaid order closed (timeout, the shopper, the merchant): `note` is the reason given */
  closed: { reason: CloseReason; note: string };
  /** the merchant closed a paid, unshipped order, with or without refunding it */
  closedPaid: { refund: boolean; note: string };
  /** what was refunded reached what was paid: the order closed */
  refunded: Record<string, never>;
  /** a parcel left (`partial`: goods are still to ship) */
  shipped: { company: string; trackingNo: string; partial: boolean };
  /** the merchant corrected parcel `no`'s carrier and tracking number (`from`: what it said before) */
  trackingCorrected: { no: number; from: string; company: string; trackingNo: string; reason: string };
  /** completed: receipt confirmed (`complete`), picked up or delivered (`fulfil`), virtual goods handed over */
  completed: { via: 'complete' | 'fulfil' | 'fulfilVirtual' };
  cancelRequested: { reason: string };
  cancelRejected: { reason: string };
}
export type OrderHistoryEvent = keyof OrderHistoryDetails;
interface HistoryEntryBase {
  at: string;
  from: OrderStatus | null;
  to: OrderStatus;
  by: string;
}
/**
 * One step of an order's life, as data: `event` and its `detail`. Entries stored before events existed carry an
 * English `note` instead (demo data, older databases); `historyText` falls back to it.
 */
export type OrderHistoryEntry =
  | { [E in OrderHistoryEvent]: HistoryEntryBase & { event: E; detail: OrderHistoryDetails[E] } }[OrderHistoryEvent]
  | (HistoryEntryBase & { event?: undefined; note: string });
export interface PriceChange {
  at: string;
  by: string;
  from: number;
  to: number;
  reason: string;
}
export interface Order {
  _id: string;
  openid: string;
  status: OrderStatus;
  lines: OrderLine[];
  amounts: {
    goods: number;
    freight: number;
    freightPayable: number;
    totalOff: number;
    /** merchant price change: + raises, − lowers (apportioned onto the lines) */
    adjustment: number;
    payable: number;
  };
  steps: QuoteStep[];
  coupon: { heldId: string; couponId: string; name: string; off: number } | null;
  points: { used: number; off: number; earned: number };
  giftCoupons: { campaignId: string; couponId: string; quantity: number }[];
  campaignIds: string[];
  member: { levelId: string | null; levelName: string; discountRate: number };
  delivery: { method: OrderDeliveryMethod; address: Omit<Address, '_id' | 'isDefault'> | null; store: PickupStore | null };
  remark: string;
  star: z.infer<typeof StarColor> | null;
  createdAt: string;
  /** an unpaid order closes by itself at this instant */
  closeAt: string | null;
  paidAt: string | null;
  shippedAt: string | null;
  completedAt: string | null;
  closedAt: string | null;
  closeReason: CloseReason | null;
  priceChanges: PriceChange[];
  history: OrderHistoryEntry[];
  /** a payment that arrived after the order had closed: to be refunded (payment issue) */
  latePayments: { at: string; transactionId: string; amount: number }[];
  /** what was given back when the order closed: exactly once */
  released: { at: string; stock: boolean; points: number; coupon: boolean } | null;
  /** the confirmed WeChat Pay payment (null for unpaid and free orders) */
  payment: { outTradeNo: string; transactionId: string; amount: number } | null;
  /** fen: `requested` = every refund not CLOSED (in flight or done), `refunded` = SUCCESS only; never above payment */
  refund: { requested: number; refunded: number; count: number };
  /** what the merchant must look at: a paid amount that does not match, a payment on a closed order */
  paymentIssues: import('./payments').PaymentIssue[];
  /** the shopper asked to cancel a paid, unshipped order; the merchant decides */
  cancelRequest: CancelRequest | null;
  /** per SKU: the units and fen that open or finished after-sales requests have asked for */
  aftersaleClaims: Record<string, { quantity: number; amount: number }>;
  /** parcels sent (express); several when the order was split */
  shipments: import('./fulfilment').Shipment[];
  /** store pickup: the code's state once the order is paid (the code itself: `order.pickupCode`) */
  pickup: import('./fulfilment').OrderPickup | null;
  /** same-city delivery once dispatched */
  localDelivery: import('./fulfilment').LocalDelivery | null;
  /** virtual goods once fulfilled: the merchant's note for the shopper (a card number, a booking) */
  virtualDelivery?: import('./fulfilment').VirtualDelivery | null;
  /** set when the order holds presale goods */
  presale?: import('./activities').OrderPresale | null;
  /** units of each SKU counted in its product's 已售: set when paid, lowered by refunds that name units and by cancellation */
  sold?: Record<string, number>;
}
export interface CancelRequest {
  at: string;
  reason: string;
  status: 'pending' | 'rejected' | 'agreed';
  decidedAt: string | null;
  decidedBy: string | null;
  /** the merchant's reason for a rejection, shown to the shopper */
  rejectReason: string | null;
  /** agreed with a refund: its out_refund_no */
  refundNo: string | null;
}
export const DecideCancelInput = z
  .object({
    id: Id,
    decision: z.enum(['reject', 'agree', 'agree_refund']),
    /** required for a rejection: the shopper sees it */
    reason: z.string().trim().max(100).default(''),
  })
  .strict()
  .refine((v) => v.decision !== 'reject' || v.reason.length > 0, { path: ['reason'], message: 'say why the cancellation is rejected' });
export type OrderSummary = Pick<Order, '_id' | 'status' | 'amounts' | 'createdAt' | 'closeAt' | 'star' | 'delivery' | 'refund'> & {
  /** the cancellation request's state, for list markers */
  cancelRequest: 'pending' | 'rejected' | 'agreed' | null;
  paymentIssues: number;
  lines: Pick<OrderLine, 'skuId' | 'name' | 'image' | 'specValues' | 'quantity' | 'price' | 'payable'>[];
  itemCount: number;
  openid: string;
};

export const MyOrdersInput = z
  .object({
    status: z.enum(['unpaid', 'paid', 'shipped', 'completed', 'closed']).optional(),
    /** the storefront's split of paid orders: to_ship = 待发货 (paid, not pickup), to_pickup = 待自提 (paid pickup); not with `status` */
    tab: z.enum(['to_ship', 'to_pickup']).optional(),
    ...PageInput,
  })
  .strict()
  .refine((v) => !(v.tab && v.status), { path: ['tab'], message: 'tab or status, not both' });
export const OrderIdInput = z.object({ id: Id }).strict();
export const CancelOrderInput = z.object({ id: Id, reason: z.string().trim().min(1).max(100) }).strict();

/** The admin's order search: the seed's filters and the lookups of issue 17. */
const ADMIN_ORDER_FILTERS = {
  /** quick tabs: last three months, by status, starred, 退单申请 (a shopper asked to cancel a paid order) */
  tab: z.enum(['recent3m', 'unpaid', 'paid', 'shipped', 'completed', 'closed', 'starred', 'cancelRequests']).optional(),
  status: z.enum(['unpaid', 'paid', 'partly_shipped', 'shipped', 'completed', 'closed']).optional(),
  star: StarColor.optional(),
  orderId: z.string().trim().max(64).optional(),
  productName: z.string().trim().max(100).optional(),
  productId: Id.optional(),
  phone: z.string().trim().max(20).optional(),
  consignee: z.string().trim().max(20).optional(),
  /** one customer's orders (the customer page links here) */
  openid: z.string().trim().min(1).max(64).optional(),
  campaignKind: z.enum(['reduction', 'discount', 'giftCoupon', 'freeShipping']).optional(),
  /** a parcel's tracking number (exact) */
  trackingNo: z.string().trim().min(1).max(40).optional(),
  /** a product's or a SKU's code (exact) */
  productCode: z.string().trim().min(1).max(40).optional(),
  /** WeChat Pay's transaction number (exact) */
  transactionId: z.string().trim().min(1).max(64).optional(),
  deliveryMethod: z.enum([...DeliveryMethod.options, 'virtual']).optional(),
  /** the item activity a line was bought in */
  activityKind: ActivityKind.optional(),
  /** orders with an after-sales request in this state */
  aftersaleStatus: z.enum(AFTERSALE_STATUSES).optional(),
  createdFrom: Instant.optional(),
  createdTo: Instant.optional(),
  paidFrom: Instant.optional(),
  paidTo: Instant.optional(),
  minPayable: Fen.optional(),
  maxPayable: Fen.optional(),
};
export const AdminOrderListInput = z.object({ ...ADMIN_ORDER_FILTERS, ...PageInput }).strict();

/** 导出订单 (issue 17): the list's filters; one row per order line. Up to EXPORT_DIRECT_MAX orders the file comes back at once, more make a job. */
export const OrderExportInput = z.object({ ...ADMIN_ORDER_FILTERS }).strict();
export const OrderExportJobInput = z.object({ jobId: Id }).strict();
/** 打印拣货单 / 发货单: the orders the merchant selected (at most 100 per sheet) */
export const PrintOrdersInput = z.object({ ids: z.array(Id).min(1).max(100) }).strict();
export interface PickingRow {
  skuId: string;
  name: string;
  specValues: string[];
  code: string;
  /** units still to ship, summed over the orders */
  quantity: number;
  /** how many of the orders hold it */
  orders: number;
}
export interface PrintSheet {
  /** in the order they were asked for */
  orders: Order[];
  skuCodes: Record<string, string>;
  picking: PickingRow[];
  /** ids asked for that are no orders */
  missing: string[];
}
export const EXPORT_DIRECT_MAX = 2000;
/** the most orders one export holds (a bigger range: narrow the filters) */
export const EXPORT_MAX = 50_000;
export interface OrderExportFile {
  filename: string;
  /** the XLSX workbook, base64 */
  contentBase64: string;
  orders: number;
  rows: number;
}
export type OrderExportAnswer = ({ kind: 'file' } & OrderExportFile) | { kind: 'job'; jobId: string; total: number };
export type OrderExportProgress = { state: 'running'; done: number; total: number } | ({ state: 'done'; done: number; total: number } & OrderExportFile);

export const ChangePriceInput = z
  .object({ id: Id, payable: Fen.min(1), reason: z.string().trim().min(1).max(100) })
  .strict();
export const StarInput = z.object({ id: Id, star: StarColor.nullable() }).strict();

export interface OrderCounts {
  unpaid: number;
  paid: number;
  /** after-sales requests waiting for the merchant (pending, or goods returned) */
  aftersales: number;
  /** paid orders whose shopper asked to cancel (they are also counted in `paid`) */
  cancelRequests: number;
  /** what needs the merchant: awaiting shipment + after-sales requests */
  pending: number;
}

export type CampaignKindName = CampaignKind;
export type { Page };

// ---------------------------------------------------------------------------------------------------------------
// The function API (see types/src/api.ts)

export interface CampaignAdminApi {
  list: { input: In<typeof CampaignListInput>; output: Page<Campaign> };
  get: { input: In<typeof OrderIdInput>; output: Campaign };
  /** refuses CAMPAIGN_CONFLICT when a product would be in two discount campaigns whose windows overlap */
  create: { input: CampaignInput; output: Campaign };
  update: { input: CampaignInput & { id: string }; output: Campaign };
  /** ends a running campaign now (endsAt = now) */
  end: { input: In<typeof OrderIdInput>; output: Campaign };
  delete: { input: In<typeof OrderIdInput>; output: { deleted: number } };
}

export interface CartApi {
  get: { input: Empty; output: Cart };
  add: { input: In<typeof CartAddInput>; output: Cart };
  setQuantity: { input: In<typeof CartSetQuantityInput>; output: Cart };
  select: { input: In<typeof CartSelectInput>; output: Cart };
  remove: { input: In<typeof CartRemoveInput>; output: Cart };
  /** number of items, for the tab badge */
  count: { input: Empty; output: { count: number } };
}

export interface OrderApi {
  /** the checkout page: lines, the quote with its breakdown and coupon verdicts, delivery choices */
  preview: { input: CheckoutInput; output: CheckoutPreview };
  /**
   * PRICE_CHANGED when expectedPayable is not what the server computes now (details: {preview}, the new checkout
   * preview), or when a price changed during the transaction itself (no details: preview again)
   */
  create: { input: CreateOrderInput; output: Order };
  list: { input: In<typeof MyOrdersInput>; output: Page<OrderSummary> };
  get: { input: In<typeof OrderIdInput>; output: Order };
  /** unpaid: closes it (at WeChat Pay first); paid and unshipped: a cancellation request the merchant decides */
  cancel: { input: In<typeof CancelOrderInput>; output: Order };
  /** WeChat Pay parameters (and on H5 against the simulator, its cashier page URL) */
  pay: { input: z.input<typeof import('./payments').PayInput>; output: import('./payments').PayResult };
  /** back from paying: asks WeChat Pay when the notification has not arrived, answers the order */
  payStatus: { input: In<typeof OrderIdInput>; output: Order };
  /** a paid pickup order's code (12 digits) for the digits and the QR code */
  pickupCode: { input: In<typeof OrderIdInput>; output: { code: string; status: 'active' | 'used' | 'void'; usedAt: string | null; store: PickupStore | null } };
  /** the parcels arrived: a shipped order completes */
  confirmReceipt: { input: In<typeof OrderIdInput>; output: Order };
  refunds: { input: In<typeof OrderIdInput>; output: Pick<import('./payments').Refund, '_id' | 'amount' | 'status' | 'reason' | 'source' | 'createdAt' | 'successAt'>[] };
  /**
   * `paid`: paid orders waiting to be sent (待发货, pickup orders not counted); `pickup`: paid pickup orders (待自提);
   * `aftersales`: after-sales requests still open (退款/售后)
   */
  counts: { input: Empty; output: Record<'unpaid' | 'paid' | 'pickup' | 'shipped' | 'aftersales', number> };
  addresses: { input: Empty; output: Address[] };
  saveAddress: { input: AddressInput; output: Address };
  deleteAddress: { input: In<typeof OrderIdInput>; output: { deleted: number } };
}

export interface OrderAdminApi {
  list: { input: In<typeof AdminOrderListInput>; output: Page<OrderSummary> };
  /** the list's filters as an XLSX file (one row per line), or a job for a big range */
  export: { input: In<typeof OrderExportInput>; output: OrderExportAnswer };
  shopper: { input: In<typeof OrderIdInput>; output: OrderShopper };
  /** what the print page needs: the orders, their SKU codes and the picking list */
  print: { input: In<typeof PrintOrdersInput>; output: PrintSheet };
  /** 修改物流: a shipped parcel's carrier and tracking number, recorded and uploaded to WeChat again */
  correctTracking: { input: In<typeof import('./fulfilment').CorrectTrackingInput>; output: Order };
  /** a big export's progress; each call builds the next part, the last answers the file */
  exportStatus: { input: In<typeof OrderExportJobInput>; output: OrderExportProgress };
  get: { input: In<typeof OrderIdInput>; output: Order };
  counts: { input: Empty; output: OrderCounts };
  changePrice: { input: In<typeof ChangePriceInput>; output: Order };
  star: { input: In<typeof StarInput>; output: Order };
  /** closes an unpaid order (at WeChat Pay first) */
  close: { input: In<typeof CancelOrderInput>; output: Order };
  /** a paid, unshipped order: closed, everything paid refunded */
  closeAndRefund: { input: In<typeof CancelOrderInput>; output: { order: Order; refund: import('./payments').Refund | null } };
  /** a paid, unshipped order: closed, nothing refunded online */
  closeWithoutRefund: { input: In<typeof CancelOrderInput>; output: { order: Order; refund: null } };
  /** the shopper's cancellation request: reject with a reason, agree, or agree and refund */
  decideCancel: { input: z.input<typeof DecideCancelInput>; output: { order: Order; refund: import('./payments').Refund | null } };
  /** express shipping: the whole order or a parcel of some lines */
  ship: { input: z.input<typeof import('./fulfilment').ShipInput>; output: Order };
  /** bound to Jingdou Cloud: whether the ERP ships this express order (then `ship` answers ERP_SHIPS_EXPRESS) */
  erpShipping: { input: z.input<typeof import('./sync').ErpShippingInput>; output: { bound: boolean; erpShips: boolean } };
  /** a CSV/XLS/XLSX of order number, carrier, tracking number (≤ 1,000 rows, 1 MB): a result per row */
  batchShip: { input: z.input<typeof import('./fulfilment').BatchShipInput>; output: import('./fulfilment').BatchShipResult };
  /** virtual goods: a paid virtual order handed over with a note (≤ 500 characters) the shopper reads; completes it */
  fulfilVirtual: { input: z.input<typeof import('./fulfilment').FulfilVirtualInput>; output: Order };
  /** same-city: dispatch a paid order to the merchant's staff or the courier platform */
  dispatchLocal: { input: In<typeof OrderIdInput>; output: Order };
  /** same-city by the merchant's staff: picked_up, then delivered (completes the order) */
  localStatus: { input: z.input<typeof import('./fulfilment').LocalStatusInput>; output: Order };
  /** the order's WeChat shipping-information uploads: payload, status pending|sent, error */
  shippingUploads: { input: In<typeof OrderIdInput>; output: Record<string, unknown>[] };
  /** refund part or all of what was paid (REFUND_EXCEEDS_PAID beyond it) */
  refund: { input: z.input<typeof import('./payments').RefundInput>; output: import('./payments').Refund };
  refunds: { input: In<typeof OrderIdInput>; output: import('./payments').Refund[] };
  refundList: { input: z.input<typeof import('./payments').RefundListInput>; output: Page<import('./payments').Refund> };
  /** an ABNORMAL or FAILED refund, sent again with its own out_refund_no */
  retryRefund: { input: z.input<typeof import('./payments').RefundNoInput>; output: import('./payments').Refund };
  settings: { input: Empty; output: import('./settings').ShopSettings };
  /** owner only */
  saveSettings: { input: import('./settings').ShopSettingsPatch; output: import('./settings').ShopSettings };
}

/** What a customer bought, kept on the shopper by the order participant `customerTrade` (issue 17). */
export interface CustomerTrade {
  /** orders paid (free orders included) */
  orders: number;
  /** fen paid, less what was refunded */
  spent: number;
  /** when the latest order was paid */
  lastOrderAt: string | null;
}
/** The shopper of an order as the merchant sees them (never the raw openid on its own; issue 17). */
export interface OrderShopper {
  openid: string;
  nickname: string;
  avatar: string | null;
  /** the member level now */
  levelName: string;
  /** the default address's mobile, masked (138****0000), or null */
  phone: string | null;
  trade: CustomerTrade;
}
