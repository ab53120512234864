/**
 * The Jingdou Cloud open API's request and response shapes as the client (./client) sends and reads them: envelope,
 * paging, account sets, materials and SKUs, inventory, customers, warehouses (stores), settlement accounts, sales
 * outbound and return documents, common operations. Field names as the API has them; the ERP sends numbers as
 * strings, so both are accepted. Types only.
 */

type Num = number | string;

export interface JdyEnvelope<T = unknown> {
  errcode: number;
  description: string;
  data: T;
}

/** one account set from push_app_authorize */
export interface JdyAccountSet {
  appKey: string;
  appSecret: string;
  domain: string;
  accountId: string;
  accountName: string;
  groupName?: string;
  serviceId?: string;
  outerInstanceId?: string;
  clientId?: string;
  /** 1 = live */
  status: Num;
}

export interface JdyPage<T> {
  count: Num;
  total_page: Num;
  page: Num;
  page_size: Num;
  current_page_size: Num;
  rows: T[];
}

export interface JdySaveResult {
  ids: string[];
  id_number_map: Record<string, string>;
}

export interface PageQuery {
  page?: number;
  page_size?: number;
}
/** ms timestamps, both ends inclusive */
export interface ModifyWindow {
  modify_start_time?: Num;
  modify_end_time?: Num;
}
export type IdOrNumber = { id: string; number?: never } | { number: string; id?: never };

export interface MaterialUnit {
  unit_id: string;
  unit_number?: string;
  unit_name?: string;
  coefficient: Num;
  is_default: boolean;
  precision?: number;
}

export interface Material {
  id: string;
  number: string;
  name: string;
  model?: string;
  barcode?: string;
  enable?: string;
  base_unit_id: string;
  base_unit_number?: string;
  base_unit_name?: string;
  /** decimal places of the base unit; > 0 means decimal quantities */
  base_unit_precision?: number;
  is_multi_unit: boolean;
  /** has SKUs (auxiliary attributes) */
  is_asst_attr: boolean;
  create_time?: string;
  modify_time?: string;
  units?: MaterialUnit[];
}

/** one SKU of a material; `sku_id` is what documents and stock rows call `aux_prop_id` */
export interface AuxEntity {
  sku_id: string;
  sku_number: string;
  aux_combination_name: string;
  aux_enable: boolean;
  aux_id1?: string;
  aux_id2?: string;
  aux_id3?: string;
  aux_id4?: string;
  aux_id5?: string;
  aux_name1?: string;
  aux_name2?: string;
  aux_name3?: string;
  aux_name4?: string;
  aux_name5?: string;
  /** not in the public field list (a simulator addition) */
  aux_type_name1?: string;
  aux_type_name2?: string;
  aux_type_name3?: string;
  aux_type_name4?: string;
  aux_type_name5?: string;
}

export interface PriceEntity {
  unit_id?: string;
  price_retail_price?: Num;
  price_sale_price1?: Num;
  [k: string]: unknown;
}

export interface MaterialDetail extends Material {
  aux_types?: string[];
  aux_entity: AuxEntity[];
  price_entity: PriceEntity[];
  images?: string[];
}

export interface MaterialListQuery extends PageQuery, ModifyWindow {
  enable?: 0 | 1;
  search?: string;
  ids?: string[];
  numbers?: string[];
  show_units?: boolean;
}

export interface InventoryRow {
  material_id: string;
  material_number: string;
  material_name?: string;
  stock_id: string;
  stock_number: string;
  stock_name?: string;
  /** '' for materials without SKUs */
  aux_prop_id: string;
  aux_prop_number?: string;
  aux_prop_name?: string;
  base_unit_id?: string;
  base_unit_name?: string;
  /** base unit */
  qty: Num;
  valid_qty: Num;
  batch_no?: string;
  modify_time?: string;
}

export interface InventoryQuery extends PageQuery, ModifyWindow {
  stock_numbers?: string[];
  material_numbers?: string[];
  aux_prop_ids?: string[];
}

/** customer, warehouse (store) or settlement account as listed */
export interface BdRow {
  id: string;
  number: string;
  name: string;
  enable?: string;
  currency_number?: string;
  create_time?: string;
  modify_time?: string;
}
export type Customer = BdRow;
export type Store = BdRow;
export type SettlementAccount = BdRow;

