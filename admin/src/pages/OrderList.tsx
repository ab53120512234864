/**
 * 订单列表: the seed's quick tabs, the advanced search (kept in the query string, like the product list), the table
 * with a flag menu per order, and paging.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Badge, Button, Card, Form, Image, Row, Select, Space, Tabs, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import { AdminOrderListInput, AFTERSALE_STATUS_TEXT, AFTERSALE_STATUSES, ORDER_STATUSES, parseYuan, type ActivityKind, type OrderCounts, type OrderSummary } from '@shop/types';
import { KIND_MENU_TEXT } from '../activities';
import { call } from '../api';
import { YuanInput, yuanRule } from '../components/YuanInput';
import {
  actionErrorText,
  CAMPAIGN_KIND_TEXT,
  DELIVERY_TEXT,
  notifyOrdersChanged,
  ORDER_STATUS_TEXT,
  OrderStatusTag,
  STAR_COLORS,
  STAR_HEX,
  STAR_TEXT,
  StarMenu,
  yuan,
  type CampaignKind,
  type StarColor,
} from '../orders';
import { DayRangePicker, FilterCol, FilterInput, FilterSelect, ListTable, LoadError, NumRange, PageHeader, RefreshButton, SearchCard, useListPage, DateTimeCell } from '../components/list';
import { badSearch, dayEnd, dayStart, NO_ROWS, pageOf, rangeOf, type DayRange } from '../listQuery';
import { formatTime } from '../util';
import { ExportButton } from './order/ExportButton';

type Tab = NonNullable<z.output<typeof AdminOrderListInput>['tab']>;
const TABS: { key: Tab | 'all'; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'recent3m', label: '近三个月' },
  { key: 'unpaid', label: '未付款' },
  { key: 'paid', label: '待发货' },
  { key: 'shipped', label: '已发货' },
  { key: 'completed', label: '已完成' },
  { key: 'closed', label: '已关闭' },
  { key: 'starred', label: '星标订单' },
  { key: 'cancelRequests', label: '退单申请' },
];
const TAB_KEYS = TABS.map((t) => t.key);

/** The order list's last search, so that the detail page can send the merchant back to the same page. */
export const ORDER_LIST_SEARCH_KEY = 'shop.admin.orderListSearch';
export const orderListPath = () => {
  const q = sessionStorage.getItem(ORDER_LIST_SEARCH_KEY);
  return q ? `/orders?${q}` : '/orders';
};

interface SearchValues {
  status?: string;
  star?: StarColor;
  orderId?: string;
  productName?: string;
  productId?: string;
  phone?: string;
  consignee?: string;
  campaignKind?: CampaignKind;
  openid?: string;
  trackingNo?: string;
  productCode?: string;
  transactionId?: string;
  deliveryMethod?: string;
  activityKind?: string;
  aftersaleStatus?: string;
  created?: DayRange;
  paid?: DayRange;
  minPayable?: string;
  maxPayable?: string;
}
const LOOKUP_KEYS = ['trackingNo', 'productCode', 'transactionId', 'deliveryMethod', 'activityKind', 'aftersaleStatus'] as const;
// `openid` comes only from a link (the customer's page): one customer's orders
const TEXT_KEYS = ['status', 'star', 'orderId', 'productName', 'productId', 'phone', 'consignee', 'campaignKind', 'openid', ...LOOKUP_KEYS] as const;
const ADVANCED_KEYS = ['star', 'productId', 'consignee', 'campaignKind', ...LOOKUP_KEYS, 'createdFrom', 'createdTo', 'paidFrom', 'paidTo', 'minPayable', 'maxPayable'];

/** URL search params -> the API input (yuan -> fen; unknown junk dropped, the schema decides the rest). */
const toInput = (p: URLSearchParams) => {
  const get = (k: string) => p.get(k)?.trim() || undefined;
  const fen = (k: string) => {
    const v = get(k);
    return v === undefined ? undefined : parseYuan(v) ?? undefined;
  };
  const tab = get('tab');
  const input = {
    tab: tab && tab !== 'all' && TAB_KEYS.includes(tab as Tab) ? (tab as Tab) : undefined,
    ...Object.fromEntries(TEXT_KEYS.map((k) => [k, get(k)])),
    createdFrom: get('createdFrom'),
    createdTo: get('createdTo'),
    paidFrom: get('paidFrom'),
    paidTo: get('paidTo'),
    minPayable: fen('minPayable'),
    maxPayable: fen('maxPayable'),
    ...pageOf(p),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== '')) as z.input<typeof AdminOrderListInput> & { page: number; pageSize: number };
};

