/**
 * Freight from templates, and which delivery methods an order may use. Pure: table-tested in freight.test.ts.
 *
 * Lines are grouped by their product's template. Each group is priced on its own: the rule of the address's province
 * (a region rule naming it, else the default rule) gives first + ceil((units − first) / additional) × additionalFee,
 * units being pieces (by count) or grams (by weight); a free rule the group meets (count or amount, in its provinces)
 * makes it 0. The order's freight is the sum of the groups. Lines without a template pay the shop's flat default
 * freight once. A method is offered only when every line's template allows it.
 */
import type { DeliveryMethod, FreightTemplate } from '@shop/types';
import { placeKey } from '@shop/types/src/regions';

export interface FreightLine {
  templateId: string | null;
  quantity: number;
  /** grams per unit */
  weightGrams: number;
  /** fen: what the line's goods cost at their sale price */
  amount: number;
}

export interface FreightResult {
  freight: number;
  /** the templates that do not ship to this province (express is then unavailable) */
  undeliverable: string[];
  groups: { templateId: string | null; name: string; units: number; fee: number; free: boolean }[];
}

/**
 * A province or city as written in an address ("上海市", "广西壮族自治区") or a template ("上海", "广西"): compared by
 * its short name (one normalisation for the picker's region table and the templates: @shop/types/src/regions).
 */
export { placeKey };
const inPlaces = (list: string[], place: string) => list.some((p) => placeKey(p) === placeKey(place));

const ruleFor = (t: FreightTemplate, province: string) => t.regionRules.find((r) => inPlaces(r.provinces, province)) ?? t.defaultRule;

export function feeOf(rule: { first: number; firstFee: number; additional: number; additionalFee: number }, units: number): number {
  if (units <= 0) return 0;
  return rule.firstFee + Math.ceil(Math.max(0, units - rule.first) / rule.additional) * rule.additionalFee;
}

export function freightFor(lines: FreightLine[], templates: Map<string, FreightTemplate>, province: string, defaultFreight: number): FreightResult {
  const groups = new Map<string | null, FreightLine[]>();
  for (const l of lines) {
    // a template that no longer exists prices like no template
    const key = l.templateId && templates.has(l.templateId) ? l.templateId : null;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  const out: FreightResult = { freight: 0, undeliverable: [], groups: [] };
  for (const [id, ls] of groups) {
    const quantity = ls.reduce((n, l) => n + l.quantity, 0);
    const amount = ls.reduce((n, l) => n + l.amount, 0);
    if (id === null) {
      out.groups.push({ templateId: null, name: '默认运费', units: quantity, fee: defaultFreight, free: false });
      out.freight += defaultFreight;
      continue;
    }
    const t = templates.get(id)!;
    if (province && inPlaces(t.excludedProvinces, province)) out.undeliverable.push(t.name);
    const units = t.pricing === 'weight' ? ls.reduce((n, l) => n + l.weightGrams * l.quantity, 0) : quantity;
    const free = t.freeRules.some(
      (r) =>
        (r.provinces.length === 0 || inPlaces(r.provinces, province)) &&
        (r.minQuantity === undefined || quantity >= r.minQuantity) &&
        (r.minAmount === undefined || amount >= r.minAmount),
    );
    const fee = free ? 0 : feeOf(ruleFor(t, province), units);
    out.groups.push({ templateId: id, name: t.name, units, fee, free });
    out.freight += fee;
  }
  return out;
}

export interface MethodAvailability {
  method: DeliveryMethod;
  available: boolean;
  reason: string | null;
}

/** Express, pickup and same-city, each offered only when every line's template allows it (no template: all three, same-city when the shop offers it). */
export function methodsFor(
  lines: Pick<FreightLine, 'templateId'>[],
  templates: Map<string, FreightTemplate>,
  ctx: { hasStores: boolean; localEnabled: boolean },
): MethodAvailability[] {
  const ts = lines.map((l) => (l.templateId ? templates.get(l.templateId) : undefined));
  const refusing = (flag: 'allowExpress' | 'allowPickup' | 'allowLocal', fallback: boolean) =>
    ts.filter((t) => (t ? !t[flag] : !fallback)).map((t) => t?.name ?? '默认运费');
  const express = refusing('allowExpress', true);
  const pickup = refusing('allowPickup', true);
  const local = refusing('allowLocal', true);
  return [
    { method: 'express', available: express.length === 0, reason: express.length ? `部分商品不支持快递（${[...new Set(express)].join('、')}）` : null },
    {
      method: 'pickup',
      available: ctx.hasStores && pickup.length === 0,
      reason: !ctx.hasStores ? '本店暂无自提门店' : pickup.length ? `部分商品不支持自提（${[...new Set(pickup)].join('、')}）` : null,
    },
    {
      method: 'local',
      available: ctx.localEnabled && local.length === 0,
      reason: !ctx.localEnabled ? '同城配送即将开通' : local.length ? `部分商品不支持同城配送（${[...new Set(local)].join('、')}）` : null,
    },
  ];
}
