/** The one way a list function answers a page: the total and one slice, read in parallel. */
import type { Page } from '@shop/types';
import type { Doc, Query } from '../db/types';

/** Which page (from 1) and how many per page, as every list input carries them (PageInput). */
export interface PageAt {
  page: number;
  pageSize: number;
}

/**
 * One page of `q`: its count and its `page`-th slice of `pageSize` documents, mapped by `map`. The two
 * reads (count, get) run in parallel: two database operations, as each is a network round trip on CloudBase.
 * `q` is the caller's filtered, ordered (and projected, if it wants) query; count() counts by the filter
 * alone, on CloudBase as locally, so the order and projection do not change the total.
 */
export function pageOf(q: Query, at: PageAt): Promise<Page<Doc>>;
export function pageOf<T>(q: Query, at: PageAt, map: (d: Doc) => T): Promise<Page<T>>;
export async function pageOf<T>(q: Query, at: PageAt, map?: (d: Doc) => T): Promise<Page<T | Doc>> {
  const { page, pageSize } = at;
  const [{ total }, { data }] = await Promise.all([q.count(), q.skip((page - 1) * pageSize).limit(pageSize).get()]);
  return { items: map ? data.map((d) => map(d)) : data, total, page, pageSize };
}
