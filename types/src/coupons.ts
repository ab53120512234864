/**
 * Coupons (优惠券): definitions, codes held by shoppers, claim links, the registration gift (注册送券).
 * Money is integer fen; a discount coupon's value is the rate paid per mille (800 = 8 折); times are ISO instants.
 */
import { z } from 'zod';
import { Fen, Id, PageInput, type Page, type SchemaIn as In, type EmptyInput as Empty } from './common';
import { Instant } from './pricing';

export const COUPON_NAME_MAX = 100;
/** codes generated for one normal coupon at most (imports add up to COUPON_IMPORT_MAX_ROWS per file) */
export const COUPON_BATCH_MAX = 10_000;
export const COUPON_IMPORT_MAX_ROWS = 10_000;
export const COUPON_IMPORT_CSV_MAX = 1_000_000;
/** base64 of an XLSX file of at most 2 MB */
export const COUPON_IMPORT_XLSX_MAX = 2_800_000;
/** a reusable coupon's uses at most */
export const COUPON_REUSABLE_MAX_USES = 1_000_000;

export const CouponKind = z.enum(['normal', 'reusable']);
export type CouponKind = z.infer<typeof CouponKind>;
export const CouponType = z.enum(['cash', 'discount']);
export type CouponType = z.infer<typeof CouponType>;
export const CouponStatus = z.enum(['draft', 'published', 'void']);
export type CouponStatus = z.infer<typeof CouponStatus>;
/**
 * who may hold and use a normal coupon: everyone, or new customers only (新人专享: a shopper with no paid order; a shopper
 * who has paid an order cannot claim it, be given it, or use it)
 */
export const CouponAudience = z.enum(['all', 'new']);
export type CouponAudience = z.infer<typeof CouponAudience>;
/**
 * a normal code: available (in stock) → held (by a shopper) → used (by an order); an unclaimed code becomes void when the
 * coupon is voided (a held one stays usable until the coupon's validTo)
 */
export const CodeStatus = z.enum(['available', 'held', 'used', 'void']);
export type CodeStatus = z.infer<typeof CodeStatus>;
/** how a shopper came to hold a code */
export type CodeVia = 'distribute' | 'claim' | 'registration' | 'gift';

/** Codes are case-insensitive: stored and compared upper case. */
export const CouponCodeText = z
  .string()
  .trim()
  .toUpperCase()
  .min(4)
  .max(32)
  .regex(/^[A-Z0-9_-]+$/, 'letters, digits, _ and -');
/** the prefix of generated codes (the random part follows it) */
export const CouponPrefix = z
  .string()
  .trim()
  .toUpperCase()
  .max(12)
  .regex(/^[A-Z0-9]*$/, 'letters and digits');

const couponBase = {
  name: z.string().trim().min(1).max(COUPON_NAME_MAX),
  type: CouponType,
  /** cash: fen off (≥ 1); discount: rate paid per mille, 1–999 (800 = 8 折) */
  value: z.number().int().min(1).max(1_000_000_000),
  /** discount coupons: at most this many fen off, 0 = no maximum (cash: must be 0) */
  maxOff: Fen.default(0),
  /** goods amount needed, 0 = no threshold */
  threshold: Fen.default(0),
  /** null = every product; otherwise the products it applies to */
  productIds: z.array(Id).min(1).max(500).nullable().default(null),
  validFrom: Instant,
  validTo: Instant,
  /** usage notes shown to shoppers */
  description: z.string().trim().max(500).default(''),
};
export const NormalCouponFields = z
  .object({
    kind: z.literal('normal'),
    ...couponBase,
    /** prefix of the generated codes */
    prefix: CouponPrefix.default(''),
    /** codes generated now (0 when the codes come from an imported file) */
    quantity: z.number().int().min(0).max(COUPON_BATCH_MAX),
    /**
     * copies one shopper may claim: every copy they hold or held counts, however it came (claim, distribution,
     * registration gift, gift coupon), so a shopper given one by the registration gift cannot claim another at 1
     */
    perShopperLimit: z.number().int().min(1).max(100).default(1),
    audience: CouponAudience.default('all'),
    /** listed in the storefront's coupon centre (领券中心) */
    inCentre: z.boolean().default(true),
  })
  .strict();
export const ReusableCouponFields = z
  .object({
    kind: z.literal('reusable'),
    ...couponBase,
    /** the one code, chosen by the merchant */
    code: CouponCodeText,
    /** how many times it can be used in all */
    quantity: z.number().int().min(1).max(COUPON_REUSABLE_MAX_USES),
  })
  .strict();

type CouponShape = { type: CouponType; value: number; maxOff: number; validFrom: string; validTo: string };
const checkCoupon = (v: CouponShape, ctx: z.RefinementCtx) => {
  if (v.type === 'discount' && (v.value < 1 || v.value > 999))
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'a discount is a rate paid per mille, 1–999 (800 = 8 折)' });
  if (v.type === 'cash' && v.maxOff !== 0) ctx.addIssue({ code: 'custom', path: ['maxOff'], message: 'only discount coupons take a maximum' });
  if (Date.parse(v.validTo) <= Date.parse(v.validFrom)) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'validTo must be after validFrom' });
};

