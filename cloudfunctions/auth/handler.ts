import { MerchantLoginInput, ShopperLoginInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { AppError } from '../shared/runtime/errors';
import { merchantLogin, localShopperLogin } from '../shared/domain/auth/service';
import { endSession } from '../shared/domain/auth/sessions';

export default defineFunction('auth', {
  shopperLogin: action({
    access: 'public',
    input: ShopperLoginInput,
    handler: async (ctx, input) => {
      if (ctx.platform !== 'local') {
        throw new AppError('FORBIDDEN', 'on WeChat the shopper is identified by the platform; no login call is needed');
      }
      return localShopperLogin(ctx.db, input.code, ctx.now());
    },
  }),
  merchantLogin: action({
    access: 'public',
    input: MerchantLoginInput,
    handler: (ctx, input) => merchantLogin(ctx.db, input.username, input.password, ctx.now()),
  }),
  logout: action({
    access: 'public',
    input: NoInput,
    handler: async (ctx) => {
      if (ctx.sessionToken) await endSession(ctx.db, ctx.sessionToken);
      return { ok: true as const };
    },
  }),
  whoami: action({ access: 'public', input: NoInput, handler: async (ctx) => ctx.caller }),
});
