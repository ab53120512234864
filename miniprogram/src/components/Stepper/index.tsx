import { View } from '@tarojs/components';
import './index.scss';

interface Props {
  value: number;
  max: number;
  min?: number;
  onChange: (value: number) => void;
  /** id of the value (e.g. sku-qty) */
  valueId?: string;
}

/** − value + within min..max (.qty-minus / .qty-value / .qty-plus); a button at its limit is greyed and does nothing. */
export default function Stepper({ value, max, min = 1, onChange, valueId }: Props) {
  return (
    <View className="stepper">
      <View className={`stepper__btn qty-minus${value <= min ? ' stepper__btn--disabled' : ''}`} onClick={() => value > min && onChange(value - 1)}>
        −
      </View>
      <View id={valueId} className="stepper__value qty-value">
        {value}
      </View>
      <View className={`stepper__btn qty-plus${value >= max ? ' stepper__btn--disabled' : ''}`} onClick={() => value < max && onChange(value + 1)}>
        +
      </View>
    </View>
  );
}
