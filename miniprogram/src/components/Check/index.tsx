import { View } from '@tarojs/components';
import './index.scss';

interface Props {
  checked: boolean;
  disabled?: boolean;
  className?: string;
  id?: string;
  onClick?: () => void;
}

/** A round check mark (cart lines, select all, radio choices); data-checked says its state for tests. */
export default function Check({ checked, disabled = false, className = '', id, onClick }: Props) {
  return (
    <View
      id={id}
      className={`check${checked ? ' check--on' : ''}${disabled ? ' check--disabled' : ''} ${className}`}
      data-checked={checked ? '1' : '0'}
      aria-disabled={disabled}
      onClick={
        onClick
          ? (e) => {
              e.stopPropagation(); // the row around it may have its own tap
              if (!disabled) onClick();
            }
          : undefined
      }
    />
  );
}
