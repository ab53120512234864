/**
 * The catalog's part in an order's life: SKU stock (taken when the order is placed or paid, per the product's stock
 * strategy, and given back when it is released unshipped) and 已售 (counted on payment, taken back by a refund or a
 * paid order's cancellation, never more than the order counted: `order.sold`).
 */
import { AppError } from '../../runtime/errors';
import type { Order } from '@shop/types';
import type { Transaction } from '../../db/types';
import type { OrderParticipant } from '../orders/participant';
import { moveStock, readSku } from './stock';
import { addSales } from './sales';

/** Activity lines whose units come from the activity's own counter (flash sales, presales), not the SKU. */
const activityOwnsStock = (l: Order['lines'][number]) => l.activity?.kind === 'flash' || l.activity?.kind === 'presale';

/**
 * Inside a transaction: takes units back out of 已售, never more than the order counted (`order.sold`); `units`
 * null = everything it still counts. Answers the order's new `sold` map (write it with the order), or null when
 * nothing changed.
 */
export async function takeBackSales(tx: Transaction, o: Order, units: { skuId: string; quantity: number }[] | null): Promise<Record<string, number> | null> {
  const sold = { ...(o.sold ?? {}) };
  const wanted = units ?? Object.entries(sold).map(([skuId, quantity]) => ({ skuId, quantity }));
  const taken: { productId: string; quantity: number }[] = [];
  for (const u of wanted) {
    const q = Math.min(u.quantity, sold[u.skuId] ?? 0);
    const line = o.lines.find((l) => l.skuId === u.skuId);
    if (!line || q <= 0) continue;
    sold[u.skuId] -= q;
    taken.push({ productId: line.productId, quantity: q });
  }
  if (!taken.length) return null;
  await addSales(tx, taken, -1);
  return sold;
}

export const skuStock: OrderParticipant = {
  name: 'sku stock',
  async onPlaced({ tx, order, ownStock }) {
    for (const l of order.lines) {
      if (ownStock.has(l.skuId)) continue;
      // one read per SKU: its price must still be the quoted one, and its stock must cover the line (strategy
      // 'order' takes it now; 'payment' only checks it)
      const sku = await readSku(tx, l.skuId);
      if (sku && sku.price !== l.price) throw new AppError('PRICE_CHANGED', `the price of ${l.name} changed while ordering, please check again`);
      if (!sku || sku.stock < l.quantity) {
        throw new AppError('OUT_OF_STOCK', `${l.name}: ${sku && sku.stock > 0 ? `only ${sku.stock} left` : 'sold out'}`, { skuId: l.skuId, stock: sku?.stock ?? 0 });
      }
      if (l.stockTaken) await moveStock(tx, sku, l, -l.quantity);
    }
  },
  async onPaid({ tx, db, order: o }) {
    const short: { skuId: string; missing: number }[] = [];
    for (const l of o.lines) {
      if (l.stockTaken || activityOwnsStock(l)) continue;
      // strategy 'payment': stock is taken now; the seed warns it may run short, which the merchant must see
      const sku = await readSku(tx, l.skuId);
      const take = Math.min(sku?.stock ?? 0, l.quantity);
      if (sku && take > 0) await moveStock(tx, sku, l, -take);
      if (take < l.quantity) short.push({ skuId: l.skuId, missing: l.quantity - take });
    }
    return {
      set: {
        lines: o.lines.map((l) => ({ ...l, stockTaken: l.stockTaken || !activityOwnsStock(l) })),
        ...(short.length ? { stockShort: db.command.push(short) } : {}),
      },
    };
  },
  async onReleased({ tx, order }, why) {
    if (!why.stock) return;
    for (const l of order.lines) {
      if (!l.stockTaken) continue;
      const sku = await readSku(tx, l.skuId);
      if (sku) await moveStock(tx, sku, l, l.quantity);
    }
  },
};

export const salesCount: OrderParticipant = {
  name: '已售',
  async onPaid({ tx, db, order: o }) {
    // counted once: only the transaction that moves the order out of unpaid gets here
    const sold: Record<string, number> = {};
    for (const l of o.lines) sold[l.skuId] = (sold[l.skuId] ?? 0) + l.quantity;
    await addSales(tx, o.lines, 1);
    return { set: { sold: db.command.set(sold) } };
  },
  async onReleased({ tx, db, order }, why) {
    // a refund takes its units back in onRefunded; an unpaid order counted nothing
    if (why.reason !== 'paidClose') return;
    const sold = await takeBackSales(tx, order, null);
    return sold ? { set: { sold: db.command.set(sold) } } : undefined;
  },
  async onRefunded({ tx, db, order }, r) {
    const units = r.whole ? null : r.units;
    if (units && !units.length) return;
    const sold = await takeBackSales(tx, order, units);
    return sold ? { set: { sold: db.command.set(sold) } } : undefined;
  },
};
