/**
 * SKU selection for the product page's spec picker, as pure functions (no Taro, no React).
 *
 * A product has up to three specs (e.g. 颜色 x 尺码); each SKU carries one value per spec, in spec order.
 * The selection holds one value or null per spec. A value is offered as disabled when choosing it (with the
 * other specs as already chosen) can only lead to sold-out or missing SKUs.
 */

export interface SpecLike {
  name: string;
  values: string[];
}
export interface SkuLike {
  _id: string;
  specValues: string[];
  price: number; // fen
  originalPrice: number; // fen, 0 = none
  stock: number;
}
/** One entry per spec: the chosen value, or null while not chosen. */
export type Selection = (string | null)[];

export const emptySelection = (specs: SpecLike[]): Selection => specs.map(() => null);

/** SKUs that agree with every chosen value. */
export const matchingSkus = <S extends SkuLike>(skus: S[], selection: Selection): S[] =>
  skus.filter((sku) => selection.every((v, i) => v === null || sku.specValues[i] === v));

export const isComplete = (selection: Selection): boolean => selection.every((v) => v !== null);

/** The SKU the selection names, once every spec has a value; null otherwise or when no such SKU exists. */
export const selectedSku = <S extends SkuLike>(skus: S[], selection: Selection): S | null => {
  if (!isComplete(selection)) return null;
  return matchingSkus(skus, selection)[0] ?? null;
};

/** Whether choosing `value` for spec `specIndex` (keeping the other choices) leaves at least one SKU in stock. */
export const isValueAvailable = (skus: SkuLike[], selection: Selection, specIndex: number, value: string): boolean => {
  const next = selection.slice();
  next[specIndex] = value;
  return matchingSkus(skus, next).some((sku) => sku.stock > 0);
};

/** Tapping a value: choose it, or clear it when it is already chosen. Disabled values change nothing. */
export const toggleValue = (skus: SkuLike[], selection: Selection, specIndex: number, value: string): Selection => {
  if (specIndex < 0 || specIndex >= selection.length) return selection;
  const next = selection.slice();
  if (next[specIndex] === value) {
    next[specIndex] = null;
    return next;
  }
  if (!isValueAvailable(skus, selection, specIndex, value)) return selection;
  next[specIndex] = value;
  return next;
};

/**
 * Preselect what leaves no choice: a spec with a single value, or everything when only one SKU is in stock
 * (or the product has no specs at all).
 */
export const initialSelection = (specs: SpecLike[], skus: SkuLike[]): Selection => {
  const inStock = skus.filter((s) => s.stock > 0);
  if (inStock.length === 1) return specs.map((_, i) => inStock[0].specValues[i] ?? null);
  let selection = emptySelection(specs);
  specs.forEach((spec, i) => {
    if (spec.values.length === 1) selection = toggleValue(skus, selection, i, spec.values[0]);
  });
  return selection;
};

export interface SelectionView {
  /** the chosen SKU, once complete */
  sku: SkuLike | null;
  /** price range (fen) over the SKUs still possible; equal when one SKU is chosen */
  priceMin: number;
  priceMax: number;
  /** highest original price over the SKUs still possible, 0 = none */
  originalPrice: number;
  /** stock of the chosen SKU, or the total over the SKUs still possible */
  stock: number;
  /** names of the specs still to choose, in order */
  missing: string[];
}

/** What the picker shows for a selection: price, stock and which specs are still missing. */
export const describeSelection = (specs: SpecLike[], skus: SkuLike[], selection: Selection): SelectionView => {
  const sku = selectedSku(skus, selection);
  const pool = sku ? [sku] : matchingSkus(skus, selection);
  const prices = pool.map((s) => s.price);
  return {
    sku,
    priceMin: prices.length ? Math.min(...prices) : 0,
    priceMax: prices.length ? Math.max(...prices) : 0,
    originalPrice: pool.reduce((m, s) => Math.max(m, s.originalPrice), 0),
    stock: pool.reduce((n, s) => n + Math.max(0, s.stock), 0),
    missing: specs.filter((_, i) => selection[i] === null || selection[i] === undefined).map((s) => s.name),
  };
};

/** Keep a quantity within 1..stock (0 when nothing is in stock). */
export const clampQuantity = (quantity: number, stock: number): number => {
  if (stock <= 0) return 0;
  if (!Number.isFinite(quantity)) return 1;
  return Math.min(stock, Math.max(1, Math.trunc(quantity)));
};
