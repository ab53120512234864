/** 领取: the claim link (H5 url and mini-program path) and its QR code, with copy and download. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Spin, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import type { ClaimLink } from '@shop/types';
import { call } from '../../api';
import { couponError } from '../../couponText';

export function ClaimLinkModal({ coupon, onClose }: { coupon: { _id: string; name: string } | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [link, setLink] = useState<ClaimLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const couponId = coupon?._id ?? null;

  useEffect(() => {
    setLink(null);
    setError(null);
    if (!couponId) return;
    let live = true;
    call('couponAdmin', 'claimLink', { couponId, origin: window.location.origin })
      .then((l) => live && setLink(l))
      .catch((e) => live && setError(couponError(e)));
    return () => {
      live = false;
    };
  }, [couponId]);

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      message.success('已复制');
    } catch {
      message.warning('浏览器不允许自动复制，请手动选中复制');
    }
  };

  return (
    <Modal open={!!coupon} title={coupon ? `领取「${coupon.name}」` : '领取'} footer={null} onCancel={onClose} destroyOnHidden width={520}>
      <div data-testid="claim-modal">
        {error && <Alert type="error" showIcon title={error} data-testid="claim-error" />}
        {!link && !error && (
          <div style={{ textAlign: 'center', padding: 40 }}>
            <Spin />
          </div>
        )}
        {link && (
          <Space direction="vertical" style={{ width: '100%' }} size="middle">
            <div style={{ textAlign: 'center' }}>
              <img src={link.qrPngDataUrl} alt="领取二维码" width={220} height={220} data-testid="claim-qr" />
              <div>
                <Button
                  icon={<DownloadOutlined />}
                  href={link.qrPngDataUrl}
                  download={`coupon-${coupon?.name ?? 'qr'}.png`}
                  data-testid="claim-download"
                >
                  下载二维码
                </Button>
              </div>
            </div>
            <div>
              <Typography.Text strong>领取链接（H5）</Typography.Text>
              <Space.Compact style={{ width: '100%', marginTop: 4 }}>
                <Input readOnly value={link.url} data-testid="claim-url" />
                <Button icon={<CopyOutlined />} onClick={() => void copy(link.url)} data-testid="claim-copy">
                  复制
                </Button>
              </Space.Compact>
            </div>
            <div>
              <Typography.Text strong>小程序页面路径</Typography.Text>
              <Space.Compact style={{ width: '100%', marginTop: 4 }}>
                <Input readOnly value={link.path} data-testid="claim-path" />
                <Button icon={<CopyOutlined />} onClick={() => void copy(link.path)}>
                  复制
                </Button>
              </Space.Compact>
            </div>
            <Typography.Text type="secondary">
              顾客扫码或打开链接进入领取页面，每位顾客按优惠券设置的次数领取；优惠券废弃或删除后，链接和二维码显示活动已结束。
            </Typography.Text>
          </Space>
        )}
      </div>
    </Modal>
  );
}
