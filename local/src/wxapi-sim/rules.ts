/**
 * What WeChat checks in the two calls the shop makes, as pure functions: each answers null (accepted) or WeChat's
 * `{errcode, errmsg}`. Sources: the uploadShippingInfo and subscribeMessage.send documentation (field rules, errcodes)
 * and developers' reports of the answers; where WeChat is silent the choice is marked "sim".
 */
export interface WxErr {
  errcode: number;
  errmsg: string;
}
const err = (errcode: number, errmsg: string): WxErr => ({ errcode, errmsg });
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const chars = (s: string) => [...s].length;

export const MAX_SHIPPING_ITEMS = 10;
export const MAX_ITEM_DESC = 120;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** a masked phone: digits with the middle replaced by * (e.g. 139****2901) */
const MASKED = /^\+?[\d-]{1,6}\*{3,}\d{2,6}$/;

export interface OrderKey {
  /** `mchid:out_trade_no` or `tx:transaction_id` */
  id: string;
  mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
}

/** Checks an upload_shipping_info body; the order key it names when it is well-formed. */
export function checkShippingInfo(b: unknown): WxErr | { key: OrderKey; body: Record<string, unknown> } {
  if (!isObj(b)) return err(47001, 'data format error');
  const k = b.order_key;
  if (!isObj(k)) return err(47001, 'data format error: order_key missing');
  let key: OrderKey;
  if (k.order_number_type === 1) {
    if (typeof k.mchid !== 'string' || !k.mchid || typeof k.out_trade_no !== 'string' || !k.out_trade_no) return err(10060014, '参数错误: order_number_type 1 needs mchid and out_trade_no');
    key = { id: `${k.mchid}:${k.out_trade_no}`, mchid: k.mchid, out_trade_no: k.out_trade_no };
  } else if (k.order_number_type === 2) {
    if (typeof k.transaction_id !== 'string' || !k.transaction_id) return err(10060014, '参数错误: order_number_type 2 needs transaction_id');
    key = { id: `tx:${k.transaction_id}`, transaction_id: k.transaction_id };
  } else return err(10060014, '参数错误: order_number_type is 1 or 2');
  const lt = b.logistics_type;
  if (lt !== 1 && lt !== 2 && lt !== 3 && lt !== 4) return err(10060005, '物流类型有误');
  const mode = b.delivery_mode;
  if (mode !== 1 && mode !== 2) return err(10060014, '参数错误: delivery_mode is 1 (UNIFIED_DELIVERY) or 2 (SPLIT_DELIVERY)');
  if (mode === 2 && lt !== 1) return err(10060006, '非快递发货时不允许分拆发货');
  if (mode === 2 && typeof b.is_all_delivered !== 'boolean') return err(10060007, '分拆发货模式下必须填写 is_all_delivered');
  const list = b.shipping_list;
  if (!Array.isArray(list) || list.length === 0) return err(47001, 'data format error: shipping_list missing');
  if (list.length > MAX_SHIPPING_ITEMS) return err(10060014, `参数错误: shipping_list 最多 ${MAX_SHIPPING_ITEMS} 个物流单`);
  if (mode === 1 && list.length > 1) return err(10060014, '参数错误: 统一发货只能有一个物流单');
  for (const [i, s] of list.entries()) {
    if (!isObj(s)) return err(47001, `data format error: shipping_list[${i}]`);
    if (typeof s.item_desc !== 'string' || !s.item_desc.trim()) return err(10060008, '商品描述 item_desc 不能为空');
    if (chars(s.item_desc) > MAX_ITEM_DESC) return err(10060009, `商品描述 item_desc 不能超过 ${MAX_ITEM_DESC} 个字`);
    if (lt === 1) {
      if (typeof s.tracking_no !== 'string' || !s.tracking_no || s.tracking_no.length > 128) return err(10060014, `参数错误: shipping_list[${i}].tracking_no 物流单号必填 (1-128)`);
      if (typeof s.express_company !== 'string' || !s.express_company) return err(10060014, `参数错误: shipping_list[${i}].express_company 物流公司编码必填`);
      const c = s.contact;
      const contacts = isObj(c) ? [c.receiver_contact, c.consignor_contact].filter((x) => x !== undefined && x !== '') : [];
      if (contacts.some((x) => typeof x !== 'string' || !MASKED.test(x))) return err(10060014, `参数错误: shipping_list[${i}].contact 联系方式须掩码 (如 189****1234)`);
      if (s.express_company === 'SF' && contacts.length === 0) return err(10060014, `参数错误: shipping_list[${i}] 顺丰运单须填写收件人或寄件人联系方式 (掩码)`);
    }
  }
  if (typeof b.upload_time !== 'string' || !RFC3339.test(b.upload_time)) return err(10060014, '参数错误: upload_time 须为 RFC 3339 时间');
  if (!isObj(b.payer) || typeof b.payer.openid !== 'string' || !b.payer.openid) return err(47001, 'data format error: payer.openid missing');
  return { key, body: b };
}

