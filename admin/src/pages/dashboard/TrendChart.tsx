/**
 * 概况's trend chart (@ant-design/plots, loaded with its own chunk after the figures): one line of the chosen figure,
 * by hour for today, by day otherwise. Money is drawn in yuan.
 */
import { Line } from '@ant-design/plots';
import type { StatsPoint, StatsTrend } from '@shop/types';
import { TREND_METRICS, type TrendMetric } from './metrics';

const label = (key: string, unit: StatsTrend['unit']) => (unit === 'hour' ? `${key.slice(11)}:00` : key.slice(5));

export default function TrendChart({ trend, metric }: { trend: StatsTrend; metric: TrendMetric }) {
  const m = TREND_METRICS[metric];
  const data = trend.points.map((p: StatsPoint) => ({ at: label(p.key, trend.unit), value: m.money ? p[metric] / 100 : p[metric] }));
  return (
    <div data-testid="trend-chart" data-points={trend.points.length} data-total={trend.points.reduce((n, p) => n + p[metric], 0)}>
      <Line
        data={data}
        xField="at"
        yField="value"
        height={300}
        point={{ shapeField: 'circle', sizeField: 3 }}
        axis={{ y: { title: m.money ? `${m.label}（元）` : m.label } }}
        tooltip={{ items: [{ channel: 'y', name: m.label, valueFormatter: (v: number) => (m.money ? `¥${v.toFixed(2)}` : String(v)) }] }}
      />
    </div>
  );
}
