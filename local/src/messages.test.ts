/** Subscribe messages to shoppers (issue 15): templates per event, grants recorded by the storefront. */
import { saveMessageTemplates } from '@shop/functions/shared/domain/messages/settings';
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
