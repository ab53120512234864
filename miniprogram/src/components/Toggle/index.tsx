import { View } from '@tarojs/components';
import './index.scss';

interface Props {
  on: boolean;
  disabled?: boolean;
  id?: string;
  className?: string;
  onChange: (on: boolean) => void;
}

/** A switch drawn with views, so it taps the same way on weapp and H5; data-on says its state. */
export default function Toggle({ on, disabled = false, id, className = '', onChange }: Props) {
  return (
    <View
      id={id}
      className={`toggle${on ? ' toggle--on' : ''}${disabled ? ' toggle--disabled' : ''} ${className}`}
      data-on={on ? '1' : '0'}
      aria-disabled={disabled}
      onClick={() => !disabled && onChange(!on)}
    >
      <View className="toggle__knob" />
    </View>
  );
}