/** create */
export const CouponInput = z.discriminatedUnion('kind', [NormalCouponFields, ReusableCouponFields]).superRefine(checkCoupon);
export type CouponInput = z.input<typeof CouponInput>;
export type CouponData = z.output<typeof CouponInput>;
/** update: a draft only, same kind */
export const CouponUpdateInput = z
  .discriminatedUnion('kind', [NormalCouponFields.extend({ id: Id }).strict(), ReusableCouponFields.extend({ id: Id }).strict()])
  .superRefine(checkCoupon);
export type CouponUpdateInput = z.input<typeof CouponUpdateInput>;

export const CouponIdInput = z.object({ couponId: Id }).strict();

/** the seed's search: validity window (coupons valid at some time in it), name, status, kind */
export const CouponListInput = z
  .object({
    validFrom: Instant.optional(),
    validTo: Instant.optional(),
    name: z.string().trim().max(COUPON_NAME_MAX).optional(),
    status: CouponStatus.optional(),
    kind: CouponKind.optional(),
    ...PageInput,
  })
  .strict();

export const DistributeInput = z
  .object({
    couponId: Id,
    grants: z
      .array(z.object({ openid: Id, quantity: z.number().int().min(1).max(100) }).strict())
      .min(1)
      .max(1000),
  })
  .strict();

export const ImportCodesInput = z
  .object({
    couponId: Id,
    /** a CSV (or plain text) file: the codes in the first column, or in a column named code / 优惠码 / 券码 */
    csv: z.string().min(1).max(COUPON_IMPORT_CSV_MAX).optional(),
    /** an XLSX file, standard base64: the first sheet, same columns */
    xlsxBase64: z.string().min(1).max(COUPON_IMPORT_XLSX_MAX).optional(),
  })
  .strict()
  .refine((v) => (v.csv === undefined) !== (v.xlsxBase64 === undefined), { message: 'give csv or xlsxBase64 (one of them)', path: ['csv'] });

