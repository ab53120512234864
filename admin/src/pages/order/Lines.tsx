/** 订单详情's goods and price cards: the lines with every discount share, the price breakdown (order.steps), 改价记录. */
import type { HTMLAttributes } from 'react';
import { Card, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ACTIVITY_NAMES, type Order, type OrderLine, type QuoteStep } from '@shop/types';
import { byText, STEP_KIND_TEXT, stepName, yuan } from '../../orders';
import { GoodsCell } from '../../components/GoodsCell';
import { formatTime } from '../../util';

/** "-¥1.00" for a discount share, "—" for none */
export const off = (fen: number) => (fen ? <Typography.Text type="danger">-{yuan(fen)}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>);
export const signed = (fen: number) =>
  fen === 0 ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text type={fen < 0 ? 'danger' : 'warning'}>{fen > 0 ? '+' : '-'}{yuan(Math.abs(fen))}</Typography.Text>;

const lineColumns: TableColumnsType<OrderLine> = [
  {
    title: '商品',
    key: 'name',
    width: 240,
    render: (_: unknown, l) => <GoodsCell l={l} />,
  },
  {
    title: '单价 × 数量',
    key: 'price',
    width: 120,
    render: (_: unknown, l) => (
      <div>
        {yuan(l.price)} × {l.quantity}
        {l.unitPrice !== l.price && (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              活动价 {yuan(l.unitPrice)}
              {l.activity && l.activity.units < l.quantity ? ` × ${l.activity.units}` : ''}
            </Typography.Text>
          </div>
        )}
        {l.activity && (
          <div>
            <Tag color={l.activity.kind === 'flash' ? 'red' : l.activity.kind === 'presale' ? 'purple' : 'orange'} data-testid={`line-activity-${l.skuId}`}>
              {ACTIVITY_NAMES[l.activity.kind]}
            </Tag>
          </div>
        )}
      </div>
    ),
  },
  { title: '商品金额', dataIndex: 'listAmount', width: 96, align: 'right', render: (v: number) => yuan(v) },
  { title: '单品活动', dataIndex: 'activityOff', width: 84, align: 'right', render: off },
  { title: '营销活动', dataIndex: 'campaignOff', width: 84, align: 'right', render: off },
  { title: '优惠券', dataIndex: 'couponOff', width: 84, align: 'right', render: off },
  { title: '会员折扣', dataIndex: 'memberOff', width: 84, align: 'right', render: off },
  { title: '积分抵扣', dataIndex: 'pointsOff', width: 84, align: 'right', render: off },
  { title: '改价', dataIndex: 'adjustment', width: 84, align: 'right', render: signed },
  {
    title: '实付',
    dataIndex: 'payable',
    width: 96,
    align: 'right',
    render: (v: number) => (
      <Typography.Text strong data-fen={v}>
        {yuan(v)}
      </Typography.Text>
    ),
  },
];

export function LinesCard({ order: o }: { order: Order }) {
  return (
    <Card title="商品明细" style={{ marginBottom: 16 }}>
      <Table<OrderLine> rowKey="skuId" size="small" pagination={false} columns={lineColumns} dataSource={o.lines} scroll={{ x: 1040 }} data-testid="order-lines" />
    </Card>
  );
}

const stepColumns: TableColumnsType<QuoteStep & { i: number }> = [
  {
    title: '步骤',
    key: 'name',
    width: 220,
    render: (_: unknown, s) => (
      <Space size={6}>
        <Tag>{STEP_KIND_TEXT[s.kind] ?? s.kind}</Tag>
        {stepName(s) && <span>{stepName(s)}</span>}
      </Space>
    ),
  },
  {
    title: '规则',
    dataIndex: 'rule',
    render: (r: string) =>
      r ? (
        <span>{r}</span>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      ),
  },
  {
    title: '优惠',
    key: 'off',
    width: 150,
    align: 'right',
    render: (_: unknown, s) =>
      s.kind === 'goods' ? (
        <Typography.Text type="secondary">—</Typography.Text>
      ) : (
        <div>
          {off(s.off)}
          {s.freightOff > 0 && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                其中运费 -{yuan(s.freightOff)}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
  },
  { title: '优惠后金额', dataIndex: 'amountAfter', width: 120, align: 'right', render: (v: number) => yuan(v) },
];

export function PriceStepsCard({ order: o }: { order: Order }) {
  const a = o.amounts;
  return (
    <Card title="价格计算过程" style={{ marginBottom: 16 }} data-testid="order-steps">
      <Table<QuoteStep & { i: number }>
        rowKey="i"
        size="small"
        pagination={false}
        columns={stepColumns}
        dataSource={o.steps.map((s, i) => ({ ...s, i }))}
        onRow={(s) => ({ 'data-step-kind': s.kind } as HTMLAttributes<HTMLElement>)}
      />
      {a.adjustment !== 0 && (
        <div style={{ textAlign: 'right', marginTop: 8 }}>
          <Typography.Text>
            商家改价 {signed(a.adjustment)}，实付 <Typography.Text strong>{yuan(a.payable)}</Typography.Text>
          </Typography.Text>
        </div>
      )}
    </Card>
  );
}

export function PriceChangesCard({ order: o }: { order: Order }) {
  return (
    <Card title="改价记录" style={{ marginBottom: 16 }} data-testid="price-changes">
      {o.priceChanges.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有改过价" />
      ) : (
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={o.priceChanges}
          columns={[
            { title: '时间', dataIndex: 'at', width: 170, render: (t: string) => formatTime(t, 'YYYY-MM-DD HH:mm:ss') },
            { title: '操作人', dataIndex: 'by', width: 140, render: byText },
            { title: '原实付', dataIndex: 'from', width: 110, align: 'right', render: (v: number) => yuan(v) },
            { title: '新实付', dataIndex: 'to', width: 110, align: 'right', render: (v: number) => yuan(v) },
            { title: '原因', dataIndex: 'reason' },
          ]}
        />
      )}
    </Card>
  );
}
