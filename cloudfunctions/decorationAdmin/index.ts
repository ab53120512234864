/** CloudBase entry point of the `decorationAdmin` function (bundled by `npm run build:functions`). */
import { makeMain } from '../shared/runtime/cloudbase';
import def from './handler';

export const main = makeMain(def);
