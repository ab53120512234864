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
  // plain loops: the price engine splits several times per quote, and a quote is on every cart view
  assertFen(total, 'total');
  const n = weights.length;
  for (let i = 0; i < n; i++) assertFen(weights[i], 'weight');
  if (caps) {
    if (caps.length !== n) throw new RangeError('caps and weights differ in length');
    let capSum = 0;
    for (let i = 0; i < n; i++) {
      assertFen(caps[i], 'cap');
      capSum += caps[i];
    }
    if (capSum < total) throw new RangeError(`cannot place ${total} fen within caps summing to less`);
  }
  const shares = new Array<number>(n).fill(0);
  let left = total;
  let open: number[] = [];
  for (let i = 0; i < n; i++) if (weights[i] > 0 && (!caps || caps[i] > 0)) open.push(i);
  if (total > 0 && open.length === 0) throw new RangeError(`cannot split ${total} fen over parts that all weigh 0`);
  // with caps, repeat: split what is left over the parts still below their cap
  while (left > 0 && open.length > 0) {
    const m = open.length;
    let weightSum = 0;
    for (let k = 0; k < m; k++) weightSum += weights[open[k]];
    const floors = new Array<number>(m);
    const remainders = new Array<number>(m);
    let rest = left;
    for (let k = 0; k < m; k++) {
      const exact = (left * weights[open[k]]) / weightSum;
      floors[k] = Math.floor(exact);
      remainders[k] = exact - floors[k];
      rest -= floors[k];
    }
    // the fen the floors left over (fewer than the parts) go one each to the largest remainders, ties to the
    // earlier part: picked by scanning, a taken part's remainder set below any other
    for (let j = 0; j < m && rest > 0; j++, rest--) {
      let best = 0;
      for (let k = 1; k < m; k++) if (remainders[k] > remainders[best]) best = k;
      floors[best]++;
      remainders[best] = -1;
    }
    let placed = 0;
    const next: number[] = [];
    for (let k = 0; k < m; k++) {
      const i = open[k];
      const give = caps ? Math.min(caps[i] - shares[i], floors[k]) : floors[k];
      shares[i] += give;
      placed += give;
      if (!caps || shares[i] < caps[i]) next.push(i);
    }
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
