/**
 * 退款管理: every refund, newest first, by status (tabs) and order number; the tab, order and page live in the
 * query string. ABNORMAL and FAILED refunds can be sent again (重试).
 */
import { Card, Tabs } from 'antd';
import type { Refund, RefundStatus } from '@shop/types';
import { call } from '../api';
import { actionErrorText } from '../orders';
import { LoadError, PageHeader, RefreshButton, useListPage, OrderIdSearch } from '../components/list';
import { RefundTable } from '../refunds';

const TABS: { key: string; label: string; status?: RefundStatus }[] = [
  { key: 'all', label: '全部' },
  { key: 'processing', label: '退款中', status: 'PROCESSING' },
  { key: 'abnormal', label: '异常', status: 'ABNORMAL' },
  { key: 'failed', label: '失败', status: 'FAILED' },
  { key: 'success', label: '已退款', status: 'SUCCESS' },
];

const tabOf = (p: URLSearchParams) => TABS.find((t) => t.key === p.get('tab')) ?? TABS[0];
const orderIdOf = (p: URLSearchParams) => p.get('orderId')?.trim() || undefined;

export default function Refunds() {
  const { params, update, tableProps, data, setData, loading, error, reload } = useListPage<Refund>({
    load: (p, paging) => call('orderAdmin', 'refundList', { status: tabOf(p).status, orderId: orderIdOf(p), ...paging }),
  });
  const tab = tabOf(params);
  const orderId = orderIdOf(params);

  return (
    <div>
      <PageHeader title="退款管理">
        <OrderIdSearch id="refunds-order-search" value={orderId} onSearch={(v) => update({ orderId: v })} width={260} />
        <RefreshButton onClick={() => void reload()} />
      </PageHeader>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab.key}
          items={TABS.map((t) => ({ key: t.key, label: <span id={`refunds-tab-${t.key}`}>{t.label}</span> }))}
          onChange={(k) => update({ tab: k === 'all' ? undefined : k })}
        />
        <LoadError error={error} text={actionErrorText} id="refunds-error" />
        <div id="refunds-table">
          <RefundTable
            refunds={data.items}
            retryIdPrefix="refunds-retry"
            showOrder
            loading={loading}
            scroll={{ x: 960 }}
            size="middle"
            locale={{ emptyText: loading ? ' ' : '暂无退款' }}
            onChanged={(r) => setData((d) => ({ ...d, items: d.items.map((x) => (x._id === r._id ? r : x)) }))}
            {...tableProps(data.total, (t) => `共 ${t} 笔退款`)}
          />
        </div>
      </Card>
    </div>
  );
}
