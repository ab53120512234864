/**
 * 发货信息上传 (owner only): what the shop told WeChat about how each paid order left (发货信息录入), so that WeChat
 * releases the merchant's money. Tab 上传记录: every upload, newest first, by state and order, with WeChat's errcode
 * and errmsg, and 重试 on a failed one. Tab 未上传: the paid orders never uploaded N days after payment (express,
 * same-city, pickup and virtual alike), each linking to its order. In the query string: `tab`, `status`, `orderId`,
 * `days`, `page`, `pageSize`.
 */
import { Link } from 'react-router-dom';
import { Card, InputNumber, Space, Tabs, Typography } from 'antd';
import { WX_SHIPPING_UPLOAD_STATUSES, type NotUploadedOrder, type NotUploadedPage, type WxShippingUpload, type WxShippingUploadStatus } from '@shop/types';
import { call } from '../api';
import { errorText } from '../errors';
import { DELIVERY_TEXT, OrderStatusTag, yuan } from '../orders';
import { formatTime } from '../util';
import { actionsColumn, DateTimeCell, ListHint, ListTable, ListToolbar, LoadError, OrderIdSearch, PageHeader, StatusFilter, useListPage } from '../components/list';
import { LOGISTICS_TEXT, RetryUploadButton, UPLOAD_STATUS_TEXT, UploadStatusTag, uploadErrorText, wxOwnerOnly } from '../wxapp';
import { useListQuery } from '../listQuery';

const DEFAULT_DAYS = 3;
const orderLink = (id: string, testId: string) => (
  <Link to={`/orders/${id}`} data-testid={testId}>
    {id}
  </Link>
);

export default wxOwnerOnly(WxShipping);

function WxShipping() {
  const { params, update } = useListQuery({});
  const tab = params.get('tab') === 'missing' ? 'missing' : 'uploads';
  return (
    <div>
      <PageHeader title="发货信息上传" />
      <Tabs
        activeKey={tab}
        onChange={(k) => update({ tab: k === 'missing' ? 'missing' : undefined, status: undefined, orderId: undefined, days: undefined })}
        data-testid="wx-shipping-tabs"
        items={[
          { key: 'uploads', label: '上传记录', children: tab === 'uploads' && <Uploads /> },
          { key: 'missing', label: '未上传', children: tab === 'missing' && <NotUploaded /> },
        ]}
      />
    </div>
  );
}

const pickStatus = (v: string | null) => (WX_SHIPPING_UPLOAD_STATUSES as string[]).includes(v ?? '') ? (v as WxShippingUploadStatus) : undefined;

function Uploads() {
  const { params, update, table, error, reload } = useListPage<WxShippingUpload>({
    load: (p, paging) => call('wxappAdmin', 'shippingUploads', { status: pickStatus(p.get('status')), orderId: p.get('orderId')?.trim() || undefined, ...paging }),
  });
  const status = pickStatus(params.get('status'));
  return (
    <Card>
      <ListToolbar onRefresh={() => void reload()}>
        <Space wrap>
          <StatusFilter value={status} onChange={(s) => update({ status: s })} statuses={WX_SHIPPING_UPLOAD_STATUSES} text={UPLOAD_STATUS_TEXT} testId="wx-shipping-status" />
          <OrderIdSearch testId="wx-shipping-order" value={params.get('orderId') ?? undefined} onSearch={(v) => update({ orderId: v || undefined })} width={240} />
        </Space>
      </ListToolbar>
      <LoadError error={error} text={errorText} testId="wx-shipping-error" />
      <ListTable<WxShippingUpload>
        testId="wx-shipping-table"
        size="middle"
        scroll={{ x: 1000 }}
        empty="暂无上传记录"
        onRow={(r) => ({ 'data-order': r.orderId, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '订单号', dataIndex: 'orderId', width: 200, render: (id: string, r) => orderLink(id, `wx-shipping-order-${r._id}`) },
          { title: '物流方式', dataIndex: 'logisticsType', width: 100, render: (t: number | null) => (t ? LOGISTICS_TEXT[t] ?? t : '—') },
          { title: '状态', dataIndex: 'status', width: 110, render: (_: unknown, r) => <UploadStatusTag upload={r} testId={`wx-shipping-state-${r._id}`} /> },
          { title: '尝试', dataIndex: 'attempts', width: 60, align: 'right' },
          {
            title: '微信返回',
            key: 'error',
            render: (_: unknown, r) => {
              const e = uploadErrorText(r);
              if (r.status === 'sent') return r.alreadyUploaded ? <Typography.Text type="secondary">微信已有此发货信息</Typography.Text> : 'ok';
              return e ? (
                <Typography.Text type={r.status === 'failed' ? 'danger' : 'secondary'} data-testid={`wx-shipping-errcode-${r._id}`}>
                  {e}
                  {r.status === 'pending' && r.nextAttemptAt && `（${formatTime(r.nextAttemptAt, 'MM-DD HH:mm:ss')} 再试）`}
                </Typography.Text>
              ) : (
                '—'
              );
            },
          },
          { title: '创建时间', dataIndex: 'createdAt', width: 120, render: (at: string) => <DateTimeCell at={at} /> },
          { title: '上传时间', dataIndex: 'sentAt', width: 120, render: (at: string | null) => (at ? <DateTimeCell at={at} /> : '—') },
          actionsColumn<WxShippingUpload>(90, (r) => r.status === 'failed' && <RetryUploadButton orderId={r.orderId} done={() => void reload()} testId={`wx-shipping-retry-${r._id}`} />, 'right'),
        ]}
        {...table((t) => `共 ${t} 条`)}
      />
    </Card>
  );
}

