import type { Database } from '../../db/types';

/** After-sales requests waiting for the merchant: a decision, or goods that came back. */
export const pendingAftersales = (db: Database) =>
  db.collection('aftersales').where({ status: db.command.in(['pending', 'returned']) }).count().then((r) => r.total);
