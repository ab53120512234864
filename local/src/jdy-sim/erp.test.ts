/** The ERP side: materials, inventory, binding, sales outbound / return documents, common_operate, shipping. */
import { DEMO_ACCOUNTS } from './demo';
import { bindDefaults, type Kit, type Res, startKit } from './testkit';

let k: Kit;
let api: Awaited<ReturnType<Kit['login']>>['api'];
let ids: Awaited<ReturnType<typeof bindDefaults>>;
beforeAll(async () => {
  k = await startKit();
  api = (await k.login()).api;
  ids = await bindDefaults(api);
});
afterAll(() => k.close());

const OUT = '/jdy/v2/scm/sal_out_bound';
const IN = '/jdy/v2/scm/sal_in_bound';
const OP = '/jdy/v2/sys/common_operate';
const detail = async (number: string) => (await api('GET', '/jdy/v2/bd/material_detail', { query: { number } })).body.data;
const skuId = async (number: string, combination: string) => (await detail(number)).aux_entity.find((s: { aux_combination_name: string }) => s.aux_combination_name === combination).sku_id as string;
const stockOf = async (material: string, aux = '') => {
  const r = await api('GET', '/jdy/v2/scm/inventory', { query: { stock_numbers: 'WSCCK', material_numbers: material, ...(aux ? { aux_prop_ids: aux } : {}) } });
  return r.body.data.rows.map((x: { qty: string }) => x.qty);
};
let seq = 0;
const outbound = async (lines: Record<string, unknown>[], over: Record<string, unknown> = {}): Promise<Res> =>
  api('POST', OUT, {
    body: {
      bill_no: `WSC${Date.now()}${++seq}`,
      bill_date: '2026-11-26',
      customer_number: 'WSCKH',
      material_entity: lines,
      payment_entry: [{ settle_account_number: 'WSCXJ', paid_amount: 59 }],
      ...over,
    },
  });
const tee = async (combination = '白色/M', qty = 1) => ({ material_number: 'TS001', stock_number: 'WSCCK', unit_number: 'UNIT001', aux_prop_id: await skuId('TS001', combination), qty, price: 59 });
const op = (entity_number: string, operate_type: string, docIds: string[]) => api('POST', OP, { body: { entity_number, operate_type, ids: docIds } });

describe('materials and inventory', () => {
  it('lists materials with units, multi-unit coefficients, decimal precision, SKUs as aux attributes', async () => {
    const rows = (await api('GET', '/jdy/v2/bd/material', { query: { page_size: 100 } })).body.data.rows;
    const by = (n: string) => rows.find((r: { number: string }) => r.number === n);
    expect(by('TS001')).toMatchObject({ is_asst_attr: true, is_multi_unit: false, base_unit_precision: 0 });
    expect(by('FD002')).toMatchObject({ is_multi_unit: true });
    expect(by('FD002').units).toEqual([
      expect.objectContaining({ unit_name: '袋', coefficient: '1', is_default: true }),
      expect.objectContaining({ unit_name: '箱', coefficient: '30', is_default: false }),
    ]);
    expect(by('FD901')).toMatchObject({ base_unit_precision: 3, is_multi_unit: false });
    const d = await detail('TS001');
    expect(d.aux_entity).toHaveLength(12);
    expect(d.aux_entity[0]).toMatchObject({ aux_name1: '白色', aux_name2: 'S', aux_type_name1: '颜色', aux_type_name2: '尺码', aux_combination_name: '白色/S', aux_enable: true });
    expect(d.price_entity[0]).toMatchObject({ price_sale_price1: '59', price_retail_price: '99' });
  });

  it('filters materials by modify time (ms strings); an edit moves the material into the window', async () => {
    k.clock.t += 1000;
    const since = String(k.clock.t);
    expect((await api('GET', '/jdy/v2/bd/material', { query: { modify_start_time: since } })).body.data.count).toBe('0');
    const edit = await k.control('POST', '/_sim/materials', { number: 'HM001', name: '北欧陶瓷马克杯（新款）', unit: '个', aux: [['颜色', ['奶白', '墨绿', '樱粉']]], sale_price: 49 });
    expect(edit.status).toBe(200);
    const changed = (await api('GET', '/jdy/v2/bd/material', { query: { modify_start_time: since, modify_end_time: String(k.clock.t) } })).body.data.rows;
    expect(changed.map((r: { number: string }) => r.number)).toEqual(['HM001']);
    const skus = (await detail('HM001')).aux_entity.map((s: { aux_combination_name: string; aux_enable: boolean }) => `${s.aux_combination_name}:${s.aux_enable}`);
    expect(skus).toEqual(['奶白:true', '雾蓝:false', '墨绿:true', '樱粉:true']);
    expect((await api('GET', '/jdy/v2/bd/material', { query: { modify_start_time: 'yesterday' } })).body.errcode).toBe(1030002006);
  });

  it('stock set for WSCCK before it existed appears when the binding creates it', async () => {
    const rows = (await api('GET', '/jdy/v2/scm/inventory', { query: { stock_numbers: 'WSCCK', material_numbers: ['TS001'], page_size: 100 } })).body.data.rows;
    expect(rows).toHaveLength(12);
    expect(rows.find((r: { aux_prop_name: string }) => r.aux_prop_name === '白色/M')).toMatchObject({ qty: '11', stock_number: 'WSCCK', aux_prop_number: expect.stringMatching(/^TS001-/) });
    expect(await stockOf('FD901')).toEqual(['12.5']);
    const set = await k.control('POST', '/_sim/stock', { stock_number: 'WSCCK', material_number: 'DG006', qty: 41 });
    expect(set.body[0].result).toBe('set');
    expect(await stockOf('DG006')).toEqual(['41']);
  });
});

