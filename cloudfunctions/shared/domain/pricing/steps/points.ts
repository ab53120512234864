/**
 * Step 5, paying with points (积分抵扣), last, on the amount after the member discount; points may pay freight.
 * Step 6, points earned on completion (积分 = 商品售价 × 系数, on the sale price, not the amount paid).
 * Flash-sale lines take no points deduction (so a flash-only order cannot use points, not even on freight), but
 * they do earn points (秒杀 coexists with 支付送积分).
 */
import { apportion, pointsFloor } from '../money';
import { addStep, freightLeft, isFlash, lineAmount, type PricingStep, sumAmounts, yuan } from '../state';

export const applyPoints: PricingStep = (s) => {
  const p = s.input.points;
  if (!p.enabled) return;
  const lines = s.lines.filter((l) => !isFlash(l));
  const freight = lines.length > 0 ? freightLeft(s) : 0;
  const base = lines.length > 0 ? sumAmounts(lines) + freight : 0;
  const capFen = Math.floor((base * p.maxPercent) / 100);
  const max = Math.min(p.balance, Math.floor(capFen / p.fenPerPoint));
  const used = p.use === 'max' ? max : Math.min(p.use, max);
  const off = used * p.fenPerPoint;
  s.points.max = max;
  s.points.used = used;
  s.points.off = off;
  if (off === 0) return;
  const weights = [...lines.map(lineAmount), freight];
  const shares = apportion(off, weights, weights);
  lines.forEach((l, i) => (l.pointsOff += shares[i]));
  const freightShare = shares[lines.length];
  s.pointsFreightOff += freightShare;
  const pct = p.maxPercent < 100 ? `，最多抵 ${yuan(base)} 的 ${p.maxPercent}%` : '';
  addStep(s, { kind: 'points', id: null, name: '积分抵扣', rule: `${used} 积分 × ${yuan(p.fenPerPoint)}${pct}`, off, freightOff: freightShare });
};

/** Points the order earns once completed: per line floor(sale price in yuan × quantity × coefficient). */
export const earnPoints: PricingStep = (s) => {
  if (!s.input.points.enabled) return;
  for (const l of s.lines) {
    l.pointsEarned = pointsFloor((l.input.price * l.input.quantity * l.input.pointsCoefficient) / 100);
    s.points.earned += l.pointsEarned;
  }
};
