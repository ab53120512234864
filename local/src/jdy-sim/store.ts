/**
 * The ERP side of the Jingdou Cloud simulator: one account set's data (materials with SKUs and units, warehouses,
 * customers, settlement accounts, inventory, sales outbound and return documents) and the business rules of the
 * `/jdy/v2` endpoints. Plain JSON-able data (persisted as is); every rule failure is a `JdyError` with the errcode
 * the envelope carries. No HTTP here: sim.ts maps requests onto these functions.
 */
// The ERP side is split by what it holds: model.ts (records, errcodes), params.ts (request parsing, paging),
// master.ts (materials, master data, inventory), docs.ts (sales documents, common_operate), views.ts (answer
// shapes). This module gathers them under the one name the rest of the simulator imports.

export * from './model';
export { list, modifyFilter, paged, type Query, saveResult, saveRows } from './params';
export { getMaterial, listAuxValues, listBd, listInventory, listMaterials, listUnits, saveBd, setStock } from './master';
export { audit, commonOperate, docsOf, getDoc, listDocs, saveDoc, ship } from './docs';
export * from './views';