export interface BdSave {
  /** updates that record */
  id?: string;
  number: string;
  name: string;
  enable?: boolean | 0 | 1;
}
export interface SettlementAccountSave extends BdSave {
  /** default CNY */
  currency_number?: string;
}

export interface BdQuery extends PageQuery, ModifyWindow {
  number?: string;
  search?: string;
  enable?: 0 | 1;
  ids?: string[];
}

export interface DocLine {
  material_id?: string;
  material_number?: string;
  stock_id?: string;
  stock_number?: string;
  unit_id?: string;
  unit_number?: string;
  /** the SKU (`sku_id`); required for materials with SKUs, absent otherwise */
  aux_prop_id?: string;
  qty: Num;
  price: Num;
  tax_price?: Num;
  dis_rate?: Num;
  is_free?: boolean;
  remark?: string;
}

export interface PaymentEntry {
  settle_account_id?: string;
  settle_account_number?: string;
  pay_type_id?: string;
  paid_amount: Num;
}

/** what sal_out_bound saves */
export interface OutboundDoc {
  /** updates that (unaudited) document */
  id?: string;
  /** the storefront order number: makes the write idempotent (a second save answers `duplicate`) */
  bill_no?: string;
  /** YYYY-MM-DD */
  bill_date: string;
  customer_id?: string;
  customer_number?: string;
  material_entity: DocLine[];
  payment_entry?: PaymentEntry[];
  remark?: string;
  total_amount?: Num;
  operation_key?: 'submit' | 'audit';
}

export interface ReturnLine extends DocLine {
  src_bill_type_id?: 'sal_bill_outbound';
  /** the outbound document's id */
  src_inter_id?: string;
  /** the outbound line's id (`material_entity[].id` of its detail) */
  src_entry_id?: string;
}

/** what sal_in_bound (sales return) saves */
export interface ReturnDoc extends Omit<OutboundDoc, 'material_entity'> {
  material_entity: ReturnLine[];
}

/** A = saved, B = submitted, C = audited */
export type BillStatus = 'A' | 'B' | 'C';

export interface DocRow {
  id: string;
  bill_no: string;
  bill_date: string;
  bill_status: BillStatus;
  customer_id: string;
  customer_number?: string;
  customer_name?: string;
  total_amount: Num;
  remark?: string;
  create_time?: string;
  modify_time?: string;
  audit_time?: string;
  /** shipping fields: the simulator's choice (CHOICES 5), not in the public material */
  ship_status?: 'unshipped' | 'shipped';
  logistics_company?: string;
  logistics_number?: string;
  ship_time?: string;
}
export type OutboundRow = DocRow;
export type ReturnRow = DocRow;

export interface DocDetailLine {
  /** the line id a return refers to */
  id: string;
  seq?: number;
  material_id: string;
  material_number?: string;
  material_name?: string;
  stock_id: string;
  stock_number?: string;
  unit_id: string;
  unit_number?: string;
  unit_name?: string;
  aux_prop_id: string;
  aux_prop_number?: string;
  aux_prop_name?: string;
  qty: Num;
  base_qty?: Num;
  price: Num;
  tax_price?: Num;
  dis_rate?: Num;
  is_free?: boolean;
  amount?: Num;
  remark?: string;
  src_bill_type_id?: string;
  src_inter_id?: string;
  src_entry_id?: string;
}

export interface DocDetail extends DocRow {
  material_entity: DocDetailLine[];
  payment_entry: (PaymentEntry & { settle_account_number?: string })[];
}
export type OutboundDetail = DocDetail;
export type ReturnDetail = DocDetail;

export interface DocQuery extends PageQuery, ModifyWindow {
  bill_no?: string;
  bill_status?: BillStatus;
  search?: string;
}

export type EntityNumber = 'sal_bill_outbound' | 'sal_bill_inbound' | 'bd_customer' | 'bd_store' | 'bd_settlement_account' | 'bd_material';
export type OperateType = 'audit' | 'unaudit' | 'delete' | 'invalid' | 'valid';
export interface OperateInput {
  entity_number: EntityNumber;
  ids?: string[];
  numbers?: string[];
  operate_type: OperateType;
  ignore_warn?: boolean;
}
