/**
 * The function API: CloudBase function name -> action -> input and output.
 * The mini-program calls `Taro.cloud.callFunction({name, data: {action, data}})` on weapp and
 * `POST /api/fn/<name>` with `{action, data}` through the local gateway on H5; the admin panel calls the gateway
 * (or CloudBase's HTTP access service in production) with `Authorization: Bearer <merchant token>`.
 * Every answer is an Envelope<output>.
 */
import type {
  AdminProductListInput,
  BatchInput,
  BatchResult,
  Brand,
  BrandInput,
  CatalogDetailInput,
  CatalogListInput,
  Category,
  CategoryInput,
  IdInput,
  IdsInput,
  ImportCsvInput,
  ImportResult,
  Product,
  ProductCard,
  ProductInput,
  ProductWithSkus,
  UploadedImage,
  UploadImageInput,
} from './catalog';
import type { Page, SchemaIn as In } from './common';
import type { MerchantLoginInput, MerchantSession, ShopperLoginInput, ShopperSession, Caller, StaffAccount, StaffCreateInput, StaffUpdateInput } from './auth';

import type { CouponAdminApi, CouponApi } from './coupons';
import type { CouponSendApi } from './couponSends';
import type { CustomerAdminApi, MemberApi } from './members';
import type { CampaignAdminApi, CartApi, OrderAdminApi, OrderApi } from './orders';
import type { PaymentAdminApi } from './payments';
import type { AftersaleAdminApi, AftersaleApi } from './aftersales';
import type { FreightAdminApi, PickupApi, StoreAdminApi } from './fulfilment';
import type { ActivityAdminApi, ActivityApi } from './activities';
import type { SyncAdminApi } from './sync';
import type { MessageAdminApi } from './messages';
import type { DecorationAdminApi, HomePage, ProductGroup, ProductGroupInput } from './decoration';
import type { StatsAdminApi } from './stats';
import type { WxappAdminApi } from './wxapp';

