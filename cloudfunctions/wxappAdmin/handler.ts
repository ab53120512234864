import { NotUploadedInput, WxAppSettingsInput, WxOrderInput, WxShippingUploadListInput, type AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { getWxAppSettings, saveWxAppSettings } from '../shared/domain/wxapi/settings';
import { testWxConnection } from '../shared/domain/wxapi/setup';
import { listShippingUploads, notUploaded, retryShippingUploadsOf } from '../shared/domain/fulfilment/wxShipping';

const OWNER: AdminRole[] = ['owner'];

/** The mini-program's server APIs for the owner: AppID and AppSecret, a connection test, the shipping-information uploads. */
export default defineFunction('wxappAdmin', {
  settings: action({ access: OWNER, input: NoInput, handler: (ctx) => getWxAppSettings(ctx.db) }),
  /** the address (WeChat, or locally the simulator) is not the owner's to change: the stored one stays */
  saveSettings: action({ access: OWNER, input: WxAppSettingsInput, handler: (ctx, i) => saveWxAppSettings(ctx.db, { appid: i.appid, secret: i.secret }, ctx.now()) }),
  testConnection: action({ access: OWNER, input: NoInput, handler: (ctx) => testWxConnection(ctx.db) }),
  shippingUploads: action({ access: OWNER, input: WxShippingUploadListInput, handler: (ctx, i) => listShippingUploads(ctx.db, i) }),
  /** the order's failed uploads wait again, due now: the jobs timer sends them within the minute */
  retryShippingUpload: action({ access: OWNER, input: WxOrderInput, handler: async (ctx, { orderId }) => ({ retried: await retryShippingUploadsOf(ctx.db, orderId, ctx.now()) }) }),
  notUploaded: action({ access: OWNER, input: NotUploadedInput, handler: (ctx, i) => notUploaded(ctx.db, i, ctx.now()) }),
});
