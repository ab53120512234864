import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import EmptyState from '../EmptyState';

interface Props {
  /** the page's own class, after `page` */
  page: string;
  title: string;
  description?: string;
  icon: string;
  className?: string;
  /** the button's class, its text and the tab it switches to */
  button: string;
  label: string;
  tab: string;
}

/** A whole page that only says why there is nothing here (log in first, gone, ...) with one button to a tab. */
export default function PageNotice({ page, title, description, icon, className, button, label, tab }: Props) {
  return (
    <View className={`page ${page}`}>
      <EmptyState className={className} title={title} description={description} icon={icon}>
        <View className={button} onClick={() => void Taro.switchTab({ url: tab })}>
          {label}
        </View>
      </EmptyState>
    </View>
  );
}
