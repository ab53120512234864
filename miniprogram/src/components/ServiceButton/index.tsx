import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { useShopInfo } from '../../lib/shop';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

interface Props {
  id?: string;
  className?: string;
  /** what the button shows, given the service phone (H5) or null (weapp: WeChat's customer-service chat) */
  children: (phone: string | null) => ReactNode;
  /** weapp: the card the chat offers to send (the product the shopper is looking at) */
  card?: { title: string; path: string; image?: string };
}

/**
 * 客服. weapp: a `Button` with open-type="contact", WeChat's customer-service chat of the mini-program. H5 has no such
 * chat: the button shows the phone the owner set in 店铺信息 and calls it (Taro.makePhoneCall, a tel: link on H5);
 * without a phone there is no button.
 */
export default function ServiceButton({ id, className = '', children, card }: Props) {
  const shop = useShopInfo();
  if (IS_WEAPP) {
    return (
      <View id={id} className={className}>
        <Button
          className="service-button"
          openType="contact"
          showMessageCard={!!card}
          sendMessageTitle={card?.title}
          sendMessagePath={card?.path}
          sendMessageImg={card?.image}
        >
          {children(null)}
        </Button>
      </View>
    );
  }
  const phone = shop?.servicePhone;
  if (!phone) return null;
  const ask = async () => {
    const { confirm } = await Taro.showModal({ title: '联系客服', content: `客服电话：${phone}`, confirmText: '拨打', confirmColor: '#e93b3d', cancelText: '取消' });
    if (confirm) await Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  };
  return (
    <View id={id} className={className} data-phone={phone} onClick={() => void ask()}>
      {children(phone)}
    </View>
  );
}
