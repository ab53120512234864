/**
 * 核销记录: every pickup verification attempt (the code only as its last 4 digits), newest first; filters by store
 * (owners and operators; a clerk sees their own store's) and by result, kept in the query string.
 */
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Select, Tag, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import type { PickupAttempt } from '@shop/types';
import { call, useSession } from '../api';
import { actionErrorText } from '../orders';
import { ListTable, LoadError, PageHeader, RefreshButton, useListPage } from '../components/list';
import { formatTime, useLoaded } from '../util';
import { PICKUP_RESULT_COLOR, PICKUP_RESULT_TEXT } from '../fulfilment';

const loadStores = () => call('storeAdmin', 'list', {});

const storeIdOf = (p: URLSearchParams) => p.get('storeId') || undefined;
const resultOf = (p: URLSearchParams) => (p.get('result') || undefined) as PickupAttempt['result'] | undefined;

export default function PickupLog() {
  const role = useSession()?.admin.role;
  const isClerk = role === 'clerk';
  const { params, update, table, error, reload } = useListPage<PickupAttempt>({
    load: (p, paging) => call('pickup', 'log', { storeId: isClerk ? undefined : storeIdOf(p), result: resultOf(p), ...paging }),
  });
  const storeId = storeIdOf(params);
  const result = resultOf(params);
  const stores = useLoaded(isClerk ? async () => [] : loadStores, []);
  const storeName = useMemo(() => new Map(stores.data.map((s) => [s._id, s.name])), [stores.data]);

  return (
    <div>
      <PageHeader title="核销记录" wrap>
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
        <RefreshButton onClick={() => void reload()} />
        {isClerk && (
          <Link to="/pickup">
            <Button type="primary" icon={<ScanOutlined />}>
              去核销
            </Button>
          </Link>
        )}
      </PageHeader>
      <Card>
        <LoadError error={error} text={actionErrorText} id="pickup-log-error" />
        <div id="pickup-log">
          <ListTable<PickupAttempt>
            size="middle"
            empty="暂无核销记录"
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
            {...table((t) => `共 ${t} 条`)}
          />
        </div>
      </Card>
    </div>
  );
}
