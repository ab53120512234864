/**
 * 同步状态 (第三方对接, owner only): the outbound direction (orders → 销售出库单: pending / sent / dead, the oldest
 * pending item, the last run), the inbound directions (materials, stock, ERP shipping: last run, result, error) and the
 * materials the sync skipped (e.g. decimal quantities). 立即同步 runs both directions now. 补发历史订单 queues the paid
 * orders of a date range that never went to the ERP (paid while not bound), once each.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Input, Result, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ReloadOutlined, SendOutlined, SyncOutlined } from '@ant-design/icons';
import { SEND_PAID_ORDERS_MAX_DAYS, type SendPaidOrdersResult, type SyncDirectionStatus, type SyncStatus } from '@shop/types';
import { call } from '../api';
import { isForbidden, jdyMessageGist, resultText, ownerOnly, SyncOwnerOnly, syncErrorText } from '../sync';
import { formatTime, useLoaded } from '../util';
import { useSubmit } from '../components/useSubmit';

const loadStatus = () => call('syncAdmin', 'status', {});
const IN_DIRECTIONS: { key: keyof SyncStatus['in']; label: string; what: string }[] = [
  { key: 'materials', label: '商品资料', what: '精斗云物料 → 商城商品' },
  { key: 'stock', label: '库存', what: '默认仓库库存 → 商城库存' },
  { key: 'shipments', label: '发货信息', what: '出库单的物流信息 → 订单发货' },
];
const errorLine = (e: string) => (jdyMessageGist(e) ? `${jdyMessageGist(e)}：${e}` : e);
const when = (iso: string | null) => formatTime(iso, 'YYYY-MM-DD HH:mm:ss') || '从未运行';

/** A summary of what 立即同步 answered (`runNow` is typed `unknown`: the shape of runSync). */
const runSummary = (r: unknown): string => {
  if (!r || typeof r !== 'object') return '同步已完成';
  const o = r as Record<string, unknown>;
  if (o.bound === false) return '尚未绑定精斗云账套，没有同步';
  const parts = [
    ['出库', o.out],
    ['商品资料', o.materials],
    ['库存', o.stock],
    ['发货信息', o.shipments],
  ]
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k as string}：${v === null ? '失败' : resultText(v)}`);
  return parts.length ? `同步已完成。${parts.join('；')}` : '同步已完成';
};

export default ownerOnly(ErpStatus);

function ErpStatus() {
  const { message } = App.useApp();
  const { data, loading, error, reload } = useLoaded<SyncStatus | null>(loadStatus, null);
  const [running, setRunning] = useState(false);
  const [runResult, setRunResult] = useState<string | null>(null);
  const [runError, setRunError] = useState<string | null>(null);

  if (isForbidden(error)) return <SyncOwnerOnly />;
  if (error != null && !data) {
    return <Result status="error" title="同步状态加载失败" subTitle={syncErrorText(error)} extra={<Button onClick={() => void reload()}>重试</Button>} />;
  }

  const runNow = async () => {
    setRunning(true);
    setRunError(null);
    setRunResult(null);
    try {
      const r = await call('syncAdmin', 'runNow', {});
      setRunResult(runSummary(r));
      message.success('同步已完成');
    } catch (e) {
      setRunError(syncErrorText(e));
    } finally {
      setRunning(false);
      await reload();
    }
  };

  const bound = data?.binding.status === 'bound';
  const out = data?.out;

  return (
    <div>
      <div className="page-title">
        <h2>同步状态</h2>
        <Space>
          <Button type="primary" icon={<SyncOutlined />} loading={running} disabled={!!data && !bound} data-testid="erp-run-now" onClick={() => void runNow()}>
            立即同步
          </Button>
          <Button icon={<ReloadOutlined />} loading={loading && !running} data-testid="erp-status-refresh" onClick={() => void reload()}>
            刷新
          </Button>
        </Space>
      </div>
      {data && !bound && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="erp-status-unbound"
          title={
            <span>
              尚未绑定精斗云账套，订单不会同步。<Link to="/erp/binding">去绑定</Link>
            </span>
          }
        />
      )}
      {data && bound && (
        <Typography.Paragraph type="secondary" data-testid="erp-status-account">
          当前账套：{data.binding.accountName ?? data.binding.accountId}（{data.binding.accountId}）
        </Typography.Paragraph>
      )}
      {error != null && data && <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="erp-status-error" title={syncErrorText(error)} />}
      {runError && <Alert type="error" showIcon closable onClose={() => setRunError(null)} style={{ marginBottom: 16 }} data-testid="erp-run-error" title={runError} />}
      {runResult && <Alert type="success" showIcon closable onClose={() => setRunResult(null)} style={{ marginBottom: 16 }} data-testid="erp-run-result" title={runResult} />}

      <Card title="订单 → 精斗云（销售出库单、取消、退货）" style={{ marginBottom: 16 }} loading={!data} data-testid="erp-status-out">
        {out && (
          <>
            <Row gutter={16} style={{ marginBottom: 12 }}>
              <Col span={6}>
                <Link to="/erp/log?status=pending" data-testid="erp-out-pending-link">
                  <Statistic title="待发送" value={out.pending} data-testid="erp-out-pending" />
                </Link>
              </Col>
              <Col span={6}>
                <Link to="/erp/log?status=sent">
                  <Statistic title="已同步" value={out.sent} data-testid="erp-out-sent" />
                </Link>
              </Col>
              <Col span={6}>
                <Link to="/erp/log?status=dead" data-testid="erp-out-dead-link">
                  <Statistic title="失败待处理" value={out.dead} styles={{ content: out.dead ? { color: '#cf1322' } : undefined }} data-testid="erp-out-dead" />
                </Link>
              </Col>
              <Col span={6}>
                <Statistic title="最早待发送" value={out.oldestPendingAt ? formatTime(out.oldestPendingAt, 'MM-DD HH:mm:ss') : '—'} data-testid="erp-out-oldest" />
              </Col>
            </Row>
            <DirectionLine d={out} testId="erp-out" />
          </>
        )}
      </Card>

      {data && bound && <SendPaidOrders boundAt={data.binding.boundAt} onDone={() => void reload()} />}

      <Card title="精斗云 → 商城" style={{ marginBottom: 16 }} loading={!data} data-testid="erp-status-in">
        {data && (
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={IN_DIRECTIONS.map((d) => ({ ...d, ...data.in[d.key] }))}
            onRow={(r) => ({ 'data-testid': `erp-in-${r.key}`, 'data-ok': String(!r.lastError) }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: '方向',
                dataIndex: 'label',
                width: 220,
                render: (l: string, r) => (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{l}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.what}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: '最近运行', dataIndex: 'lastRunAt', width: 180, render: (t: string | null, r) => <span data-testid={`erp-in-${r.key}-last-run`}>{when(t)}</span> },
              {
                title: '结果',
                render: (_: unknown, r) =>
                  r.lastError ? (
                    <Tag color="error" data-testid={`erp-in-${r.key}-result`}>失败</Tag>
                  ) : r.lastRunAt ? (
                    <span data-testid={`erp-in-${r.key}-result`}>{resultText(r.lastResult)}</span>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
              {
                title: '错误',
                dataIndex: 'lastError',
                render: (e: string | null, r) => (e ? <Typography.Text type="danger" data-testid={`erp-in-${r.key}-error`}>{errorLine(e)}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
              },
            ]}
          />
        )}
      </Card>

      <Card
        title={
          <Space>
            未同步的物料
            {data && <Tag data-testid="erp-skipped-count">{data.skipped.length}</Tag>}
          </Space>
        }
        loading={!data}
        data-testid="erp-skipped-card"
      >
        <Typography.Paragraph type="secondary">这些精斗云物料没有同步到商城（例如允许小数数量的称重商品），修改物料后会在下次同步时重新检查。</Typography.Paragraph>
        <div data-testid="erp-skipped">
          <Table
            rowKey="number"
            size="small"
            pagination={false}
            dataSource={data?.skipped ?? []}
            locale={{ emptyText: '没有被跳过的物料' }}
            columns={[
              { title: '物料编码', dataIndex: 'number', width: 140, render: (n: string) => <Typography.Text code>{n}</Typography.Text> },
              { title: '名称', dataIndex: 'name', width: 240 },
              { title: '原因', dataIndex: 'reason' },
              { title: '时间', dataIndex: 'at', width: 170, render: (t: string) => formatTime(t, 'YYYY-MM-DD HH:mm:ss') },
            ]}
          />
        </div>
      </Card>
    </div>
  );
}

/** Beijing calendar day of an instant (YYYY-MM-DD) */
const beijingDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 补发历史订单: the paid orders of a date range that never went to 精斗云 (paid before the binding, or while it was
 * undone) are queued once each; asking again queues nothing twice.
 */
function SendPaidOrders({ boundAt, onDone }: { boundAt: string | null; onDone: () => void }) {
  const bound = boundAt ? Date.parse(boundAt) : Date.now();
  const [from, setFrom] = useState(() => beijingDay(bound - 30 * 86_400_000));
  const [to, setTo] = useState(() => beijingDay(bound));
  const [result, setResult] = useState<SendPaidOrdersResult | null>(null);
  const { running: busy, error: failed, run } = useSubmit(syncErrorText);
  const send = () =>
    run(async () => {
      setResult(null);
      setResult(await call('syncAdmin', 'sendPaidOrders', { from, to }));
      onDone();
    });
  return (
    <Card title="补发历史订单" style={{ marginBottom: 16 }} data-testid="erp-send-paid">
      <Typography.Paragraph type="secondary">
        绑定前（或解除绑定期间）支付的订单没有发送到精斗云。选择支付日期范围（北京时间，最多 {SEND_PAID_ORDERS_MAX_DAYS} 天），把其中尚未发送、未关闭的订单补发为销售出库单；每张订单只会发送一次，重复补发不会生成重复单据。
      </Typography.Paragraph>
      <Space wrap>
        <span>支付日期</span>
        <Input type="date" style={{ width: 160 }} value={from} max={to} data-testid="erp-send-paid-from" onChange={(e) => setFrom(e.target.value)} />
        <span>至</span>
        <Input type="date" style={{ width: 160 }} value={to} min={from} data-testid="erp-send-paid-to" onChange={(e) => setTo(e.target.value)} />
        <Button icon={<SendOutlined />} loading={busy} disabled={!from || !to} data-testid="erp-send-paid-run" onClick={() => void send()}>
          补发到精斗云
        </Button>
      </Space>
      {failed && <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="erp-send-paid-error" title={failed} />}
      {result && (
        <Alert
          type={result.queued ? 'success' : 'info'}
          showIcon
          style={{ marginTop: 12 }}
          data-testid="erp-send-paid-result"
          data-queued={result.queued}
          title={
            result.queued
              ? `已加入发送队列 ${result.queued} 张订单，稍后可在同步日志中查看结果`
              : '这个日期范围内没有需要补发的订单'
          }
          description={`${result.from} 至 ${result.to} 共支付 ${result.paid} 张：本次补发 ${result.queued} 张，之前已发送或已在队列 ${result.alreadySent} 张，已关闭无需发送 ${result.closed} 张${result.notFromErp ? `，含非精斗云商品无法生成出库单 ${result.notFromErp} 张（请在商城处理）` : ''}。`}
        />
      )}
    </Card>
  );
}

function DirectionLine({ d, testId }: { d: SyncDirectionStatus; testId: string }) {
  return (
    <Descriptions column={1} size="small" styles={{ label: { width: 120 } }}>
      <Descriptions.Item label="最近运行">
        <span data-testid={`${testId}-last-run`}>{when(d.lastRunAt)}</span>
      </Descriptions.Item>
      <Descriptions.Item label="结果">
        <span data-testid={`${testId}-result`}>{d.lastRunAt ? resultText(d.lastResult) : '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label="错误">
        {d.lastError ? (
          <Typography.Text type="danger" data-testid={`${testId}-error`}>
            {errorLine(d.lastError)}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}
