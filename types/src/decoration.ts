/**
 * 店铺装修: the storefront home page as a list of modules the merchant adds, orders, edits and removes. The admin
 * saves a draft and publishes it; `catalog.home` answers the published page with each module's data resolved.
 * 商品分组 (product groups) live in the catalog and are used by the product-group module.
 */
import { z } from 'zod';
import { Id, type SchemaIn as In, type EmptyInput as Empty } from './common';
import { ImageUrl, type ProductCard } from './catalog';
import type { CouponType } from './coupons';

const text = (max: number) => z.string().trim().max(max);

/** The storefront pages a link may open by name. */
export const LINK_PAGES = {
  home: { path: '/pages/home/index', label: '首页' },
  categories: { path: '/pages/categories/index', label: '分类' },
  cart: { path: '/pages/cart/index', label: '购物车' },
  me: { path: '/pages/me/index', label: '我的' },
  search: { path: '/pages/search/index', label: '全部商品' },
  couponCentre: { path: '/pages/coupon-centre/index', label: '领券中心' },
  flash: { path: '/pages/flash/index', label: '限时秒杀' },
  member: { path: '/pages/member/index', label: '会员中心' },
  orders: { path: '/pages/orders/index', label: '我的订单' },
  coupons: { path: '/pages/coupons/index', label: '我的优惠券' },
} as const;
export type LinkPage = keyof typeof LINK_PAGES;

/** Where a tap goes: a product, a category, an item activity, a coupon (its claim page), a storefront page, or nowhere. */
export const DecorationLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('product'), id: Id }).strict(),
  z.object({ kind: z.literal('category'), id: Id }).strict(),
  z.object({ kind: z.literal('activity'), id: Id }).strict(),
  z.object({ kind: z.literal('coupon'), id: Id }).strict(),
  z.object({ kind: z.literal('page'), page: z.enum(Object.keys(LINK_PAGES) as [LinkPage, ...LinkPage[]]) }).strict(),
]);
export type DecorationLink = z.infer<typeof DecorationLink>;
const link = DecorationLink.default({ kind: 'none' });

/** A module's key inside the page (made by the editor; React keys and the editor's selection use it). */
const ModuleKey = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and -, at most 40');

export const BANNER_ITEMS_MAX = 10;
export const NAV_ITEMS_MAX = 20;
export const GROUP_COUNT_MAX = 20;
export const COUPON_BLOCK_MAX = 10;
export const PAGE_MODULES_MAX = 30;

export const BannerModule = z
  .object({
    kind: z.literal('banner'),
    key: ModuleKey,
    items: z.array(z.object({ image: ImageUrl, title: text(30).default(''), link }).strict()).min(1).max(BANNER_ITEMS_MAX),
  })
  .strict();
export const NoticeModule = z.object({ kind: z.literal('notice'), key: ModuleKey, text: text(200).min(1), link }).strict();
export const NavModule = z
  .object({
    kind: z.literal('nav'),
    key: ModuleKey,
    columns: z.union([z.literal(4), z.literal(5)]).default(5),
    items: z.array(z.object({ title: text(8).min(1), icon: ImageUrl.nullable().default(null), link }).strict()).min(1).max(NAV_ITEMS_MAX),
  })
  .strict();
/** 商品分组: a group chosen by hand in the catalog, or the newest / best-selling on-shelf products of a category (null: all). */
export const GroupSource = z.discriminatedUnion('by', [
  z.object({ by: z.literal('group'), groupId: Id }).strict(),
  z.object({ by: z.literal('category'), categoryId: Id.nullable().default(null), sort: z.enum(['newest', 'sales']) }).strict(),
]);
export const ProductGroupModule = z
  .object({
    kind: z.literal('productGroup'),
    key: ModuleKey,
    title: text(20).default(''),
    source: GroupSource,
    count: z.number().int().min(1).max(GROUP_COUNT_MAX).default(6),
  })
  .strict();
/** The running (or next) flash sales; their live figures come from `activity.running`. */
export const FlashSaleModule = z.object({ kind: z.literal('flashSale'), key: ModuleKey, title: text(20).default('限时秒杀'), count: z.number().int().min(1).max(6).default(3) }).strict();
export const CouponModule = z
  .object({ kind: z.literal('coupons'), key: ModuleKey, title: text(20).default('领券'), couponIds: z.array(Id).min(1).max(COUPON_BLOCK_MAX) })
  .strict();
