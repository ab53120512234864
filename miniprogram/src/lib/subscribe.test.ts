import { SUBSCRIBE_EVENTS, type SubscribeEvent } from '@shop/types';
import { MAX_TEMPLATES_PER_REQUEST, answersOf, eventsFor, templateIdsFor } from './subscribe';

/** every event with its own template, T-<event> */
const ALL = Object.fromEntries(SUBSCRIBE_EVENTS.map((e) => [e, `T-${e}`])) as Record<SubscribeEvent, string>;

describe('the events asked for at each tap', () => {
  it('提交订单 asks for paid, the next step of the delivery method and a refund result', () => {
    expect(eventsFor({ kind: 'checkout', method: 'express' })).toEqual(['orderPaid', 'orderShipped', 'refundResult']);
    expect(eventsFor({ kind: 'checkout', method: 'local' })).toEqual(['orderPaid', 'orderShipped', 'refundResult']);
    expect(eventsFor({ kind: 'checkout', method: 'pickup' })).toEqual(['orderPaid', 'pickupReady', 'refundResult']);
    expect(eventsFor({ kind: 'checkout', method: 'virtual' })).toEqual(['orderPaid', 'refundResult']);
  });
  it('提醒我 asks for the activity start, an after-sales request for its decision (and refund result when money comes back)', () => {
    expect(eventsFor({ kind: 'remind' })).toEqual(['activityStart']);
    expect(eventsFor({ kind: 'aftersale', refund: true })).toEqual(['aftersaleResult', 'refundResult']);
    expect(eventsFor({ kind: 'aftersale', refund: false })).toEqual(['aftersaleResult']);
  });
  it('never more than WeChat takes in one request', () => {
    for (const method of ['express', 'local', 'pickup', 'virtual'] as const) expect(eventsFor({ kind: 'checkout', method }).length).toBeLessThanOrEqual(MAX_TEMPLATES_PER_REQUEST);
  });
});

describe('the template ids asked for', () => {
  it('are the events’ templates in order', () => {
    expect(templateIdsFor(eventsFor({ kind: 'checkout', method: 'pickup' }), ALL)).toEqual(['T-orderPaid', 'T-pickupReady', 'T-refundResult']);
  });
  it('leave out events without a template; none set: nothing to ask', () => {
    expect(templateIdsFor(['orderPaid', 'orderShipped', 'refundResult'], { orderShipped: 'S', couponExpiring: 'C' })).toEqual(['S']);
    expect(templateIdsFor(['orderPaid', 'orderShipped', 'refundResult'], {})).toEqual([]);
    expect(templateIdsFor(['activityStart'], { activityStart: '' })).toEqual([]);
  });
  it('name a template serving several events once', () => {
    expect(templateIdsFor(['aftersaleResult', 'refundResult'], { aftersaleResult: 'R', refundResult: 'R' })).toEqual(['R']);
  });
  it('are at most 3, the first events first', () => {
    expect(templateIdsFor([...SUBSCRIBE_EVENTS], ALL)).toEqual(['T-orderPaid', 'T-orderShipped', 'T-pickupReady']);
  });
});

describe('WeChat’s answers', () => {
  it('keep the ids asked with a known answer, without errMsg', () => {
    expect(answersOf(['A', 'B', 'C', 'D'], { errMsg: 'requestSubscribeMessage:ok', A: 'accept', B: 'reject', C: 'ban', D: 'filter', E: 'accept' })).toEqual({
      A: 'accept',
      B: 'reject',
      C: 'ban',
      D: 'filter',
    });
  });
  it('drop what is missing or strange', () => {
    expect(answersOf(['A', 'B'], { A: 'maybe' })).toEqual({});
    expect(answersOf(['A'], null)).toEqual({});
    expect(answersOf(['A'], 'accept')).toEqual({});
  });
});
