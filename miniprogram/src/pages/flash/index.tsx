import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ActionOutput } from '@shop/types';
import { call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import ProductImage from '../../components/ProductImage';
import { yuan } from '../../lib/price';
import { openProduct } from '../../lib/nav';
import { showErrorText } from '../../lib/errors';
import { useNow } from '../../lib/useNow';
import { beijingShort, countdownLine, countdownTarget } from '../../lib/activity';
import './index.scss';

type Groups = ActionOutput<'activity', 'running'>;

/**
 * 限时秒杀: the running and upcoming flash sales, each with its countdown (距结束 / 距开始) and its products; a
 * tile opens the product page, where the shopper buys.
 */
export default function FlashPage() {
  const [groups, setGroups] = useState<Groups | null>(null);
  const [failed, setFailed] = useState(false);
  const now = useNow(!!groups && groups.length > 0);

  const load = useCallback(async () => {
    try {
      const all = await call('activity', 'running', { kind: 'flash' });
      // running first, then by start
      setGroups(
        all.slice().sort((a, b) => (a.activity.status === b.activity.status ? a.activity.periodStart.localeCompare(b.activity.periodStart) : a.activity.status === 'running' ? -1 : 1)),
      );
      setFailed(false);
    } catch (e) {
      setFailed(true);
      showErrorText(e);
    }
  }, []);

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  // a countdown that reached zero: the sale started or ended, ask again (not more than every 5 s)
  const askedAt = useRef(0);
  useEffect(() => {
    if (!groups || now - askedAt.current < 5000) return;
    if (groups.some((g) => Date.parse(countdownTarget(g.activity)) <= now)) {
      askedAt.current = now;
      void load();
    }
  }, [groups, now, load]);

  if (!groups) {
    return failed ? (
      <EmptyState className="page flash-page" icon="!" title="加载失败" description="网络开小差了，请稍后再试">
        <View className="flash-retry" onClick={() => void load()}>
          重新加载
        </View>
      </EmptyState>
    ) : (
      <View className="page flash-page flash-loading">加载中…</View>
    );
  }

  return (
    <View className="page flash-page" id="flash-list" data-count={String(groups.length)}>
      <View className="flash-hero">
        <Text className="flash-hero__title">限时秒杀</Text>
        <Text className="flash-hero__note">好价限量，抢完即止</Text>
      </View>
      {groups.length === 0 ? <EmptyState className="flash-empty" title="暂无秒杀活动" description="敬请期待下一场" /> : null}
      {groups.map(({ activity: a, products }) => (
        <View key={a.id} className={`flash-group flash-group--${a.status}`} data-id={a.id} data-status={a.status}>
          <View className="flash-group__head">
            <View className="flash-group__title">
              <Text className="flash-group__name">{a.name}</Text>
              <Text className="flash-group__state">{a.status === 'running' ? '抢购中' : `${beijingShort(a.periodStart)} 开抢`}</Text>
            </View>
            <Text className="flash-group__countdown">{countdownLine(a, now)}</Text>
          </View>
          {products.map((p) => {
            const gone = a.status === 'running' && p.soldOut;
            return (
              <View key={p.productId} className="flash-tile" data-id={p.productId} data-sold-out={p.soldOut ? '1' : '0'} onClick={() => openProduct(p.productId)}>
                <ProductImage className="flash-tile__image" src={p.image} />
                <View className="flash-tile__body">
                  <Text className="flash-tile__name">{p.name}</Text>
                  <View className="flash-tile__foot">
                    <View className="flash-tile__prices">
                      {p.price !== null ? (
                        <Text className="flash-tile__price" data-fen={String(p.price)}>
                          {yuan(p.price)}
                        </Text>
                      ) : null}
                      <Text className="flash-tile__sale" data-fen={String(p.salePrice)}>
                        {yuan(p.salePrice)}
                      </Text>
                    </View>
                    <View className={`flash-tile__btn${gone ? ' flash-tile__btn--gone' : a.status === 'upcoming' ? ' flash-tile__btn--soon' : ''}`}>
                      {gone ? '已抢光' : a.status === 'upcoming' ? '即将开始' : '马上抢'}
                    </View>
                  </View>
                </View>
              </View>
            );
          })}
        </View>
      ))}
    </View>
  );
}
