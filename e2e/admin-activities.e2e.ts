/**
 * Item activities in the admin panel (#/activities/...): the owner finds 秒杀 / 限时折扣 / 预售 / 活动提醒消息 in the
 * 营销中心 menu, creates a flash sale for a demo SKU through the form and sees it in the list, creates a limited-time
 * discount on another SKU and watches the price preview follow the discount and the rounding, is refused a second
 * flash sale on the first SKU in an overlapping window with the first one named, ends the discount early, and opens
 * the flash sale's stats and exports its CSV.
 */
import type { Page } from 'playwright-core';
import { apiOf, until, useE2E, watch } from './harness';

const env = useE2E();
const { ok, loginMerchant } = apiOf(() => env);
let admin: Page;
const problems: string[] = [];

let ownerToken = '';
/** the demo 帆布托特包 (89.00): a SKU for the flash sales and another one, with stock, for the discount */
const PRODUCT = '帆布托特包';
let flashSku: { _id: string; specValues: string[]; price: number } = { _id: '', specValues: [], price: 0 };
let limitedSku: { _id: string; specValues: string[]; price: number; stock: number } = { _id: '', specValues: [], price: 0, stock: 0 };
const FLASH = '端到端周五秒杀';
const FLASH2 = '端到端重叠秒杀';
const LIMITED = '端到端限时七五折';
let flashId = '';
let limitedId = '';

beforeAll(async () => {
  admin = watch(problems, await env.desktop(), { console: true });
  ownerToken = await loginMerchant();
  const page = await ok('productAdmin', 'list', { name: PRODUCT, page: 1, pageSize: 5 }, ownerToken);
  const product = await ok('productAdmin', 'get', { id: page.items.find((p: { name: string }) => p.name === PRODUCT)._id }, ownerToken);
  const skus = [...product.skus].sort((a: { stock: number }, b: { stock: number }) => b.stock - a.stock);
  expect(skus.length).toBeGreaterThanOrEqual(2);
  expect(skus[0].stock).toBeGreaterThanOrEqual(5);
  limitedSku = skus[0];
  flashSku = skus[1];
});

const tid = (id: string) => admin.locator(`[data-testid="${id}"]`);
/** a screenshot from the top of the page (clicking the long side menu scrolls the window) */
async function shot(name: string) {
  await admin.evaluate(() => window.scrollTo(0, 0));
  await env.shot(admin, name);
}
const visible = (sel: string) => admin.locator(sel).filter({ visible: true });

/** Beijing wall-clock "YYYY-MM-DD HH:mm" of now + `minutes`, floored to the minute (or the hour). */
function bj(minutes: number, floorHour = false): string {
  const t = new Date(Date.now() + minutes * 60_000 + 8 * 3600_000);
  if (floorHour) t.setUTCMinutes(0);
  return t.toISOString().slice(0, 16).replace('T', ' ');
}

/** Types both ends of the activity window into the RangePicker. */
async function fillWindow(from: string, to: string) {
  const inputs = admin.locator('.ant-picker-range').filter({ has: admin.locator('#activity_window') }).locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await admin.keyboard.press('Enter');
  await inputs.nth(1).click();
  await inputs.nth(1).fill(to);
  await admin.keyboard.press('Enter');
  await admin.keyboard.press('Escape');
  expect(await inputs.nth(0).inputValue()).toBe(from);
  expect(await inputs.nth(1).inputValue()).toBe(to);
}

/**
 * The list page is one component for the three kinds: right after a menu click it may still be the previous kind's
 * (the URL changes first), so the 新增 button is clicked only once its text is the wanted kind's, and the form's URL
 * is awaited.
 */
async function openNewForm(kind: 'flash' | 'limited' | 'presale', label: string) {
  await tid('activity-new').filter({ hasText: label }).click();
  await admin.waitForURL(new RegExp(`#/activities/${kind}/new`));
}

/** Adds one SKU of the demo product with the picker. */
async function addSku(skuId: string) {
  await tid('activity-add-items').click();
  await visible('#activity-pick-product').click();
  await visible('#activity-pick-product').fill(PRODUCT);
  await visible('.ant-select-dropdown .ant-select-item-option').filter({ hasText: PRODUCT }).first().click();
  await tid('pick-sku-table').waitFor();
  const box = admin.locator(`[data-testid="pick-sku-${skuId}"]`);
  if (!(await box.isChecked())) await box.click();
  await visible('[data-testid=pick-ok]').click();
  await visible('[data-testid=pick-ok]').waitFor({ state: 'detached' });
  await tid(`activity-item-name-${skuId}`).waitFor();
}

/** The row of the activity named `name` in the list on screen. */
const rowOf = (name: string) => tid('activity-table').locator('tr.ant-table-row').filter({ hasText: name });

