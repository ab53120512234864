/**
 * 对账 (第三方对接, owner only): compares the shop's orders of the last N days (default 7) with the ERP's sales
 * outbound documents (`reconcile`) and lists the differences: a paid order without its document, a cancelled order
 * whose document remains, amounts that differ. On load it shows the last report (`lastReconcile`).
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, InputNumber, Result, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { AuditOutlined, CheckCircleOutlined } from '@ant-design/icons';
import type { ReconcileReport, ReconcileRow } from '@shop/types';
import { call } from '../api';
import { ORDER_STATUS_TEXT, yuan } from '../orders';
import { isForbidden, RECONCILE_PROBLEM_TEXT, ownerOnly, SyncOwnerOnly, syncErrorText } from '../sync';
import { formatTime } from '../util';

const PROBLEM_COLOR: Record<ReconcileRow['problem'], string> = { missing_in_erp: 'error', not_cancelled: 'warning', amount_mismatch: 'orange', refund_only: 'blue', exchange: 'blue' };
const statusText = (s: string) => (ORDER_STATUS_TEXT as Record<string, string>)[s] ?? s;

export default ownerOnly(ErpReconcile);

function ErpReconcile() {
  const [days, setDays] = useState<number>(7);
  const [report, setReport] = useState<ReconcileReport | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fresh, setFresh] = useState(false);
  const [boundAt, setBoundAt] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    call('syncAdmin', 'binding', {})
      .then((b) => live && setBoundAt(b.status === 'bound' ? b.boundAt : null))
      .catch(() => undefined);
    call('syncAdmin', 'lastReconcile', {})
      .then((r) => live && setReport(r))
      .catch((e) => live && setError(e))
      .finally(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, []);

  if (isForbidden(error)) return <SyncOwnerOnly />;

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setReport(await call('syncAdmin', 'reconcile', { days }));
      setFresh(true);
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div>
      <div className="page-title">
        <h2>对账</h2>
      </div>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>核对最近</span>
          <InputNumber id="erp-reconcile-days" data-testid="erp-reconcile-days" min={1} max={90} precision={0} value={days} onChange={(v) => setDays(typeof v === 'number' ? v : 7)} style={{ width: 90 }} />
          <span>天的订单与精斗云销售出库单</span>
          <Button type="primary" icon={<AuditOutlined />} loading={running} data-testid="erp-reconcile-run" onClick={() => void run()}>
            开始对账
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          检查：已支付的订单在精斗云没有出库单、已取消的订单出库单仍在、出库单金额与订单商品金额（不含运费，运费不同步）不一致，以及精斗云没有对应单据的仅退款、换货。每一行都说明了差异和处理办法。
        </Typography.Paragraph>
      </Card>
      {error != null && <Alert type="error" showIcon closable onClose={() => setError(null)} style={{ marginBottom: 16 }} data-testid="erp-reconcile-error" title={syncErrorText(error)} />}
      {!loaded ? (
        <div style={{ padding: 60, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : !report ? (
        <Card data-testid="erp-reconcile-none">
          <Result status="info" title="还没有对账记录" subTitle="点击「开始对账」核对最近的订单。" />
        </Card>
      ) : (
        <Card
          data-testid="erp-reconcile-report"
          title={
            <Space>
              {fresh ? '对账结果' : '上次对账结果'}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="erp-reconcile-at">
                {formatTime(report.at, 'YYYY-MM-DD HH:mm:ss')}
              </Typography.Text>
            </Space>
          }
        >
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="核对范围">
              <span data-testid="erp-reconcile-range">
                {formatTime(report.from)} 至 {formatTime(report.to)}
              </span>
              {boundAt && Date.parse(report.from) === Date.parse(boundAt) && (
                <Typography.Text type="secondary" data-testid="erp-reconcile-since-binding">
                  （从绑定时间开始：绑定前支付的订单不参与对账，可在同步状态页「补发历史订单」）
                </Typography.Text>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={6}>
              <Statistic title="核对订单" value={report.ordersChecked} data-testid="erp-reconcile-orders" />
            </Col>
            <Col span={6}>
              <Statistic title="核对出库单" value={report.documentsChecked} data-testid="erp-reconcile-documents" />
            </Col>
            <Col span={6}>
              <Statistic title="发现问题" value={report.rows.length} styles={{ content: report.rows.length ? { color: '#cf1322' } : { color: '#3f8600' } }} data-testid="erp-reconcile-problems" />
            </Col>
          </Row>
          {report.rows.length === 0 ? (
            <Alert type="success" showIcon icon={<CheckCircleOutlined />} data-testid="erp-reconcile-clean" title="账目一致：范围内的订单与精斗云出库单没有差异。" />
          ) : (
            <div data-testid="erp-reconcile-table">
              <Table<ReconcileRow>
                rowKey={(r) => `${r.orderId}:${r.problem}:${r.aftersaleId ?? ''}`}
                size="middle"
                dataSource={report.rows}
                pagination={report.rows.length > 20 ? { pageSize: 20 } : false}
                onRow={(r) => ({ 'data-problem': r.problem, 'data-order': r.orderId }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: '订单', dataIndex: 'orderId', render: (id: string) => <Link to={`/orders/${id}`}>{id}</Link> },
                  {
                    title: '问题',
                    dataIndex: 'problem',
                    render: (p: ReconcileRow['problem']) => (
                      <Tag color={PROBLEM_COLOR[p]} data-problem={p}>
                        {RECONCILE_PROBLEM_TEXT[p] ?? p}
                      </Tag>
                    ),
                  },
                  { title: '订单状态', dataIndex: 'orderStatus', render: (s: string) => statusText(s) },
                  { title: '订单金额', dataIndex: 'orderAmount', align: 'right', render: (n: number) => yuan(n) },
                  { title: '精斗云金额', dataIndex: 'erpAmount', align: 'right', render: (n: number | null) => (n === null ? '—' : yuan(n)) },
                  { title: '精斗云出库单 ID', dataIndex: 'erpId', render: (id: string | null) => id ?? '—' },
                  // reports stored before explanations existed have none
                  { title: '说明', dataIndex: 'explanation', width: 420, render: (t: string | undefined) => <span data-testid="erp-reconcile-explanation">{t ?? '—'}</span> },
                ]}
              />
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
