/**
 * Type-level test, run by `npm run typecheck` (never executed): a function whose actions drift from the function
 * API (`Api` in types/src/api.ts) does not compile. Each `@ts-expect-error` fails the typecheck if the line under it
 * ever compiles; the first definition shows the contract met.
 */
import { z } from 'zod';
import { PaymentSettingsInput, type PaymentSettingsView } from '@shop/types';
import { action, defineFunction, NoInput } from './define';

const view = async (): Promise<PaymentSettingsView> => ({
  configured: false, mchid: null, appid: null, serialNo: null, privateKeySet: false, apiV3KeySet: false,
  platformSerials: [], baseUrl: '', updatedAt: null,
});
const settings = action({ access: ['owner'], input: NoInput, handler: view });
const saveSettings = action({ access: ['owner'], input: PaymentSettingsInput, handler: view });

export const meets = defineFunction('paymentAdmin', { settings, saveSettings });

// @ts-expect-error a declared action is missing
defineFunction('paymentAdmin', { settings });

// @ts-expect-error an action the API does not declare
defineFunction('paymentAdmin', { settings, saveSettings, extra: settings });

// @ts-expect-error a function the API does not declare
defineFunction('noSuchFunction', {});

defineFunction('paymentAdmin', {
  // @ts-expect-error the handler's answer is not the declared output
  settings: action({ access: ['owner'], input: NoInput, handler: async () => ({ configured: true }) }),
  saveSettings,
});

defineFunction('paymentAdmin', {
  settings,
  // @ts-expect-error the schema refuses what the API lets a caller send (a required field the caller may omit)
  saveSettings: action({ access: ['owner'], input: PaymentSettingsInput.required({ privateKey: true }), handler: view }),
});

defineFunction('paymentAdmin', {
  settings,
  // @ts-expect-error the schema takes a field the API does not declare
  saveSettings: action({ access: ['owner'], input: PaymentSettingsInput.extend({ note: z.string() }), handler: view }),
});

defineFunction('paymentAdmin', {
  // @ts-expect-error an input where the API declares none
  settings: action({ access: ['owner'], input: z.object({ id: z.string() }), handler: view }),
  saveSettings,
});
