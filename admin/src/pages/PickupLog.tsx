/**
 * 核销记录: every pickup verification attempt (the code only as its last 4 digits), newest first; filters by store
 * (owners and operators; a clerk sees their own store's) and by result, kept in the query string.
 */
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import type { PickupAttempt } from '@shop/types';
import { call, useSession } from '../api';
import { actionErrorText } from '../orders';
import { NO_ROWS, useListQuery, type Rows } from '../listQuery';
import { formatTime, useLoaded, useLoader } from '../util';
import { PICKUP_RESULT_COLOR, PICKUP_RESULT_TEXT } from '../fulfilment';

const loadStores = () => call('storeAdmin', 'list', {});

export default function PickupLog() {
  const role = useSession()?.admin.role;
  const isClerk = role === 'clerk';
  const { params, queryKey, page, pageSize, update, tableProps } = useListQuery();
  const storeId = params.get('storeId') || undefined;
  const result = (params.get('result') || undefined) as PickupAttempt['result'] | undefined;
  const input = useMemo(() => ({ storeId: isClerk ? undefined : storeId, result, page, pageSize }), [isClerk, storeId, result, page, pageSize]);
  const { data, loading, error, reload } = useLoader<Rows<PickupAttempt>>(() => call('pickup', 'log', input), [queryKey], NO_ROWS);
  const stores = useLoaded(isClerk ? async () => [] : loadStores, []);
  const storeName = useMemo(() => new Map(stores.data.map((s) => [s._id, s.name])), [stores.data]);

  return (
    <div>
      <div className="page-title">
        <h2>核销记录</h2>
        <Space wrap>
          {!isClerk && (
            <Select
              id="pickup-log-store"
              allowClear
              placeholder="全部门店"
              style={{ width: 180 }}
              value={storeId}
              options={stores.data.map((s) => ({ value: s._id, label: s.name }))}
              onChange={(v?: string) => update({ storeId: v })}
            />
          )}
          <Select
            id="pickup-log-result"
            allowClear
            placeholder="全部结果"
            style={{ width: 160 }}
            value={result}
            options={Object.entries(PICKUP_RESULT_TEXT).map(([value, label]) => ({ value, label }))}
            onChange={(v?: string) => update({ result: v })}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            刷新
          </Button>
          {isClerk && (
            <Link to="/pickup">
              <Button type="primary" icon={<ScanOutlined />}>
                去核销
              </Button>
            </Link>
          )}
        </Space>
      </div>
      <Card>
        {error != null && <Alert type="error" showIcon title={actionErrorText(error)} style={{ marginBottom: 12 }} id="pickup-log-error" />}
        <div id="pickup-log">
          <Table<PickupAttempt>
            rowKey="_id"
            size="middle"
            loading={loading}
            dataSource={data.items}
            locale={{ emptyText: loading ? ' ' : '暂无核销记录' }}
            onRow={(r) => ({ 'data-result': r.result }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '时间', dataIndex: 'at', width: 170, render: (t: string) => formatTime(t, 'YYYY-MM-DD HH:mm:ss') },
              { title: '店员', dataIndex: 'clerk', width: 120 },
              { title: '门店', dataIndex: 'storeId', width: 160, render: (id: string | null) => (!id ? '—' : isClerk ? '本店' : storeName.get(id) ?? id) },
              { title: '提货码', dataIndex: 'codeTail', width: 120, render: (t: string) => <Typography.Text code>****{t}</Typography.Text> },
              {
                title: '结果',
                dataIndex: 'result',
                width: 130,
                render: (r: PickupAttempt['result']) => <Tag color={PICKUP_RESULT_COLOR[r]}>{PICKUP_RESULT_TEXT[r] ?? r}</Tag>,
              },
              {
                title: '订单',
                dataIndex: 'orderId',
                render: (id: string | null) => (id ? isClerk ? id : <Link to={`/orders/${id}`}>{id}</Link> : <Typography.Text type="secondary">—</Typography.Text>),
              },
            ]}
            {...tableProps(data.total, (t) => `共 ${t} 条`)}
          />
        </div>
      </Card>
    </div>
  );
}
