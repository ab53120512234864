import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Sheet from '../Sheet';
import Check from '../Check';
import { CANCEL_REASONS } from '../../lib/orders';
import './index.scss';

interface Props {
  visible: boolean;
  busy?: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}

/** 取消订单: pick a reason (.cancel-reason), then confirm (#cancel-confirm). */
export default function CancelOrderPopup({ visible, busy = false, onClose, onConfirm }: Props) {
  const [reason, setReason] = useState<string | null>(null);
  useEffect(() => {
    if (visible) setReason(null);
  }, [visible]);
  return (
    <Sheet
      visible={visible}
      title="请选择取消原因"
      className="cancel-sheet"
      onClose={onClose}
      footer={
        <View
          id="cancel-confirm"
          className={`sheet__btn${!reason || busy ? ' sheet__btn--disabled' : ''}`}
          onClick={() => reason && !busy && onConfirm(reason)}
        >
          {busy ? '正在取消…' : '确认取消订单'}
        </View>
      }
    >
      {CANCEL_REASONS.map((r) => (
        <View key={r} className={`cancel-reason${reason === r ? ' cancel-reason--active' : ''}`} data-reason={r} onClick={() => setReason(r)}>
          <Text>{r}</Text>
          <Check checked={reason === r} onClick={() => setReason(r)} />
        </View>
      ))}
    </Sheet>
  );
}
