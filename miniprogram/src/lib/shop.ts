/**
 * 店铺信息 (catalog.shopInfo): the shop's name, logo, customer-service phone and share title / picture, set by the
 * owner in the admin. Asked once and kept for a minute, so pages opened one after another share one call; a failed
 * call answers what was known (or null) and the next page asks again.
 */
import { useEffect, useState } from 'react';
import type { ActionOutput } from '@shop/types';
import { call } from '../api/client';

export type ShopInfo = ActionOutput<'catalog', 'shopInfo'>;

const FRESH_MS = 60_000;
let known: { info: ShopInfo; at: number } | null = null;
let asking: Promise<ShopInfo | null> | null = null;

export function loadShopInfo(): Promise<ShopInfo | null> {
  if (known && Date.now() - known.at < FRESH_MS) return Promise.resolve(known.info);
  asking ??= call('catalog', 'shopInfo', {})
    .then((info) => {
      known = { info, at: Date.now() };
      return info;
    })
    .catch(() => known?.info ?? null)
    .finally(() => {
      asking = null;
    });
  return asking;
}

/** The shop's information (null until it has come, or when it cannot be had). */
export function useShopInfo(): ShopInfo | null {
  const [info, setInfo] = useState<ShopInfo | null>(() => known?.info ?? null);
  useEffect(() => {
    let live = true;
    void loadShopInfo().then((i) => live && i && setInfo(i));
    return () => {
      live = false;
    };
  }, []);
  return info;
}
