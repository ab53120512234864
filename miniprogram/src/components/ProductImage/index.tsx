import { Image, View } from '@tarojs/components';
import { imageUrl } from '../../lib/image';
import './index.scss';

interface Props {
  src: string | null | undefined;
  className?: string;
  mode?: 'aspectFill' | 'aspectFit' | 'widthFix';
}

/** A product picture resolved through imageUrl, with a placeholder when there is none. */
export default function ProductImage({ src, className = '', mode = 'aspectFill' }: Props) {
  if (!src) {
    return (
      <View className={`product-image product-image--empty ${className}`}>
        <View className="product-image__placeholder">暂无图片</View>
      </View>
    );
  }
  return <Image className={`product-image ${className}`} src={imageUrl(src)} mode={mode} lazyLoad />;
}
