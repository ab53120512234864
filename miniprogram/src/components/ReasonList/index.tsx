import { Text, View } from '@tarojs/components';
import Check from '../Check';
import './index.scss';

interface Props {
  reasons: readonly string[];
  value: string | null;
  onPick: (reason: string) => void;
  /** an extra class on each option (e.g. cancel-reason) */
  itemClassName?: string;
}

/** Reasons to pick one of, in a sheet: one .reason-option (data-reason) each, with a check on the chosen one. */
export default function ReasonList({ reasons, value, onPick, itemClassName = '' }: Props) {
  return (
    <>
      {reasons.map((r) => (
        <View key={r} className={`reason-option ${itemClassName}${value === r ? ' reason-option--active' : ''}`} data-reason={r} onClick={() => onPick(r)}>
          <Text>{r}</Text>
          <Check checked={value === r} onClick={() => onPick(r)} />
        </View>
      ))}
    </>
  );
}
