/**
 * Staff accounts (admin #/staff): the owner creates a clerk of store-1 who can then log in; a taken username is shown
 * on the username field; a disabled operator cannot log in (and can again once enabled); a non-owner who opens the
 * page sees the owner-only result and no menu entry.
 */
import type { Page } from 'playwright-core';
import { apiOf, useE2E, watch } from './harness';

const env = useE2E();
let admin: Page;
const problems: string[] = [];

beforeAll(async () => {
  admin = watch(problems, await env.desktop());
});

const tid = (id: string, page: Page = admin) => page.locator(`[data-testid="${id}"]`);
const row = (id: string) => tid('staff-table').locator(`tr.ant-table-row[data-row-key="${id}"]`);
const visibleModal = () => admin.locator('.ant-modal-wrap').filter({ visible: true });

const { call: api } = apiOf(() => env);
const merchantLogin = (username: string, password: string) => api('auth', 'merchantLogin', { username, password });
async function staffList() {
  const s = await merchantLogin('admin', 'admin123');
  const r = await api('staff', 'list', {}, s.data.token);
  expect(r.ok).toBe(true);
  return r.data as { _id: string; username: string; role: string; storeId: string | null; disabled: boolean }[];
}

test('the owner sees the staff page in the menu and the demo accounts in the table', async () => {
  await env.adminLogin(admin, 'admin', 'admin123', '/products');
  await tid('side-menu').getByText('员工账号').click();
  await tid('staff-table').waitFor();
  expect(admin.url()).toMatch(/#\/staff$/);
  await row('admin-operator').waitFor();
  expect(await row('admin-operator').innerText()).toMatch(/operator[\s\S]*运营小王[\s\S]*运营[\s\S]*启用/);
  expect(await row('admin-clerk').innerText()).toContain('人民路旗舰店');
  // the owner cannot disable their own account from the page
  expect(await tid('staff-disable-admin-owner').isDisabled()).toBe(true);
  await env.shot(admin, 'staff-01-list');
});

test('the owner creates a clerk of store-1 who can then log in', async () => {
  expect((await merchantLogin('e2e.clerk', 'clerk-pass-1')).ok).toBe(false);
  await tid('new-staff').click();
  await admin.locator('#staff_username').fill('E2E.Clerk');
  await admin.locator('#staff_displayName').fill('端到端店员');
  await admin.locator('#staff_password').fill('clerk-pass-1');
  await admin.locator('#staff_role').getByText('店员').click();
  await admin.locator('#staff_storeId').click();
  await admin.locator('.ant-select-item-option').filter({ hasText: '人民路旗舰店' }).click();
  await env.shot(admin, 'staff-02-new-clerk');
  await tid('staff-save').click();
  await tid('staff-table').locator('tr.ant-table-row').filter({ hasText: 'e2e.clerk' }).waitFor();
  const text = await tid('staff-table').locator('tr.ant-table-row').filter({ hasText: 'e2e.clerk' }).innerText();
  expect(text).toMatch(/端到端店员[\s\S]*店员[\s\S]*人民路旗舰店[\s\S]*启用/);
  await env.shot(admin, 'staff-03-created');

  const created = (await staffList()).find((a) => a.username === 'e2e.clerk');
  expect(created).toMatchObject({ role: 'clerk', storeId: 'store-1', disabled: false });
  const s = await merchantLogin('e2e.clerk', 'clerk-pass-1');
  expect(s.ok).toBe(true);
  expect(s.data.admin).toMatchObject({ username: 'e2e.clerk', displayName: '端到端店员', role: 'clerk', storeId: 'store-1' });
});

test('a taken username is shown on the username field and nothing is created', async () => {
  const before = (await staffList()).length;
  await tid('new-staff').click();
  await admin.locator('#staff_username').fill('Operator');
  await admin.locator('#staff_displayName').fill('重名的人');
  await admin.locator('#staff_password').fill('whatever-123');
  await admin.locator('#staff_role').getByText('运营').click();
  await tid('staff-save').click();
  const usernameItem = admin.locator('.ant-form-item').filter({ has: admin.locator('#staff_username') });
  await usernameItem.locator('.ant-form-item-explain-error').waitFor();
  expect(await usernameItem.locator('.ant-form-item-explain-error').innerText()).toContain('已被使用');
  await env.shot(admin, 'staff-04-name-taken');
  expect((await staffList()).length).toBe(before);
  await visibleModal().getByRole('button', { name: /取\s*消/ }).click();
  await visibleModal().waitFor({ state: 'hidden' });
});

test('a disabled operator cannot log in; enabled again, they can', async () => {
  expect((await merchantLogin('operator', 'operator123')).ok).toBe(true);
  await tid('staff-disable-admin-operator').click();
  await tid('staff-disable-confirm').click();
  await row('admin-operator').filter({ hasText: '停用' }).waitFor();
  await env.shot(admin, 'staff-05-disabled');
  expect((await staffList()).find((a) => a._id === 'admin-operator')?.disabled).toBe(true);
  const refused = await merchantLogin('operator', 'operator123');
  expect(refused.ok).toBe(false);
  expect(refused.error.code).toBe('ACCOUNT_DISABLED');

  await tid('staff-disable-admin-operator').click();
  await tid('staff-disable-confirm').click();
  await row('admin-operator').filter({ hasText: '启用' }).waitFor();
  expect((await merchantLogin('operator', 'operator123')).ok).toBe(true);
});

test('a non-owner has no staff menu and sees the owner-only result on #/staff', async () => {
  const op = watch(problems, await env.desktop(), { who: 'operator' });
  await env.adminLogin(op, 'operator', 'operator123', '/staff');
  await tid('staff-owner-only', op).waitFor();
  expect(await tid('staff-owner-only', op).innerText()).toContain('只有店主可以管理员工账号');
  expect(await tid('staff-table', op).count()).toBe(0);
  expect(await tid('side-menu', op).getByText('员工账号').count()).toBe(0);
  await env.shot(op, 'staff-06-operator-owner-only');
  expect(problems).toEqual([]);
});
