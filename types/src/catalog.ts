import { z } from 'zod';
import { Fen, Id, PageInput } from './common';
import { PRODUCT_DETAIL_MAX } from './richDetail';

export const PRODUCT_NAME_MAX = 100;
export const PRODUCT_SUMMARY_MAX = 200;
export const PRODUCT_CATEGORIES_MAX = 10;
export const PRODUCT_IMAGES_MAX = 9;
export const SPEC_MAX = 3;
export const SKU_MAX = 200;

export type ProductType = 'physical' | 'virtual';
/** reserve stock when the order is created, or when it is paid (the seed's two strategies) */
export type StockStrategy = 'order' | 'payment';

export interface Spec {
  name: string;
  values: string[];
}
export interface Sku {
  _id: string;
  productId: string;
  /** one value per product spec, in spec order; [] for a product without specs */
  specValues: string[];
  code: string;
  price: number; // fen
  originalPrice: number; // fen, 0 = none
  stock: number;
  /** the Jingdou Cloud SKU (auxiliary-attribute combination) this SKU mirrors, when the product came from the ERP */
  erp?: SkuErpLink | null;
  createdAt: string;
  updatedAt: string;
}
export interface Product {
  _id: string;
  name: string;
  summary: string;
  slug: string;
  code: string;
  type: ProductType;
  categoryIds: string[];
  brandId: string | null;
  images: string[];
  /** sanitized HTML when detailFormat is 'html'; otherwise plain text saved before details were rich */
  detail: string;
  detailFormat?: 'html';
  onShelf: boolean;
  stockStrategy: StockStrategy;
  pointsCoefficient: number;
  /** the freight template that prices its shipping and says which delivery methods it allows (null: the shop's default freight) */
  freightTemplateId: string | null;
  /** grams per unit, for templates that price by weight */
  weightGrams: number;
  specs: Spec[];
  /** the SKU document ids, in display order (transactions read SKUs by id) */
  skuIds: string[];
  /** denormalised from the SKUs for listing, search and sort */
  priceMin: number;
  priceMax: number;
  originalPriceMax: number;
  stockTotal: number;
  /** 库存预警: the product's own threshold (null or absent: the shop's) */
  stockAlert?: number | null;
  /** stockTotal below its own stockAlert (kept where either changes: catalog/stockAlert.ts) */
  stockLow?: boolean;
  sales: number;
  /** lowercase name + code + slug, for keyword search */
  searchText: string;
  /** the Jingdou Cloud material this product mirrors (set by the sync; orders of it go to the ERP with these) */
  erp?: ProductErpLink | null;
  createdAt: string;
  updatedAt: string;
}
export interface ProductErpLink {
  materialId: string;
  materialNumber: string;
  /** the base unit: the only unit the mall sells in */
  unitId: string;
  unitName: string;
  /** the material's modify_time last applied (ms string) */
  modifiedAt: string;
}
export interface SkuErpLink {
  /** aux_prop_id ('' for a material without SKUs) */
  auxPropId: string;
  skuNumber: string;
}
export type ProductWithSkus = Product & { skus: Sku[] };

/** What the storefront list shows. */
export interface ProductCard {
  _id: string;
  name: string;
  summary: string;
  slug: string;
  image: string | null;
  priceMin: number;
  priceMax: number;
  originalPriceMax: number;
  stockTotal: number;
  sales: number;
  /** the running or upcoming item activity (flash, limited, presale), when there is one */
  activity?: import('./activities').ActivityBadge | null;
}
export interface Category {
  _id: string;
  name: string;
  icon: string | null;
  sort: number;
  createdAt: string;
}
export interface Brand {
  _id: string;
  name: string;
  logo: string | null;
  createdAt: string;
}

const text = (max: number) => z.string().trim().max(max);
const slugRe = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const Slug = z.string().trim().min(1).max(80).regex(slugRe, 'lowercase letters, digits and single dashes');
export const ProductCode = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_.\-]+$/, 'letters, digits, _ . -');
export const ImageUrl = z.string().trim().min(1).max(500).regex(/^(https?:\/\/|\/)/, 'an http(s) URL or a path starting with /');

export const SpecInput = z
  .object({ name: text(20).min(1), values: z.array(text(30).min(1)).min(1).max(30) })
  .strict();
export const SkuInput = z
  .object({
    /** present when editing an existing SKU (keeps its id, so orders and the ERP keep their references) */
    _id: Id.optional(),
    specValues: z.array(text(30).min(1)).max(SPEC_MAX),
    code: ProductCode.optional(),
    price: Fen,
    originalPrice: Fen.default(0),
    stock: z.number().int().min(0).max(10_000_000),
  })
  .strict();

export const ProductInput = z
  .object({
    name: text(PRODUCT_NAME_MAX).min(1),
    summary: text(PRODUCT_SUMMARY_MAX).default(''),
    /** generated from the code or name when absent */
    slug: Slug.optional(),
    code: ProductCode.optional(),
    type: z.enum(['physical', 'virtual']).default('physical'),
    categoryIds: z.array(Id).max(PRODUCT_CATEGORIES_MAX).default([]),
    brandId: Id.nullable().default(null),
    images: z.array(ImageUrl).max(PRODUCT_IMAGES_MAX).default([]),
    /** rich HTML (sanitized on save: see domain/catalog/richDetail.ts) or plain lines */
    detail: text(PRODUCT_DETAIL_MAX).default(''),
    onShelf: z.boolean().default(false),
    stockStrategy: z.enum(['order', 'payment']).default('order'),
    pointsCoefficient: z.number().min(0).max(100).default(1),
    freightTemplateId: Id.nullable().default(null),
    weightGrams: z.number().int().min(0).max(1_000_000).default(0),
    /** 库存预警: fewer units in stock (all SKUs) than this is low; null: the shop's threshold */
    stockAlert: z.number().int().min(0).max(1_000_000).nullable().optional(),
    specs: z.array(SpecInput).max(SPEC_MAX).default([]),
    skus: z.array(SkuInput).min(1).max(SKU_MAX),
  })
  .strict();
