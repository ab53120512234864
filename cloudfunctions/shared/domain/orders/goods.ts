/** The goods an order is made of are the catalog's: read through catalog/goods.ts (the catalog owns skus and products). */
export { lineName, loadGoods, type Goods } from '../catalog/goods';
