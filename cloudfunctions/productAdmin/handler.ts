
import { AdminProductListInput, BatchInput, BrandInput, CategoryInput, IdInput, IdsInput, ImportCsvInput, ProductInput, Id, UploadImageInput, ProductGroupInput } from '@shop/types';
import type { AdminRole } from '@shop/types';
import { action, defineFunction, NoInput } from '../shared/runtime/define';
import { createProduct, deleteProducts, getProduct, listForAdmin, updateProduct } from '../shared/domain/catalog/products';
import { batchUpdate } from '../shared/domain/catalog/batch';
import { importProductsCsv } from '../shared/domain/catalog/importCsv';
import { storeProductImage } from '../shared/domain/catalog/images';
import type { ObjectStorage } from '../shared/storage/types';
import { deleteGroup, listGroups, saveGroup } from '../shared/domain/catalog/groups';
import { deleteBrand, deleteCategory, listBrands, listCategories, saveBrand, saveCategory, withProductCounts } from '../shared/domain/catalog/taxonomy';
import { statsSettings } from '../shared/domain/stats/dashboard';

/** Products are managed by owners and operators; clerks only verify pickups. */
const STAFF: AdminRole[] = ['owner', 'operator'];
/** detail pictures must come from the shop's own storage (uploadImage answers such URLs) */
const ownUploads = (ctx: { storage: ObjectStorage }) => ({ isOwnUrl: (url: string) => ctx.storage.isOwnUrl(url) });

export default defineFunction('productAdmin', {
  list: action({ access: STAFF, input: AdminProductListInput, handler: async ({ db }, input) => listForAdmin(db, input, input.lowStock ? (await statsSettings(db)).stockAlert : 0) }),
  get: action({ access: STAFF, input: IdInput, handler: ({ db }, { id }) => getProduct(db, id) }),
  create: action({ access: STAFF, input: ProductInput, handler: (ctx, input) => createProduct(ctx.db, input, ctx.now(), ownUploads(ctx)) }),
  update: action({
    access: STAFF,
    input: ProductInput.extend({ id: Id }),
    handler: (ctx, { id, ...input }) => updateProduct(ctx.db, id, input, ctx.now(), ownUploads(ctx)),
  }),
  delete: action({ access: STAFF, input: IdsInput, handler: ({ db }, { ids }) => deleteProducts(db, ids) }),
  batch: action({ access: STAFF, input: BatchInput, handler: (ctx, { ids, op }) => batchUpdate(ctx.db, ids, op, ctx.now()) }),
  importCsv: action({ access: STAFF, input: ImportCsvInput, handler: (ctx, { csv }) => importProductsCsv(ctx.db, csv, ctx.now()) }),
  uploadImage: action({ access: STAFF, input: UploadImageInput, handler: (ctx, input) => storeProductImage(ctx.storage, input) }),
  listCategories: action({ access: STAFF, input: NoInput, handler: async ({ db }) => withProductCounts(db, await listCategories(db), 'categoryIds') }),
  saveCategory: action({ access: STAFF, input: CategoryInput, handler: (ctx, input) => saveCategory(ctx.db, input, ctx.now()) }),
  deleteCategory: action({ access: STAFF, input: IdInput, handler: ({ db }, { id }) => deleteCategory(db, id) }),
  listBrands: action({ access: STAFF, input: NoInput, handler: async ({ db }) => withProductCounts(db, await listBrands(db), 'brandId') }),
  saveBrand: action({ access: STAFF, input: BrandInput, handler: (ctx, input) => saveBrand(ctx.db, input, ctx.now()) }),
  deleteBrand: action({ access: STAFF, input: IdInput, handler: ({ db }, { id }) => deleteBrand(db, id) }),
  listGroups: action({ access: STAFF, input: NoInput, handler: ({ db }) => listGroups(db) }),
  saveGroup: action({ access: STAFF, input: ProductGroupInput, handler: (ctx, input) => saveGroup(ctx.db, input, ctx.now()) }),
  deleteGroup: action({ access: STAFF, input: IdInput, handler: ({ db }, { id }) => deleteGroup(db, id) }),
});

