/** Subscribe messages to shoppers (issue 15): templates per event, grants recorded by the storefront, coupon reminders. */
import { saveMessageTemplates } from '@shop/functions/shared/domain/messages/settings';
import { queueExpiringCoupons } from '@shop/functions/shared/domain/messages/coupons';
import { startTestGateway, type TestGateway } from './testing';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
}, 180_000);
afterAll(async () => {
  await gw?.close();
});

const grants = async () => (await gw.db.collection('subscribe_grants').get()).data;

describe('member.subscribeTemplates / recordSubscriptions', () => {
  it('answers only the events with a template, to anyone; accepted known templates add one grant each', async () => {
    expect(await gw.ok('member', 'subscribeTemplates', {})).toEqual({ templates: {} });
    await saveMessageTemplates(gw.db, { templates: { orderPaid: 'TPL_PAID', orderShipped: 'TPL_SHIP', refundResult: '' } }, new Date());
    expect(await gw.ok('member', 'subscribeTemplates')).toEqual({ templates: { orderPaid: 'TPL_PAID', orderShipped: 'TPL_SHIP' } });
    const alice = await gw.shopperToken('msg-alice');
    const r = await gw.ok('member', 'recordSubscriptions', { results: { TPL_PAID: 'accept', TPL_SHIP: 'reject', TPL_OTHER: 'accept' } }, alice);
    expect(r).toEqual({ recorded: 1 });
    await gw.ok('member', 'recordSubscriptions', { results: { TPL_PAID: 'accept' } }, alice);
    expect(await grants()).toMatchObject([{ templateId: 'TPL_PAID', count: 2 }]);
  });

  it('refuses a signed-out caller and bad input, writing nothing', async () => {
    const before = await grants();
    expect((await gw.call('member', 'recordSubscriptions', { results: { TPL_PAID: 'accept' } })).body.error.code).toBe('UNAUTHENTICATED');
    const alice = await gw.shopperToken('msg-alice');
    for (const bad of [{ results: { TPL_PAID: 'yes' } }, { results: { 'bad id!': 'accept' } }, { results: {}, extra: 1 }, { results: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`T${i}`, 'accept'])) }]) {
      const { status, body } = await gw.call('member', 'recordSubscriptions', bad, alice);
      expect([status, body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(body.error.details[0].path).toMatch(/^results|^$/);
    }
    expect(await grants()).toEqual(before);
  });
});

describe('couponExpiring', () => {
  it('queues one message per held coupon expiring within the owner’s days, once', async () => {
    const owner = await gw.merchantToken('owner');
    const now = gw.clock.now.getTime();
    const iso = (days: number) => new Date(now + days * 86_400_000).toISOString();
    await gw.ok('messageAdmin', 'saveTemplates', { templates: { couponExpiring: 'TPL_COUPON' }, couponExpiringDays: 3 }, owner);
    const bob = await gw.shopperToken('msg-bob');
    await gw.ok('member', 'recordSubscriptions', { results: { TPL_COUPON: 'accept' } }, bob);
    const claimed = async (name: string, validTo: string) => {
      const c = await gw.ok('couponAdmin', 'create', { kind: 'normal', name, type: 'cash', value: 500, threshold: 5000, validFrom: iso(-1), validTo, prefix: 'EXP', quantity: 5 }, owner);
      await gw.ok('couponAdmin', 'publish', { couponId: c._id }, owner);
      const token = ((await gw.db.collection('coupons').doc(c._id).get()).data[0] as any).claimToken as string;
      await gw.ok('coupon', 'claim', { c: token }, bob);
      return ((await gw.db.collection('coupon_codes').where({ couponId: c._id, status: 'held' }).get()).data[0] as any)._id as string;
    };
    const soon = await claimed('周末专享满50减5元优惠券（限新品与会员使用）', iso(2));
    const later = await claimed('满50减5', iso(10));
    expect(await queueExpiringCoupons(gw.db, gw.clock.now)).toEqual({ queued: 1 });
    const m = (await gw.db.collection('wx_messages').doc(`couponExpiring:${soon}`).get()).data[0] as any;
    expect(m).toMatchObject({ state: 'queued', openid: 'local-msg-bob', templateId: 'TPL_COUPON', page: 'pages/coupons/index', data: { thing1: '周末专享满50减5元优惠券（限新品与会…', thing2: '满50.00减5.00', date3: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/) } });
    expect((await gw.db.collection('wx_messages').doc(`couponExpiring:${later}`).get()).data).toEqual([]);
    // the next run finds nothing new; eight days on, the other one is due
    expect(await queueExpiringCoupons(gw.db, gw.clock.now)).toEqual({ queued: 0 });
    expect(await queueExpiringCoupons(gw.db, new Date(now + 8 * 86_400_000))).toEqual({ queued: 1 });
    expect((await gw.db.collection('wx_messages').doc(`couponExpiring:${later}`).get()).data[0]).toMatchObject({ state: 'queued' });
    // a shopper without a grant for the template gets nothing sent: the row is kept as skipped
    await gw.db.collection('subscribe_grants').doc('local-msg-bob|TPL_COUPON').update({ count: 0 });
    const third = await claimed('满50减5', iso(10.5));
    expect(await queueExpiringCoupons(gw.db, new Date(now + 8 * 86_400_000))).toEqual({ queued: 0 });
    expect((await gw.db.collection('wx_messages').doc(`couponExpiring:${third}`).get()).data[0]).toMatchObject({ state: 'skipped', nextAt: null });
  });
});
