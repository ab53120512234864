/** 订单记录: the order's history: each step's state change, who did it and what happened (historyText, from the entry's data). */
import { Card, Timeline, Typography } from 'antd';
import { historyText, type Order } from '@shop/types';
import { byText, orderStatusText } from '../../orders';
import { formatTime } from '../../util';

export function HistoryCard({ order: o }: { order: Order }) {
  return (
    <Card title="订单记录" style={{ marginBottom: 16 }} data-testid="order-history">
      <Timeline
        items={o.history.map((h, i) => ({
          key: i,
          color: h.to === 'closed' ? 'gray' : h.from === h.to ? 'orange' : h.to === 'completed' ? 'green' : 'blue',
          title: formatTime(h.at, 'YYYY-MM-DD HH:mm:ss'),
          content: (
            <div>
              <div>
                {h.from && h.from !== h.to ? `${orderStatusText({ status: h.from, delivery: o.delivery })} → ` : ''}
                {orderStatusText({ status: h.to, delivery: o.delivery })}
                <Typography.Text type="secondary"> · {byText(h.by)}</Typography.Text>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {historyText(h)}
              </Typography.Text>
            </div>
          ),
        }))}
      />
    </Card>
  );
}
