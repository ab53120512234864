/** Every CloudBase function of the function API (`Api`), by name: all of them, each defined for its own name. The local gateway serves exactly these. */
import type { FnName } from '@shop/types';
import type { FunctionDef } from './shared/runtime/define';
import auth from './auth/handler';
import catalog from './catalog/handler';
import coupon from './coupon/handler';
import couponAdmin from './couponAdmin/handler';
import customerAdmin from './customerAdmin/handler';
import member from './member/handler';
import productAdmin from './productAdmin/handler';
import staff from './staff/handler';
import campaignAdmin from './campaignAdmin/handler';
import cart from './cart/handler';
import order from './order/handler';
import orderAdmin from './orderAdmin/handler';
import paymentAdmin from './paymentAdmin/handler';
import aftersale from './aftersale/handler';
import aftersaleAdmin from './aftersaleAdmin/handler';
import pickup from './pickup/handler';
import freightAdmin from './freightAdmin/handler';
import storeAdmin from './storeAdmin/handler';
import activity from './activity/handler';
import activityAdmin from './activityAdmin/handler';
import syncAdmin from './syncAdmin/handler';
import statsAdmin from './statsAdmin/handler';
import decorationAdmin from './decorationAdmin/handler';
import wxappAdmin from './wxappAdmin/handler';

export const FUNCTIONS: Record<string, FunctionDef> = { auth, catalog, productAdmin, staff, campaignAdmin, cart, order, orderAdmin, paymentAdmin, aftersale, aftersaleAdmin, pickup, freightAdmin, storeAdmin, member, customerAdmin, coupon, couponAdmin, activity, activityAdmin, syncAdmin, statsAdmin, decorationAdmin, wxappAdmin } satisfies { [F in FnName]: FunctionDef<F> };
