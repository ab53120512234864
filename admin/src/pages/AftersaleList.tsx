/**
 * 售后管理: after-sales requests, newest first, filtered by status, type and order number (kept in the query
 * string); each row opens the request.
 */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Input, Row, Select, Table, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { AFTERSALE_STATUS_TEXT, AFTERSALE_TYPE_TEXT, AFTERSALE_TYPES, type Aftersale, type AftersaleStatus, type AftersaleType } from '@shop/types';
import { call } from '../api';
import { AftersaleStatusTag, AftersaleTypeTag } from '../aftersales';
import { actionErrorText, notifyOrdersChanged, yuan } from '../orders';
import { NO_ROWS, useListQuery, type Rows } from '../listQuery';
import { formatTime, useLoader } from '../util';

const STATUSES = Object.keys(AFTERSALE_STATUS_TEXT) as AftersaleStatus[];

/** The list's last search, so that the detail can send the merchant back to it. */
export const AFTERSALE_LIST_SEARCH_KEY = 'shop.admin.aftersaleListSearch';
export const aftersaleListPath = () => {
  const q = sessionStorage.getItem(AFTERSALE_LIST_SEARCH_KEY);
  return q ? `/aftersales?${q}` : '/aftersales';
};

export default function AftersaleList() {
  const nav = useNavigate();
  const { params, queryKey, page, pageSize, update, tableProps } = useListQuery({ storageKey: AFTERSALE_LIST_SEARCH_KEY });
  const status = STATUSES.find((s) => s === params.get('status'));
  const type = AFTERSALE_TYPES.find((t) => t === params.get('type'));
  const orderId = params.get('orderId')?.trim() || undefined;
  const input = useMemo(() => ({ status, type, orderId, page, pageSize }), [status, type, orderId, page, pageSize]);
  const { data, loading, error, reload } = useLoader<Rows<Aftersale>>(
    async () => {
      const page = await call('aftersaleAdmin', 'list', input);
      notifyOrdersChanged(); // the menu badge follows what the list shows
      return page;
    },
    [queryKey],
    NO_ROWS,
  );

  const filters: { key: string; label: string; value?: string; options: { value: string; label: string }[] }[] = [
    { key: 'status', label: '状态', value: status, options: STATUSES.map((v) => ({ value: v, label: AFTERSALE_STATUS_TEXT[v] })) },
    { key: 'type', label: '类型', value: type, options: AFTERSALE_TYPES.map((v) => ({ value: v, label: AFTERSALE_TYPE_TEXT[v] })) },
  ];

  const columns: TableColumnsType<Aftersale> = [
    {
      title: '售后单号',
      dataIndex: '_id',
      width: 200,
      render: (id: string) => (
        <Link to={`/aftersales/${id}`} id={`as-link-${id}`} style={{ fontFamily: 'monospace' }} onClick={(e) => e.stopPropagation()}>
          {id}
        </Link>
      ),
    },
    { title: '类型', dataIndex: 'type', width: 96, render: (t: AftersaleType) => <AftersaleTypeTag type={t} /> },
    {
      title: '订单号',
      dataIndex: 'orderId',
      width: 190,
      render: (id: string) => (
        <Link to={`/orders/${id}`} style={{ fontFamily: 'monospace' }} onClick={(e) => e.stopPropagation()}>
          {id}
        </Link>
      ),
    },
    {
      title: '商品',
      key: 'lines',
      render: (_: unknown, a) => (
        <div>
          <Typography.Text ellipsis style={{ maxWidth: 240, display: 'block' }}>
            {a.lines.map((l) => `${l.name}${l.specValues.length ? `（${l.specValues.join('/')}）` : ''} ×${l.quantity}`).join('，')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.reason}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '金额',
      dataIndex: 'amount',
      width: 110,
      align: 'right',
      render: (v: number, a) => (a.type === 'exchange' ? <Typography.Text type="secondary">换货</Typography.Text> : <Typography.Text strong>{yuan(v)}</Typography.Text>),
    },
    { title: '状态', dataIndex: 'status', width: 150, render: (s: AftersaleStatus) => <AftersaleStatusTag status={s} /> },
    { title: '申请时间', dataIndex: 'createdAt', width: 140, render: (t: string) => formatTime(t, 'YYYY-MM-DD HH:mm') },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      render: (_: unknown, a) => (
        <Button type="link" size="small" onClick={() => nav(`/aftersales/${a._id}`)}>
          {a.status === 'pending' || a.status === 'returned' ? '处理' : '查看'}
        </Button>
      ),
    },
  ];

  return (
    <div>
      <div className="page-title">
        <h2>售后管理</h2>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          刷新
        </Button>
      </div>
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {filters.map((f) => (
            <Col xs={24} sm={8} lg={6} key={f.key}>
              <Typography.Text type="secondary">{f.label}</Typography.Text>
              <Select
                id={`as-filter-${f.key}`}
                allowClear
                placeholder={`全部${f.label}`}
                style={{ width: '100%' }}
                value={f.value}
                onChange={(v?: string) => update({ [f.key]: v })}
                options={f.options}
              />
            </Col>
          ))}
          <Col xs={24} sm={8} lg={6}>
            <Typography.Text type="secondary">订单号</Typography.Text>
            <Input.Search id="as-filter-order" allowClear placeholder="完整订单号" defaultValue={orderId} key={orderId ?? ''} onSearch={(v) => update({ orderId: v.trim() })} />
          </Col>
        </Row>
      </Card>
      <Card>
        {error != null && <Alert type="error" showIcon title={actionErrorText(error)} style={{ marginBottom: 12 }} id="as-list-error" />}
        <div id="as-table">
          <Table<Aftersale>
            rowKey="_id"
            loading={loading}
            columns={columns}
            dataSource={data.items}
            scroll={{ x: 1000 }}
            onRow={(a) => ({ onClick: () => nav(`/aftersales/${a._id}`), style: { cursor: 'pointer' } })}
            locale={{ emptyText: loading ? ' ' : '暂无售后申请' }}
            {...tableProps(data.total, (t) => `共 ${t} 个售后申请`)}
          />
        </div>
      </Card>
    </div>
  );
}
