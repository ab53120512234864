/** Moved to the catalog, which owns SKUs and products; kept while callers move. */
export { moveStock, readSku } from '../catalog/stock';
