/**
 * What the 小程序 pages share: the words for a shipping-information upload's state and logistics type, the owner-only
 * page gate, and the 重试 of an order's failed upload (the 发货信息上传 list and the order detail card).
 */
import { useState, type ComponentType } from 'react';
import { App, Button, Result, Tag, Tooltip } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import type { WxShippingUpload, WxShippingUploadStatus } from '@shop/types';
import { call, useSession } from './api';
import { errorText } from './errors';

export const UPLOAD_STATUS_TEXT: Record<WxShippingUploadStatus, string> = { pending: '待上传', sent: '已上传', failed: '上传失败' };
export const UPLOAD_STATUS_COLOR: Record<WxShippingUploadStatus, string> = { pending: 'processing', sent: 'success', failed: 'error' };
export const LOGISTICS_TEXT: Record<number, string> = { 1: '快递', 2: '同城配送', 3: '虚拟商品', 4: '用户自提' };

/** An upload's state as a tag (with WeChat's errcode in the tooltip of a failed one). */
export function UploadStatusTag({ upload: u, testId }: { upload: Pick<WxShippingUpload, 'status' | 'errcode' | 'errmsg'>; testId?: string }) {
  const tag = (
    <Tag color={UPLOAD_STATUS_COLOR[u.status]} data-testid={testId} data-status={u.status}>
      {UPLOAD_STATUS_TEXT[u.status] ?? u.status}
    </Tag>
  );
  return u.status === 'failed' && u.errcode != null ? <Tooltip title={`${u.errcode} ${u.errmsg ?? ''}`}>{tag}</Tooltip> : tag;
}

/** WeChat's answer to the last try: `errcode errmsg`, or the client's error (a timeout has no errcode). */
export const uploadErrorText = (u: Pick<WxShippingUpload, 'errcode' | 'errmsg' | 'error'>): string | null =>
  u.errcode != null ? `${u.errcode} ${u.errmsg ?? ''}`.trim() : u.error;

function WxOwnerOnly() {
  return (
    <div data-testid="wxapp-owner-only">
      <Result status="403" title="只有店主可以管理小程序设置和发货信息上传" subTitle="当前账号不是店主，请联系店主。" extra={<Button href="#/products">返回商品列表</Button>} />
    </div>
  );
}

/** A page for owners only (the server refuses everyone else too). */
export const wxOwnerOnly = (Page: ComponentType) =>
  function WxOwnerOnlyPage() {
    return useSession()?.admin.role === 'owner' ? <Page /> : <WxOwnerOnly />;
  };

/** 重试: the order's failed uploads wait again, due now (the jobs send them within the minute); then `done`. */
export function RetryUploadButton({ orderId, done, testId }: { orderId: string; done: () => void; testId?: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    try {
      const r = await call('wxappAdmin', 'retryShippingUpload', { orderId });
      if (r.retried) message.success('已重新排队，稍后自动上传');
      else message.info('没有需要重试的上传');
      done();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" danger icon={<RedoOutlined />} loading={busy} data-testid={testId} onClick={() => void retry()}>
      重试
    </Button>
  );
}