const toFormValues = (p: URLSearchParams): SearchValues => ({
  ...(Object.fromEntries(TEXT_KEYS.map((k) => [k, p.get(k) ?? undefined])) as Pick<SearchValues, (typeof TEXT_KEYS)[number]>),
  created: rangeOf(p, 'createdFrom', 'createdTo'),
  paid: rangeOf(p, 'paidFrom', 'paidTo'),
  minPayable: p.get('minPayable') ?? undefined,
  maxPayable: p.get('maxPayable') ?? undefined,
});

const PLACEHOLDER =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#f0f0f0"/><text x="20" y="24" font-size="10" text-anchor="middle" fill="#bbb">无图</text></svg>');

function ItemsCell({ o }: { o: OrderSummary }) {
  const first = o.lines[0];
  return (
    <div style={{ display: 'flex', gap: 10, alignItems: 'center', maxWidth: 360 }}>
      <Space size={4}>
        {o.lines.slice(0, 3).map((l) => (
          <Image key={l.skuId} width={40} height={40} src={l.image || PLACEHOLDER} fallback={PLACEHOLDER} preview={false} style={{ objectFit: 'cover', borderRadius: 4 }} />
        ))}
      </Space>
      <div style={{ minWidth: 0 }}>
        <Typography.Text ellipsis={{ tooltip: o.lines.map((l) => `${l.name}${l.specValues.length ? `（${l.specValues.join('/')}）` : ''} ×${l.quantity}`).join('\n') }} style={{ maxWidth: 220, display: 'block' }}>
          {first?.name}
          {first?.specValues.length ? `（${first.specValues.join('/')}）` : ''}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {o.lines.length > 1 ? `等 ${o.lines.length} 种商品，` : ''}共 {o.itemCount} 件
        </Typography.Text>
      </div>
    </div>
  );
}

function DeliveryCell({ o }: { o: OrderSummary }) {
  const d = o.delivery;
  if (d.method === 'pickup')
    return (
      <div>
        <Typography.Text>
          <ShopOutlined /> 到店自提
        </Typography.Text>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.store?.name ?? '—'}
          </Typography.Text>
        </div>
      </div>
    );
  if (!d.address) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div>
      <Typography.Text>
        {d.address.name} {d.address.phone}
      </Typography.Text>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {d.address.province}
          {d.address.city !== d.address.province ? d.address.city : ''}
          {d.address.district}
          {d.method === 'local' ? ' · 同城配送' : ''}
        </Typography.Text>
      </div>
    </div>
  );
}