test('the owner finds the activity pages in the marketing menu', async () => {
  await env.adminLogin(admin);
  const menu = tid('side-menu');
  for (const label of ['秒杀', '限时折扣', '预售', '活动提醒消息']) await menu.getByText(label, { exact: true }).waitFor();
  await menu.getByText('秒杀', { exact: true }).click();
  await admin.waitForURL(/#\/activities\/flash/);
  await tid('activity-table').waitFor();
  expect(await tid('activity-new').innerText()).toContain('新增秒杀');
  await shot('admin-activities-01-flash-list');
});

test('a flash sale is created for a demo SKU and shows in the list', async () => {
  await openNewForm('flash', '新增秒杀');
  await admin.locator('#activity_name').fill(FLASH);
  await admin.locator('#activity_description').fill('每人限购 2 件');
  await fillWindow(bj(24 * 60, true), bj(26 * 60, true));
  await admin.locator('#activity_limitPerShopper').fill('2');
  expect(await admin.locator('#activity_closeMinutes').inputValue()).toBe('30');
  await addSku(flashSku._id);
  // a flash price not below the sale price is refused on the row before anything is sent
  await tid('flash-price-0').fill((flashSku.price / 100).toFixed(2));
  await tid('flash-stock-0').fill('20');
  await tid('activity-save').click();
  await tid('activity-error').waitFor();
  expect(await tid('activity-error').innerText()).toContain('秒杀价必须低于售价');
  await tid('flash-price-0').fill('49.90');
  await tid('activity-items').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-activities-02-flash-form');
  await tid('activity-save').click();
  await admin.waitForURL(/#\/activities\/flash(\?|$)/);
  const row = rowOf(FLASH);
  await row.waitFor();
  flashId = (await row.getAttribute('data-row-key'))!;
  expect(await row.innerText()).toContain('未开始');
  await shot('admin-activities-03-flash-list');
  const saved = await ok('activityAdmin', 'get', { id: flashId }, ownerToken);
  expect(saved).toMatchObject({ kind: 'flash', name: FLASH, limitPerShopper: 2, closeMinutes: 30, items: [{ skuId: flashSku._id, price: 4990, stock: 20 }] });
  // the status filter lives in the query string
  await tid('activity-status-filter').getByText('进行中', { exact: true }).click();
  await admin.waitForURL(/status=running/);
  await until(async () => (await rowOf(FLASH).count()) === 0, 'the flash sale filtered out');
  await tid('activity-status-filter').getByText('未开始', { exact: true }).click();
  await rowOf(FLASH).waitFor();
});

test('a limited-time discount previews its price and is saved', async () => {
  await tid('side-menu').getByText('限时折扣', { exact: true }).click();
  await admin.waitForURL(/#\/activities\/limited/);
  await openNewForm('limited', '新增限时折扣');
  await admin.locator('#activity_name').fill(LIMITED);
  await fillWindow(bj(-1), bj(7 * 24 * 60));
  await addSku(limitedSku._id);
  await tid('limited-value-0').fill('7.5');
  const preview = tid('limited-preview-0');
  const expected = Math.floor((limitedSku.price * 750 + 500) / 1000);
  await until(async () => (await preview.getAttribute('data-fen')) === String(expected), 'the 7.5折 preview');
  expect(await preview.innerText()).toBe(`¥${(expected / 100).toFixed(2)}`);
  // 抹角 drops the jiao and the fen
  await tid('limited-rounding').getByText('抹角', { exact: false }).click();
  await until(async () => (await preview.getAttribute('data-fen')) === String(Math.floor(expected / 100) * 100), 'the rounded preview');
  // a rate of 1折 or less is not allowed: the problem shows at once
  await tid('limited-value-0').fill('0.5');
  await tid('limited-problem-0').waitFor();
  expect(await tid('limited-problem-0').innerText()).toContain('折扣必须大于1折');
  await tid('limited-value-0').fill('7.5');
  await tid('limited-problem-0').waitFor({ state: 'detached' });
  await tid('limited-stock-0').fill(String(Math.min(5, limitedSku.stock)));
  await admin.locator('#activity_tag').fill('限时特惠');
  await tid('activity-items').scrollIntoViewIfNeeded();
  await env.shot(admin, 'admin-activities-04-limited-preview');
  await tid('activity-save').click();
  await admin.waitForURL(/#\/activities\/limited(\?|$)/);
  const row = rowOf(LIMITED);
  await row.waitFor();
  limitedId = (await row.getAttribute('data-row-key'))!;
  expect(await row.innerText()).toContain('进行中');
  const saved = await ok('activityAdmin', 'get', { id: limitedId }, ownerToken);
  expect(saved).toMatchObject({ kind: 'limited', rounding: 'yuan', tag: '限时特惠', items: [{ skuId: limitedSku._id, mode: 'discount', value: 750 }] });
  expect(saved.itemViews[0].price).toBe(Math.floor(expected / 100) * 100);
});

test('a second flash sale on the same SKU in an overlapping window names the first', async () => {
  await tid('side-menu').getByText('秒杀', { exact: true }).click();
  await openNewForm('flash', '新增秒杀');
  await admin.locator('#activity_name').fill(FLASH2);
  await fillWindow(bj(25 * 60, true), bj(27 * 60, true));
  await addSku(flashSku._id);
  await tid('flash-price-0').fill('39.90');
  await tid('flash-stock-0').fill('10');
  await tid('activity-save').click();
  await tid('activity-conflict').waitFor();
  const text = await tid('activity-conflict').innerText();
  expect(text).toContain(`与活动「${FLASH}」冲突`);
  expect(await tid('activity-conflict-link').getAttribute('href')).toContain(flashId);
  expect(await tid(`activity-item-name-${flashSku._id}`).innerText()).toContain(FLASH);
  await shot('admin-activities-05-conflict');
  expect(admin.url()).toMatch(/#\/activities\/flash\/new/);
});

test('the flash sale is edited: its settings load and a new stock is saved', async () => {
  await admin.goto(`${env.url}/admin/#/activities/flash`);
  await tid(`activity-edit-${flashId}`).click();
  await admin.waitForURL(new RegExp(`#/activities/flash/${flashId}/edit`));
  await tid('activity-form-status').waitFor();
  expect(await admin.locator('#activity_name').inputValue()).toBe(FLASH);
  expect(await admin.locator('#activity_limitPerShopper').inputValue()).toBe('2');
  expect(await tid('flash-price-0').inputValue()).toBe('49.90');
  expect(await tid('flash-stock-0').inputValue()).toBe('20');
  await tid('flash-stock-0').fill('25');
  await tid('activity-save').click();
  await admin.waitForURL(/#\/activities\/flash(\?|$)/);
  await rowOf(FLASH).waitFor();
  const saved = await ok('activityAdmin', 'get', { id: flashId }, ownerToken);
  expect(saved).toMatchObject({ name: FLASH, items: [{ skuId: flashSku._id, price: 4990, stock: 25 }] });
});

test('the discount is ended early', async () => {
  await admin.goto(`${env.url}/admin/#/activities/limited`);
  const row = rowOf(LIMITED);
  await row.waitFor();
  await tid(`activity-end-${limitedId}`).click();
  await visible('[data-testid=activity-confirm-end]').click();
  await until(async () => (await tid(`activity-status-${limitedId}`).getAttribute('data-status')) === 'ended', 'the discount ended');
  await tid(`activity-end-${limitedId}`).waitFor({ state: 'detached' });
  expect(await row.innerText()).toContain('提前结束于');
  await shot('admin-activities-06-ended');
  expect((await ok('activityAdmin', 'get', { id: limitedId }, ownerToken)).status).toBe('ended');
});

test('the flash sale stats open and export a CSV', async () => {
  await admin.goto(`${env.url}/admin/#/activities/flash`);
  await tid(`activity-stats-${flashId}`).click();
  await admin.waitForURL(new RegExp(`#/activities/flash/${flashId}/stats`));
  await tid('stats-cards').waitFor();
  await until(async () => /订单数\s*\d+/.test(await tid('stat-orders').innerText()), 'the stats loaded');
  await until(async () => (await tid('stats-title').innerText()).includes(FLASH), 'the activity named in the title');
  await tid('stats-items').waitFor();
  await tid('stats-table').waitFor();
  await shot('admin-activities-07-stats');
  const download = admin.waitForEvent('download');
  await tid('stats-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
});

test('the presale form picks a product, a ship date and oversell', async () => {
  await tid('side-menu').getByText('预售', { exact: true }).click();
  await admin.waitForURL(/#\/activities\/presale/);
  await openNewForm('presale', '新增预售活动');
  await admin.locator('#activity_name').fill('端到端新品预售');
  await tid('presale-ship').getByText('自定义发货日期', { exact: true }).click();
  await admin.locator('#activity_shipDate').waitFor();
  await tid('activity-add-items').click();
  await visible('#activity-pick-product').click();
  await visible('#activity-pick-product').fill(PRODUCT);
  await visible('.ant-select-dropdown .ant-select-item-option').filter({ hasText: PRODUCT }).first().click();
  await tid('pick-product-summary').waitFor();
  await visible('[data-testid=pick-ok]').click();
  await tid('presale-stock-0').fill('300');
  await tid('presale-oversell-0').click();
  expect(await tid('presale-oversell-0').getAttribute('aria-checked')).toBe('true');
  await shot('admin-activities-09-presale-form');
  // nothing saved: leave without creating it
  await tid('side-menu').getByText('活动提醒消息', { exact: true }).click();
});

test('the reminder outbox opens', async () => {
  await admin.waitForURL(/#\/activities\/messages/);
  await tid('message-table').waitFor();
  await tid('message-status-filter').getByText('失败', { exact: true }).click();
  await admin.waitForURL(/status=failed/);
  await shot('admin-activities-08-messages');
  expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
});
