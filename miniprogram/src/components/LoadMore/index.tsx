import { View } from '@tarojs/components';
import type { ListStatus } from '../../lib/useProductList';
import './index.scss';

interface Props {
  status: ListStatus;
  hasMore: boolean;
  onLoadMore: () => void;
}

/** Footer of a paged list: loading, 'load more' (tappable), retry, or the end. */
export default function LoadMore({ status, hasMore, onLoadMore }: Props) {
  if (status === 'loading') return <View className="load-more load-more--loading">加载中…</View>;
  if (status === 'error')
    return (
      <View className="load-more load-more--error" onClick={onLoadMore}>
        加载失败，点击重试
      </View>
    );
  if (hasMore)
    return (
      <View className="load-more load-more--more" onClick={onLoadMore}>
        加载更多
      </View>
    );
  return <View className="load-more load-more--end">没有更多了</View>;
}
