/** The demo shop: a small lifestyle store. Prices in fen. */
export interface DemoProduct {
  code: string;
  name: string;
  summary: string;
  cat: string[];
  brand: string;
  price: number;
  original?: number;
  specs?: [string, string[]][];
  stock?: number;
  sales: number;
  type?: 'virtual';
  strategy?: 'payment';
}

export const DEMO_CATEGORIES = ['服饰', '鞋包', '数码', '食品', '家居', '美妆', '礼品卡'];
export const DEMO_BRANDS = ['山野', '拾光', '木间', '青禾', '橙子科技', '云朵', '初见'];

const SIZES = ['S', 'M', 'L', 'XL'];
export const DEMO_PRODUCTS: DemoProduct[] = [
  { code: 'TS001', name: '纯棉圆领短袖T恤', summary: '新疆长绒棉，亲肤透气，四季百搭', cat: ['服饰'], brand: '拾光', price: 5900, original: 9900, specs: [['颜色', ['白色', '黑色', '雾蓝']], ['尺码', SIZES]], sales: 1260 },
  { code: 'TS002', name: '宽松oversize卫衣', summary: '加厚毛圈面料，落肩版型', cat: ['服饰'], brand: '拾光', price: 12900, original: 19900, specs: [['颜色', ['燕麦', '炭灰']], ['尺码', SIZES]], sales: 640 },
  { code: 'TS003', name: '轻薄防风夹克', summary: '防泼水面料，可收纳成小包', cat: ['服饰'], brand: '山野', price: 25900, original: 32900, specs: [['颜色', ['军绿', '藏青', '卡其']], ['尺码', SIZES]], sales: 310 },
  { code: 'TS004', name: '直筒休闲牛仔裤', summary: '微弹面料，不易变形', cat: ['服饰'], brand: '初见', price: 16900, specs: [['颜色', ['浅蓝', '深蓝']], ['尺码', ['28', '29', '30', '31', '32']]], sales: 520 },
  { code: 'TS005', name: '美利奴羊毛围巾', summary: '细腻柔软，不扎脖子', cat: ['服饰', '礼品卡'], brand: '云朵', price: 19900, original: 29900, specs: [['颜色', ['驼色', '酒红', '灰色']]], sales: 215 },
  { code: 'TS006', name: '运动速干短裤', summary: '四面弹，跑步健身两相宜', cat: ['服饰'], brand: '山野', price: 7900, specs: [['尺码', SIZES]], sales: 433 },
  { code: 'SB001', name: '城市轻跑运动鞋', summary: '缓震中底，轻至 210 克', cat: ['鞋包'], brand: '山野', price: 39900, original: 49900, specs: [['颜色', ['白绿', '黑白']], ['尺码', ['39', '40', '41', '42', '43']]], sales: 880 },
  { code: 'SB002', name: '帆布托特包', summary: '加厚帆布，可装 14 寸电脑', cat: ['鞋包'], brand: '木间', price: 8900, specs: [['颜色', ['米白', '黑色']]], sales: 760 },
  { code: 'SB003', name: '双肩通勤背包', summary: '独立电脑仓，防泼水', cat: ['鞋包'], brand: '橙子科技', price: 22900, original: 29900, specs: [['颜色', ['石墨灰', '海军蓝']]], sales: 402 },
  { code: 'SB004', name: '真皮简约钱包', summary: '头层牛皮，多卡位', cat: ['鞋包', '礼品卡'], brand: '初见', price: 15900, specs: [['颜色', ['棕色', '黑色']]], sales: 198 },
  { code: 'SB005', name: '居家软底拖鞋', summary: '静音防滑，踩屎感', cat: ['鞋包', '家居'], brand: '云朵', price: 3900, specs: [['尺码', ['36-37', '38-39', '40-41', '42-43']]], sales: 1630 },
  { code: 'DG001', name: '降噪蓝牙耳机', summary: '主动降噪，续航 30 小时', cat: ['数码'], brand: '橙子科技', price: 49900, original: 69900, specs: [['颜色', ['月光白', '曜石黑']]], sales: 1120, strategy: 'payment' },
  { code: 'DG002', name: '20000mAh 移动电源', summary: '双向快充，可上飞机', cat: ['数码'], brand: '橙子科技', price: 12900, specs: [['颜色', ['白色', '黑色']]], sales: 980 },
  { code: 'DG003', name: '机械键盘 87 键', summary: '热插拔轴体，三模连接', cat: ['数码'], brand: '橙子科技', price: 34900, original: 39900, specs: [['轴体', ['红轴', '茶轴', '青轴']]], sales: 356 },
  { code: 'DG004', name: 'Type-C 快充数据线', summary: '编织线身，100W', cat: ['数码'], brand: '橙子科技', price: 2900, specs: [['长度', ['1m', '2m']]], sales: 2410 },
  { code: 'DG005', name: '智能手环 5', summary: '心率血氧监测，14 天续航', cat: ['数码'], brand: '橙子科技', price: 19900, original: 24900, specs: [['颜色', ['黑色', '粉色', '绿色']]], sales: 745 },
  { code: 'DG006', name: '桌面无线充电器', summary: '15W 快充，防滑硅胶面', cat: ['数码'], brand: '橙子科技', price: 8900, sales: 512 },
  { code: 'FD001', name: '云南高山红茶 250g', summary: '古树晒红，蜜香浓郁', cat: ['食品', '礼品卡'], brand: '青禾', price: 12800, original: 16800, specs: [['包装', ['袋装', '礼盒装']]], sales: 690 },
  { code: 'FD002', name: '每日坚果 30 袋', summary: '6 种坚果果干，独立小包', cat: ['食品'], brand: '青禾', price: 9900, original: 12900, sales: 3120 },
  { code: 'FD003', name: '五常稻花香大米 5kg', summary: '当季新米，真空包装', cat: ['食品'], brand: '青禾', price: 8900, sales: 1540 },
  { code: 'FD004', name: '冷萃挂耳咖啡 10 片', summary: '中度烘焙，果酸明亮', cat: ['食品'], brand: '拾光', price: 4900, specs: [['风味', ['耶加雪菲', '曼特宁', '哥伦比亚']]], sales: 860 },
  { code: 'FD005', name: '手工黑巧克力礼盒', summary: '72% 可可，低糖配方', cat: ['食品', '礼品卡'], brand: '初见', price: 15800, sales: 264 },
  { code: 'FD006', name: '有机燕麦片 1kg', summary: '澳洲进口燕麦，无添加糖', cat: ['食品'], brand: '青禾', price: 3900, sales: 1275 },
  { code: 'HM001', name: '北欧陶瓷马克杯', summary: '手工上釉，容量 380ml', cat: ['家居'], brand: '木间', price: 4500, specs: [['颜色', ['奶白', '雾蓝', '墨绿']]], sales: 1020 },
  { code: 'HM002', name: '全棉四件套', summary: '60 支长绒棉，缎纹工艺', cat: ['家居'], brand: '云朵', price: 39900, original: 59900, specs: [['尺寸', ['1.5m 床', '1.8m 床']], ['颜色', ['浅灰', '燕麦', '雾粉']]], sales: 388 },
  { code: 'HM003', name: '香薰蜡烛', summary: '大豆蜡，燃烧约 40 小时', cat: ['家居', '礼品卡'], brand: '木间', price: 6900, specs: [['香型', ['白茶', '雪松', '无花果']]], sales: 615 },
  { code: 'HM004', name: '实木桌面收纳盒', summary: '胡桃木，多格分区', cat: ['家居'], brand: '木间', price: 12900, sales: 205 },
  { code: 'HM005', name: '珊瑚绒毛毯', summary: '加厚不掉毛，可机洗', cat: ['家居'], brand: '云朵', price: 11900, original: 15900, specs: [['尺寸', ['100x150', '150x200']]], sales: 930 },
  { code: 'BT001', name: '氨基酸洁面乳', summary: '温和清洁，敏感肌可用', cat: ['美妆'], brand: '初见', price: 6900, original: 8900, sales: 1880 },
  { code: 'BT002', name: '玻尿酸保湿精华', summary: '三重分子，补水锁水', cat: ['美妆'], brand: '初见', price: 15900, original: 21900, specs: [['容量', ['30ml', '50ml']]], sales: 1040 },
  { code: 'BT003', name: '清透防晒乳 SPF50', summary: '轻薄不油腻，户外可用', cat: ['美妆'], brand: '初见', price: 9900, sales: 1310 },
  { code: 'BT004', name: '滋润护手霜 3 支装', summary: '乳木果油，淡香', cat: ['美妆', '礼品卡'], brand: '云朵', price: 5900, specs: [['香型', ['玫瑰', '白桃', '柚子']]], sales: 720 },
  { code: 'GC001', name: '电子礼品卡 100 元', summary: '线上发放，全店通用', cat: ['礼品卡'], brand: '拾光', price: 10000, type: 'virtual', sales: 150 },
  { code: 'GC002', name: '电子礼品卡 500 元', summary: '线上发放，全店通用', cat: ['礼品卡'], brand: '拾光', price: 50000, type: 'virtual', sales: 42 },
];

