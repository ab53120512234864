/**
 * A line's picture, name and spec values: the goods cell of the order and after-sales tables. Its own module (not
 * orders.tsx, which the panel's frame imports for the menu badges), so antd's Image and its preview load with the
 * pages that show goods, not with the login page and 概况 (scripts/admin-size.js).
 */
import { Image, Space, Typography } from 'antd';

export const GOODS_PLACEHOLDER =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="#f0f0f0"/><text x="24" y="29" font-size="11" text-anchor="middle" fill="#bbb">无图</text></svg>');

/** A line's picture (click to enlarge), name and spec values. */
export const GoodsCell = ({ l }: { l: { name: string; image: string | null; specValues: string[] } }) => (
  <Space align="start">
    <Image width={48} height={48} src={l.image || GOODS_PLACEHOLDER} fallback={GOODS_PLACEHOLDER} style={{ objectFit: 'cover', borderRadius: 4 }} preview={!!l.image} />
    <div>
      <div>{l.name}</div>
      {l.specValues.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {l.specValues.join(' / ')}
        </Typography.Text>
      )}
    </div>
  </Space>
);