export const CouponCodesInput = z.object({ couponId: Id, status: CodeStatus.optional(), ...PageInput }).strict();
export const CouponUsageInput = z.object({ couponId: Id, ...PageInput }).strict();
export const ExportCodesInput = z.object({ couponId: Id, status: CodeStatus.optional() }).strict();
export const ClaimLinkInput = z
  .object({
    couponId: Id,
    /** the storefront's origin (e.g. https://shop.example.com); the admin sends its own. Without it the url is relative. */
    origin: z
      .string()
      .trim()
      .max(200)
      .regex(/^https?:\/\/[^/\s?#]+$/, 'an origin such as https://shop.example.com')
      .optional(),
  })
  .strict();
export const ShopperSearchInput = z.object({ keyword: z.string().trim().max(64).optional(), ...PageInput }).strict();

export const RegistrationGiftInput = z
  .object({
    enabled: z.boolean(),
    /** a published normal coupon (required when enabled) */
    couponId: Id.nullable().default(null),
    startsAt: Instant,
    /** null = no end */
    endsAt: Instant.nullable().default(null),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.enabled && !v.couponId) ctx.addIssue({ code: 'custom', path: ['couponId'], message: 'choose a coupon' });
    if (v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
  });

// shopper side
export const MyCouponsInput = z.object({ status: z.enum(['usable', 'used', 'expired']).default('usable'), ...PageInput }).strict();
export const ClaimInput = z.object({ c: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/) }).strict();

// ---------------------------------------------------------------------------------------------------------
// outputs

/** What a coupon gives and when: the terms the admin sets and the shopper reads. */
export interface CouponTerms {
  type: CouponType;
  value: number;
  maxOff: number;
  threshold: number;
  /** null = every product */
  productIds: string[] | null;
  validFrom: string;
  validTo: string;
  description: string;
}

/** A coupon definition as the admin sees it (the claim token is given by claimLink only). */
export interface Coupon extends CouponTerms {
  _id: string;
  name: string;
  kind: CouponKind;
  /** normal: codes generated at creation; reusable: uses allowed in all */
  quantity: number;
  /** normal only */
  prefix?: string;
  perShopperLimit?: number;
  inCentre?: boolean;
  audience?: CouponAudience;
  /** reusable only */
  code?: string;
  status: CouponStatus;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  voidedAt: string | null;
}
export interface CouponStats {
  /** normal: code documents; reusable: the uses allowed */
  total: number;
  /** normal: codes nobody holds yet; reusable: uses left */
  remaining: number;
  /** codes ever given to a shopper (distributed, claimed, granted), whatever they are now */
  assigned: number;
  /** codes held now, not yet used */
  held: number;
  /** of the assigned codes, how many came by claim link / coupon centre */
  claimed: number;
  used: number;
  void: number;
}
export type CouponWithStats = Coupon & { stats: CouponStats };
export interface CouponCodeRow {
  _id: string;
  code: string;
  status: CodeStatus;
  source: 'generated' | 'imported';
  openid: string | null;
  nickname: string | null;
  via: CodeVia | null;
  assignedAt: string | null;
  orderId: string | null;
  usedAt: string | null;
}
export interface CouponUsageRow {
  code: string;
  openid: string;
  nickname: string | null;
  orderId: string;
  usedAt: string;
}
/** why an imported row was refused: malformed, repeats an earlier line, or some coupon already has the code */
export type ImportRejection = 'INVALID_FORMAT' | 'DUPLICATE_IN_FILE' | 'ALREADY_EXISTS';
export interface ImportCodesResult {
  imported: number;
  /** rows not imported, by line (line 1 is the first line of the file) */
  rejected: { line: number; code: string; reason: ImportRejection; message: string }[];
  /** the coupon's codes after the import */
  total: number;
}
export interface ClaimLink {
  token: string;
  /** the H5 link */
  url: string;
  /** the mini-program page path */
  path: string;
  /** a QR code of `url`, PNG, as a data URL */
  qrPngDataUrl: string;
}
export interface ShopperBrief {
  openid: string;
  nickname: string;
  createdAt: string | null;
}
export interface RegistrationGift {
  enabled: boolean;
  couponId: string | null;
  startsAt: string;
  endsAt: string | null;
  updatedAt: string | null;
  /** the coupon named, when it still exists, with what is left */
  coupon: { _id: string; name: string; status: CouponStatus; validTo: string; remaining: number } | null;
}

/** What the storefront shows of a coupon definition. */
export interface CouponFace extends CouponTerms {
  couponId: string;
  name: string;
  /** 'new': for new customers only (新人专享) */
  audience: CouponAudience;
}
export type MyCouponState = 'usable' | 'not_started' | 'used' | 'expired' | 'void';
export interface MyCoupon extends CouponFace {
  /** the code document id (the id checkout uses) */
  id: string;
  code: string;
  state: MyCouponState;
  via: CodeVia | null;
  assignedAt: string | null;
  usedAt: string | null;
  orderId: string | null;
}
export interface CentreCoupon extends CouponFace {
  /** the claim token (claim with {c}) */
  claimToken: string;
  claimed: number;
  limit: number;
  soldOut: boolean;
  canClaim: boolean;
}
export type ClaimState = 'open' | 'claimed' | 'sold_out' | 'ended' | 'expired';
export interface ClaimInfo {
  coupon: CouponFace;
  /** open: can claim; claimed: this shopper reached the limit; sold_out; ended: voided or deleted; expired */
  state: ClaimState;
  /** for a shopper caller: how many they claimed; null for anonymous */
  claimed: number | null;
  limit: number;
}

/** shopper (claimInfo: anyone) */
export interface CouponApi {
  mine: { input: In<typeof MyCouponsInput>; output: Page<MyCoupon> };
  centre: { input: Empty; output: CentreCoupon[] };
  claimInfo: { input: In<typeof ClaimInput>; output: ClaimInfo };
  claim: { input: In<typeof ClaimInput>; output: MyCoupon };
}
/** merchant: owner and operator */
export interface CouponAdminApi {
  list: { input: In<typeof CouponListInput>; output: Page<CouponWithStats> };
  get: { input: In<typeof CouponIdInput>; output: CouponWithStats };
  create: { input: CouponInput; output: CouponWithStats };
  update: { input: CouponUpdateInput; output: CouponWithStats };
  publish: { input: In<typeof CouponIdInput>; output: CouponWithStats };
  void: { input: In<typeof CouponIdInput>; output: CouponWithStats };
  /** any coupon (draft, published, void); `heldDeleted`: codes shoppers held (held or used) that went with it */
  delete: { input: In<typeof CouponIdInput>; output: { deleted: number; codesDeleted: number; heldDeleted: number } };
  distribute: { input: In<typeof DistributeInput>; output: { distributed: number; stats: CouponStats } };
  importCodes: { input: In<typeof ImportCodesInput>; output: ImportCodesResult };
  codes: { input: In<typeof CouponCodesInput>; output: Page<CouponCodeRow> };
  usage: { input: In<typeof CouponUsageInput>; output: Page<CouponUsageRow> };
  exportCodes: { input: In<typeof ExportCodesInput>; output: { filename: string; csv: string; rows: number } };
  claimLink: { input: In<typeof ClaimLinkInput>; output: ClaimLink };
  searchShoppers: { input: In<typeof ShopperSearchInput>; output: Page<ShopperBrief> };
  getRegistrationGift: { input: Empty; output: RegistrationGift };
  setRegistrationGift: { input: In<typeof RegistrationGiftInput>; output: RegistrationGift };
}
