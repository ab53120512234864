/**
 * 退款管理: every refund, newest first, by status (tabs) and order number; the tab, order and page live in the
 * query string. ABNORMAL and FAILED refunds can be sent again (重试).
 */
import { useMemo } from 'react';
import { Alert, Button, Card, Input, Space, Tabs } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Refund, RefundStatus } from '@shop/types';
import { call } from '../api';
import { actionErrorText } from '../orders';
import { NO_ROWS, useListQuery, type Rows } from '../listQuery';
import { RefundTable } from '../refunds';
import { useLoader } from '../util';

const TABS: { key: string; label: string; status?: RefundStatus }[] = [
  { key: 'all', label: '全部' },
  { key: 'processing', label: '退款中', status: 'PROCESSING' },
  { key: 'abnormal', label: '异常', status: 'ABNORMAL' },
  { key: 'failed', label: '失败', status: 'FAILED' },
  { key: 'success', label: '已退款', status: 'SUCCESS' },
];

export default function Refunds() {
  const { params, queryKey, page, pageSize, update, tableProps } = useListQuery();
  const tab = TABS.find((t) => t.key === params.get('tab')) ?? TABS[0];
  const orderId = params.get('orderId')?.trim() || undefined;
  const input = useMemo(() => ({ status: tab.status, orderId, page, pageSize }), [tab.status, orderId, page, pageSize]);

  const { data, setData, loading, error, reload } = useLoader<Rows<Refund>>(() => call('orderAdmin', 'refundList', input), [queryKey], NO_ROWS);

  return (
    <div>
      <div className="page-title">
        <h2>退款管理</h2>
        <Space>
          <Input.Search
            id="refunds-order-search"
            placeholder="订单号"
            allowClear
            defaultValue={orderId}
            key={orderId ?? ''}
            onSearch={(v) => update({ orderId: v.trim() })}
            style={{ width: 260 }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            刷新
          </Button>
        </Space>
      </div>
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab.key}
          items={TABS.map((t) => ({ key: t.key, label: <span id={`refunds-tab-${t.key}`}>{t.label}</span> }))}
          onChange={(k) => update({ tab: k === 'all' ? undefined : k })}
        />
        {error != null && <Alert type="error" showIcon title={actionErrorText(error)} style={{ marginBottom: 12 }} id="refunds-error" />}
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
