import { useMemo } from 'react';
import { RichText, Text, View } from '@tarojs/components';
import { detailParagraphs, richDetailHtml } from '../../lib/detail';
import { imageUrl } from '../../lib/image';
import './index.scss';

interface Props {
  detail: string;
  /** 'html': sanitized by the server on save; absent: plain text saved before details were rich */
  format?: 'html';
}

/**
 * The product's 图文详情. A rich detail is rendered by RichText from the server's sanitized HTML (pictures sized to
 * the screen, their paths resolved for weapp); an old plain detail as paragraphs of text, never as markup.
 */
export default function RichDetail({ detail, format }: Props) {
  const nodes = useMemo(() => (format === 'html' && detail ? richDetailHtml(detail, imageUrl) : null), [detail, format]);
  if (!detail) return <Text className="rich-detail__none">暂无详情</Text>;
  if (nodes !== null) {
    return (
      <View className="rich-detail rich-detail--html" data-format="html">
        <RichText className="rich-detail__body" nodes={nodes} />
      </View>
    );
  }
  return (
    <View className="rich-detail" data-format="plain">
      {detailParagraphs(detail).map((p, i) => (
        <Text className="rich-detail__p" key={i}>
          {p}
        </Text>
      ))}
    </View>
  );
}
