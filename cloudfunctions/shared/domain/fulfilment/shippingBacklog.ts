import type { Database } from '../../db/types';

/** 微信发货信息未上传 for the dashboard: shipping-information uploads still pending or given up (index pending). */
export const unsentShippingInfoCount = (db: Database) =>
  db.collection('wx_shipping_uploads').where({ status: db.command.in(['pending', 'failed']) }).count().then((r) => r.total);
