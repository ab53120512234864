/**
 * Money rules for the price engine (issue 3 builds the engine on these). All amounts are integer fen.
 * Every rounding the product does is one of these named functions, each with table and property tests.
 */

const assertFen = (n: number, what: string) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole, non-negative number of fen (got ${n})`);
};

/**
 * Splits `total` fen over parts in proportion to `weights` (e.g. line amounts), by largest remainder:
 * every share is a whole fen, the shares always sum to `total` exactly, no share exceeds what exact proportion
 * would give by a fen or more, and a part with weight 0 gets 0. Ties in the remainder go to the earlier part,
 * so the split is deterministic. With `caps`, no part gets more than its cap (a discount cannot exceed what the
 * line costs); the excess moves to the other parts, still by proportion.
 */
export function apportion(total: number, weights: number[], caps?: number[]): number[] {
  assertFen(total, 'total');
  weights.forEach((w) => assertFen(w, 'weight'));
  if (caps) {
    if (caps.length !== weights.length) throw new RangeError('caps and weights differ in length');
    caps.forEach((c) => assertFen(c, 'cap'));
    if (caps.reduce((a, c) => a + c, 0) < total) throw new RangeError(`cannot place ${total} fen within caps summing to less`);
  }
  const shares = new Array<number>(weights.length).fill(0);
  let left = total;
  let open = weights.map((w, i) => (w > 0 && (!caps || caps[i] > 0) ? i : -1)).filter((i) => i >= 0);
  if (total > 0 && open.length === 0) throw new RangeError(`cannot split ${total} fen over parts that all weigh 0`);
  // with caps, repeat: split what is left over the parts still below their cap
  while (left > 0 && open.length > 0) {
    const weightSum = open.reduce((a, i) => a + weights[i], 0);
    const exact = open.map((i) => (left * weights[i]) / weightSum);
    const floors = exact.map(Math.floor);
    let rest = left - floors.reduce((a, f) => a + f, 0);
    const order = open.map((_, k) => k).sort((a, b) => exact[b] - floors[b] - (exact[a] - floors[a]) || a - b);
    for (const k of order) {
      if (rest === 0) break;
      floors[k]++;
      rest--;
    }
    let placed = 0;
    const next: number[] = [];
    open.forEach((i, k) => {
      const room = caps ? caps[i] - shares[i] : Infinity;
      const give = Math.min(room, floors[k]);
      shares[i] += give;
      placed += give;
      if (!caps || shares[i] < caps[i]) next.push(i);
    });
    left -= placed;
    if (placed === 0) break;
    open = next;
  }
  // never lose a fen silently: the weighted parts' caps could not hold the total
  if (left !== 0) throw new RangeError(`cannot place ${total} fen: the parts that carry weight can take only ${total - left}`);
  return shares;
}

/** `amount × rate` rounded half up to the fen, with the rate in per-mille (900 = 90 %, i.e. 9 折) to stay exact. */
export function timesRate(amount: number, perMille: number): number {
  assertFen(amount, 'amount');
  if (!Number.isInteger(perMille) || perMille < 0 || perMille > 1000) throw new RangeError(`rate must be 0-1000 per mille (got ${perMille})`);
  return Math.floor((amount * perMille + 500) / 1000);
}

/** The discount a rate gives: amount minus amount × rate (half up), never subtracting the percentage itself. */
export const discountByRate = (amount: number, perMille: number): number => amount - timesRate(amount, perMille);

/** Points are whole numbers, rounded down (the seed's rule for points earned). */
export const pointsFloor = (x: number): number => Math.max(0, Math.floor(x + 1e-9));

/**
 * Experience for an amount paid in fen at `perYuan` experience per yuan: rounded up, at least 1 for any paid order
 * (the seed: ￥0.02 at 10 per yuan gives 1). Integer arithmetic: ceil(paidFen × perYuan / 100).
 */
export const experienceFor = (paidFen: number, perYuan = 1): number => {
  assertFen(paidFen, 'paid');
  if (!Number.isSafeInteger(perYuan) || perYuan < 1) throw new RangeError(`experience per yuan must be a whole number ≥ 1 (got ${perYuan})`);
  return paidFen === 0 ? 0 : Math.max(1, Math.floor((paidFen * perYuan + 99) / 100));
};
