/**
 * A customer's history for the merchant (issue 17): the customer's own profile (customers.ts) with what other folders
 * hold about them — latest orders, addresses, coupons held and used, after-sales requests — each read through its
 * owner. Also the customer search by an address's phone. Kept out of members/index.ts: the order code imports the
 * members folder, and this module imports the order code.
 */
import type { z } from 'zod';
import { maskPhone, type CustomerDetail, type CustomerListInput, type CustomerSummary, type OrderShopper, type Page } from '@shop/types';
import type { Database } from '../../db/types';
import { getCustomer, listCustomers } from './customers';
import { getOrder, listMyOrders } from '../orders/queries';
import { listAddresses } from '../orders/checkout';
import { openidsWithPhone } from '../orders/addresses';
import { myCoupons } from '../coupons/shopper';
import { listAftersales } from '../aftersales/aftersales';

const FIRST = { page: 1, pageSize: 10 };

export async function customerDetail(db: Database, openid: string, now: Date): Promise<CustomerDetail> {
  const profile = await getCustomer(db, openid, now); // NOT_FOUND for an unknown customer before the rest is read
  const [orders, addresses, usable, used, aftersales] = await Promise.all([
    listMyOrders(db, openid, { ...FIRST }),
    listAddresses(db, openid),
    myCoupons(db, openid, { status: 'usable', ...FIRST }, now),
    myCoupons(db, openid, { status: 'used', ...FIRST }, now),
    listAftersales(db, { openid, ...FIRST }),
  ]);
  return { ...profile, orders, addresses, coupons: { usable, used }, aftersales };
}

/** The shopper of an order as a person: nickname, level, masked phone, what they bought (NOT_FOUND: unknown order). */
export async function orderShopper(db: Database, orderId: string, now: Date): Promise<OrderShopper> {
  const o = await getOrder(db, orderId);
  const [profile, addresses] = await Promise.all([getCustomer(db, o.openid, now).catch(() => null), listAddresses(db, o.openid)]);
  const phone = addresses.find((a) => a.isDefault)?.phone ?? addresses[0]?.phone ?? o.delivery.address?.phone ?? null;
  return {
    openid: o.openid,
    nickname: profile?.nickname ?? '',
    avatar: profile?.avatar ?? null,
    levelName: profile?.level.name ?? o.member.levelName,
    phone: phone ? maskPhone(phone) : null,
    trade: profile?.trade ?? { orders: 0, spent: 0, lastOrderAt: null },
  };
}

/** 顾客管理's search; a phone number finds the customers with an address of that number. */
export async function searchCustomers(db: Database, input: z.output<typeof CustomerListInput>, now: Date): Promise<Page<CustomerSummary>> {
  return listCustomers(db, input, now, input.phone ? { openids: await openidsWithPhone(db, input.phone) } : {});
}
