/** The address book keeps exactly one default, even when a save fails half way. */
import type { Database } from '@shop/functions/shared/db/types';
import { saveAddress } from '@shop/functions/shared/domain/orders/addresses';
import { listAddresses } from '@shop/functions/shared/domain/orders/checkout';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

const addr = (over: Record<string, unknown> = {}) => ({ name: '张三', phone: '13800000000', province: '上海', city: '上海', district: '黄浦', detail: '人民路 1 号', isDefault: false, ...over });

/** the database, except that writing the document `failId` (set or update, in a transaction or not) throws */
function failingWrites(db: Database, failId: string): Database {
  const boom = () => Promise.reject(new Error(`write to ${failId} failed`));
  const wrapDoc = <D extends object>(doc: D, id: string): D =>
    id !== failId ? doc : new Proxy(doc, { get: (t, k) => (k === 'set' || k === 'update' ? boom : Reflect.get(t, k, t)) });
  const wrapColl = <C extends { doc(id: string): object }>(c: C): C =>
    new Proxy(c, { get: (t, k) => (k === 'doc' ? (id: string) => wrapDoc(t.doc(id), id) : Reflect.get(t, k, t)) });
  return new Proxy(db, {
    get(t, k) {
      if (k === 'collection') return (n: string) => wrapColl(t.collection(n));
      if (k === 'runTransaction')
        return (cb: Parameters<Database['runTransaction']>[0], times?: number) =>
          t.runTransaction((tx) => cb({ collection: (n: string) => wrapColl(tx.collection(n)), rollback: (r?: unknown) => tx.rollback(r) }), times);
      return Reflect.get(t, k, t);
    },
  });
}

test('a new default whose write fails leaves the old default in place', async () => {
  const openid = 'addr-fail';
  const home = await saveAddress(gw.db, openid, addr());
  expect(home.isDefault).toBe(true);
  const office = await saveAddress(gw.db, openid, addr({ detail: '办公室' }));
  expect(office.isDefault).toBe(false);
  // making the office the default, but its write fails
  await expect(saveAddress(failingWrites(gw.db, office._id), openid, addr({ id: office._id, detail: '办公室', isDefault: true }))).rejects.toThrow('failed');
  const after = await listAddresses(gw.db, openid);
  expect(after.filter((a) => a.isDefault).map((a) => a._id)).toEqual([home._id]);
});

test('saving another address as default moves the default; there is always exactly one', async () => {
  const openid = 'addr-move';
  const a = await saveAddress(gw.db, openid, addr());
  const b = await saveAddress(gw.db, openid, addr({ detail: 'B', isDefault: true }));
  let list = await listAddresses(gw.db, openid);
  expect(list.filter((x) => x.isDefault).map((x) => x._id)).toEqual([b._id]);
  await saveAddress(gw.db, openid, addr({ id: a._id, isDefault: true }));
  list = await listAddresses(gw.db, openid);
  expect(list.filter((x) => x.isDefault).map((x) => x._id)).toEqual([a._id]);
  // un-defaulting the default keeps it the default
  await saveAddress(gw.db, openid, addr({ id: a._id, isDefault: false, detail: 'A2' }));
  list = await listAddresses(gw.db, openid);
  expect(list.filter((x) => x.isDefault).map((x) => x._id)).toEqual([a._id]);
});

test("another shopper's address id is not found, and nothing changes", async () => {
  const mine = await saveAddress(gw.db, 'addr-owner', addr());
  await expect(saveAddress(gw.db, 'addr-other', addr({ id: mine._id, isDefault: true }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  expect((await listAddresses(gw.db, 'addr-owner'))[0]).toMatchObject({ _id: mine._id, isDefault: true });
});

describe('region codes (the picker, issue 17)', () => {
  const picked = { province: '内蒙古自治区', city: '呼和浩特市', district: '新城区', provinceCode: '150000', cityCode: '150100', districtCode: '150102' };

  test('names with their codes are saved and listed with them; an address without codes still saves', async () => {
    const token = await gw.shopperToken('addr-codes');
    const saved = await gw.ok('order', 'saveAddress', addr({ ...picked, postalCode: '010000' }), token);
    expect(saved).toMatchObject({ ...picked, postalCode: '010000' });
    await gw.ok('order', 'saveAddress', addr(), token);
    const list = await gw.ok('order', 'addresses', {}, token);
    expect(list.find((a: { _id: string }) => a._id === saved._id)).toMatchObject(picked);
    expect(list.find((a: { _id: string }) => a._id !== saved._id).provinceCode).toBeUndefined();
  });

  test.each([
    ['a district of another city', { district: '朝阳区' }, 'districtCode'],
    ['a city code of another province', { cityCode: '110100' }, 'cityCode'],
    ['a short province name', { province: '内蒙古' }, 'provinceCode'],
    ['no district where the city has districts', { district: '', districtCode: '' }, 'districtCode'],
  ])('%s is refused naming the field, and nothing is written', async (_what, over, path) => {
    const token = await gw.shopperToken(`addr-bad-${path}`);
    const r = await gw.call('order', 'saveAddress', addr({ ...picked, ...over }), token);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path })] });
    expect(await gw.ok('order', 'addresses', {}, token)).toEqual([]);
  });

  test('codes come all three or none; a city without districts takes an empty district', async () => {
    const token = await gw.shopperToken('addr-partial');
    const r = await gw.call('order', 'saveAddress', addr({ province: picked.province, provinceCode: picked.provinceCode }), token);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    const dongguan = { province: '广东省', city: '东莞市', district: '', provinceCode: '440000', cityCode: '441900', districtCode: '' };
    expect(await gw.ok('order', 'saveAddress', addr(dongguan), token)).toMatchObject(dongguan);
  });
});
