import type { ReactNode } from 'react';
import { Image, Text, View } from '@tarojs/components';
import './index.scss';

interface Props {
  title: string;
  description?: string;
  /** a short text glyph, or an image URL (imported asset) when iconImage is set */
  icon?: string;
  iconImage?: string;
  className?: string;
  children?: ReactNode;
}

/** A centred message for lists with nothing to show; children go below it (e.g. a button). */
export default function EmptyState({ title, description, icon = '∅', iconImage, className = '', children }: Props) {
  return (
    <View className={`empty-state ${className}`}>
      <View className="empty-state__icon">
        {iconImage ? <Image className="empty-state__image" src={iconImage} /> : icon}
      </View>
      <Text className="empty-state__title">{title}</Text>
      {description ? <Text className="empty-state__desc">{description}</Text> : null}
      {children}
    </View>
  );
}
