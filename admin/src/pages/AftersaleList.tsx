/**
 * 售后管理: after-sales requests, newest first, filtered by status, type, order number, shopper and the day applied
 * (kept in the query string); each row opens the request.
 */
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Col, Row, Select, Typography, type TableColumnsType } from 'antd';
import { AFTERSALE_STATUS_TEXT, AFTERSALE_TYPE_TEXT, AFTERSALE_TYPES, type Aftersale, type AftersaleStatus, type AftersaleType } from '@shop/types';
import { call } from '../api';
import { AftersaleStatusTag, AftersaleTypeTag } from '../aftersales';
import { actionErrorText, notifyOrdersChanged, yuan } from '../orders';
import { DayRangePicker, ListTable, LoadError, PageHeader, RefreshButton, useListPage, OrderIdSearch } from '../components/list';
import { dayEnd, dayStart, rangeOf } from '../listQuery';
import { formatTime } from '../util';

const STATUSES = Object.keys(AFTERSALE_STATUS_TEXT) as AftersaleStatus[];

/** The list's last search, so that the detail can send the merchant back to it. */
export const AFTERSALE_LIST_SEARCH_KEY = 'shop.admin.aftersaleListSearch';
export const aftersaleListPath = () => {
  const q = sessionStorage.getItem(AFTERSALE_LIST_SEARCH_KEY);
  return q ? `/aftersales?${q}` : '/aftersales';
};

/** `?status=open`: the requests waiting for the merchant (概况's 售后待处理 links here) */
const OPEN = 'open';
const filtersOf = (p: URLSearchParams) => ({
  status: STATUSES.find((s) => s === p.get('status')),
  open: p.get('status') === OPEN || undefined,
  type: AFTERSALE_TYPES.find((t) => t === p.get('type')),
  orderId: p.get('orderId')?.trim() || undefined,
  openid: p.get('openid')?.trim() || undefined,
  createdFrom: p.get('createdFrom') || undefined,
  createdTo: p.get('createdTo') || undefined,
});

export default function AftersaleList() {
  const nav = useNavigate();
  const { params, update, table, error, reload } = useListPage<Aftersale>({
    storageKey: AFTERSALE_LIST_SEARCH_KEY,
    load: async (p, paging) => {
      const page = await call('aftersaleAdmin', 'list', { ...filtersOf(p), ...paging });
      notifyOrdersChanged(); // the menu badge follows what the list shows
      return page;
    },
  });
  const { status, open, type, orderId, openid } = filtersOf(params);

  const filters: { key: string; label: string; value?: string; options: { value: string; label: string }[] }[] = [
    { key: 'status', label: '状态', value: open ? OPEN : status, options: [{ value: OPEN, label: '待处理（待审核或已寄回）' }, ...STATUSES.map((v) => ({ value: v, label: AFTERSALE_STATUS_TEXT[v] }))] },
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
      <PageHeader title="售后管理">
        <RefreshButton onClick={() => void reload()} />
      </PageHeader>
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
            <OrderIdSearch id="as-filter-order" placeholder="完整订单号" value={orderId} onSearch={(v) => update({ orderId: v })} />
          </Col>
          <Col xs={24} sm={8} lg={6}>
            <Typography.Text type="secondary">顾客</Typography.Text>
            <OrderIdSearch id="as-filter-openid" placeholder="顾客 openid" value={openid} onSearch={(v) => update({ openid: v })} />
          </Col>
          <Col xs={24} sm={16} lg={12} style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">申请日期</Typography.Text>
            <DayRangePicker
              id="as-filter-created"
              value={rangeOf(params, 'createdFrom', 'createdTo') ?? undefined}
              onChange={(r) => update({ createdFrom: dayStart(r?.[0] ?? null), createdTo: dayEnd(r?.[1] ?? null) })}
            />
          </Col>
        </Row>
      </Card>
      <Card>
        <LoadError error={error} text={actionErrorText} id="as-list-error" />
        <ListTable<Aftersale>
          wrapperId="as-table"
          columns={columns}
          scroll={{ x: 1000 }}
          onRow={(a) => ({ onClick: () => nav(`/aftersales/${a._id}`), style: { cursor: 'pointer' } })}
          empty="暂无售后申请"
          {...table((t) => `共 ${t} 个售后申请`)}
        />
      </Card>
    </div>
  );
}
