/**
 * 打印拣货单 / 发货单 (issue 17): what the admin's print page needs for the orders the merchant selected — the orders
 * themselves (one read), their SKU codes, and the picking list: every SKU to take off the shelf, summed over the orders.
 */
import type { Order, PrintSheet, PickingRow } from '@shop/types';
import type { Database } from '../../db/types';
import { skuCodes } from '../catalog/lookup';
import { asOrder } from './queries';

/** Pure: the SKUs to pick for these orders (what is still to ship), by product name then spec; units summed. */
export function pickingList(orders: Pick<Order, '_id' | 'lines' | 'shipments'>[], codes: Map<string, string>): PickingRow[] {
  const rows = new Map<string, PickingRow>();
  for (const o of orders) {
    const shipped = new Map<string, number>();
    for (const s of o.shipments ?? []) for (const l of s.lines) shipped.set(l.skuId, (shipped.get(l.skuId) ?? 0) + l.quantity);
    for (const l of o.lines) {
      const left = l.quantity - (shipped.get(l.skuId) ?? 0);
      if (left <= 0) continue;
      const r = rows.get(l.skuId) ?? { skuId: l.skuId, name: l.name, specValues: l.specValues, code: codes.get(l.skuId) ?? '', quantity: 0, orders: 0 };
      r.quantity += left;
      r.orders += 1;
      rows.set(l.skuId, r);
    }
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.specValues.join('/').localeCompare(b.specValues.join('/'), 'zh'));
}

export async function printSheet(db: Database, ids: string[]): Promise<PrintSheet> {
  const { data } = await db.collection('orders').where({ _id: db.command.in(ids) }).limit(ids.length).get();
  const byId = new Map(data.map((d) => [d._id, asOrder(d)]));
  const orders = ids.map((id) => byId.get(id)).filter((o): o is Order => !!o); // in the order they were selected
  const codes = await skuCodes(db, orders.flatMap((o) => o.lines.map((l) => l.skuId)));
  return { orders, skuCodes: Object.fromEntries(codes), picking: pickingList(orders, codes), missing: ids.filter((id) => !byId.has(id)) };
}