describe('sales outbound', () => {
  it('saves an outbound with the mall order number as bill_no; a duplicate bill_no is 1030002002', async () => {
    const r = await outbound([await tee()], { bill_no: 'WSC-ORDER-0001', remark: '商城订单' });
    expect(r.body.errcode).toBe(0);
    const id = r.body.data.ids[0];
    expect(r.body.data.id_number_map).toEqual({ [id]: 'WSC-ORDER-0001' });
    const dup = await outbound([await tee()], { bill_no: 'WSC-ORDER-0001' });
    expect(dup.body.errcode).toBe(1030002002);

    const list = await api('GET', OUT, { query: { bill_no: 'WSC-ORDER-0001' } });
    expect(list.body.data.rows).toEqual([expect.objectContaining({ id, bill_no: 'WSC-ORDER-0001', bill_status: 'A', customer_number: 'WSCKH', total_amount: '59', ship_status: 'unshipped' })]);
    const d = (await api('GET', '/jdy/v2/scm/sal_out_bound_detail', { query: { id } })).body.data;
    expect(d.material_entity[0]).toMatchObject({ material_number: 'TS001', aux_prop_name: '白色/M', qty: '1', stock_number: 'WSCCK', unit_name: '件' });
    expect(d.material_entity[0].id).toMatch(/^\d+$/);
    expect(d.payment_entry[0]).toMatchObject({ settle_account_number: 'WSCXJ', paid_amount: '59' });
    const byNumber = await api('GET', '/jdy/v2/scm/sal_out_bound_detail', { query: { number: 'WSC-ORDER-0001' } });
    expect(byNumber.body.data.id).toBe(id);
  });

  it('validates required fields, references, aux attributes, units and decimals', async () => {
    const line = await tee();
    expect((await outbound([line], { bill_date: undefined })).body.errcode).toBe(1030002000);
    expect((await outbound([line], { customer_number: undefined })).body.errcode).toBe(1030002000);
    expect((await outbound([])).body.errcode).toBe(1030002000);
    expect((await outbound([{ ...line, qty: undefined }])).body.errcode).toBe(1030002000);
    expect((await outbound([line], { customer_number: 'NOBODY' })).body.errcode).toBe(1030002003);
    expect((await outbound([{ ...line, stock_number: 'CK404' }])).body.errcode).toBe(1030002003);
    expect((await outbound([{ ...line, material_number: 'ZZ999' }])).body.errcode).toBe(1030002003);
    expect((await outbound([{ ...line, aux_prop_id: undefined }])).body.errcode).toBe(1030002000);
    expect((await outbound([{ ...line, aux_prop_id: '999' }])).body.errcode).toBe(1030002003);
    expect((await outbound([{ ...line, qty: 1.5 }])).body.errcode).toBe(1030002006);
    expect((await outbound([line], { bill_date: '26/11/2026' })).body.errcode).toBe(1030002006);
    expect((await outbound([{ material_number: 'DG006', stock_number: 'WSCCK', unit_number: 'UNIT001', qty: 1, price: 89 }])).body.errcode).toBe(1030002003); // 件 is not a unit of DG006
    // decimals are fine where the unit allows them; auxiliary units convert to the base unit
    const kg = (await detail('FD901')).base_unit_number;
    expect((await outbound([{ material_number: 'FD901', stock_number: 'WSCCK', unit_number: kg, qty: 0.25, price: 256 }])).body.errcode).toBe(0);
    const box = (await detail('FD002')).units[1].unit_number;
    const boxed = await outbound([{ material_number: 'FD002', stock_number: 'WSCCK', unit_number: box, qty: 2, price: 2970 }]);
    const d = (await api('GET', '/jdy/v2/scm/sal_out_bound_detail', { query: { id: boxed.body.data.ids[0] } })).body.data;
    expect(d.material_entity[0]).toMatchObject({ qty: '2', base_qty: '60', unit_name: '箱' });
    // without bill_no the ERP numbers it
    const numbered = await outbound([line], { bill_no: undefined });
    expect(Object.values(numbered.body.data.id_number_map)[0]).toMatch(/^XSCKD20261126\d{4}$/);
  });

  it('auditing reduces inventory (base units); an audited document cannot be deleted until unaudited', async () => {
    const aux = await skuId('TS001', '黑色/L');
    const before = Number((await stockOf('TS001', aux))[0]);
    const r = await outbound([await tee('黑色/L', 2)], { operation_key: 'audit' });
    const id = r.body.data.ids[0];
    expect(Number((await stockOf('TS001', aux))[0])).toBe(before - 2);
    expect((await api('GET', OUT, { query: { bill_no: r.body.data.id_number_map[id] } })).body.data.rows[0].bill_status).toBe('C');

    const del = await op('sal_bill_outbound', 'delete', [id]);
    expect(del.body.errcode).toBe(1030002007);
    expect(del.body.description).toMatch(/反审核/);
    expect((await op('sal_bill_outbound', 'unaudit', [id])).body.errcode).toBe(0);
    expect(Number((await stockOf('TS001', aux))[0])).toBe(before);
    expect((await op('sal_bill_outbound', 'delete', [id])).body.errcode).toBe(0);
    expect((await api('GET', '/jdy/v2/scm/sal_out_bound_detail', { query: { id } })).body.errcode).toBe(1030002003);
    expect((await op('sal_bill_outbound', 'delete', [id])).body.errcode).toBe(1030002003);

    // multi-unit: two cartons take 60 bags
    const bags = Number((await stockOf('FD002'))[0]);
    const box = (await detail('FD002')).units[1].unit_number;
    const boxed = await outbound([{ material_number: 'FD002', stock_number: 'WSCCK', unit_number: box, qty: 2, price: 2970 }]);
    expect((await op('sal_bill_outbound', 'audit', boxed.body.data.ids)).body.errcode).toBe(0);
    expect(Number((await stockOf('FD002'))[0])).toBe(bags - 60);
  });

  it('refuses an audit that would go negative when negative stock is off (all or nothing)', async () => {
    await k.control('POST', '/_sim/config', { allowNegativeStock: false });
    try {
      const aux = await skuId('TS001', '雾蓝/XL');
      const have = Number((await stockOf('TS001', aux))[0]);
      const a = await outbound([await tee('雾蓝/XL', have)]);
      const b = await outbound([await tee('雾蓝/XL', 1)]);
      const r = await op('sal_bill_outbound', 'audit', [a.body.data.ids[0], b.body.data.ids[0]]);
      expect(r.body.errcode).toBe(1030002007);
      expect(Number((await stockOf('TS001', aux))[0])).toBe(have);
      expect((await op('sal_bill_outbound', 'audit', [a.body.data.ids[0]])).body.errcode).toBe(0);
      expect((await stockOf('TS001', aux))[0]).toBe('0');
    } finally {
      await k.control('POST', '/_sim/config', { allowNegativeStock: true });
    }
  });

  it('the clerk ships an outbound: audited, logistics company and number readable by modify_start_time', async () => {
    const r = await outbound([await tee('白色/S')]);
    const id = r.body.data.ids[0];
    k.clock.t += 1000;
    const since = String(k.clock.t);
    const shipped = await k.control('POST', `/_sim/documents/${id}/ship`, { logistics_company: '顺丰速运', logistics_number: 'SF1234567890' });
    expect(shipped.status).toBe(200);
    const rows = (await api('GET', OUT, { query: { modify_start_time: since } })).body.data.rows;
    expect(rows).toEqual([expect.objectContaining({ id, bill_status: 'C', ship_status: 'shipped', logistics_company: '顺丰速运', logistics_number: 'SF1234567890', ship_time: since })]);
    expect((await op('sal_bill_outbound', 'unaudit', [id])).body.errcode).toBe(1030002007);
    expect((await api('GET', OUT, { query: { bill_status: 'C', page_size: 100 } })).body.data.rows.every((x: { bill_status: string }) => x.bill_status === 'C')).toBe(true);
  });
});

