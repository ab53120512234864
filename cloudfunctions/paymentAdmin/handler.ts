import { PaymentSettingsInput } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { getPaymentSettings, savePaymentSettings } from '../shared/domain/payments/settings';

/** WeChat Pay merchant settings: the owner only; secrets go in and never come back out. */
export default defineFunction('paymentAdmin', {
  settings: action({ access: ['owner'], input: NoInput, handler: (ctx) => getPaymentSettings(ctx.db) }),
  saveSettings: action({ access: ['owner'], input: PaymentSettingsInput, handler: (ctx, i) => savePaymentSettings(ctx.db, i, ctx.now()) }),
});
