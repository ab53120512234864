import { useMemo } from 'react';
import { View } from '@tarojs/components';
import { qrMatrix, rowRuns } from '../../lib/qr';
import './index.scss';

interface Props {
  text: string;
  id?: string;
  className?: string;
}

/**
 * A QR code of `text` drawn with views (same on H5 and weapp): rows of dark and light runs, each as wide as its
 * modules (flex-grow), inside a square with a quiet zone. `data-size` is the module count.
 */
export default function QrCode({ text, id, className = '' }: Props) {
  const rows = useMemo(() => qrMatrix(text).map(rowRuns), [text]);
  return (
    <View id={id} className={`qr ${className}`} data-text={text} data-size={String(rows.length)}>
      <View className="qr__grid">
        {rows.map((runs, r) => (
          <View key={r} className="qr__row">
            {runs.map(([dark, len], i) => (
              <View key={i} className={dark ? 'qr__run qr__run--dark' : 'qr__run'} data-len={String(len)} style={{ flexGrow: len }} />
            ))}
          </View>
        ))}
      </View>
    </View>
  );
}
