import { z } from 'zod';

export type AdminRole = 'owner' | 'operator' | 'clerk';
/** Who is calling: filled by the platform (CloudBase) or by the local gateway's session, never by the request body. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'shopper'; openid: string }
  | { kind: 'merchant'; adminId: string; username: string; role: AdminRole; storeId: string | null };

export const MerchantLoginInput = z
  .object({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) })
  .strict();
export interface MerchantSession {
  token: string;
  expiresAt: string;
  admin: { _id: string; username: string; displayName: string; role: AdminRole; storeId: string | null };
}
/** Local stand-in for wx.login: the H5 storefront picks a test shopper. */
export const ShopperLoginInput = z.object({ code: z.string().trim().min(1).max(64) }).strict();
export interface ShopperSession {
  token: string;
  expiresAt: string;
  shopper: { openid: string; nickname: string; avatar: string | null };
}

export interface StaffAccount {
  _id: string;
  username: string;
  displayName: string;
  role: AdminRole;
  storeId: string | null;
  disabled: boolean;
  createdAt: string;
}
const Username = z.string().trim().toLowerCase().min(3).max(40).regex(/^[a-z0-9_.-]+$/, 'letters, digits, _ . -');
const Password = z.string().min(8, 'at least 8 characters').max(200);
export const StaffCreateInput = z
  .object({
    username: Username,
    displayName: z.string().trim().min(1).max(40),
    password: Password,
    role: z.enum(['owner', 'operator', 'clerk']),
    storeId: z.string().min(1).max(64).nullable().default(null),
  })
  .strict();
export const StaffUpdateInput = z
  .object({
    id: z.string().min(1).max(64),
    displayName: z.string().trim().min(1).max(40).optional(),
    role: z.enum(['owner', 'operator', 'clerk']).optional(),
    storeId: z.string().min(1).max(64).nullable().optional(),
    disabled: z.boolean().optional(),
    password: Password.optional(),
  })
  .strict();
