import { formatYuan } from '@shop/types/src/money';

/** 1234 fen -> "¥12.34" */
export const yuan = (fen: number): string => `¥${formatYuan(fen)}`;

/** For cards: "¥12.34" or, when SKU prices differ, "¥12.34 起". */
export const priceFrom = (min: number, max: number): string => (max > min ? `${yuan(min)} 起` : yuan(min));

/** For the product page: "¥12.34" or "¥12.34 - ¥56.78". */
export const priceRange = (min: number, max: number): string => (max > min ? `${yuan(min)} - ${yuan(max)}` : yuan(min));

/** An original price is shown struck through only when it is higher than what the shopper pays. */
export const showOriginal = (originalPrice: number, price: number): boolean => originalPrice > 0 && originalPrice > price;

/** Sales count for display: 12345 -> "1.2万". */
export const salesText = (sales: number): string => (sales >= 10000 ? `${(Math.floor(sales / 1000) / 10).toFixed(1)}万` : String(sales));
