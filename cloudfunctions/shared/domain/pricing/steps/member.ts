/**
 * Step 4, the member level's discount (会员折扣), on the goods after the coupon. Flash-sale lines take none
 * (秒杀 does not stack with it); limited-time-discount lines do (限时折扣 coexists with 会员折扣).
 */
import { discountByRate } from '../money';
import { addStep, isFlash, type PricingStep, shareOut, sumAmounts, yuan, zhe } from '../state';

export const applyMemberDiscount: PricingStep = (s) => {
  const { discountRate, levelId, levelName } = s.input.customer;
  if (discountRate >= 1000) return;
  const lines = s.lines.filter((l) => !isFlash(l));
  const base = sumAmounts(lines);
  const off = discountByRate(base, discountRate);
  if (off === 0) return;
  shareOut(off, lines, 'memberOff');
  addStep(s, { kind: 'member', id: levelId, name: levelName || '会员折扣', rule: `会员 ${zhe(discountRate)}（${yuan(base)}）`, off, freightOff: 0 });
};
