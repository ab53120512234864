import { z } from 'zod';
import { Fen } from './common';

/** A picture of the shop: an http(s) URL, a path on the gateway (/assets/uploads/…) or a CloudBase file id (cloud://…). */
const ShopImage = z.string().trim().min(1).max(500).regex(/^(https?:\/\/|\/[^/]|cloud:\/\/)/, 'an http(s) URL, a path starting with / or a cloud:// file id');
/**
 * A Chinese customer-service number: a mobile (1[3-9] + 9 digits), a landline with its area code (010-12345678,
 * 0571 8888 6666, an extension after -), or a 400 / 800 number; '' = none.
 */
export const SERVICE_PHONE_RE = /^(?:1[3-9]\d{9}|0\d{2,3}[- ]?\d{7,8}(?:-\d{1,6})?|[48]00[- ]?\d{3}[- ]?\d{4})$/;
const ServicePhone = z
  .string()
  .trim()
  .max(20)
  .refine((v) => v === '' || SERVICE_PHONE_RE.test(v), 'a mobile number, a landline with its area code, or a 400/800 number');

/**
 * Shop-wide settings, one document (`settings/shop`). Every field has a default, so a shop that never saved
 * settings behaves as the seed describes. Saved partially: a patch changes only the fields it names.
 */
export const ShopSettings = z
  .object({
    orders: z
      .object({
        /** an unpaid order closes by itself after this many minutes */
        autoCloseMinutes: z.number().int().min(5).max(7 * 24 * 60).default(30),
        /** a shipped order completes by itself after this many days (fulfilment issue) */
        autoCompleteDays: z.number().int().min(1).max(60).default(10),
        /** flat freight per order until freight templates exist (fulfilment issue) */
        defaultFreight: Fen.default(1000),
      })
      .strict()
      .prefault({}),
    points: z
      .object({
        enabled: z.boolean().default(true),
        /** fen one point pays (1 = 100 points per yuan) */
        fenPerPoint: z.number().int().min(1).max(10_000).default(1),
        /** points pay at most this percentage of the amount they apply to */
        maxPercent: z.number().int().min(0).max(100).default(50),
        /** the seed's expiry rule: points earned in year Y lapse at the end of Y + 1 (Asia/Shanghai) */
        expiryEnabled: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    experience: z
      .object({
        enabled: z.boolean().default(true),
        /** experience per yuan paid; any paid order gives at least 1 */
        perYuan: z.number().int().min(1).max(1000).default(1),
      })
      .strict()
      .prefault({}),
    coupons: z
      .object({
        /**
         * an unpaid order that closes (timeout, shopper cancel, merchant close) gives its coupon back. Off by default: the
         * seed (优惠券查询) says a used coupon is not returned whoever cancels; turning it on departs from that rule.
         */
        returnOnUnpaidClose: z.boolean().default(false),
        /** a refunded order gives its coupon back (the seed: it does not) */
        returnOnRefund: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** 同城配送 (fulfilment issue) */
    local: z
      .object({
        enabled: z.boolean().default(false),
        /** 'self': the merchant's own staff; 'sim': the local simulated courier platform (Dada / Meituan plug in here) */
        provider: z.enum(['self', 'sim']).default('self'),
        /** flat fee per order */
        fee: Fen.default(500),
        /** free from this goods amount (0: never) */
        freeFrom: Fen.default(0),
        /** provinces/cities served, matched against the address's city (empty: the store's city only is not checked) */
        cities: z.array(z.string().trim().min(2).max(20)).max(20).default([]),
      })
      .strict()
      .prefault({}),
    /** 店铺信息: what the storefront shows of the shop (public through catalog.shopInfo) */
    shop: z
      .object({
        name: z.string().trim().min(1).max(30).default('微商城'),
        /** an http(s) URL, a path on the gateway (an uploaded picture) or a cloud:// file id; null: none */
        logo: ShopImage.nullable().default(null),
        /** shown by the storefront's 客服 on H5 (and callable); '' = not set, the button is hidden */
        servicePhone: ServicePhone.default(''),
        /** the title of a shared page without one of its own ('' = the page's own title, e.g. the product name) */
        shareTitle: z.string().trim().max(40).default(''),
        /** the picture of a shared home page (WeChat draws 5:4); null: a screenshot of the page */
        shareImage: ShopImage.nullable().default(null),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type ShopSettings = z.output<typeof ShopSettings>;

/** A section's fields, each optional and without its default (a patch must not reset what it does not name). */
const patchOf = <T extends z.ZodRawShape>(section: z.ZodPrefault<z.ZodObject<T>>) =>
  z
    .object(
      Object.fromEntries(
        Object.entries(section.unwrap().shape).map(([k, v]) => [k, ((v instanceof z.ZodDefault ? v.unwrap() : v) as z.ZodType).optional()]),
      ) as unknown as { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer U> ? U : T[K]> },
    )
    .strict();

/** A partial change: only the fields it names change. */
export const ShopSettingsPatch = z
  .object({
    orders: patchOf(ShopSettings.shape.orders).optional(),
    points: patchOf(ShopSettings.shape.points).optional(),
    experience: patchOf(ShopSettings.shape.experience).optional(),
    coupons: patchOf(ShopSettings.shape.coupons).optional(),
    local: patchOf(ShopSettings.shape.local).optional(),
    shop: patchOf(ShopSettings.shape.shop).optional(),
  })
  .strict();
export type ShopSettingsPatch = z.input<typeof ShopSettingsPatch>;
