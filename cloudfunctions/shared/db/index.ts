/** The database seam: the interface business code uses, and the production adapter over @cloudbase/node-sdk. */
export * from './types';
export { createCloudbaseDatabase, mapSdkError, type SdkDatabase } from './cloudbase';
