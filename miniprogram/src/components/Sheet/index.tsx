import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './index.scss';

interface Props {
  visible: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** buttons under the scrolling body */
  footer?: ReactNode;
  className?: string;
}

/** A bottom sheet over a dark mask (coupon picker, cancel reasons). Tapping the mask or × closes it. */
export default function Sheet({ visible, title, onClose, children, footer, className = '' }: Props) {
  if (!visible) return null;
  return (
    <View className={`sheet-layer ${className}`}>
      <View className="sheet-mask" onClick={onClose} />
      <View className="sheet" catchMove>
        <View className="sheet__title">
          <Text>{title}</Text>
          <Text className="sheet__close" onClick={onClose}>
            ×
          </Text>
        </View>
        <View className="sheet__body">{children}</View>
        {footer ? <View className="sheet__foot">{footer}</View> : null}
      </View>
    </View>
  );
}
