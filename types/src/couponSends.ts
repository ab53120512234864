/**
 * 发券宝 (issue 17): a coupon sent to a segment of customers (what they spent, how often and when they last ordered,
 * their member level and tags), and how many of them used it.
 */
import { z } from 'zod';
import { Fen, Id, PageInput, type Page, type SchemaIn as In } from './common';
import { Instant } from './pricing';

/** shoppers a send handles per step (one request or one timer run) */
export const SEGMENT_SEND_STEP = 100;

const Count = z.number().int().min(0).max(1_000_000);

/**
 * Which customers: every condition given must hold (none given: every customer). A customer who never paid an order
 * has 0 orders and 0 spent, and no last order (so `lastOrderWithinDays` and `lastOrderBefore` leave them out).
 * `levelIds`: any of these levels; `tagIds`: any of these tags.
 */
export const Segment = z
  .object({
    minSpent: Fen.optional(),
    maxSpent: Fen.optional(),
    minOrders: Count.optional(),
    maxOrders: Count.optional(),
    /** the last order was paid within this many days before now */
    lastOrderWithinDays: z.number().int().min(1).max(3650).optional(),
    /** the last order was paid before this instant (customers who have not come back since) */
    lastOrderBefore: Instant.optional(),
    levelIds: z.array(Id).min(1).max(50).optional(),
    tagIds: z.array(Id).min(1).max(50).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.minSpent !== undefined && s.maxSpent !== undefined && s.minSpent > s.maxSpent) ctx.addIssue({ code: 'custom', path: ['maxSpent'], message: 'below minSpent' });
    if (s.minOrders !== undefined && s.maxOrders !== undefined && s.minOrders > s.maxOrders) ctx.addIssue({ code: 'custom', path: ['maxOrders'], message: 'below minOrders' });
  });
export type Segment = z.output<typeof Segment>;

export const SegmentPreviewInput = z.object({ segment: Segment, couponId: Id.optional() }).strict();
export const SegmentSendInput = z
  .object({
    /** the caller's idempotency key (e.g. a UUID made when the send dialog opens): the same key twice is one send */
    key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, _ or -'),
    couponId: Id,
    segment: Segment,
    /** what the merchant calls this send (default: the coupon's name) */
    name: z.string().trim().max(50).optional(),
  })
  .strict();
export const SegmentSendsInput = z.object({ couponId: Id.optional(), ...PageInput }).strict();
export const SegmentSendIdInput = z.object({ id: Id }).strict();

export interface SegmentPreview {
  /** customers the segment matches now */
  matched: number;
  /** the first few of them */
  sample: { openid: string; nickname: string }[];
  /** with a couponId: its unassigned codes and how many one customer may hold */
  coupon: { available: number; perShopperLimit: number } | null;
}

/** why a customer of the segment got nothing */
export interface SegmentSkips {
  /** already holds (or held) as many copies as the coupon allows one customer */
  limit: number;
  /** no unassigned code was left */
  soldOut: number;
  /** a coupon for new customers, and the customer has paid an order */
  newOnly: number;
}

export interface SegmentSend {
  _id: string;
  name: string;
  couponId: string;
  couponName: string;
  segment: Segment;
  /** running: customers are still being handled (each poll of the detail or timer run does the next step) */
  state: 'running' | 'done';
  /** customers the segment matched when the send started */
  matched: number;
  /** customers handled so far (sent + skipped) */
  processed: number;
  sent: number;
  skipped: SegmentSkips;
  /** paid orders that used a coupon of this send, and what those orders paid (fen) */
  used: number;
  usedPaid: number;
  by: string;
  createdAt: string;
  doneAt: string | null;
}

/** owner only */
export interface CouponSendApi {
  segmentPreview: { input: In<typeof SegmentPreviewInput>; output: SegmentPreview };
  segmentSend: { input: In<typeof SegmentSendInput>; output: SegmentSend };
  segmentSends: { input: In<typeof SegmentSendsInput>; output: Page<SegmentSend> };
  segmentSendDetail: { input: In<typeof SegmentSendIdInput>; output: SegmentSend };
}
