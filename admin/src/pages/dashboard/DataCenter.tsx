/**
 * 数据中心 (owner): the trade, product and customer reports of a range of Beijing days (at most STATS_MAX_DAYS), each
 * with 导出 XLSX. Figures come from statsAdmin.report (the rollups); the trade report's chart reuses 概况's lazily
 * loaded TrendChart. The report and the range live in the URL (?kind=&from=&to=), so a report can be linked.
 */
import { lazy, Suspense, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, DatePicker, Result, Row, Segmented, Skeleton, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { STATS_MAX_DAYS, STATS_REPORT_KINDS, STATS_REPORT_TEXT, type StatsCustomerReport, type StatsCustomerRow, type StatsPoint, type StatsProductReport, type StatsProductRow, type StatsReport, type StatsReportKind, type StatsTradeReport } from '@shop/types';
import { call, useSession } from '../../api';
import { errorText } from '../../errors';
import { yuan } from '../../orders';
import { dayjs, downloadBase64, TZ, useLoader } from '../../util';
import { HEADLINES, TREND_METRICS, type TrendMetric } from './metrics';

const TrendChart = lazy(() => import('./TrendChart'));

const today = () => dayjs().tz(TZ).format('YYYY-MM-DD');
const shift = (day: string, n: number) => dayjs(day).add(n, 'day').format('YYYY-MM-DD');
const PRESETS = [7, 30, 90].map((n) => ({ label: `近${n}天`, days: n }));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function Figure({ id, label, value, money }: { id: string; label: string; value: number; money?: boolean }) {
  return (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" data-testid={`report-${id}`} data-value={value}>
        <Statistic title={label} value={money ? yuan(value) : value} />
      </Card>
    </Col>
  );
}

function TradeReport({ rep }: { rep: StatsTradeReport }) {
  const [metric, setMetric] = useState<TrendMetric>('paidAmount');
  return (
    <>
      <Row gutter={[16, 16]}>
        {HEADLINES.map((h) => (
          <Figure key={h.key} id={`total-${h.key}`} label={h.label} value={rep.total[h.key]} money={h.money} />
        ))}
      </Row>
      <Card
        size="small"
        title="按天趋势"
        style={{ marginTop: 16 }}
        extra={<Segmented size="small" value={metric} onChange={(v) => setMetric(v as TrendMetric)} options={Object.entries(TREND_METRICS).map(([value, m]) => ({ value, label: m.label }))} />}
      >
        <Suspense fallback={<Skeleton active />}>
          <TrendChart trend={{ unit: 'day', from: rep.from, to: rep.to, points: rep.days }} metric={metric} />
        </Suspense>
      </Card>
      <Table<StatsPoint>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="key"
        data-testid="report-table"
        pagination={false}
        scroll={{ y: 420 }}
        dataSource={[...rep.days].reverse()}
        columns={[
          { title: '日期', dataIndex: 'key', width: 120 },
          { title: '支付金额', dataIndex: 'paidAmount', align: 'right', render: yuan },
          { title: '支付订单数', dataIndex: 'paidOrders', align: 'right' },
          { title: '支付人数', dataIndex: 'payingCustomers', align: 'right' },
          { title: '客单价', dataIndex: 'avgOrderValue', align: 'right', render: yuan },
          { title: '退款金额', dataIndex: 'refundAmount', align: 'right', render: yuan },
          { title: '退款笔数', dataIndex: 'refundCount', align: 'right' },
          { title: '新客户数', dataIndex: 'newCustomers', align: 'right' },
          { title: '完成订单数', dataIndex: 'completedOrders', align: 'right' },
        ]}
        summary={() => (
          <Table.Summary fixed>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              {(['paidAmount', 'paidOrders', 'payingCustomers', 'avgOrderValue', 'refundAmount', 'refundCount', 'newCustomers', 'completedOrders'] as const).map((k, i) => (
                <Table.Summary.Cell key={k} index={i + 1} align="right">
                  {['paidAmount', 'avgOrderValue', 'refundAmount'].includes(k) ? yuan(rep.total[k]) : rep.total[k]}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
    </>
  );
}

function ProductReport({ rep }: { rep: StatsProductReport }) {
  return (
    <>
      <Row gutter={[16, 16]}>
        <Figure id="total-products" label="动销商品数" value={rep.total.products} />
        <Figure id="total-units" label="销量" value={rep.total.units} />
        <Figure id="total-amount" label="销售额" value={rep.total.amount} money />
      </Row>
      <Table<StatsProductRow>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="productId"
        data-testid="report-table"
        dataSource={rep.products}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '这段时间还没有卖出商品' }}
        columns={[
          { title: '排名', width: 60, render: (_: unknown, _r: StatsProductRow, i: number) => i + 1 },
          { title: '商品', dataIndex: 'name', render: (name: string, r: StatsProductRow) => <Link to={`/products/${r.productId}/edit`}>{name}</Link> },
          { title: '销量', dataIndex: 'units', width: 100, align: 'right', sorter: (a, b) => a.units - b.units },
          { title: '销售额', dataIndex: 'amount', width: 140, align: 'right', render: yuan, sorter: (a, b) => a.amount - b.amount },
          { title: '销售额占比', dataIndex: 'share', width: 120, align: 'right', render: pct },
        ]}
      />
    </>
  );
}

function CustomerReport({ rep }: { rep: StatsCustomerReport }) {
  return (
    <>
      <Row gutter={[16, 16]}>
        <Figure id="newCustomers" label="新客户数" value={rep.newCustomers} />
        <Figure id="payingCustomers" label="支付人数" value={rep.payingCustomers} />
        <Figure id="repeatCustomers" label="复购人数（≥2 单）" value={rep.repeatCustomers} />
        <Col xs={12} md={8} xl={4}>
          <Card size="small" data-testid="report-repeatRate" data-value={rep.repeatRate}>
            <Statistic title="复购率" value={pct(rep.repeatRate)} />
          </Card>
        </Col>
        <Figure id="paidAmount" label="支付金额" value={rep.paidAmount} money />
        <Figure id="amountPerCustomer" label="人均支付金额" value={rep.amountPerCustomer} money />
      </Row>
      <Card size="small" title="消费排行" style={{ marginTop: 16 }}>
        <Table<StatsCustomerRow>
          size="small"
          rowKey="openid"
          data-testid="report-table"
          dataSource={rep.top}
          pagination={false}
          locale={{ emptyText: '这段时间还没有顾客支付' }}
          columns={[
            { title: '排名', width: 60, render: (_: unknown, _r: StatsCustomerRow, i: number) => i + 1 },
            { title: '顾客', dataIndex: 'nickname', render: (n: string, r: StatsCustomerRow) => <Link to={`/customers/${encodeURIComponent(r.openid)}`}>{n || r.openid}</Link> },
            { title: '支付订单数', dataIndex: 'orders', width: 120, align: 'right' },
            { title: '支付金额', dataIndex: 'amount', width: 140, align: 'right', render: yuan },
          ]}
        />
      </Card>
    </>
  );
}

export default function DataCenter() {
  const { message } = App.useApp();
  const owner = useSession()?.admin.role === 'owner';
  const [params, setParams] = useSearchParams();
  const kind = (STATS_REPORT_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as StatsReportKind) : 'trade';
  const to = params.get('to') ?? today();
  const from = params.get('from') ?? shift(to, -6);
  const set = (next: Partial<{ kind: string; from: string; to: string }>) => setParams({ kind, from, to, ...next }, { replace: true });
  const { data, loading, error, reload } = useLoader<StatsReport | null>(() => (owner ? call('statsAdmin', 'report', { kind, from, to }) : Promise.resolve(null)), [kind, from, to, owner], null);
  const [exporting, setExporting] = useState(false);

  if (!owner) return <Result status="403" title="只有店主可以查看数据中心" subTitle="当前账号不是店主。" extra={<Button href="#/dashboard">返回概况</Button>} />;

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const f = await call('statsAdmin', 'reportExport', { kind, from, to });
      downloadBase64(f.filename, f.contentBase64);
      message.success(`已导出${STATS_REPORT_TEXT[kind]}报表（${f.rows} 行）`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  const shown = data && data.kind === kind && data.from === from && data.to === to ? data : null;
  return (
    <div data-testid="data-center" data-kind={shown?.kind ?? ''}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Space align="baseline">
          <Typography.Title level={4} style={{ margin: 0 }}>
            数据中心
          </Typography.Title>
          <Typography.Text type="secondary">
            {from} 至 {to}（北京时间，最长 {STATS_MAX_DAYS} 天）
          </Typography.Text>
        </Space>
        <Space wrap>
          <DatePicker.RangePicker
            data-testid="report-range"
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            disabledDate={(d, info) => d.isAfter(dayjs().tz(TZ), 'day') || (!!info?.from && Math.abs(d.diff(info.from, 'day')) >= STATS_MAX_DAYS)}
            presets={PRESETS.map((p) => ({ label: p.label, value: [dayjs(shift(today(), 1 - p.days)), dayjs(today())] }))}
            onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })}
          />
          <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void reload()}>
            刷新
          </Button>
          <Button type="primary" icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} data-testid="report-export">
            导出 XLSX
          </Button>
        </Space>
      </Space>
      <Tabs activeKey={kind} onChange={(k) => set({ kind: k })} items={STATS_REPORT_KINDS.map((k) => ({ key: k, label: `${STATS_REPORT_TEXT[k]}分析` }))} data-testid="report-tabs" />
      {error != null && !shown ? (
        <Result status="error" title="报表加载失败" subTitle={errorText(error)} extra={<Button onClick={() => void reload()}>重试</Button>} />
      ) : !shown ? (
        <Skeleton active />
      ) : shown.kind === 'trade' ? (
        <TradeReport rep={shown} />
      ) : shown.kind === 'product' ? (
        <ProductReport rep={shown} />
      ) : (
        <CustomerReport rep={shown} />
      )}
    </div>
  );
}
