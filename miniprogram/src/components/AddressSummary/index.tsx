import { Text, View } from '@tarojs/components';
import type { Address } from '@shop/types';
import { addressLine } from '../../lib/orders';

/** Who (name, phone, 默认) and where of an address, in the classes of its block (`address-card`, `address-item`). */
export default function AddressSummary({ block, address }: { block: string; address: Address }) {
  return (
    <>
      <View className={`${block}__who`}>
        <Text className={`${block}__name`}>{address.name}</Text>
        <Text className={`${block}__phone`}>{address.phone}</Text>
        {address.isDefault ? <Text className="o-tag">默认</Text> : null}
      </View>
      <Text className={`${block}__line`}>{addressLine(address)}</Text>
    </>
  );
}
