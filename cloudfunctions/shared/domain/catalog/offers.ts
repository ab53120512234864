/**
 * The product page's 促销 / 领券 / 运费 rows in one read (issue 17): campaigns in force that cover the product, the
 * coupon centre's coupons for it, and how it is delivered (its freight template, the shop's stores and 同城配送).
 */
import type { CampaignRule, ProductOffers } from '@shop/types';
import { audienceText, CAMPAIGN_LABEL, campaignText, expressText, freeRuleText } from '@shop/types/src/offers';
import type { Database } from '../../db/types';
import { notFound } from '../../runtime/errors';
import { campaignsInForce } from '../campaigns/campaigns';
import { couponCentre } from '../coupons';
import { methodsFor } from '../fulfilment/freight';
import { storeChoices } from '../fulfilment/stores';
import { loadTemplates } from '../fulfilment/templates';
import { getSettings } from '../settings/settings';

export async function productOffers(db: Database, openid: string | null, productId: string, now: Date): Promise<ProductOffers> {
  const p = (await db.collection('products').doc(productId).get()).data[0] as
    | { onShelf?: boolean; type?: string; freightTemplateId?: string | null }
    | undefined;
  if (!p || !p.onShelf) throw notFound('product');
  const templateId = p.freightTemplateId ?? null;
  const physical = p.type !== 'virtual';
  const [campaigns, coupons, templates, stores, settings] = await Promise.all([
    campaignsInForce(db, now),
    couponCentre(db, openid, now, productId),
    physical ? loadTemplates(db, [templateId]) : new Map(),
    physical ? storeChoices(db) : [],
    getSettings(db),
  ]);
  const applying = campaigns.filter((c) => c.productIds == null || c.productIds.includes(productId));
  let delivery: ProductOffers['delivery'] = null;
  if (physical) {
    const t = templateId ? templates.get(templateId) : undefined;
    const methods = methodsFor([{ templateId }], templates, { hasStores: stores.some((s) => s.pickupEnabled), localEnabled: settings.local.enabled });
    const offered = (m: string) => methods.some((x) => x.method === m && x.available);
    delivery = {
      express: offered('express') ? expressText(t ? t.defaultRule.firstFee : settings.orders.defaultFreight) : null,
      free: t ? freeRuleText(t.freeRules) : null,
      regional: !!t && (t.regionRules.length > 0 || t.excludedProvinces.length > 0),
      pickup: offered('pickup'),
      local: offered('local'),
    };
  }
  return {
    campaigns: applying.map((c) => ({
      id: c.id,
      label: CAMPAIGN_LABEL[c.rule.kind],
      // stored rules went through CampaignRule on save: its defaults are there
      name: c.name,
      text: campaignText(c.rule as CampaignRule),
      audience: c.audience ? audienceText(c.audience) : null,
      endsAt: c.endsAt ?? null,
    })),
    coupons,
    delivery,
  };
}
