import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Address } from '@shop/types';
import { call } from '../../api/client';
import EmptyState from '../../components/EmptyState';
import { isUnauthenticated, goLogin, handleError } from '../../lib/errors';
import AddressSummary from '../../components/AddressSummary';
import { hasPickedAddress, pickAddress, takePickedAddress } from '../../lib/pickedAddress';
import '../../styles/order.scss';
import './index.scss';

/** The address book; with `select=1` (from checkout) tapping an address picks it and goes back. */
export default function AddressPage() {
  const router = useRouter();
  const selecting = router.params.select === '1';
  const [list, setList] = useState<Address[] | null>(null);
  const [failed, setFailed] = useState(false);

  const load = useCallback(async () => {
    try {
      setList(await call('order', 'addresses', {}));
      setFailed(false);
    } catch (e) {
      setFailed(true);
      if (isUnauthenticated(e)) goLogin();
      else handleError(e);
    }
  }, []);

  const firstShow = useRef(true);
  useDidShow(() => {
    // a pick left over from an earlier visit must not send this new list straight back
    if (firstShow.current) {
      firstShow.current = false;
      if (selecting) takePickedAddress();
    }
    // an address was just added for the checkout that opened this list: take it straight back there
    else if (selecting && hasPickedAddress()) {
      void Taro.navigateBack();
      return;
    }
    void load();
  });

  const pick = (a: Address) => {
    if (!selecting) return;
    pickAddress(a._id);
    void Taro.navigateBack();
  };
  const edit = (a: Address) => void Taro.navigateTo({ url: `/pages/address-edit/index?id=${encodeURIComponent(a._id)}` });
  const remove = async (a: Address) => {
    const { confirm } = await Taro.showModal({ title: '删除地址', content: `确定删除 ${a.name} 的地址？`, confirmText: '删除', confirmColor: '#e93b3d' });
    if (!confirm) return;
    try {
      await call('order', 'deleteAddress', { id: a._id });
      void Taro.showToast({ title: '已删除', icon: 'none' });
    } catch (e) {
      handleError(e);
    }
    void load();
  };
  const add = () => void Taro.navigateTo({ url: `/pages/address-edit/index${selecting ? '?pick=1' : ''}` });

  return (
    <View className="page address-page">
      {list === null ? (
        <View className="o-page-loading">{failed ? '加载失败' : '加载中…'}</View>
      ) : list.length === 0 ? (
        <EmptyState className="address-empty" icon="⌂" title="还没有收货地址" description="添加一个地址，下单时就能直接使用" />
      ) : (
        <View className="address-list">
          {selecting ? <Text className="address-list__hint">选择一个收货地址</Text> : null}
          {list.map((a) => (
            <View key={a._id} className="address-item" data-id={a._id} data-default={a.isDefault ? '1' : '0'}>
              <View className="address-item__body" onClick={() => pick(a)}>
                <AddressSummary block="address-item" address={a} />
              </View>
              <View className="address-item__actions">
                <Text className="address-item__action address-edit-btn" onClick={() => edit(a)}>
                  编辑
                </Text>
                <Text className="address-item__action address-delete" onClick={() => void remove(a)}>
                  删除
                </Text>
              </View>
            </View>
          ))}
        </View>
      )}
      <View className="o-bottom-bar">
        <View id="address-add" className="address-add" onClick={add}>
          ＋ 新增收货地址
        </View>
      </View>
    </View>
  );
}
