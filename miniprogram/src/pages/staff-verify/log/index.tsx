import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PickupAttempt } from '@shop/types';
import { callAsMerchant } from '../../../api/client';
import { getMerchant } from '../../../lib/session';
import { errorText, isUnauthenticated } from '../../../lib/errors';
import { PICKUP_RESULT_TEXT } from '../../../lib/fulfilment';
import { formatTime } from '../../../lib/orders';
import EmptyState from '../../../components/EmptyState';
import '../../../styles/order.scss';
import '../index.scss';

const RECENT = 30;
type State = { kind: 'loading' } | { kind: 'login' } | { kind: 'error'; message: string } | { kind: 'ready'; items: PickupAttempt[]; total: number };

/** 核销记录: the clerk's store's latest verification attempts (pickup.log; the server limits a clerk to their store). */
export default function StaffLogPage() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    if (!getMerchant()) return setState({ kind: 'login' });
    try {
      const page = await callAsMerchant('pickup', 'log', { page: 1, pageSize: RECENT });
      setState({ kind: 'ready', items: page.items, total: page.total });
    } catch (e) {
      setState(isUnauthenticated(e) ? { kind: 'login' } : { kind: 'error', message: errorText(e) });
    }
  }, []);
  useDidShow(() => void load());

  const back = () => void Taro.redirectTo({ url: '/pages/staff-verify/index' });
  if (state.kind === 'loading') return <View className="page o-page-loading">加载中…</View>;
  if (state.kind !== 'ready')
    return (
      <View className="page">
        <EmptyState icon="!" title={state.kind === 'login' ? '请先登录店员账号' : state.message}>
          <View className="detail-back" onClick={state.kind === 'login' ? back : () => void load()}>
            {state.kind === 'login' ? '去登录' : '重试'}
          </View>
        </EmptyState>
      </View>
    );
  return (
    <View className="page staff-log-page">
      {state.items.length === 0 ? (
        <EmptyState icon="∅" title="暂无核销记录" description="核销提货码后，每一次尝试都会记在这里" />
      ) : (
        <View id="staff-log" className="o-card" data-total={String(state.total)}>
          {state.items.map((a) => (
            <View key={a._id} className={`staff-log-row staff-log-row--${a.result}`} data-result={a.result} data-order={a.orderId ?? ''}>
              <View className="staff-log-row__main">
                <Text className="staff-log-row__result">{PICKUP_RESULT_TEXT[a.result] ?? a.result}</Text>
                <Text>尾号 {a.codeTail}</Text>
              </View>
              <Text className="staff-log-row__note">
                {formatTime(a.at)} · 店员 {a.clerk}
                {a.orderId ? ` · 订单 ${a.orderId}` : ''}
              </Text>
            </View>
          ))}
          <Text className="staff-log__total">{state.total > state.items.length ? `共 ${state.total} 条，显示最近 ${state.items.length} 条` : `共 ${state.total} 条`}</Text>
        </View>
      )}
    </View>
  );
}