export const DEMO_BANNERS = [
  { title: '秋冬上新', sub: '卫衣夹克 低至 6.5 折', hue: 18, product: 'TS002' },
  { title: '数码好物节', sub: '降噪耳机 立减 200 元', hue: 210, product: 'DG001' },
  { title: '暖心家居', sub: '四件套 毛毯 温暖整个冬天', hue: 150, product: 'HM002' },
];

export const DEMO_ADMINS = [
  { _id: 'admin-owner', username: 'admin', password: 'admin123', displayName: '店主', role: 'owner' as const, storeId: null },
  { _id: 'admin-operator', username: 'operator', password: 'operator123', displayName: '运营小王', role: 'operator' as const, storeId: null },
  { _id: 'admin-clerk', username: 'clerk', password: 'clerk123', displayName: '门店店员', role: 'clerk' as const, storeId: 'store-1' },
];

/** Member levels of the demo shop (the default level 普通会员 always exists; its icon is set by the seed). */
export const DEMO_MEMBER_LEVELS = [
  { name: '普通会员', threshold: 0, discountRate: 1000, color: '#8c8c8c', mark: '普' },
  { name: '银卡会员', threshold: 500, discountRate: 950, color: '#8a9bb0', mark: '银' },
  { name: '金卡会员', threshold: 2000, discountRate: 900, color: '#d4a017', mark: '金' },
];
/** A demo shopper (H5 code `shopper-1`) who already has points and experience: a 银卡会员. */
export const DEMO_MEMBER = { openid: 'local-shopper-1', code: 'shopper-1', points: 300, experience: 600 };