export const PictureModule = z.object({ kind: z.literal('picture'), key: ModuleKey, image: ImageUrl, link }).strict();

export const DecorationModule = z.discriminatedUnion('kind', [BannerModule, NoticeModule, NavModule, ProductGroupModule, FlashSaleModule, CouponModule, PictureModule]);
export type DecorationModule = z.output<typeof DecorationModule>;
export type ModuleKind = DecorationModule['kind'];
export type ModuleOf<K extends ModuleKind> = Extract<DecorationModule, { kind: K }>;

export const MODULE_LABELS: Record<ModuleKind, string> = {
  banner: '轮播图',
  notice: '公告栏',
  nav: '图标导航',
  productGroup: '商品分组',
  flashSale: '限时秒杀',
  coupons: '优惠券',
  picture: '图片广告',
};

export const DecorationPageInput = z
  .object({ modules: z.array(DecorationModule).max(PAGE_MODULES_MAX).superRefine((ms, ctx) => {
    const seen = new Set<string>();
    ms.forEach((m, i) => {
      if (seen.has(m.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'two modules have the same key' });
      seen.add(m.key);
    });
  }) })
  .strict();
/** decorationAdmin.save: the draft (the storefront never sees it) */
export const DecorationSaveInput = DecorationPageInput;
/** decorationAdmin.publish: the draft as it stands, with the version the editor saw (optimistic check) */
export const DecorationPublishInput = z.object({ draftVersion: z.number().int().min(0).optional() }).strict();

/** A stored page: its modules and when and by whom it was written. */
export interface DecorationPage {
  modules: DecorationModule[];
  /** draft: counts saves; published: counts publications */
  version: number;
  at: string;
  by: string;
}
/** decorationAdmin.get */
export interface DecorationState {
  draft: DecorationPage | null;
  published: DecorationPage | null;
  /** the version published before the current one (what 恢复上一版 brings back) */
  previous: Omit<DecorationPage, 'modules'> | null;
}

// --- what the storefront gets (catalog.home) ----------------------------------------------------------------------

/** a link resolved to a storefront path ('' = not tappable) */
export interface ResolvedLinkFields {
  path: string;
}
export interface HomeCoupon {
  _id: string;
  name: string;
  type: CouponType;
  value: number;
  maxOff: number;
  threshold: number;
  validTo: string;
  path: string;
}
export type HomeModule =
  | (Omit<ModuleOf<'banner'>, 'items'> & { items: (ModuleOf<'banner'>['items'][number] & ResolvedLinkFields)[] })
  | (ModuleOf<'notice'> & ResolvedLinkFields)
  | (Omit<ModuleOf<'nav'>, 'items'> & { items: (ModuleOf<'nav'>['items'][number] & ResolvedLinkFields)[] })
  | (ModuleOf<'productGroup'> & { products: ProductCard[]; morePath: string })
  | ModuleOf<'flashSale'>
  | (ModuleOf<'coupons'> & { coupons: HomeCoupon[] })
  | (ModuleOf<'picture'> & ResolvedLinkFields);
export type HomeModuleOf<K extends ModuleKind> = Extract<HomeModule, { kind: K }>;

export interface HomePage {
  /** 'published': the merchant's page; 'default': nothing is published yet, a page made from the catalog */
  source: 'published' | 'default';
  version: number;
  modules: HomeModule[];
}

// --- 商品分组 -------------------------------------------------------------------------------------------------------

export const PRODUCT_GROUP_MAX = 100;
export const ProductGroupInput = z
  .object({ _id: Id.optional(), name: text(20).min(1), productIds: z.array(Id).max(PRODUCT_GROUP_MAX).default([]) })
  .strict()
  .refine((g) => new Set(g.productIds).size === g.productIds.length, { path: ['productIds'], message: 'a product is in the group twice' });
export interface ProductGroup {
  _id: string;
  name: string;
  /** in the merchant's order */
  productIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface DecorationAdminApi {
  get: { input: Empty; output: DecorationState };
  save: { input: In<typeof DecorationSaveInput>; output: DecorationState };
  publish: { input: In<typeof DecorationPublishInput>; output: DecorationState };
  restore: { input: Empty; output: DecorationState };
}
