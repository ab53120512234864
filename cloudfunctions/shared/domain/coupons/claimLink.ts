/** The claim link of a published normal coupon: H5 url, mini-program path and a QR code (PNG) of the url. */
import QRCode from 'qrcode';
import type { ClaimLink } from '@shop/types';
import type { Database } from '../../db/types';
import { AppError } from '../../runtime/errors';
import { loadCoupon } from './store';

export const CLAIM_PAGE = '/pages/coupon-claim/index';

export async function claimLink(db: Database, couponId: string, origin?: string): Promise<ClaimLink> {
  const c = await loadCoupon(db, couponId);
  if (c.kind !== 'normal') throw new AppError('INVALID_STATE', 'a reusable coupon has no claim link: share its code');
  if (c.status !== 'published' || !c.claimToken) throw new AppError('INVALID_STATE', c.status === 'draft' ? 'publish the coupon first' : 'the coupon is void');
  const path = `${CLAIM_PAGE}?c=${c.claimToken}`;
  const url = `${origin ?? ''}/h5/#${path}`;
  const qrPngDataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 360 });
  return { token: c.claimToken, url, path, qrPngDataUrl };
}

/** For the distribute dialog: shoppers by nickname (or exact openid), newest first (members owns shoppers). */
export { searchShoppers } from '../members/shoppers';
