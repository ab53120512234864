import { View } from '@tarojs/components';
import type { ProductCard as Card } from '@shop/types';
import ProductCard from '../ProductCard';
import './index.scss';

/** Two-column grid of product cards. */
export default function ProductGrid({ products, className = '' }: { products: Card[]; className?: string }) {
  return (
    <View className={`product-grid ${className}`}>
      {products.map((p) => (
        <View className="product-grid__cell" key={p._id}>
          <ProductCard product={p} />
        </View>
      ))}
    </View>
  );
}
