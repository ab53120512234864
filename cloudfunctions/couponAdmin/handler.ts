import {
  ClaimLinkInput,
  CouponCodesInput,
  CouponIdInput,
  CouponInput,
  CouponListInput,
  CouponUpdateInput,
  CouponUsageInput,
  DistributeInput,
  ExportCodesInput,
  ImportCodesInput,
  RegistrationGiftInput,
  SegmentPreviewInput,
  SegmentSendIdInput,
  SegmentSendInput,
  SegmentSendsInput,
  ShopperSearchInput,
} from '@shop/types';
import type { AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import {
  claimLink,
  createCoupon,
  deleteCoupon,
  distribute,
  exportCodes,
  getCoupon,
  getRegistrationGift,
  importCodes,
  listCodes,
  listCoupons,
  publishCoupon,
  searchShoppers,
  setRegistrationGift,
  updateCoupon,
  usage,
  voidCoupon,
} from '../shared/domain/coupons';
import { giftCampaignsUsing } from '../shared/domain/campaigns/campaigns';
import { continueSend, listSends, previewSegment, startSend } from '../shared/domain/coupons/sends';
import { merchantActor } from '../shared/runtime/caller';

/** Coupons are marketing: owners and operators. */
const STAFF: AdminRole[] = ['owner', 'operator'];
/** 发券宝 sends coupons to many customers at once: owners only. */
const OWNER: AdminRole[] = ['owner'];

export default defineFunction('couponAdmin', {
  list: action({ access: STAFF, input: CouponListInput, handler: ({ db }, input) => listCoupons(db, input) }),
  get: action({ access: STAFF, input: CouponIdInput, handler: ({ db }, { couponId }) => getCoupon(db, couponId) }),
  create: action({ access: STAFF, input: CouponInput, handler: (ctx, input) => createCoupon(ctx.db, input, ctx.now()) }),
  update: action({ access: STAFF, input: CouponUpdateInput, handler: (ctx, input) => updateCoupon(ctx.db, input, ctx.now()) }),
  publish: action({ access: STAFF, input: CouponIdInput, handler: (ctx, { couponId }) => publishCoupon(ctx.db, couponId, ctx.now()) }),
  void: action({ access: STAFF, input: CouponIdInput, handler: (ctx, { couponId }) => voidCoupon(ctx.db, couponId, ctx.now()) }),
  delete: action({ access: STAFF, input: CouponIdInput, handler: (ctx, { couponId }) => deleteCoupon(ctx.db, couponId, ctx.now()) }),
  distribute: action({ access: STAFF, input: DistributeInput, handler: (ctx, { couponId, grants }) => distribute(ctx.db, couponId, grants, ctx.now()) }),
  importCodes: action({ access: STAFF, input: ImportCodesInput, handler: (ctx, { couponId, ...file }) => importCodes(ctx.db, couponId, file, ctx.now()) }),
  codes: action({ access: STAFF, input: CouponCodesInput, handler: ({ db }, input) => listCodes(db, input) }),
  usage: action({ access: STAFF, input: CouponUsageInput, handler: ({ db }, input) => usage(db, input) }),
  exportCodes: action({ access: STAFF, input: ExportCodesInput, handler: ({ db }, input) => exportCodes(db, input) }),
  claimLink: action({ access: STAFF, input: ClaimLinkInput, handler: ({ db }, { couponId, origin }) => claimLink(db, couponId, origin) }),
  searchShoppers: action({ access: STAFF, input: ShopperSearchInput, handler: ({ db }, input) => searchShoppers(db, input) }),
  getRegistrationGift: action({ access: STAFF, input: NoInput, handler: ({ db }) => getRegistrationGift(db) }),
  setRegistrationGift: action({ access: STAFF, input: RegistrationGiftInput, handler: (ctx, input) => setRegistrationGift(ctx.db, input, ctx.now(), giftCampaignsUsing) }),
  segmentPreview: action({ access: OWNER, input: SegmentPreviewInput, handler: (ctx, { segment, couponId }) => previewSegment(ctx.db, segment, couponId, ctx.now()) }),
  segmentSend: action({ access: OWNER, input: SegmentSendInput, handler: (ctx, input) => startSend(ctx.db, input, merchantActor(ctx), ctx.now()) }),
  segmentSends: action({ access: OWNER, input: SegmentSendsInput, handler: ({ db }, input) => listSends(db, input) }),
  // a running send does its next step on each look
  segmentSendDetail: action({ access: OWNER, input: SegmentSendIdInput, handler: (ctx, { id }) => continueSend(ctx.db, id, ctx.now()) }),
});
