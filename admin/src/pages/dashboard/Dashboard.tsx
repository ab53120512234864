/**
 * 概况, the page the admin opens on (owner and operator): the headline figures of a period with the change from the
 * period before, the trend chart (by hour for today), the best sellers by units and by amount, and the to-do cards,
 * each linking to the list it counts. Everything comes from statsAdmin (rollups, never a scan of the orders).
 */
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Col, InputNumber, Popover, Result, Row, Segmented, Skeleton, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, QuestionCircleOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import type { StatsFigure, StatsOverview, StatsPeriod, StatsTodo, StatsTopProduct, StatsTopProducts, StatsTrend } from '@shop/types';
import { call, useSession } from '../../api';
import { yuan } from '../../orders';
import { useLoader } from '../../util';
import { HEADLINES, PERIODS, TREND_METRICS, type TrendMetric } from './metrics';

const TrendChart = lazy(() => import('./TrendChart'));

interface Loaded {
  overview: StatsOverview;
  trend: StatsTrend;
  top: StatsTopProducts;
}
const load = async (period: StatsPeriod): Promise<Loaded> => {
  const [overview, trend, top] = await Promise.all([
    call('statsAdmin', 'overview', { period }),
    call('statsAdmin', 'trend', { period }),
    call('statsAdmin', 'topProducts', { period, limit: 10 }),
  ]);
  return { overview, trend, top };
};

const percent = (c: number | null) => (c === null ? '—' : `${Math.abs(c * 100).toFixed(1)}%`);

function Change({ figure, label }: { figure: StatsFigure; label: string }) {
  const c = figure.change;
  const color = c === null || c === 0 ? undefined : c > 0 ? '#cf1322' : '#389e0d';
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {label}{' '}
      <span style={{ color }} data-testid="stat-change">
        {c !== null && c > 0 && <ArrowUpOutlined />}
        {c !== null && c < 0 && <ArrowDownOutlined />} {percent(c)}
      </span>
    </Typography.Text>
  );
}

/** the to-do cards: what each counts and the list it opens (null: a list this role cannot open) */
function todoCards(t: StatsTodo, owner: boolean): { key: keyof StatsTodo; label: string; to: string | null; hint: string }[] {
  return [
    { key: 'toShip', label: '待发货', to: '/orders?tab=paid', hint: '已支付、快递或同城配送的订单（订单列表的待发货页签也含自提订单）' },
    { key: 'toPickup', label: '待自提', to: '/orders?tab=paid&deliveryMethod=pickup', hint: '已支付、到店自提的订单' },
    { key: 'cancelRequests', label: '退单申请', to: '/orders?tab=cancelRequests', hint: '顾客申请取消、等待处理的已支付订单' },
    { key: 'aftersales', label: '售后待处理', to: '/aftersales?status=open', hint: '待审核或退货已寄回的售后申请' },
    { key: 'refundAbnormal', label: '退款异常', to: '/refunds?tab=abnormal', hint: '微信支付未能原路退回的退款' },
    { key: 'stockAlert', label: '库存预警', to: '/products?lowStock=1', hint: `总库存低于预警值的商品：商品自己设了预警值的按它，其余按店铺的 ${t.stockAlertThreshold} 件` },
    { key: 'erpFailed', label: '精斗云同步失败', to: owner ? '/erp/log?status=dead' : null, hint: '重试多次仍未同步到精斗云的单据' },
    { key: 'wxShippingPending', label: '微信发货信息未上传', to: owner ? '/wx-shipping' : null, hint: '等待上传或上传失败的发货信息' },
  ];
}

function StockAlertSetting({ value, onSaved }: { value: number; onSaved: () => void }) {
  const { message } = App.useApp();
  const [v, setV] = useState<number | null>(value);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await call('statsAdmin', 'saveSettings', { stockAlert: v ?? 0 });
      message.success('库存预警值已保存');
      onSaved();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space>
      <InputNumber min={0} max={1_000_000} precision={0} value={v} onChange={setV} addonAfter="件" data-testid="stock-alert-input" />
      <Button type="primary" loading={busy} onClick={() => void save()} data-testid="stock-alert-save">
        保存
      </Button>
    </Space>
  );
}

function TopTable({ title, rows, by }: { title: string; rows: StatsTopProduct[]; by: 'units' | 'amount' }) {
  return (
    <Card title={title} size="small" data-testid={`top-${by}`}>
      <Table
        size="small"
        rowKey="productId"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: '这段时间还没有卖出商品' }}
        columns={[
          { title: '#', width: 40, render: (_: unknown, _r: StatsTopProduct, i: number) => i + 1 },
          { title: '商品', dataIndex: 'name', render: (name: string, r: StatsTopProduct) => <Link to={`/products/${r.productId}/edit`}>{name}</Link> },
          { title: '销量', dataIndex: 'units', width: 80, align: 'right' },
          { title: '销售额', dataIndex: 'amount', width: 110, align: 'right', render: (fen: number) => yuan(fen) },
        ]}
      />
    </Card>
  );
}