function NotUploaded() {
  const { params, update, table, data, error, reload } = useListPage<NotUploadedOrder>({
    load: (p, paging) => call('wxappAdmin', 'notUploaded', { days: Number(p.get('days')) || DEFAULT_DAYS, ...paging }),
  });
  const days = Number(params.get('days')) || DEFAULT_DAYS;
  const span = data as Partial<NotUploadedPage>;
  return (
    <Card>
      <ListHint>
        已付款超过 {days} 天仍未向微信上传发货信息的订单（快递、同城配送、自提、虚拟商品都在内）。未上传发货信息时，微信会暂缓结算这些订单的货款。
        {span.since && `（统计 ${formatTime(span.since, 'YYYY-MM-DD')} 至 ${formatTime(span.before, 'YYYY-MM-DD HH:mm')} 之间付款的订单）`}
      </ListHint>
      <ListToolbar onRefresh={() => void reload()}>
        <Space>
          付款超过
          <InputNumber min={1} max={60} value={days} data-testid="wx-missing-days" onChange={(v) => v && update({ days: v === DEFAULT_DAYS ? undefined : String(v) })} style={{ width: 80 }} />
          天
        </Space>
      </ListToolbar>
      <LoadError error={error} text={errorText} testId="wx-missing-error" />
      <ListTable<NotUploadedOrder>
        testId="wx-missing-table"
        rowKey="orderId"
        size="middle"
        empty="没有超期未上传的订单"
        onRow={(r) => ({ 'data-order': r.orderId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '订单号', dataIndex: 'orderId', width: 200, render: (id: string) => orderLink(id, `wx-missing-order-${id}`) },
          { title: '订单状态', dataIndex: 'status', width: 110, render: (_: unknown, r) => <OrderStatusTag status={r.status} method={r.method} /> },
          { title: '配送方式', dataIndex: 'method', width: 150, render: (m: string) => DELIVERY_TEXT[m] ?? m },
          { title: '实付', dataIndex: 'payable', width: 100, align: 'right', render: (f: number) => yuan(f) },
          { title: '付款时间', dataIndex: 'paidAt', width: 120, render: (at: string) => <DateTimeCell at={at} /> },
          {
            title: '上传情况',
            key: 'upload',
            render: (_: unknown, r) =>
              r.upload ? (
                <Space wrap>
                  <UploadStatusTag upload={r.upload} />
                  {r.upload.errcode != null && <Typography.Text type="danger">{`${r.upload.errcode} ${r.upload.errmsg ?? ''}`}</Typography.Text>}
                </Space>
              ) : (
                <Typography.Text type="secondary">尚未发货 / 未生成上传</Typography.Text>
              ),
          },
          actionsColumn<NotUploadedOrder>(90, (r) => r.upload?.status === 'failed' && <RetryUploadButton orderId={r.orderId} done={() => void reload()} testId={`wx-missing-retry-${r.orderId}`} />, 'right'),
        ]}
        {...table((t) => `共 ${t} 个订单`)}
      />
    </Card>
  );
}
