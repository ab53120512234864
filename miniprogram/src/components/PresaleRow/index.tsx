import { Text, View } from '@tarojs/components';
import { presaleShipLine } from '../../lib/activity';

type Presale = Parameters<typeof presaleShipLine>[0];

/** The 预售发货 row of a checkout or an order (its id says which): the rule and, once known, the first shipping day. */
export default function PresaleRow({ id, presale }: { id: string; presale: Presale }) {
  return (
    <View id={id} className="o-row presale-row" data-mode={presale.ship.mode} data-ship-from={presale.shipFrom ?? ''}>
      <Text className="o-row__label">预售发货</Text>
      <Text className="o-row__value presale-row__value">{presaleShipLine(presale)}</Text>
    </View>
  );
}
