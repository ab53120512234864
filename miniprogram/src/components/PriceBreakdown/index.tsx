import { Text, View } from '@tarojs/components';
import type { QuoteStep } from '@shop/types';
import { yuan } from '../../lib/price';
import { stepTitle } from '../../lib/orders';
import './index.scss';

interface Props {
  /** the quote's steps (checkout) or the order's (detail): one row each */
  steps: QuoteStep[];
  goods: number;
  /** null: no freight row at all (virtual goods have no logistics; see `freightShown`) */
  freight: number | null;
}

/**
 * How the amount came about: the goods (and freight), then one row per step that took something off, each with
 * its rule in words and the amount (the row carries data-kind and data-off in fen for tests).
 */
export default function PriceBreakdown({ steps, goods, freight }: Props) {
  return (
    <View className="breakdown" data-goods={String(goods)} data-freight={String(freight ?? 0)}>
      {steps.map((s, i) => {
        const isGoods = s.kind === 'goods';
        return (
          <View
            key={`${s.kind}-${s.id ?? ''}-${i}`}
            className={`breakdown-row breakdown-row--${s.kind}`}
            data-kind={s.kind}
            data-id={s.id ?? ''}
            data-off={String(s.off)}
          >
            <View className="breakdown-row__main">
              <Text className="breakdown-row__name">{stepTitle(s.kind, s.name)}</Text>
              <Text className={`breakdown-row__amount${isGoods ? '' : ' breakdown-row__amount--off'}`}>
                {isGoods ? yuan(goods) : `−${yuan(s.off)}`}
              </Text>
            </View>
            {!isGoods && s.rule ? <Text className="breakdown-row__rule">{s.rule}</Text> : null}
            {isGoods && freight !== null ? (
              <View className="breakdown-row__main breakdown-freight">
                <Text className="breakdown-row__name">运费</Text>
                <Text className="breakdown-row__amount">{freight > 0 ? `+${yuan(freight)}` : '免运费'}</Text>
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
