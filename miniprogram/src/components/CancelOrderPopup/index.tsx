import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import Sheet from '../Sheet';
import ReasonList from '../ReasonList';
import { CANCEL_REASONS } from '../../lib/orders';

interface Props {
  visible: boolean;
  busy?: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
  /** the confirm button's words (a paid order asks the merchant instead of closing) */
  confirmText?: string;
}

/** 取消订单: pick a reason (.cancel-reason), then confirm (#cancel-confirm). */
export default function CancelOrderPopup({ visible, busy = false, onClose, onConfirm, confirmText = '确认取消订单' }: Props) {
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
          {busy ? '正在提交…' : confirmText}
        </View>
      }
    >
      <ReasonList reasons={CANCEL_REASONS} value={reason} onPick={setReason} itemClassName="cancel-reason" />
    </Sheet>
  );
}