export default function Dashboard() {
  const owner = useSession()?.admin.role === 'owner';
  const [period, setPeriod] = useState<StatsPeriod>('today');
  const [metric, setMetric] = useState<TrendMetric>('paidAmount');
  const { data, loading, error, reload } = useLoader<Loaded | null>(() => load(period), [period], null);
  const p = PERIODS.find((x) => x.value === period)!;

  if (error != null && !data) {
    return <Result status="error" title="概况加载失败" subTitle={(error as Error).message} extra={<Button onClick={() => void reload()}>重试</Button>} />;
  }
  const ov = data?.overview;
  return (
    <div data-testid="dashboard" data-period={ov?.period ?? ''}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Space align="baseline">
          <Typography.Title level={4} style={{ margin: 0 }}>
            概况
          </Typography.Title>
          {ov && (
            <Typography.Text type="secondary" data-testid="dashboard-range">
              {ov.from === ov.to ? ov.from : `${ov.from} 至 ${ov.to}`}（北京时间）
            </Typography.Text>
          )}
        </Space>
        <Space>
          <Segmented value={period} onChange={(v) => setPeriod(v as StatsPeriod)} options={PERIODS.map(({ value, label }) => ({ value, label }))} data-testid="period-switch" />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()} loading={loading} data-testid="dashboard-refresh">
            刷新
          </Button>
        </Space>
      </Space>

      <Row gutter={[16, 16]}>
        {HEADLINES.map((h) => {
          const f = ov?.figures[h.key];
          return (
            <Col key={h.key} xs={12} md={8} xl={4}>
              <Card size="small" data-testid={`stat-${h.key}`} data-value={f?.value ?? ''} data-previous={f?.previous ?? ''}>
                <Skeleton loading={!f} active paragraph={{ rows: 1 }}>
                  {f && (
                    <>
                      <Statistic
                        title={
                          <Space size={4}>
                            {h.label}
                            <Tooltip title={h.hint}>
                              <QuestionCircleOutlined />
                            </Tooltip>
                          </Space>
                        }
                        value={h.money ? yuan(f.value) : f.value}
                      />
                      <Change figure={f} label={p.previous} />
                      {h.key === 'refundAmount' && ov && (
                        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                          共 {ov.figures.refundCount.value} 笔
                        </Typography.Text>
                      )}
                    </>
                  )}
                </Skeleton>
              </Card>
            </Col>
          );
        })}
      </Row>

      <Card
        title={period === 'today' ? '今日趋势（按小时）' : `${p.label}趋势（按天）`}
        size="small"
        style={{ marginTop: 16 }}
        extra={<Segmented size="small" value={metric} onChange={(v) => setMetric(v as TrendMetric)} options={Object.entries(TREND_METRICS).map(([value, m]) => ({ value, label: m.label }))} data-testid="trend-metric" />}
      >
        {data ? (
          <Suspense fallback={<Skeleton active />}>
            <TrendChart trend={data.trend} metric={metric} />
          </Suspense>
        ) : (
          <Skeleton active />
        )}
      </Card>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        待办事项
      </Typography.Title>
      <Row gutter={[16, 16]} data-testid="todo-cards">
        {ov &&
          todoCards(ov.todo, owner).map((c) => {
            const body = (
              <Card size="small" hoverable={!!c.to} data-testid={`todo-${c.key}`} data-count={ov.todo[c.key]}>
                <Statistic title={<Tooltip title={c.hint}>{c.label}</Tooltip>} value={ov.todo[c.key]} valueStyle={{ color: ov.todo[c.key] ? '#d4380d' : undefined }} />
              </Card>
            );
            return (
              <Col key={c.key} xs={12} md={6} xl={3}>
                {c.to ? (
                  <Link to={c.to} data-testid={`todo-link-${c.key}`}>
                    {body}
                  </Link>
                ) : (
                  body
                )}
                {c.key === 'stockAlert' && owner && (
                  <Popover trigger="click" title="店铺库存预警值（没有自己预警值的商品，总库存低于它即计入）" content={<StockAlertSetting value={ov.todo.stockAlertThreshold} onSaved={() => void reload()} />}>
                    <Button type="link" size="small" icon={<SettingOutlined />} data-testid="stock-alert-setting">
                      预警值 {ov.todo.stockAlertThreshold}
                    </Button>
                  </Popover>
                )}
              </Col>
            );
          })}
      </Row>

      <Row gutter={[16, 16]} style={{ marginTop: 24 }}>
        <Col xs={24} lg={12}>
          <TopTable title={`商品销量排行（${p.label}）`} rows={data?.top.byUnits ?? []} by="units" />
        </Col>
        <Col xs={24} lg={12}>
          <TopTable title={`商品销售额排行（${p.label}）`} rows={data?.top.byAmount ?? []} by="amount" />
        </Col>
      </Row>
    </div>
  );
}