/** what a re-upload compares: everything but upload_time */
export const shippingContent = (b: Record<string, unknown>) => JSON.stringify({ ...b, upload_time: undefined });

// --- subscribe messages --------------------------------------------------------------------------------------------

/** the value rules of subscribe-message template fields, by the key's prefix (thing1 → thing) */
export const FIELD_RULES: Record<string, (v: string) => boolean> = {
  thing: (v) => chars(v) <= 20,
  number: (v) => /^\d+(\.\d+)?$/.test(v) && v.length <= 32,
  letter: (v) => /^[A-Za-z]+$/.test(v) && v.length <= 32,
  symbol: (v) => /^[^\p{L}\p{N}\s]+$/u.test(v) && chars(v) <= 5,
  character_string: (v) => /^[\x21-\x7e]+$/.test(v) && v.length <= 32,
  time: (v) => /^(\d{4}(-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日) )?\d{1,2}:\d{2}(:\d{2})?$/.test(v) || /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}(:\d{2})?$/.test(v),
  date: (v) => /^\d{4}(-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日)( \d{1,2}:\d{2}(:\d{2})?)?$/.test(v),
  amount: (v) => /^¥?\d+(\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => /^[\d+\-() ]{1,17}$/.test(v),
  car_number: (v) => chars(v) <= 8,
  name: (v) => chars(v) <= 10 || (/^[A-Za-z ]+$/.test(v) && v.length <= 20),
  phrase: (v) => /^\p{Script=Han}{1,5}$/u.test(v),
};
export const fieldType = (key: string) => key.replace(/\d+$/, '');

export interface SubscribeCheck {
  touser: string;
  template_id: string;
}
/** Checks a subscribe/send body against a template's fields (null: unknown template). */
export function checkSubscribeMessage(b: unknown, templateFields: (id: string) => string[] | null): WxErr | SubscribeCheck {
  if (!isObj(b)) return err(47001, 'data format error');
  if (typeof b.touser !== 'string' || !/^[\w-]{6,64}$/.test(b.touser)) return err(40003, 'invalid openid');
  if (typeof b.template_id !== 'string' || !b.template_id) return err(40037, 'invalid template_id');
  const fields = templateFields(b.template_id);
  if (!fields) return err(40037, 'invalid template_id');
  if (b.page !== undefined && (typeof b.page !== 'string' || b.page.length > 1024)) return err(41030, 'invalid page');
  if (b.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(String(b.miniprogram_state))) return err(47001, 'data format error: miniprogram_state');
  const data = b.data;
  if (!isObj(data)) return err(47001, 'data format error: data missing');
  for (const f of fields) {
    const d = data[f];
    const v = isObj(d) ? d.value : undefined;
    const rule = FIELD_RULES[fieldType(f)];
    if (typeof v !== 'string' || !v || (rule && !rule(v))) return err(47003, `argument invalid! data.${f}.value invalid`);
  }
  return { touser: b.touser, template_id: b.template_id };
}
