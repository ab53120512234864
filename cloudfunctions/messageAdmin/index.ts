/** CloudBase entry point of the `messageAdmin` function (bundled by `npm run build:functions`). */
import { makeMain } from '../shared/runtime/cloudbase';
import def from './handler';

export const main = makeMain(def);
