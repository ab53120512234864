/**
 * Member levels (会员等级), experience (经验值), points (积分), customers (顾客管理) and their tags (会员标签).
 *
 * - A shopper's level is the level with the highest experience threshold at or below their experience, computed
 *   when read. There is always a default level (`_id` "default", threshold 0) that cannot be deleted.
 * - Rates are per mille of the amount paid: 900 = 9 折, 1000 = no discount.
 * - Points are whole numbers; every change is a ledger entry (`points_ledger`).
 */
import { z } from 'zod';
import { Fen, Id, PageInput, type Page, type SchemaIn as In, type EmptyInput as Empty } from './common';
import { Instant } from './pricing';
import { ShopSettingsPatch, type ShopSettings } from './settings';
import type { SubscribeMemberApi } from './messages';
import type { CustomerTrade } from './orders';

export const DEFAULT_LEVEL_ID = 'default';
export const DEFAULT_LEVEL_NAME = '普通会员';
export const LEVEL_NAME_MAX = 20;
export const TAG_NAME_MAX = 20;
export const ADJUST_REASON_MAX = 100;
/** largest single adjustment of points or experience */
export const ADJUST_MAX = 100_000_000;

const IconUrl = z.string().trim().min(1).max(500).regex(/^(https?:\/\/|\/)/, 'an http(s) URL or a path starting with /');

// ---------------------------------------------------------------------------------------------------------
// Levels

export interface MemberLevel {
  _id: string;
  name: string;
  /** experience needed (≥ 0; unique; the default level's is 0) */
  threshold: number;
  /** per mille paid: 1000 = no discount, 950 = 9.5 折 */
  discountRate: number;
  icon: string | null;
  /** true for the default level (普通会员), which cannot be deleted and keeps threshold 0 */
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}
export type MemberLevelRow = MemberLevel & { customerCount: number };

export const LevelInput = z
  .object({
    _id: Id.optional(),
    name: z.string().trim().min(1).max(LEVEL_NAME_MAX),
    threshold: z.number().int().min(0).max(1_000_000_000),
    discountRate: z.number().int().min(1).max(1000).default(1000),
    icon: IconUrl.nullable().default(null),
  })
  .strict();

// ---------------------------------------------------------------------------------------------------------
// Points ledger

