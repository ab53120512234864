/**
 * Step 1, item activities (秒杀 flash sale, 限时折扣 limited-time discount): the unit price becomes the activity
 * price when it is lower than the sale price (otherwise the activity is ignored and the line is an ordinary one).
 * With `units` below the quantity only those units get the price; the line is still an activity line for stacking,
 * and its unitPrice shows the activity price.
 * One `activity` step per activity id, in the order the activities first appear in the cart.
 * What an activity line may stack with afterwards is decided by the later steps (see `hasActivity`/`isFlash`).
 */
import { addStep, type LineState, type PricingStep, yuan } from '../state';

const KIND_NAME = { flash: '秒杀', limited: '限时折扣' } as const;

export const applyActivities: PricingStep = (s) => {
  const groups = new Map<string, LineState[]>();
  for (const l of s.lines) {
    const a = l.input.activity;
    if (!a || a.price >= l.input.price) continue;
    const g = groups.get(a.id);
    if (g) g.push(l);
    else groups.set(a.id, [l]);
  }
  for (const [id, lines] of groups) {
    for (const l of lines) {
      l.activity = l.input.activity;
      l.unitPrice = l.input.activity!.price;
      const units = Math.min(l.input.activity!.units ?? l.input.quantity, l.input.quantity);
      l.activityOff = (l.input.price - l.unitPrice) * units;
    }
    const a = lines[0].activity!;
    const rule = lines
      .map((l) => `${l.input.name || l.input.skuId}: ${yuan(l.input.price)} → ${yuan(l.unitPrice)} × ${Math.min(l.input.activity!.units ?? l.input.quantity, l.input.quantity)}`)
      .join('; ');
    addStep(s, {
      kind: 'activity',
      id,
      name: a.name || KIND_NAME[a.kind],
      rule: `${KIND_NAME[a.kind]}价：${rule}`,
      off: lines.reduce((t, l) => t + l.activityOff, 0),
      freightOff: 0,
    });
  }
};