export type ProductInput = z.input<typeof ProductInput>;

export const StorefrontSort = z.enum(['default', 'sales', 'price_asc', 'price_desc', 'newest']);
export const CatalogListInput = z
  .object({
    categoryId: Id.optional(),
    brandId: Id.optional(),
    keyword: text(50).optional(),
    minPrice: Fen.optional(),
    maxPrice: Fen.optional(),
    inStockOnly: z.boolean().optional(),
    sort: StorefrontSort.default('default'),
    ...PageInput,
  })
  .strict();
export const CatalogDetailInput = z.object({ id: Id.optional(), slug: Slug.optional() }).strict().refine((v) => v.id || v.slug, 'id or slug');

/** The seed's advanced search in the admin product list. */
export const AdminProductListInput = z
  .object({
    categoryId: Id.optional(),
    brandId: Id.optional(),
    type: z.enum(['physical', 'virtual']).optional(),
    onShelf: z.boolean().optional(),
    minPrice: Fen.optional(),
    maxPrice: Fen.optional(),
    createdFrom: z.string().datetime().optional(),
    createdTo: z.string().datetime().optional(),
    minStock: z.number().int().min(0).optional(),
    maxStock: z.number().int().min(0).optional(),
    /** 库存预警: below the product's own threshold, or the shop's for those without one (概况's card links here) */
    lowStock: z.boolean().optional(),
    /** the seed's 积分 filter: the product's points coefficient */
    minPoints: z.number().min(0).max(100).optional(),
    maxPoints: z.number().min(0).max(100).optional(),
    name: text(100).optional(),
    code: text(40).optional(),
    sortBy: z.enum(['createdAt', 'priceMin', 'stockTotal', 'sales', 'name']).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    ...PageInput,
  })
  .strict();

export const IdsInput = z.object({ ids: z.array(Id).min(1).max(500) }).strict();
export const NumberAdjust = z.object({ mode: z.enum(['set', 'raise', 'lower']), value: z.number().int().min(0) }).strict();
/** One batch operation over the selected products (every SKU of each product). */
export const BatchOp = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('price'), mode: z.enum(['set', 'raise', 'lower']), value: Fen }).strict(),
  z.object({ kind: z.literal('originalPrice'), mode: z.enum(['set', 'raise', 'lower']), value: Fen }).strict(),
  z.object({ kind: z.literal('stock'), mode: z.enum(['set', 'raise', 'lower']), value: z.number().int().min(0).max(10_000_000) }).strict(),
  z.object({ kind: z.literal('pointsCoefficient'), mode: z.enum(['set', 'raise', 'lower']), value: z.number().min(0).max(100) }).strict(),
  z.object({ kind: z.literal('categories'), mode: z.enum(['add', 'reset']), categoryIds: z.array(Id).min(1).max(PRODUCT_CATEGORIES_MAX) }).strict(),
  z.object({ kind: z.literal('brand'), brandId: Id.nullable() }).strict(),
  /** seed: one freight template per product, settable in bulk */
  z.object({ kind: z.literal('freightTemplate'), freightTemplateId: Id.nullable() }).strict(),
  z.object({ kind: z.literal('shelf'), onShelf: z.boolean() }).strict(),
]);
export type BatchOp = z.infer<typeof BatchOp>;
export const BatchInput = z.object({ ids: z.array(Id).min(1).max(500), op: BatchOp }).strict();
export interface BatchResult {
  updated: number;
  /** products the operation could not apply to, with why (e.g. lowering stock below zero) */
  failed: { id: string; code: string; message: string }[];
}

export const CSV_IMPORT_MAX_BYTES = 1_000_000;
export const CSV_IMPORT_MAX_ROWS = 1000;
export const ImportCsvInput = z.object({ csv: z.string().min(1).max(CSV_IMPORT_MAX_BYTES) }).strict();
export interface ImportResult {
  created: number;
  /** rows with errors, by 1-based line number of the file (the header is line 1); nothing is written when any row is wrong */
  errors: { line: number; field?: string; message: string }[];
  productIds: string[];
}

export const CategoryInput = z.object({ _id: Id.optional(), name: text(20).min(1), icon: ImageUrl.nullable().default(null), sort: z.number().int().min(0).max(9999).default(0) }).strict();
export const BrandInput = z.object({ _id: Id.optional(), name: text(40).min(1), logo: ImageUrl.nullable().default(null) }).strict();
export const IdInput = z.object({ id: Id }).strict();

/** Product pictures uploaded from the admin panel: at most 2 MB each (seed 002), PNG, JPEG, GIF or WebP only. */
export const IMAGE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024;
/** The accepted picture types, decided on the server by the file's first bytes (never by its name); no SVG (scripts). */
export const IMAGE_UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageContentType = (typeof IMAGE_UPLOAD_TYPES)[number];
/**
 * `contentBase64` is the file in standard base64 (no `data:` prefix, no line breaks). Its length is bounded by the
 * transport (gateway body limit 3 MB); the decoded size is checked by the handler, which answers PAYLOAD_TOO_LARGE.
 */
export const UploadImageInput = z
  .object({
    filename: z.string().trim().min(1).max(200),
    contentBase64: z.string().min(1),
  })
  .strict();
export interface UploadedImage {
  /** where the picture is served: `/assets/uploads/<sha256>.<ext>` locally, the bucket's public URL on CloudBase */
  url: string;
  bytes: number;
  contentType: ImageContentType;
}
