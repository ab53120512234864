/**
 * The demo ERP for running the shop locally: one client (the mall's app on the Kingdee open platform), two account
 * sets of one instance on different data centres (routing matters), and in the first a few materials mirroring demo
 * shop products. Stock is set for the mall warehouse WSCCK, which does not exist yet: the product's binding creates
 * WSCCK (and the customer WSCKH, the settlement account WSCXJ), and the stock shows up when WSCCK is created.
 */
import { join } from 'node:path';
import { type MaterialInput, setStockByNumbers, upsertMaterial } from './control';
import { createJdySimulator, type JdySimOptions, type JdySimulator } from './sim';

export const DEMO_JDY_CLIENT = { clientId: '258419', clientSecret: 'f0c1a9e5d3b7462f8a9c0d1e2f3a4b5c' };
export const DEMO_OUTER_INSTANCE_ID = '20260001';
export const DEMO_ACCOUNTS = [
  { accountId: '1655098731234567890', accountName: '微商城演示账套', domain: 'https://tf.jdy.com', appKey: 'DEMOAPPKEY01', appSecret: '6c0b3e1f9a8d4e7b2c5f0a1d3e6b9c2f' },
  { accountId: '1655098739876543210', accountName: '第二家门店账套', domain: 'https://tf2.jdy.com', appKey: 'DEMOAPPKEY02', appSecret: '9e2d4c6b8a0f1e3d5c7b9a1f3e5d7c9b' },
];
export const DEMO_WAREHOUSE = 'WSCCK';

const SIZES = ['S', 'M', 'L', 'XL'];
/** materials of the demo account set (prices in yuan) */
export const DEMO_MATERIALS: MaterialInput[] = [
  { number: 'TS001', name: '纯棉圆领短袖T恤', unit: '件', aux: [['颜色', ['白色', '黑色', '雾蓝']], ['尺码', SIZES]], sale_price: 59, retail_price: 99 },
  { number: 'TS006', name: '运动速干短裤', unit: '条', aux: [['尺码', SIZES]], sale_price: 79, retail_price: 79 },
  { number: 'HM001', name: '北欧陶瓷马克杯', unit: '个', aux: [['颜色', ['奶白', '雾蓝', '墨绿']]], sale_price: 45, retail_price: 45 },
  { number: 'DG006', name: '桌面无线充电器', unit: '个', sale_price: 89, retail_price: 89, barcode: '6901234567892' },
  // multi-unit: sold by the bag, bought by the carton of 30 (the mall only sells the base unit)
  { number: 'FD002', name: '每日坚果 30 袋', unit: '袋', units: [{ name: '箱', coefficient: 30 }], sale_price: 99, retail_price: 129 },
  // decimal quantities (weighed goods): the mall must skip it
  { number: 'FD901', name: '散装高山红茶（称重）', unit: '千克', precision: 3, sale_price: 256, retail_price: 336 },
];

/** stock in WSCCK (base units); SKUs by combination name */
export const DEMO_STOCK: { material: string; sku?: string; qty: number }[] = [
  ...['白色', '黑色', '雾蓝'].flatMap((c, i) => SIZES.map((s, j) => ({ material: 'TS001', sku: `${c}/${s}`, qty: 10 + i * 5 + j }))),
  ...SIZES.map((s, j) => ({ material: 'TS006', sku: s, qty: 20 - j * 3 })),
  { material: 'HM001', sku: '奶白', qty: 30 },
  { material: 'HM001', sku: '雾蓝', qty: 0 },
  { material: 'HM001', sku: '墨绿', qty: 12 },
  { material: 'DG006', qty: 40 },
  { material: 'FD002', qty: 300 },
  { material: 'FD901', qty: 12.5 },
];

/** Fills the first demo account set (materials, pending WSCCK stock) and gives the second one a material of its own. */
export function seedDemoErp(sim: JdySimulator) {
  const c = sim.ctx(DEMO_ACCOUNTS[0].accountId);
  for (const m of DEMO_MATERIALS) upsertMaterial(c, m);
  for (const s of DEMO_STOCK) setStockByNumbers(c, { stock_number: DEMO_WAREHOUSE, material_number: s.material, sku: s.sku, qty: s.qty });
  const c2 = sim.ctx(DEMO_ACCOUNTS[1].accountId);
  upsertMaterial(c2, { number: 'SB002', name: '帆布托特包', unit: '个', aux: [['颜色', ['米白', '黑色']]], sale_price: 89, retail_price: 89 });
  setStockByNumbers(c2, { stock_number: DEMO_WAREHOUSE, material_number: 'SB002', sku: '米白', qty: 8 });
}

/** Simulator options for the demo; `dataDir` keeps the ERP data in `<dataDir>/jdy-sim.json`. */
export function demoJdyOptions(extra: Partial<JdySimOptions> & { dataDir?: string } = {}): JdySimOptions {
  const { dataDir, ...rest } = extra;
  return {
    clients: [DEMO_JDY_CLIENT],
    accountSets: DEMO_ACCOUNTS.map((a) => ({ ...a, clientId: DEMO_JDY_CLIENT.clientId, outerInstanceId: DEMO_OUTER_INSTANCE_ID })),
    seed: seedDemoErp,
    ...(dataDir ? { file: join(dataDir, 'jdy-sim.json') } : {}),
    ...rest,
  };
}

/** The demo simulator, listening (default: 127.0.0.1, any free port). */
export async function startDemoJdySim(o: { port?: number; host?: string; dataDir?: string } = {}) {
  const sim = createJdySimulator(demoJdyOptions({ dataDir: o.dataDir }));
  const url = await sim.listen(o.port ?? 0, o.host ?? '127.0.0.1');
  return { sim, url };
}
