/**
 * 微信发货信息 on 订单详情: whether WeChat was told how the order left (one upload per express parcel, one otherwise),
 * with WeChat's errcode on a failed one and, for the owner, 重试. Loads again whenever the order does.
 */
import { Link } from 'react-router-dom';
import { Card, Descriptions, Space, Typography } from 'antd';
import type { Order, WxShippingUpload } from '@shop/types';
import { call, useSession } from '../../api';
import { formatTime, useLoader } from '../../util';
import { LOGISTICS_TEXT, RetryUploadButton, UploadStatusTag, uploadErrorText } from '../../wxapp';

/** orderAdmin.shippingUploads answers the outbox documents (staff may read them): the fields the card shows */
const loadUploads = async (orderId: string) =>
  (await call('orderAdmin', 'shippingUploads', { id: orderId })).map(
    (d) => ({ ...d, logisticsType: (d.payload as { logistics_type?: number } | undefined)?.logistics_type ?? null }) as unknown as WxShippingUpload,
  );

export function WxShippingCard({ order: o }: { order: Order }) {
  const owner = useSession()?.admin.role === 'owner';
  const { data: uploads, error, reload } = useLoader(() => loadUploads(o._id), [o], []);
  const failed = uploads.some((u) => u.status === 'failed');
  return (
    <Card
      title="微信发货信息"
      style={{ marginBottom: 16 }}
      data-testid="wx-upload-card"
      extra={
        <Space>
          {owner && failed && <RetryUploadButton orderId={o._id} done={() => void reload()} testId="wx-upload-retry" />}
          {owner && <Link to={`/wx-shipping?orderId=${encodeURIComponent(o._id)}`}>上传记录</Link>}
        </Space>
      }
    >
      {error != null ? (
        <Typography.Text type="danger">发货信息加载失败</Typography.Text>
      ) : uploads.length === 0 ? (
        <Typography.Text type="secondary" data-testid="wx-upload-none">
          {o.status === 'paid' ? '尚未发货，发货后自动上传到微信' : '未上传'}
        </Typography.Text>
      ) : (
        <Descriptions column={1} size="small">
          {uploads.map((u, i) => (
            <Descriptions.Item key={u._id} label={uploads.length > 1 ? `第 ${i + 1} 次` : (u.logisticsType && LOGISTICS_TEXT[u.logisticsType]) || '上传'}>
              <Space orientation="vertical" size={0}>
                <UploadStatusTag upload={u} testId={`wx-upload-state-${i}`} />
                {u.status === 'sent' && u.sentAt && <Typography.Text type="secondary">{formatTime(u.sentAt, 'YYYY-MM-DD HH:mm:ss')} 已上传</Typography.Text>}
                {u.status !== 'sent' && uploadErrorText(u) && (
                  <Typography.Text type={u.status === 'failed' ? 'danger' : 'secondary'} data-testid={`wx-upload-error-${i}`}>
                    {uploadErrorText(u)}
                  </Typography.Text>
                )}
              </Space>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}
