/** The shopper's cart, kept on the server: one document per (shopper, SKU). */
import { CART_MAX_LINES, LINE_MAX_QUANTITY, type Cart, type CartLine, type CartLineProblem } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError, notFound } from '../../runtime/errors';
import { loadGoods, type Goods } from '../orders/goods';
import { estimateFor } from '../orders/quote';

interface CartItemDoc {
  _id: string;
  openid: string;
  skuId: string;
  quantity: number;
  selected: boolean;
  priceWhenAdded: number;
  addedAt: string;
}
const itemId = (openid: string, skuId: string) => `${openid}:${skuId}`;

/** What stops a line from being bought now (pure). */
export function lineProblems(g: Goods | undefined, quantity: number, priceWhenAdded: number): CartLineProblem[] {
  if (!g) return ['gone'];
  const out: CartLineProblem[] = [];
  if (!g.product.onShelf) out.push('off_shelf');
  if (g.sku.stock <= 0) out.push('out_of_stock');
  else if (g.sku.stock < quantity) out.push('insufficient_stock');
  if (g.sku.price !== priceWhenAdded) out.push('price_changed');
  return out;
}
/** A price change is shown but does not stop the purchase; the other problems do. */
export const blocksPurchase = (p: CartLineProblem[]) => p.some((x) => x !== 'price_changed');

async function items(db: Database, openid: string): Promise<CartItemDoc[]> {
  const { data } = await db.collection('cart_items').where({ openid }).orderBy('addedAt', 'desc').limit(CART_MAX_LINES + 10).get();
  return data as unknown as CartItemDoc[];
}

export async function getCart(db: Database, openid: string, now: Date): Promise<Cart> {
  const list = await items(db, openid);
  const goods = await loadGoods(db, list.map((i) => i.skuId));
  const lines: CartLine[] = list.map((i) => {
    const g = goods.get(i.skuId);
    return {
      skuId: i.skuId,
      productId: g?.product._id ?? '',
      name: g?.product.name ?? '已失效的商品',
      image: g?.product.images[0] ?? null,
      specValues: g?.sku.specValues ?? [],
      quantity: i.quantity,
      selected: i.selected,
      price: g?.sku.price ?? i.priceWhenAdded,
      priceWhenAdded: i.priceWhenAdded,
      stock: g?.sku.stock ?? 0,
      problems: lineProblems(g, i.quantity, i.priceWhenAdded),
      addedAt: i.addedAt,
    };
  });
  const buyable = lines.filter((l) => l.selected && !blocksPurchase(l.problems));
  const estimate = await estimateFor(db, openid, buyable.map((l) => ({ goods: goods.get(l.skuId)!, quantity: l.quantity })), now);
  return {
    lines,
    selectedCount: buyable.reduce((n, l) => n + l.quantity, 0),
    selectedAmount: buyable.reduce((n, l) => n + l.price * l.quantity, 0),
    estimate,
  };
}

export async function addToCart(db: Database, openid: string, skuId: string, quantity: number, now: Date): Promise<Cart> {
  const g = (await loadGoods(db, [skuId])).get(skuId);
  if (!g) throw notFound('SKU');
  if (!g.product.onShelf) throw new AppError('OFF_SHELF', `${g.product.name} is not on sale`);
  const ref = db.collection('cart_items').doc(itemId(openid, skuId));
  const existing = (await ref.get()).data[0] as unknown as CartItemDoc | undefined;
  const total = Math.min(LINE_MAX_QUANTITY, (existing?.quantity ?? 0) + quantity);
  if (g.sku.stock < total) throw new AppError('OUT_OF_STOCK', g.sku.stock > 0 ? `only ${g.sku.stock} left` : 'sold out', { stock: g.sku.stock });
  if (existing) {
    await ref.update({ quantity: total, selected: true });
  } else {
    const { total: lines } = await db.collection('cart_items').where({ openid }).count();
    if (lines >= CART_MAX_LINES) throw new AppError('CART_LIMIT', `a cart holds at most ${CART_MAX_LINES} different items`);
    await ref.set({ openid, skuId, quantity: total, selected: true, priceWhenAdded: g.sku.price, addedAt: now.toISOString() });
  }
  return getCart(db, openid, now);
}

export async function setQuantity(db: Database, openid: string, skuId: string, quantity: number, now: Date): Promise<Cart> {
  const ref = db.collection('cart_items').doc(itemId(openid, skuId));
  if (!(await ref.get()).data.length) throw notFound('cart line');
  const g = (await loadGoods(db, [skuId])).get(skuId);
  if (g && g.sku.stock < quantity) throw new AppError('OUT_OF_STOCK', g.sku.stock > 0 ? `only ${g.sku.stock} left` : 'sold out', { stock: g.sku.stock });
  await ref.update({ quantity });
  return getCart(db, openid, now);
}

export async function selectLines(db: Database, openid: string, skuIds: string[], selected: boolean, now: Date): Promise<Cart> {
  await db.collection('cart_items').where({ _id: db.command.in(skuIds.map((s) => itemId(openid, s))) }).update({ selected });
  return getCart(db, openid, now);
}

export async function removeLines(db: Database, openid: string, skuIds: string[], now: Date): Promise<Cart> {
  await db.collection('cart_items').where({ _id: db.command.in(skuIds.map((s) => itemId(openid, s))) }).remove();
  return getCart(db, openid, now);
}

export async function cartCount(db: Database, openid: string): Promise<number> {
  return (await items(db, openid)).reduce((n, i) => n + i.quantity, 0);
}

/** The selected lines, for checkout. */
export async function selectedItems(db: Database, openid: string): Promise<{ skuId: string; quantity: number }[]> {
  return (await items(db, openid)).filter((i) => i.selected).map((i) => ({ skuId: i.skuId, quantity: i.quantity }));
}

/** After an order: the bought lines leave the cart (best effort; the order is already safe). */
export async function removeBought(db: Database, openid: string, skuIds: string[]): Promise<void> {
  await db.collection('cart_items').where({ _id: db.command.in(skuIds.map((s) => itemId(openid, s))) }).remove();
}