export default function OrderList() {
  const { message } = App.useApp();
  const nav = useNavigate();
  const [form] = Form.useForm<SearchValues>();
  const [counts, setCounts] = useState<OrderCounts | null>(null);
  const { params, update, reset, table, setData, error, reload: load } = useListPage<OrderSummary, SearchValues>({
    storageKey: ORDER_LIST_SEARCH_KEY,
    form,
    toFormValues,
    load: async (p) => {
      const parsed = AdminOrderListInput.safeParse(toInput(p));
      if (!parsed.success) {
        setData(NO_ROWS); // a search the schema refuses shows no rows, only the error
        throw badSearch(parsed.error);
      }
      const [page, c] = await Promise.all([call('orderAdmin', 'list', parsed.data), call('orderAdmin', 'counts', {}).catch(() => null)]);
      if (c) setCounts(c);
      return page;
    },
  });
  const query = useMemo(() => toInput(params), [params]);
  const [selected, setSelected] = useState<string[]>([]);
  /** 打印拣货单 / 发货单 of the selected orders, in a new tab outside the panel's frame */
  const print = (kind: 'picking' | 'slips') => window.open(`#/print/orders?kind=${kind}&ids=${selected.join(',')}`, '_blank');
  // the export takes the list's filters, without the paging
  const exportFilters = useMemo(() => {
    const { page: _p, pageSize: _s, ...filters } = query;
    return filters;
  }, [query]);
  const tab = (params.get('tab') as Tab | null) ?? 'all';

  const onSearch = (v: SearchValues) => {
    const min = v.minPayable?.trim() ? parseYuan(v.minPayable) : null;
    const max = v.maxPayable?.trim() ? parseYuan(v.maxPayable) : null;
    if (min !== null && max !== null && min > max) return void message.warning('最低实付金额不能高于最高实付金额');
    const [cf, ct] = v.created ?? [null, null];
    const [pf, pt] = v.paid ?? [null, null];
    update({
      ...Object.fromEntries(TEXT_KEYS.map((k) => [k, typeof v[k] === 'string' ? (v[k] as string).trim() : undefined])),
      createdFrom: dayStart(cf),
      createdTo: dayEnd(ct),
      paidFrom: dayStart(pf),
      paidTo: dayEnd(pt),
      minPayable: v.minPayable?.trim(),
      maxPayable: v.maxPayable?.trim(),
    });
  };

  const onReset = () => reset(new URLSearchParams(tab !== 'all' ? { tab } : {}));

  const replaceRow = (o: { _id: string; star: StarColor | null }) => {
    setData((d) => ({ ...d, items: d.items.map((r) => (r._id === o._id ? { ...r, star: o.star } : r)) }));
    if (tab === 'starred' || query.star) void load();
  };

  const columns: TableColumnsType<OrderSummary> = [
    {
      title: '订单号',
      dataIndex: '_id',
      width: 200,
      render: (id: string, o) => (
        <div>
          <Link to={`/orders/${id}`} data-testid={`order-link-${id}`} style={{ fontFamily: 'monospace' }}>
            {id}
          </Link>
          {o.status === 'unpaid' && o.closeAt && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(o.closeAt, 'MM-DD HH:mm')} 自动关闭
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    { title: '商品', key: 'items', width: 320, render: (_: unknown, o) => <ItemsCell o={o} /> },
    { title: '收货人 / 自提门店', key: 'delivery', width: 190, render: (_: unknown, o) => <DeliveryCell o={o} /> },
    {
      title: '实付金额',
      key: 'payable',
      width: 120,
      align: 'right',
      render: (_: unknown, o) => (
        <div>
          <Typography.Text strong data-fen={o.amounts.payable}>
            {yuan(o.amounts.payable)}
          </Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {o.amounts.freightPayable > 0 ? `含运费 ${yuan(o.amounts.freightPayable)}` : '免运费'}
            </Typography.Text>
          </div>
          {o.amounts.adjustment !== 0 && (
            <Tooltip title={`商家改价 ${o.amounts.adjustment > 0 ? '+' : ''}${yuan(o.amounts.adjustment)}`}>
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                已改价
              </Typography.Text>
            </Tooltip>
          )}
        </div>
      ),
    },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: OrderSummary['status'], o: OrderSummary) => <OrderStatusTag status={s} method={o.delivery.method} /> },
    {
      title: '下单时间',
      dataIndex: 'createdAt',
      width: 110,
      render: (t: string) => <DateTimeCell at={t} />,
    },
    {
      title: '标记',
      key: 'star',
      width: 64,
      align: 'center',
      render: (_: unknown, o) => (
        <StarMenu
          id={o._id}
          star={o.star}
          onChange={(next) => {
            replaceRow(next);
            message.success(next.star ? `已标记为${STAR_TEXT[next.star]}` : '已取消标记');
          }}
          onError={(e) => message.error(actionErrorText(e))}
        />
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_: unknown, o) => (
        <Button type="link" size="small" data-testid={`detail-${o._id}`} onClick={() => nav(`/orders/${o._id}`)}>
          详情
        </Button>
      ),
    },
  ];

  const badge = (n: number | undefined, color?: string) => (n ? <Badge count={n} size="small" overflowCount={999} color={color} style={{ marginLeft: 6 }} /> : null);
  const tabItems = TABS.map((t) => ({
    key: t.key,
    label: (
      <span data-testid={`order-tab-${t.key}`}>
        {t.label}
        {t.key === 'paid' && badge(counts?.pending)}
        {t.key === 'unpaid' && badge(counts?.unpaid, '#fa8c16')}
      </span>
    ),
  }));

  return (
    <div>
      <PageHeader title="订单列表">
        <ExportButton filters={exportFilters} />
        <RefreshButton
          onClick={() => {
            void load();
            notifyOrdersChanged();
          }}
        />
      </PageHeader>

      <SearchCard<SearchValues>
        form={form}
        name="search"
        onFinish={onSearch}
        initialValues={toFormValues(params)}
        submitTestId="order-search-submit"
        onReset={onReset}
        advanced={{
          open: ADVANCED_KEYS.some((k) => params.has(k)),
          testId: 'order-toggle-advanced',
          fields: (
            <>
              <FilterInput name="consignee" label="收货人" placeholder="收货人姓名" maxLength={20} />
              <FilterInput name="productId" label="商品 ID" placeholder="商品 ID" maxLength={64} />
              <FilterInput name="productCode" label="商品编码" placeholder="商品或规格编码" maxLength={40} />
              <FilterInput name="trackingNo" label="物流单号" placeholder="完整单号" maxLength={40} />
              <FilterInput name="transactionId" label="支付流水号" placeholder="微信支付单号" maxLength={64} />
              <FilterSelect name="deliveryMethod" label="配送方式" placeholder="全部" options={Object.entries(DELIVERY_TEXT).map(([value, label]) => ({ value, label }))} />
              <FilterSelect name="activityKind" label="活动类型" placeholder="全部" options={(Object.keys(KIND_MENU_TEXT) as ActivityKind[]).map((k) => ({ value: k, label: KIND_MENU_TEXT[k] }))} />
              <FilterSelect name="aftersaleStatus" label="售后状态" placeholder="全部" options={AFTERSALE_STATUSES.map((k) => ({ value: k, label: AFTERSALE_STATUS_TEXT[k] }))} />
              <FilterCol name="star" label="星标">
                <Select
                  allowClear
                  placeholder="全部"
                  options={STAR_COLORS.map((c) => ({
                    value: c,
                    label: (
                      <span>
                        <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: STAR_HEX[c], marginRight: 6 }} />
                        {STAR_TEXT[c]}
                      </span>
                    ),
                  }))}
                />
              </FilterCol>
              <FilterSelect name="campaignKind" label="营销活动" placeholder="全部" options={(Object.keys(CAMPAIGN_KIND_TEXT) as CampaignKind[]).map((k) => ({ value: k, label: `参加了${CAMPAIGN_KIND_TEXT[k]}` }))} />
              <FilterCol name="created" label="下单时间" lg={8}>
                <DayRangePicker />
              </FilterCol>
              <FilterCol name="paid" label="付款时间" lg={8}>
                <DayRangePicker />
              </FilterCol>
              <FilterCol label="实付金额（元）" style={{ marginBottom: 0 }} lg={8}>
                <NumRange
                  names={['minPayable', 'maxPayable']}
                  rules={[yuanRule()]}
                  input={(placeholder, name) => <YuanInput placeholder={placeholder} id={`search_${name}`} />}
                />
              </FilterCol>
            </>
          ),
        }}
      >
        <Row gutter={16}>
          <FilterInput name="orderId" label="订单号" placeholder="完整订单号" maxLength={64} />
          <FilterInput name="productName" label="商品名称" placeholder="名称关键字" maxLength={100} />
          <FilterInput name="phone" label="收货人手机" placeholder="手机号" maxLength={20} />
          <FilterSelect name="status" label="订单状态" placeholder="全部状态" options={ORDER_STATUSES.map((s) => ({ value: s, label: ORDER_STATUS_TEXT[s] }))} />
        </Row>
      </SearchCard>

      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs activeKey={TAB_KEYS.includes(tab) ? tab : 'all'} items={tabItems} onChange={(k) => update({ tab: k === 'all' ? undefined : k })} />
        <LoadError error={error} text={actionErrorText} testId="order-list-error" />
        <Space style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{selected.length ? `已选 ${selected.length} 个订单（最多 100 个）` : '勾选订单后可打印'}</Typography.Text>
          <Button size="small" disabled={!selected.length || selected.length > 100} onClick={() => print('picking')} data-testid="print-picking">
            打印拣货单
          </Button>
          <Button size="small" disabled={!selected.length || selected.length > 100} onClick={() => print('slips')} data-testid="print-slips">
            打印发货单
          </Button>
        </Space>
        <ListTable<OrderSummary>
          testId="order-table"
          columns={columns}
          scroll={{ x: 1180 }}
          rowKey="_id"
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]), preserveSelectedRowKeys: true }}
          {...table((t) => `共 ${t} 个订单`)}
          empty="暂无订单"
        />
      </Card>
    </div>
  );
}