export type PointsLedgerKind = 'earn' | 'spend' | 'return' | 'expire' | 'adjust' | 'revoke';
/** One change of a shopper's points and/or experience (`points_ledger`). */
export interface PointsLedgerEntry {
  _id: string;
  openid: string;
  /** points added (+) or taken (-); 0 for an experience-only change */
  delta: number;
  /** points balance after this change */
  balanceAfter: number;
  /** experience added (+) or taken (-) */
  experience: number;
  experienceAfter: number;
  kind: PointsLedgerKind;
  orderId: string | null;
  reason: string;
  /** the merchant who made an `adjust` change (merchant views only; null for shoppers) */
  operator: string | null;
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------------------
// Shopper: the member centre

export interface MemberCentre {
  openid: string;
  level: { _id: string; name: string; icon: string | null; discountRate: number; threshold: number };
  experience: number;
  /** the next level up, with the experience still needed; null at the top level */
  nextLevel: { name: string; threshold: number; needed: number } | null;
  /** 0–100: the way from this level's threshold to the next one's (100 at the top level) */
  progressPercent: number;
  points: {
    enabled: boolean;
    balance: number;
    fenPerPoint: number;
    maxPercent: number;
    /** points that lapse at the end of this year (Asia/Shanghai), when expiry is on */
    expiring: { points: number; at: string } | null;
  };
  experienceEnabled: boolean;
  /** the rules in words, for the page */
  rules: string[];
  /** every level, lowest first, for the page's level table */
  levels: { name: string; threshold: number; discountRate: number; icon: string | null }[];
}

export const PointsHistoryInput = z.object({ ...PageInput }).strict();

// ---------------------------------------------------------------------------------------------------------
// Merchant: points rules (the `points` and `experience` sections of the shop settings)

export const PointsRulesInput = ShopSettingsPatch.pick({ points: true, experience: true });
export type PointsRules = Pick<ShopSettings, 'points' | 'experience'>;

// ---------------------------------------------------------------------------------------------------------
// Merchant: customers and tags

export interface CustomerTag {
  _id: string;
  name: string;
  createdAt: string;
}
export type CustomerTagRow = CustomerTag & { customerCount: number };
export const TagInput = z.object({ _id: Id.optional(), name: z.string().trim().min(1).max(TAG_NAME_MAX) }).strict();

export interface CustomerSummary {
  openid: string;
  nickname: string;
  avatar: string | null;
  blocked: boolean;
  createdAt: string;
  experience: number;
  points: number;
  level: { _id: string; name: string; icon: string | null };
  /** tag ids */
  tags: string[];
  trade: CustomerTrade;
}
export interface CustomerDetail extends CustomerSummary {
  level: { _id: string; name: string; icon: string | null; discountRate: number; threshold: number };
  nextLevel: { name: string; threshold: number; needed: number } | null;
  /** points by the year they were earned (Asia/Shanghai), for expiry */
  pointBuckets: Record<string, number>;
  /** latest points changes (delta ≠ 0) and latest experience changes (experience ≠ 0); page on with customerLedger */
  pointsLedger: Page<PointsLedgerEntry>;
  experienceLedger: Page<PointsLedgerEntry>;
  /** the customer's history (issue 17): latest orders (page on with orderAdmin.list {openid}), addresses, coupons, after-sales (aftersaleAdmin.list {openid}) */
  orders: Page<import('./orders').OrderSummary>;
  addresses: import('./orders').Address[];
  coupons: { usable: Page<import('./coupons').MyCoupon>; used: Page<import('./coupons').MyCoupon> };
  aftersales: Page<import('./aftersales').Aftersale>;
}

export const CustomerListInput = z
  .object({
    /** part of the nickname or of the openid */
    keyword: z.string().trim().max(64).optional(),
    levelId: Id.optional(),
    tagId: Id.optional(),
    blocked: z.boolean().optional(),
    /** the phone of one of the customer's addresses (exact) */
    phone: z.string().trim().regex(/^[0-9+\- ]{3,20}$/, 'a phone number').optional(),
    minOrders: z.number().int().min(0).max(1_000_000).optional(),
    maxOrders: z.number().int().min(0).max(1_000_000).optional(),
    minSpent: Fen.optional(),
    maxSpent: Fen.optional(),
    lastOrderFrom: Instant.optional(),
    lastOrderTo: Instant.optional(),
    sortBy: z.enum(['createdAt', 'experience', 'points', 'orders', 'spent', 'lastOrderAt']).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    ...PageInput,
  })
  .strict();
export const OpenidInput = z.object({ openid: Id }).strict();
export const CustomerLedgerInput = z
  .object({ openid: Id, type: z.enum(['points', 'experience']).default('points'), ...PageInput })
  .strict();
export const SetBlockedInput = z.object({ openid: Id, blocked: z.boolean() }).strict();
export const SetCustomerTagsInput = z.object({ openid: Id, tagIds: z.array(Id).max(50) }).strict();
export const AdjustInput = z
  .object({
    openid: Id,
    delta: z
      .number()
      .int()
      .min(-ADJUST_MAX)
      .max(ADJUST_MAX)
      .refine((n) => n !== 0, 'must not be 0'),
    reason: z.string().trim().min(1).max(ADJUST_REASON_MAX),
  })
  .strict();

/** `member.hello`: the shopper's own profile, both optional (a WeChat avatar is an uploaded https:// or cloud:// file). */
export const HelloInput = z
  .object({
    nickname: z.string().trim().min(1).max(40).optional(),
    avatar: z
      .string()
      .trim()
      .max(500)
      .regex(/^(https?|cloud):\/\/[^\s]+$/, 'an http(s):// or cloud:// URL')
      .optional(),
  })
  .strict();
export interface ShopperHello {
  openid: string;
  nickname: string;
  avatar: string | null;
  /** true when this call created the shopper */
  isNew: boolean;
}

/** shopper: the member centre */
export interface MemberApi extends SubscribeMemberApi {
  /**
   * called by the mini-program at launch (WeChat has no login call: the OPENID comes with every call): creates the
   * shopper on first sight (registration gift once), saves a nickname / avatar given; ACCOUNT_DISABLED when blocked
   */
  hello: { input: In<typeof HelloInput>; output: ShopperHello };
  centre: { input: Empty; output: MemberCentre };
  /** the caller's own points changes, newest first */
  pointsHistory: { input: In<typeof PointsHistoryInput>; output: Page<PointsLedgerEntry> };
}

/** merchant (owner, operator): levels, points rules, customers, tags */
export interface CustomerAdminApi {
  listLevels: { input: Empty; output: MemberLevelRow[] };
  saveLevel: { input: In<typeof LevelInput>; output: MemberLevel };
  deleteLevel: { input: { id: string }; output: { deleted: number } };
  getPointsRules: { input: Empty; output: PointsRules };
  savePointsRules: { input: In<typeof PointsRulesInput>; output: PointsRules };
  listCustomers: { input: In<typeof CustomerListInput>; output: Page<CustomerSummary> };
  getCustomer: { input: In<typeof OpenidInput>; output: CustomerDetail };
  customerLedger: { input: In<typeof CustomerLedgerInput>; output: Page<PointsLedgerEntry> };
  setBlocked: { input: In<typeof SetBlockedInput>; output: { openid: string; blocked: boolean; sessionsEnded: number } };
  listTags: { input: Empty; output: CustomerTagRow[] };
  saveTag: { input: In<typeof TagInput>; output: CustomerTag };
  deleteTag: { input: { id: string }; output: { deleted: number; customersUntagged: number } };
  setCustomerTags: { input: In<typeof SetCustomerTagsInput>; output: { openid: string; tags: string[] } };
  adjustPoints: { input: In<typeof AdjustInput>; output: { openid: string; points: number; entry: PointsLedgerEntry } };
  adjustExperience: { input: In<typeof AdjustInput>; output: { openid: string; experience: number; entry: PointsLedgerEntry } };
}