describe('sales return', () => {
  it('links back to the outbound line, caps the returned quantity, restores stock on audit', async () => {
    const aux = await skuId('TS001', '黑色/M');
    const before = Number((await stockOf('TS001', aux))[0]);
    const out = await outbound([await tee('黑色/M', 3)], { operation_key: 'audit' });
    const outId = out.body.data.ids[0];
    const line = (await api('GET', '/jdy/v2/scm/sal_out_bound_detail', { query: { id: outId } })).body.data.material_entity[0];
    const ret = (qty: number, over: Record<string, unknown> = {}) =>
      api('POST', IN, {
        body: {
          bill_date: '2026-11-27',
          customer_number: 'WSCKH',
          material_entity: [{ ...(over.line as object), material_number: 'TS001', stock_number: 'WSCCK', unit_number: 'UNIT001', aux_prop_id: aux, qty, price: 59, src_bill_type_id: 'sal_bill_outbound', src_inter_id: outId, src_entry_id: line.id }],
        },
      });
    expect((await ret(4)).body.errcode).toBe(1030002007);
    const r = await ret(2);
    expect(r.body.errcode).toBe(0);
    const retId = r.body.data.ids[0];
    expect(r.body.data.id_number_map[retId]).toMatch(/^XSTHD20261127/);
    const d = (await api('GET', '/jdy/v2/scm/sal_in_bound_detail', { query: { id: retId } })).body.data;
    expect(d.material_entity[0]).toMatchObject({ src_bill_type_id: 'sal_bill_outbound', src_inter_id: outId, src_entry_id: line.id, qty: '2' });
    expect((await ret(2)).body.errcode).toBe(1030002007); // 2 + 2 > 3
    expect((await op('sal_bill_inbound', 'audit', [retId])).body.errcode).toBe(0);
    expect(Number((await stockOf('TS001', aux))[0])).toBe(before - 3 + 2);
    // the outbound cannot be unaudited or deleted while a return refers to it
    expect((await op('sal_bill_outbound', 'unaudit', [outId])).body.errcode).toBe(1030002007);
    expect((await api('GET', IN, { query: { bill_status: 'C' } })).body.data.rows.map((x: { id: string }) => x.id)).toContain(retId);
    // a bad source
    expect((await api('POST', IN, { body: { bill_date: '2026-11-27', customer_number: 'WSCKH', material_entity: [{ material_number: 'TS001', stock_number: 'WSCCK', unit_number: 'UNIT001', aux_prop_id: aux, qty: 1, price: 59, src_inter_id: outId, src_entry_id: '1' }] } })).body.errcode).toBe(1030002003);
    const draft = await outbound([await tee('黑色/M', 1)]);
    const draftLine = (await api('GET', '/jdy/v2/scm/sal_out_bound_detail', { query: { id: draft.body.data.ids[0] } })).body.data.material_entity[0].id;
    expect((await api('POST', IN, { body: { bill_date: '2026-11-27', customer_number: 'WSCKH', material_entity: [{ material_number: 'TS001', stock_number: 'WSCCK', unit_number: 'UNIT001', aux_prop_id: aux, qty: 1, price: 59, src_inter_id: draft.body.data.ids[0], src_entry_id: draftLine }] } })).body.errcode).toBe(1030002007);
  });
});

describe('master data operations', () => {
  it('disables and enables master data; refuses deleting what documents use', async () => {
    expect((await api('POST', OP, { body: { entity_number: 'bd_customer', operate_type: 'delete', numbers: ['WSCKH'] } })).body.errcode).toBe(1030002007);
    const c = await api('POST', '/jdy/v2/bd/customer', { body: { number: 'TMP1', name: '临时客户' } });
    expect((await api('POST', OP, { body: { entity_number: 'bd_customer', operate_type: 'invalid', ids: c.body.data.ids } })).body.errcode).toBe(0);
    expect((await api('GET', '/jdy/v2/bd/customer', { query: { number: 'TMP1' } })).body.data.rows[0].enable).toBe('0');
    expect((await api('POST', OP, { body: { entity_number: 'bd_customer', operate_type: 'delete', ids: c.body.data.ids } })).body.errcode).toBe(0);
    expect((await api('POST', OP, { body: { entity_number: 'nope', operate_type: 'delete', ids: ['1'] } })).body.errcode).toBe(1030002006);
    expect(ids.storeId).toBeTruthy();
    expect(DEMO_ACCOUNTS).toHaveLength(2);
  });
});
