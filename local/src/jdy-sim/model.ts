/**
 * The simulator's records: one account set's data as plain JSON-able types (persisted as is), the envelope's
 * errcodes and `JdyError`, the save / paging limits and the id counter. Imports nothing; every other module of the
 * ERP side (views, params, master, docs) builds on it.
 */

/** errcodes of the envelope (see README, CHOICES) */
export const ERR = {
  REQUIRED: 1030002000,
  EXISTS: 1030002002,
  NOT_FOUND: 1030002003,
  TOO_MANY: 1030002005,
  FORMAT: 1030002006,
  /** chosen: the document's state does not allow the operation (audited, shipped, returned, ...) */
  STATE: 1030002007,
  /** chosen: app-token missing, unknown or expired */
  TOKEN: 1030001002,
  SYSTEM: 2000002000,
} as const;

export class JdyError extends Error {
  constructor(
    public readonly errcode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface UnitRow {
  id: string;
  number: string;
  name: string;
  /** decimal places allowed for quantities in this unit (0 = whole numbers only) */
  precision: number;
}
export interface MaterialUnit {
  unit_id: string;
  /** how many base units one of this unit holds (base unit: 1) */
  coefficient: number;
  is_default: boolean;
}
export interface AuxValue {
  id: string;
  number: string;
  name: string;
  /** the attribute it belongs to, e.g. 颜色 */
  group_name: string;
}
export interface Sku {
  sku_id: string;
  sku_number: string;
  /** aux value ids, one per attribute of the material, in the material's attribute order */
  aux_ids: string[];
  aux_enable: boolean;
}
export interface Material {
  id: string;
  number: string;
  name: string;
  model: string;
  barcode: string;
  enable: boolean;
  base_unit_id: string;
  /** the base unit first (coefficient 1), then any auxiliary units */
  units: MaterialUnit[];
  /** attribute names (颜色, 尺码 ...), at most 5 */
  aux_types: string[];
  skus: Sku[];
  retail_price: number;
  sale_price: number;
  images: string[];
  create_time: number;
  modify_time: number;
}
export interface BdRow {
  id: string;
  number: string;
  name: string;
  enable: boolean;
  currency_number?: string;
  create_time: number;
  modify_time: number;
}
export interface StockRow {
  material_id: string;
  stock_id: string;
  /** sku_id, or '' for a material without aux attributes */
  aux_prop_id: string;
  /** in the base unit */
  qty: number;
  modify_time: number;
}
export interface DocLine {
  id: string;
  seq: number;
  material_id: string;
  stock_id: string;
  unit_id: string;
  aux_prop_id: string;
  qty: number;
  /** qty × the unit's coefficient */
  base_qty: number;
  price: number;
  tax_price: number;
  dis_rate: number;
  is_free: boolean;
  amount: number;
  remark: string;
  src_bill_type_id?: string;
  src_inter_id?: string;
  src_entry_id?: string;
}
export type BillStatus = 'A' | 'B' | 'C';
export interface SalDoc {
  id: string;
  bill_no: string;
  bill_date: string;
  customer_id: string;
  remark: string;
  /** A saved, B submitted, C audited */
  bill_status: BillStatus;
  lines: DocLine[];
  payments: { settle_account_id: string; pay_type_id: string; paid_amount: number }[];
  total_amount: number;
  create_time: number;
  modify_time: number;
  audit_time?: number;
  /** outbound only: set when the clerk ships it (the express scenario) */
  shipping?: { company: string; number: string; time: number };
}
export interface PendingStock {
  stock_number: string;
  material_number: string;
  /** sku_number, or '' */
  sku_number: string;
  qty: number;
}

export interface AccountSetData {
  accountId: string;
  accountName: string;
  groupName: string;
  serviceId: string;
  outerInstanceId: string;
  /** the client (X-Api-ClientID) that may authorise it */
  clientId: string;
  /** data-centre domain: the X-GW-Router-Addr it answers to */
  domain: string;
  appKey: string;
  appSecret: string;
  /** prefix of the ids made here (keeps ids distinct between account sets) */
  idPrefix: string;
  seq: number;
  units: UnitRow[];
  auxValues: AuxValue[];
  materials: Material[];
  stores: BdRow[];
  customers: BdRow[];
  settlementAccounts: BdRow[];
  inventory: StockRow[];
  outbounds: SalDoc[];
  inbounds: SalDoc[];
  /** stock waiting for a warehouse that does not exist yet (applied when it is created) */
  pendingStock: PendingStock[];
}

export interface Ctx {
  a: AccountSetData;
  now: () => number;
  allowNegativeStock: boolean;
}

export const MAX_SAVE_ROWS = 500;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;

export type DocKind = 'out' | 'in';

export const nextId = (a: AccountSetData) => `${a.idPrefix}${String(++a.seq).padStart(10, '0')}`;
