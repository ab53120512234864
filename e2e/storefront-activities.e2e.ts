/**
 * Item activities in the H5 storefront. The owner (through activityAdmin.create) starts a flash sale on a demo SKU
 * (cheaper than its sale price, stock 2, one per shopper), schedules another flash sale on a second product and
 * opens a presale on a third. The shopper sees the tag and the flash price on the list, the venue and the product
 * page with a live countdown, buys one unit through checkout, then sees 已达限购 (and the checkout refuses another);
 * when someone else takes the last unit the page says 已抢光. The demo shop's limited-time discount is tagged and
 * priced. On the upcoming product the buy button says 即将开始 and 提醒我 sets a reminder; a sale starting a few
 * seconds later opens for buying when its countdown ends; the presale product (the demo presale ended first: one at
 * a time) shows its shipping rule on the page, at checkout and on the order.
 */
import type { Page } from 'playwright-core';
import { apiOf, h5, leaveCashier, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok: api } = apiOf(() => env);
let page: Page;
const problems: string[] = [];
/** refusals the test provokes on purpose (the checkout's preview answers 4xx for them) */
let expectRefusal = false;

beforeAll(async () => {
  page = watch(problems, await env.phone(), { http: (r) => (expectRefusal && r.status() < 500) || r.url().endsWith('/favicon.ico') });
});

const { visible, text, attr } = h5(() => page);
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** A single-SKU demo product by keyword: its id, SKU and sale price. */
const product = async (keyword: string) => {
  const id = (await api('catalog', 'list', { keyword, page: 1, pageSize: 1 })).items[0]._id as string;
  const detail = await api('catalog', 'detail', { id });
  expect(detail.skus).toHaveLength(1);
  return { id, name: detail.name as string, skuId: detail.skus[0]._id as string, price: detail.skus[0].price as number };
};

/** Opens a product page and waits for its activity banner. */
const openProduct = async (id: string) => {
  await page.goto(`${env.url}/h5/#/pages/product/index?id=${id}`);
  await visible('#product-price').waitFor();
  await visible('#activity-banner').waitFor();
};

