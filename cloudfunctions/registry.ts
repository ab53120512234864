/** Every CloudBase function of the product, by name. The local gateway serves exactly these. */
import type { FunctionDef } from './shared/runtime/define';
import auth from './auth/handler';
import catalog from './catalog/handler';
import productAdmin from './productAdmin/handler';
import staff from './staff/handler';

export const FUNCTIONS: Record<string, FunctionDef> = { auth, catalog, productAdmin, staff };