/** Demo campaigns and coupons (money in fen, rates per mille). */
export const DEMO_PROMOTIONS = {
  campaigns: [
    {
      name: '服饰满199减30',
      rule: { kind: 'reduction', mode: 'tiered', tiers: [{ threshold: 19900, value: 3000 }, { threshold: 29900, value: 6000 }] },
      productCodes: ['TS001', 'TS002', 'TS003', 'TS004', 'TS005', 'TS006'],
    },
    {
      name: '全场满99包邮',
      rule: { kind: 'freeShipping', threshold: 9900, excludedRegions: ['新疆', '西藏'], deliveryMethods: ['express'] },
      productCodes: null,
    },
  ],
  coupons: [
    { name: '新人无门槛5元券', type: 'cash', value: 500, threshold: 0, prefix: 'NEW', quantity: 1000, audience: 'new', description: '新用户专享，全场可用' },
    { name: '满100享9折', type: 'discount', value: 900, maxOff: 3000, threshold: 10000, prefix: 'ZK', quantity: 500, description: '最多优惠 30 元' },
  ],
  registrationGift: '新人无门槛5元券',
} as const;

/**
 * 图文详情 of a few demo products (HTML, sanitized on save like the admin's), given the product's pictures; the
 * other demo products keep a plain detail.
 */
export const DEMO_RICH_DETAILS: Record<string, (images: string[]) => string> = {
  TS001: (img) =>
    '<h2 style="text-align:center">新疆长绒棉 · 亲肤透气</h2>' +
    '<p>精选 <strong>新疆长绒棉</strong>，纱支细密，柔软不起球；<em>180 克</em>中厚面料，单穿不透。</p>' +
    `<p><img src="${img[1]}" alt="面料细节" /></p>` +
    '<h3>尺码建议</h3>' +
    '<ul><li>身高 160–170 cm：M</li><li>身高 170–180 cm：L</li><li>身高 180 cm 以上：XL</li></ul>' +
    `<p><img src="${img[2]}" alt="上身效果" /></p>` +
    '<h3>洗护说明</h3><ol><li>30 ℃ 以下水温机洗</li><li>深浅分开洗涤</li><li>不可漂白，阴凉处晾干</li></ol>' +
    '<p style="text-align:center">本品为演示数据，图片为本地生成。</p>',
  HM001: (img) =>
    '<h2 style="text-align:center">手工上釉 · 每一只都不同</h2>' +
    '<p>窑变釉色由匠人手工浸釉，<strong>每只杯子的釉色略有差异</strong>，这是手作的痕迹，不是瑕疵。</p>' +
    `<p><img src="${img[1]}" alt="釉色细节" /></p>` +
    '<h3>规格参数</h3><ul><li>容量：380 ml</li><li>材质：高温陶瓷</li><li>可用于微波炉、洗碗机</li></ul>' +
    '<p style="text-align:center">本品为演示数据，图片为本地生成。</p>',
};
