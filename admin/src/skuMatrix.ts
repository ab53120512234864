/** The SKU matrix: every combination of the spec values, rebuilt without losing what the merchant typed. */

export interface SpecDraft {
  name: string;
  values: string[];
}

/** One SKU row as edited in the form: money in yuan text, stock as text, until it is parsed. */
export interface SkuRow {
  key: string;
  _id?: string;
  specValues: string[];
  price: string;
  originalPrice: string;
  stock: string;
  code: string;
}

export const keyOf = (values: string[]) => JSON.stringify(values);

/** Cartesian product of the value lists, in spec order; [[]] when there is no spec with values. */
export const cartesian = (lists: string[][]): string[][] =>
  lists.reduce<string[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);

/** How many SKUs the specs produce (specs without values do not count). */
export const comboCount = (specs: SpecDraft[]) => specs.filter((s) => s.values.length > 0).reduce((n, s) => n * s.values.length, 1);

const emptyRow = (values: string[]): SkuRow => ({ key: keyOf(values), specValues: values, price: '', originalPrice: '', stock: '0', code: '' });

/** one combination contains the other (a spec was added or removed) */
const related = (a: string[], b: string[]) => {
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  const rest = [...big];
  return small.every((v) => {
    const i = rest.indexOf(v);
    if (i < 0) return false;
    rest.splice(i, 1);
    return true;
  });
};

/**
 * New rows for new specs. A combination that existed keeps its row as is (_id, prices, stock, code).
 * When a spec is added or removed, each old row is carried over to the first related new combination
 * (keeping its _id and stock, so the SKU keeps its orders and ERP link); further related combinations
 * start with the old prices and no stock. `removed` holds rows dropped earlier, so that removing a value and
 * adding it back restores what was typed.
 */
export function rebuildSkus(specs: SpecDraft[], current: SkuRow[], removed: Map<string, SkuRow> = new Map()): SkuRow[] {
  const combos = cartesian(specs.filter((s) => s.values.length > 0).map((s) => s.values));
  const byKey = new Map(current.map((r) => [r.key, r]));
  const claimed = new Set<SkuRow>();
  const next: (SkuRow | null)[] = combos.map((values) => {
    const k = keyOf(values);
    const hit = byKey.get(k) ?? removed.get(k);
    if (hit && !claimed.has(hit)) {
      claimed.add(hit);
      removed.delete(k);
      return { ...hit, key: k, specValues: values };
    }
    return null;
  });
  const exactHits = new Set(claimed);
  const out = next.map((row, i) => {
    if (row) return row;
    const values = combos[i];
    const candidates = current.filter((r) => !exactHits.has(r) && related(r.specValues, values));
    const heir = candidates.find((r) => !claimed.has(r));
    if (heir) {
      claimed.add(heir);
      return { ...heir, key: keyOf(values), specValues: values };
    }
    const donor = candidates[0] ?? current.find((r) => related(r.specValues, values));
    return donor ? { ...emptyRow(values), price: donor.price, originalPrice: donor.originalPrice } : emptyRow(values);
  });
  for (const r of current) if (!claimed.has(r)) removed.set(r.key, r);
  return out;
}
