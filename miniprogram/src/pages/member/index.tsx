/**
 * 会员中心: the shopper's level (name, icon, discount), experience with progress to the next level, points balance
 * and a paged points history, and the shop's rules in words.
 */
import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { MemberCentre, PointsLedgerEntry } from '@shop/types';
import { ApiError, call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import LoadMore from '../../components/LoadMore';
import PageNotice from '../../components/PageNotice';
import { imageUrl } from '../../lib/image';
import type { ListStatus } from '../../lib/useProductList';
import { showError } from '../../lib/toast';
import './index.scss';

const PAGE_SIZE = 20;

/** 950 → "9.5 折"; 1000 → null. */
const discountText = (rate: number): string | null => (rate >= 1000 ? null : `${String(rate / 100)} 折`);

const KIND_TEXT: Record<PointsLedgerEntry['kind'], string> = {
  earn: '购物获得',
  spend: '下单抵扣',
  return: '订单返还',
  expire: '过期清零',
  adjust: '商家调整',
  revoke: '退款扣回',
};

/** "2026-11-23 16:00" in Beijing time (the storefront has no dayjs: +8 h, no daylight saving). */
const beijingTime = (iso: string): string => {
  const d = new Date(Date.parse(iso) + 8 * 3600e3);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
};

export default function MemberPage() {
  const [centre, setCentre] = useState<MemberCentre | null>(null);
  const [needLogin, setNeedLogin] = useState(false);
  const [failed, setFailed] = useState(false);
  const [items, setItems] = useState<PointsLedgerEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [status, setStatus] = useState<ListStatus>('idle');
  const page = useRef(0);
  const busy = useRef(false);

  const loadHistory = useCallback(async (next: number) => {
    if (busy.current) return;
    busy.current = true;
    setStatus('loading');
    try {
      const res = await call('member', 'pointsHistory', { page: next, pageSize: PAGE_SIZE });
      page.current = next;
      setTotal(res.total);
      setItems((prev) => (next === 1 ? res.items : [...prev, ...res.items.filter((e) => !prev.some((o) => o._id === e._id))]));
      setStatus('idle');
    } catch (e) {
      setStatus('error');
      if (!(e instanceof ApiError && e.code === 'UNAUTHENTICATED')) showError(e);
    } finally {
      busy.current = false;
    }
  }, []);

  const load = useCallback(async () => {
    try {
      setCentre(await call('member', 'centre', {}));
      setNeedLogin(false);
      setFailed(false);
      busy.current = false;
      await loadHistory(1);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN')) setNeedLogin(true);
      else {
        setFailed(true);
        showError(e);
      }
    }
  }, [loadHistory]);

  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));
  const hasMore = items.length < total;
  useReachBottom(() => {
    if (hasMore && status !== 'loading') void loadHistory(page.current + 1);
  });

  if (needLogin) return <PageNotice page="member" title="登录后查看会员中心" description="会员等级、经验值和积分都在这里" icon="☆" button="member__login" label="去登录" tab="/pages/me/index" />;
  if (!centre) {
    return (
      <View className="page member">
        {failed ? (
          <EmptyState title="会员信息加载失败" icon="!">
            <View className="member__login" onClick={() => void load()}>
              重试
            </View>
          </EmptyState>
        ) : (
          <View className="member__loading">加载中…</View>
        )}
      </View>
    );
  }

  const discount = discountText(centre.level.discountRate);
  return (
    <View className="page member">
      <View className="member__card" id="member-card">
        <View className="member__level">
          {centre.level.icon ? (
            <Image className="member__icon" src={imageUrl(centre.level.icon)} mode="aspectFit" />
          ) : (
            <View className="member__icon member__icon--text">{centre.level.name.slice(0, 1)}</View>
          )}
          <View className="member__level-text">
            <Text className="member__level-name" id="member-level">
              {centre.level.name}
            </Text>
            <Text className="member__discount" id="member-discount">
              {discount ? `会员购物享 ${discount}` : '暂无会员折扣'}
            </Text>
          </View>
        </View>
        <View className="member__xp">
          <View className="member__xp-row">
            <Text id="member-experience">经验值 {centre.experience}</Text>
            <Text className="member__xp-next">
              {centre.nextLevel ? `再获得 ${centre.nextLevel.needed} 经验值升级为${centre.nextLevel.name}` : '已是最高等级'}
            </Text>
          </View>
          <View className="member__bar">
            <View className="member__bar-fill" id="member-progress" style={{ width: `${centre.progressPercent}%` }} />
          </View>
        </View>
      </View>

      <View className="member__section">
        <View className="member__points">
          <View>
            <Text className="member__label">我的积分</Text>
            <Text className="member__points-value" id="member-points">
              {centre.points.enabled ? centre.points.balance : '—'}
            </Text>
          </View>
          {centre.points.enabled && centre.points.expiring && (
            <Text className="member__expiring">
              {centre.points.expiring.points} 积分将于 {beijingTime(centre.points.expiring.at).slice(0, 10)} 前过期
            </Text>
          )}
          {!centre.points.enabled && <Text className="member__expiring">本店暂未开启积分</Text>}
        </View>
      </View>

      {centre.levels.length > 1 && (
        <View className="member__section">
          <View className="member__title">会员等级</View>
          {centre.levels.map((l) => (
            <View key={l.name} className={`member__tier${l.name === centre.level.name ? ' member__tier--current' : ''}`}>
              <Text>{l.name}</Text>
              <Text className="member__tier-sub">
                {l.threshold} 经验值 · {discountText(l.discountRate) ?? '无折扣'}
              </Text>
            </View>
          ))}
        </View>
      )}

      <View className="member__section">
        <View className="member__title">积分规则</View>
        {centre.rules.map((r) => (
          <Text key={r} className="member__rule">
            {r}
          </Text>
        ))}
      </View>

      <View className="member__section" id="points-history">
        <View className="member__title">积分明细</View>
        {items.length === 0 && status !== 'loading' ? (
          <Text className="member__empty">还没有积分记录</Text>
        ) : (
          items.map((e) => (
            <View key={e._id} className="member__entry">
              <View className="member__entry-main">
                <Text className="member__entry-title">{KIND_TEXT[e.kind] ?? e.kind}</Text>
                <Text className="member__entry-sub">
                  {beijingTime(e.createdAt)}
                  {e.reason ? ` · ${e.reason}` : ''}
                </Text>
              </View>
              <Text className={`member__entry-delta${e.delta < 0 ? ' member__entry-delta--minus' : ''}`}>{e.delta > 0 ? `+${e.delta}` : e.delta}</Text>
            </View>
          ))
        )}
        {(items.length > 0 || status !== 'idle') && <LoadMore status={status} hasMore={hasMore} onLoadMore={() => void loadHistory(page.current + 1)} />}
      </View>
    </View>
  );
}
