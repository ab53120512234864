import type { Order } from '@shop/types';
import { shippingInfoFor } from './wxShipping';

const at = new Date('2026-11-25T02:03:04.005Z');
const order = (over: Partial<Order>): Order =>
  ({
    _id: 'O1',
    openid: 'o-shopper',
    status: 'shipped',
    lines: [
      { skuId: 'a', name: '保温杯', quantity: 2 },
      { skuId: 'b', name: '茶叶', quantity: 1 },
    ],
    delivery: { method: 'express', address: { name: '张三', phone: '13812345678', province: '上海', city: '上海', district: '黄浦', detail: '1 号' }, store: null },
    payment: { outTradeNo: 'O1', transactionId: 'T1', amount: 100 },
    shipments: [],
    pickup: null,
    localDelivery: null,
    ...over,
  }) as unknown as Order;
const parcel = (no: number, company: string, trackingNo: string, lines: { skuId: string; quantity: number }[]) => ({ no, company, trackingNo, lines, at: '', by: '' });

describe('shippingInfoFor (wxa.sec.order.uploadShippingInfo)', () => {
  it('one parcel: unified delivery with the carrier code and a masked phone', () => {
    const info = shippingInfoFor(order({ shipments: [parcel(1, '顺丰速运', 'SF1', [{ skuId: 'a', quantity: 2 }, { skuId: 'b', quantity: 1 }])] }), '1900000109', at)!;
    expect(info).toEqual({
      order_key: { order_number_type: 1, mchid: '1900000109', out_trade_no: 'O1' },
      logistics_type: 1,
      delivery_mode: 1,
      shipping_list: [{ tracking_no: 'SF1', express_company: 'SF', item_desc: '保温杯×2，茶叶×1', contact: { receiver_contact: '138****5678' } }],
      upload_time: '2026-11-25T10:03:04.005+08:00',
      payer: { openid: 'o-shopper' },
    });
  });
  it('split parcels: split delivery, all delivered only when every unit has shipped, each parcel its items', () => {
    const first = order({ status: 'partly_shipped', shipments: [parcel(1, '中通快递', 'ZT1', [{ skuId: 'a', quantity: 2 }])] });
    expect(shippingInfoFor(first, 'm', at)).toMatchObject({ delivery_mode: 2, is_all_delivered: false, shipping_list: [{ express_company: 'ZTO', item_desc: '保温杯×2' }] });
    const both = order({ shipments: [...first.shipments, parcel(2, '极兔速递', 'JT2', [{ skuId: 'b', quantity: 1 }])] });
    expect(shippingInfoFor(both, 'm', at)).toMatchObject({ delivery_mode: 2, is_all_delivered: true, shipping_list: [{ tracking_no: 'ZT1' }, { tracking_no: 'JT2', item_desc: '茶叶×1' }] });
  });
  it.each([
    ['same-city once dispatched', { delivery: { method: 'local' } as any, localDelivery: { status: 'dispatched' } as any }, 2],
    ['pickup once verified', { delivery: { method: 'pickup' } as any, pickup: { status: 'used' } as any }, 4],
    ['virtual goods once handed over', { delivery: { method: 'virtual', address: null, store: null } as any, virtualDelivery: { note: '卡密', at: '', by: '' } }, 3],
  ])('%s', (_n, over, type) => expect(shippingInfoFor(order(over), 'm', at)?.logistics_type).toBe(type));
  it.each([
    ['not paid through WeChat', { payment: null }],
    ['express not shipped', { shipments: [] }],
    ['pickup not verified', { delivery: { method: 'pickup' } as any, pickup: { status: 'active' } as any }],
    ['virtual goods not handed over yet', { delivery: { method: 'virtual', address: null, store: null } as any, virtualDelivery: null }],
  ])('nothing to tell: %s', (_n, over) => expect(shippingInfoFor(order(over as any), 'm', at)).toBeNull());
});
