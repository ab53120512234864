/**
 * What the catalogue's cards show of an activity besides its rules (the items' counters and SKU prices), as this
 * instance last read them: a short life (runtime/instanceCache.ts), dropped here whenever this instance moves one of
 * the activity's counters, so a card's 已抢光 follows a sale at once here and within the cache's life elsewhere.
 */
import type { Database } from '../../db/types';
import { instanceCache } from '../../runtime/instanceCache';
import type { Goods } from '../catalog/goods';

export interface CardFacts {
  left: Map<string, number>;
  goods: Map<string, Goods>;
}

export const cardFacts = instanceCache<CardFacts>();

/** A counter of the activity moved in this instance (`<activityId>:<key>` or the activity id). */
export const countersMoved = (db: Database, stockKeyOrId: string) => cardFacts.invalidate(db, stockKeyOrId.split(':')[0]);
