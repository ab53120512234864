import type { Database } from '../../db/types';

/** The states of a request waiting for the merchant: a decision, or goods that came back. */
export const OPEN_AFTERSALE_STATUSES = ['pending', 'returned'];

/** After-sales requests waiting for the merchant (the after-sales list's `open` filter lists them). */
export const pendingAftersales = (db: Database) =>
  db.collection('aftersales').where({ status: db.command.in(OPEN_AFTERSALE_STATUSES) }).count().then((r) => r.total);