export interface Api {
  auth: {
    /** public; local stand-in for wx.login (in production the OPENID comes from the platform) */
    shopperLogin: { input: In<typeof ShopperLoginInput>; output: ShopperSession };
    merchantLogin: { input: In<typeof MerchantLoginInput>; output: MerchantSession };
    logout: { input: Record<string, never>; output: { ok: true } };
    whoami: { input: Record<string, never>; output: Caller };
  };
  /** public storefront catalog */
  catalog: {
    /** the published home page (店铺装修) with each module's data; a default page while nothing is published */
    home: { input: Record<string, never>; output: HomePage };
    categories: { input: Record<string, never>; output: Category[] };
    brands: { input: Record<string, never>; output: Brand[] };
    list: { input: In<typeof CatalogListInput>; output: Page<ProductCard> };
    detail: { input: In<typeof CatalogDetailInput>; output: ProductWithSkus };
    /** 店铺信息 (the `shop` section of the settings): name, logo, customer-service phone, share title and picture */
    shopInfo: { input: Record<string, never>; output: import('./settings').ShopSettings['shop'] };
    /** the product page's campaigns, claimable coupons and delivery in one read (a shopper caller sees their claims) */
    offers: { input: In<typeof import('./offers').ProductOffersInput>; output: import('./offers').ProductOffers };
  };
  /** merchant: owner and operator */
  productAdmin: {
    list: { input: In<typeof AdminProductListInput>; output: Page<Product> };
    get: { input: In<typeof IdInput>; output: ProductWithSkus };
    create: { input: In<typeof ProductInput>; output: ProductWithSkus };
    update: { input: In<typeof ProductInput> & { id: string }; output: ProductWithSkus };
    delete: { input: In<typeof IdsInput>; output: { deleted: number } };
    batch: { input: In<typeof BatchInput>; output: BatchResult };
    importCsv: { input: In<typeof ImportCsvInput>; output: ImportResult };
    /** a product picture (PNG/JPEG/GIF/WebP by magic bytes, ≤ 2 MB); the same bytes twice give the same url */
    uploadImage: { input: In<typeof UploadImageInput>; output: UploadedImage };
    listCategories: { input: Record<string, never>; output: (Category & { productCount: number })[] };
    saveCategory: { input: In<typeof CategoryInput>; output: Category };
    deleteCategory: { input: In<typeof IdInput>; output: { deleted: number } };
    listBrands: { input: Record<string, never>; output: (Brand & { productCount: number })[] };
    saveBrand: { input: In<typeof BrandInput>; output: Brand };
    deleteBrand: { input: In<typeof IdInput>; output: { deleted: number } };
    /** 商品分组 */
    listGroups: { input: Record<string, never>; output: ProductGroup[] };
    saveGroup: { input: In<typeof ProductGroupInput>; output: ProductGroup };
    deleteGroup: { input: In<typeof IdInput>; output: { deleted: number } };
  };
  /** merchant staff accounts: owner only */
  staff: {
    list: { input: Record<string, never>; output: StaffAccount[] };
    stores: { input: Record<string, never>; output: { _id: string; name: string; address: string }[] };
    create: { input: In<typeof StaffCreateInput>; output: StaffAccount };
    update: { input: In<typeof StaffUpdateInput>; output: StaffAccount };
  };
  /** shopper: my coupons, the coupon centre, claiming by link or QR */
  coupon: CouponApi;
  /** merchant: coupon definitions, codes, distribution, statistics; 发券宝 (segment sends, owner only) */
  couponAdmin: CouponAdminApi & CouponSendApi;
  /** shopper: member centre (level, progress, points history) */
  member: MemberApi;
  /** merchant: member levels, points rules, customers */
  customerAdmin: CustomerAdminApi;
  /** merchant: campaigns (满减 / 满折 / 满赠券 / 满免邮) */
  campaignAdmin: CampaignAdminApi;
  /** shopper: item activities on a product, reminders, the running venue */
  activity: ActivityApi;
  /** merchant: flash sales, limited-time discounts and presales */
  activityAdmin: ActivityAdminApi;
  /** owner: the Jingdou Cloud binding, sync status, log, retries and reconciliation */
  syncAdmin: SyncAdminApi;
  /** owner: subscribe-message templates per event and resending; owner and operator: the message log */
  messageAdmin: MessageAdminApi;
  /** owner: 店铺装修, the home page's draft, publication and the previous version */
  decorationAdmin: DecorationAdminApi;
  /** owner and operator: 概况, the dashboard (figures from rollups, to-do counts); owner: its settings */
  statsAdmin: StatsAdminApi;
  /** owner: the mini-program's server-API settings (AppSecret written, never read back) and the shipping-information uploads */
  wxappAdmin: WxappAdminApi;
  /** shopper: the cart kept on the server */
  cart: CartApi;
  /** shopper: quote, checkout, own orders */
  order: OrderApi;
  /** merchant: orders, price change, flags, shop settings */
  orderAdmin: OrderAdminApi;
  /** owner: WeChat Pay merchant settings (secrets are written, never read back) */
  paymentAdmin: PaymentAdminApi;
  /** shopper: after-sales requests (refund only, return and refund, exchange) */
  aftersale: AftersaleApi;
  /** merchant: after-sales handling */
  aftersaleAdmin: AftersaleAdminApi;
  /** clerks: pickup code verification; merchants: its audit log */
  pickup: PickupApi;
  /** merchant: freight templates */
  freightAdmin: FreightAdminApi;
  /** owner: stores (pickup points) */
  storeAdmin: StoreAdminApi;
}
export type FnName = keyof Api;
export type ActionName<F extends FnName> = keyof Api[F] & string;
export type ActionInput<F extends FnName, A extends ActionName<F>> = Api[F][A] extends { input: infer I } ? I : never;
export type ActionOutput<F extends FnName, A extends ActionName<F>> = Api[F][A] extends { output: infer O } ? O : never;