test('flash sale, upcoming flash sale with a reminder, presale at checkout', async () => {
  const owner = (await api('auth', 'merchantLogin', { username: 'admin', password: 'admin123' })).token;
  const charger = await product('桌面无线充电器');
  const box = await product('实木桌面收纳盒');
  const chocolate = await product('手工黑巧克力礼盒');
  const now = Date.now();
  const FLASH_PRICE = charger.price - 3000;

  const running = await api(
    'activityAdmin',
    'create',
    {
      kind: 'flash',
      name: 'e2e 整点秒杀',
      startsAt: iso(now - 60_000),
      endsAt: iso(now + 2 * 3600e3),
      limitPerShopper: 1,
      share: { title: '充电器秒杀，手慢无', image: null },
      items: [{ skuId: charger.skuId, price: FLASH_PRICE, stock: 2 }],
    },
    owner,
  );
  const upcoming = await api(
    'activityAdmin',
    'create',
    {
      kind: 'flash',
      name: 'e2e 明日秒杀',
      startsAt: iso(now + 3 * 3600e3),
      endsAt: iso(now + 5 * 3600e3),
      limitPerShopper: 1,
      items: [{ skuId: box.skuId, price: box.price - 2000, stock: 5 }],
    },
    owner,
  );
  // one presale at a time: the owner ends the demo shop's own before opening this one
  const presales = await api('activityAdmin', 'list', { kind: 'presale', page: 1, pageSize: 50 }, owner);
  for (const a of presales.items) if (a.status !== 'ended') await api('activityAdmin', 'end', { id: a._id }, owner);
  await api(
    'activityAdmin',
    'create',
    {
      kind: 'presale',
      name: 'e2e 新年礼盒预售',
      startsAt: iso(now - 60_000),
      endsAt: iso(now + 3 * 86400e3),
      ship: { mode: 'afterPayment', days: 7 },
      items: [{ productId: chocolate.id, stock: 50 }],
    },
    owner,
  );

  // the demo shop's limited-time discount (限时8折 on the bedding set): its tag on the card and the page
  const bedding = (await api('catalog', 'list', { keyword: '全棉四件套', page: 1, pageSize: 1 })).items[0];
  expect(bedding.activity).toMatchObject({ kind: 'limited', tag: '限时8折', status: 'running' });

  // the shopper logs in on the 我的 tab and has an address for checkout
  await page.goto(`${env.url}/h5/#/pages/me/index`);
  await visible('.shopper-option[data-code="shopper-1"]').click();
  await until(async () => (await attr('#current-shopper', 'data-openid')) !== '', 'login');
  const shopper = (await api('auth', 'shopperLogin', { code: 'shopper-1' })).token;
  await api('order', 'saveAddress', { name: '赵六', phone: '13600001111', province: '上海', city: '上海', district: '徐汇', detail: '漕溪北路 8 号' }, shopper);

  // home: the 限时秒杀 entry (a flash sale runs); the venue lists both sales with their countdowns
  await page.goto(`${env.url}/h5/`);
  await visible('#flash-entry').waitFor();
  expect(await text('#flash-entry')).toContain('限时秒杀');
  await env.shot(page, 'activities-01-home-entry');
  await visible('#flash-entry').click();
  await visible('#flash-list').waitFor();
  await visible(`.flash-group[data-id="${running._id}"]`).waitFor();
  expect(await attr(`.flash-group[data-id="${running._id}"]`, 'data-status')).toBe('running');
  expect(await attr(`.flash-group[data-id="${upcoming._id}"]`, 'data-status')).toBe('upcoming');
  expect(await text(`.flash-group[data-id="${running._id}"] .flash-group__countdown`)).toMatch(/^距结束 \d{2}:\d{2}:\d{2}$/);
  expect(await text(`.flash-group[data-id="${upcoming._id}"] .flash-group__countdown`)).toMatch(/^距开始 \d{2}:\d{2}:\d{2}$/);
  expect(await text(`.flash-tile[data-id="${charger.id}"] .flash-tile__price`)).toBe(yuan(FLASH_PRICE));
  await env.shot(page, 'activities-02-flash-venue');

  // the list: tag, flash price and the sale price struck through; the upcoming one says when it starts
  await page.goto(`${env.url}/h5/#/pages/search/index`);
  await visible('.search-input .weui-input').fill('桌面');
  await visible('.search-input .weui-input').press('Enter');
  const flashCard = `.product-card[data-id="${charger.id}"]`;
  const soonCard = `.product-card[data-id="${box.id}"]`;
  await visible(flashCard).waitFor();
  await visible(soonCard).waitFor();
  expect(await attr(flashCard, 'data-activity')).toBe('flash');
  expect(await text(`${flashCard} .product-card__tag`)).toBe('秒杀');
  expect(await text(`${flashCard} .product-card__price`)).toBe(yuan(FLASH_PRICE));
  expect(await text(`${flashCard} .product-card__original`)).toBe(yuan(charger.price));
  expect(await attr(soonCard, 'data-activity-status')).toBe('upcoming');
  expect(await text(`${soonCard} .product-card__activity`)).toMatch(/^秒杀 \d{2}-\d{2} \d{2}:\d{2} 开始$/);
  await env.shot(page, 'activities-03-list-cards');

  // the product page: banner with the flash price, a ticking countdown, what is left and the limit
  await visible(flashCard).click();
  await visible('#activity-banner').waitFor();
  expect(await attr('#activity-banner', 'data-status')).toBe('running');
  expect(await text('#activity-tag')).toBe('秒杀');
  expect(await text('#activity-price')).toBe(yuan(FLASH_PRICE));
  expect(await text('#activity-sale-price')).toBe(yuan(charger.price));
  expect(await text('#activity-left')).toBe('剩余 2 件');
  expect(await text('#activity-limit')).toBe('每人限购1件');
  const tick1 = await text('#activity-countdown');
  expect(tick1).toMatch(/^距结束 \d{2}:\d{2}:\d{2}$/);
  await until(async () => (await text('#activity-countdown')) !== tick1, 'the countdown to tick', 4000);
  expect(await text('#buy-now')).toBe('立即购买');
  await env.shot(page, 'activities-04-product-flash');
  // the spec sheet says the same as the banner: the flash price and the activity's units left, not the SKU's 库存
  expect(await text('#product-price')).toBe(yuan(FLASH_PRICE));
  await visible('.sku-open').click();
  await visible('.sku-popup').waitFor();
  expect(await text('#sku-price')).toBe(yuan(FLASH_PRICE));
  expect(await attr('#sku-stock', 'data-activity')).toBe('1');
  expect(await text('#sku-stock')).toBe('剩余 2 件');
  expect(await text('#sku-activity-note')).not.toContain('剩余');
  await env.shot(page, 'activities-04b-flash-sheet');
  await visible('.sku-popup__close').click();
  await visible('.sku-popup').waitFor({ state: 'detached' });

  // buy one through checkout: the line is tagged 秒杀 and priced at the flash price
  await visible('#buy-now').click();
  await visible('#checkout-payable').waitFor();
  await until(async () => (await visible('.checkout[data-status="ready"]').count()) === 1, 'checkout ready');
  expect(await attr(`.order-line[data-sku="${charger.skuId}"]`, 'data-activity')).toBe('flash');
  expect(await text(`.order-line[data-sku="${charger.skuId}"] .order-line__tag`)).toBe('秒杀');
  expect(await attr(`.order-line[data-sku="${charger.skuId}"] .order-line__price`, 'data-fen')).toBe(String(FLASH_PRICE));
  expect(await text(`.order-line[data-sku="${charger.skuId}"] .order-line__was`)).toBe(yuan(charger.price));
  const preview = await api('order', 'preview', { source: { items: [{ skuId: charger.skuId, quantity: 1 }] } }, shopper);
  expect(preview.quote.lines[0].unitPrice).toBe(FLASH_PRICE);
  expect(Number(await attr('#checkout-payable', 'data-fen'))).toBe(preview.quote.payable);
  await env.shot(page, 'activities-05-checkout-flash');
  await visible('#submit-order').click();
  await leaveCashier(page);
  await visible('#order-status').waitFor();
  expect(await attr('#order-status', 'data-status')).toBe('unpaid');
  expect(await attr(`.order-line[data-sku="${charger.skuId}"]`, 'data-activity')).toBe('flash');
  const orderId = await attr('.order-detail', 'data-id');
  const order = await api('order', 'get', { id: orderId }, shopper);
  expect(order.lines[0].activity).toMatchObject({ kind: 'flash', id: running._id });

  // back on the product page: the limit is used up
  await openProduct(charger.id);
  await until(async () => (await text('#buy-now')) === '已达限购', '已达限购');
  expect(await visible('#buy-now').getAttribute('disabled')).not.toBeNull();
  expect(await text('#activity-limit')).toBe('每人限购1件，已购1件');
  expect(await text('#activity-left')).toBe('剩余 1 件');
  await env.shot(page, 'activities-06-limit-reached');

  // asking the checkout for another one anyway: the refusal is said in a modal
  expectRefusal = true;
  await page.goto(`${env.url}/h5/#/pages/checkout/index?items=${encodeURIComponent(JSON.stringify([{ skuId: charger.skuId, quantity: 1 }]))}`);
  await page.getByText('已达限购').first().waitFor();
  await visible('.checkout-fatal').waitFor();
  expect(await text('.checkout-fatal')).toContain('限购');
  await env.shot(page, 'activities-07-limit-modal');
  await page.locator('.taro-modal__foot, .taro-modal__footer').getByText('知道了').click().catch(() => page.getByText('知道了').click());
  expectRefusal = false;

  // another shopper takes the last unit: 已抢光
  const other = (await api('auth', 'shopperLogin', { code: 'shopper-2' })).token;
  await api('order', 'saveAddress', { name: '孙七', phone: '13600002222', province: '上海', city: '上海', district: '静安', detail: '南京西路 2 号' }, other);
  const items = [{ skuId: charger.skuId, quantity: 1 }];
  const p2 = await api('order', 'preview', { source: { items }, couponId: null }, other);
  await api('order', 'create', { source: { items }, couponId: null, clientRequestId: `e2e-flash-${Date.now()}`, expectedPayable: p2.quote.payable }, other);
  await openProduct(charger.id);
  await until(async () => (await text('#buy-now')) === '已抢光', '已抢光');
  expect(await text('#activity-left')).toBe('已抢光');
  await env.shot(page, 'activities-08-sold-out');

  // a limited-time discount with a 'first_n' limit: tagged and priced, and buying is not blocked
  await page.goto(`${env.url}/h5/#/pages/search/index`);
  await visible('.search-input .weui-input').fill('全棉四件套');
  await visible('.search-input .weui-input').press('Enter');
  await visible(`.product-card[data-id="${bedding._id}"]`).waitFor();
  expect(await attr(`.product-card[data-id="${bedding._id}"]`, 'data-activity')).toBe('limited');
  expect(await text(`.product-card[data-id="${bedding._id}"] .product-card__tag`)).toBe('限时8折');
  expect(await attr(`.product-card[data-id="${bedding._id}"] .product-card__price`, 'data-fen')).toBe(String(bedding.activity.priceMin));
  await openProduct(bedding._id);
  expect(await attr('#activity-banner', 'data-kind')).toBe('limited');
  expect(await text('#activity-tag')).toBe('限时8折');
  expect(await text('#activity-countdown')).toMatch(/^距结束 /);
  expect(await text('#buy-now')).toBe('立即购买');
  await env.shot(page, 'activities-08b-limited-product');
  // the spec picker: a chosen SKU shows its own activity price and the activity's line
  await visible('.sku-open').click();
  await visible('.sku-popup').waitFor();
  for (const spec of ['尺寸', '颜色']) await visible(`.sku-spec[data-spec="${spec}"] .sku-value:not(.sku-value--disabled)`).first().click();
  const beddingSku = await attr('.sku-popup', 'data-sku');
  const beddingView = (await api('activity', 'forProduct', { productId: bedding._id })).skus.find((v: any) => v.skuId === beddingSku);
  expect(await attr('#sku-price', 'data-activity')).toBe('1');
  expect(await text('#sku-price')).toBe(yuan(beddingView.price));
  expect(await text('#sku-activity-note')).toContain('限时8折');
  expect(await text('#sku-activity-note')).toContain('每人限购2件');
  await env.shot(page, 'activities-08c-limited-sku');
  await visible('.sku-popup__close').click();

  // the upcoming flash sale: 即将开始 (disabled), a countdown to the start, 提醒我 -> 已设置提醒
  await openProduct(box.id);
  expect(await attr('#activity-banner', 'data-status')).toBe('upcoming');
  expect(await text('#activity-countdown')).toMatch(/^距开始 \d{2}:\d{2}:\d{2}$/);
  expect(await text('#buy-now')).toBe('即将开始');
  expect(await visible('#buy-now').getAttribute('disabled')).not.toBeNull();
  expect(await attr('#activity-remind', 'data-on')).toBe('0');
  expect(await text('#activity-remind')).toBe('提醒我');
  await visible('#activity-remind').click();
  await until(async () => (await attr('#activity-remind', 'data-on')) === '1', 'reminded');
  expect(await text('#activity-remind')).toBe('已设置提醒');
  expect((await api('activity', 'forProduct', { productId: box.id }, shopper)).reminded).toBe(true);
  await env.shot(page, 'activities-09-upcoming-reminded');

  // a flash sale starting in a few seconds: the page counts down, then opens for buying by itself (15 s ahead: the
  // page must still be counting down when it opens on a loaded machine)
  const rice = await product('五常稻花香大米');
  await api(
    'activityAdmin',
    'create',
    { kind: 'flash', name: 'e2e 马上开抢', startsAt: iso(Date.now() + 15_000), endsAt: iso(Date.now() + 3600e3), items: [{ skuId: rice.skuId, price: rice.price - 1000, stock: 3 }] },
    owner,
  );
  await openProduct(rice.id);
  expect(await text('#buy-now')).toBe('即将开始');
  expect(await text('#activity-countdown')).toMatch(/^距开始 00:00:[01]\d$/);
  await until(async () => (await text('#buy-now')) === '立即购买', 'the sale to start', 40_000);
  expect(await attr('#activity-banner', 'data-status')).toBe('running');
  expect(await text('#activity-countdown')).toMatch(/^距结束 00:5\d:\d{2}$/);

  // the presale: its tag and shipping rule on the page, at checkout and on the order
  await openProduct(chocolate.id);
  expect(await attr('#activity-banner', 'data-kind')).toBe('presale');
  expect(await text('#activity-tag')).toBe('全款预售');
  expect(await text('#presale-ship')).toBe('付款后7天内发货');
  expect(await text('#buy-now')).toBe('立即购买');
  await env.shot(page, 'activities-10-presale-product');
  await visible('#buy-now').click();
  await visible('#checkout-presale').waitFor();
  expect(await text('#checkout-presale')).toBe('预售发货 付款后7天内发货');
  await until(async () => (await attr(`.order-line[data-sku="${chocolate.skuId}"]`, 'data-activity')) === 'presale', 'the presale line tag');
  expect(await text(`.order-line[data-sku="${chocolate.skuId}"] .order-line__tag`)).toBe('预售');
  await visible('#checkout-presale').scrollIntoViewIfNeeded();
  await env.shot(page, 'activities-11-presale-checkout');
  await until(async () => (await visible('.checkout[data-status="ready"]').count()) === 1, 'checkout ready');
  await visible('#submit-order').click();
  await leaveCashier(page);
  await visible('#order-presale').waitFor();
  expect(await text('#order-presale')).toContain('付款后7天内发货');
  const presaleOrder = await api('order', 'get', { id: await attr('.order-detail', 'data-id') }, shopper);
  expect(presaleOrder.presale).toMatchObject({ ship: { mode: 'afterPayment', days: 7 }, shipFrom: null });
  await visible('#order-presale').scrollIntoViewIfNeeded();
  await env.shot(page, 'activities-12-presale-order');

  expect(problems).toEqual([]);
});
