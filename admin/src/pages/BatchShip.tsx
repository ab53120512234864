/**
 * 批量发货: a CSV / XLS / XLSX file of 订单号, 物流公司, 物流单号 (by header or in that order, ≤ 1,000 rows, ≤ 1 MB) is
 * sent as is (base64); the server answers a result per row, failed rows with the reason.
 */
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Space, Statistic, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { CARRIERS, SHIP_BATCH_MAX_BYTES, SHIP_BATCH_MAX_ROWS, type BatchShipResult, type BatchShipRowResult } from '@shop/types';
import { call } from '../api';
import { actionErrorText } from '../orders';
import { downloadText } from '../util';
import { readBase64 } from '../components/ImagesField';

const TEMPLATE = '\uFEFF' + ['订单号,物流公司,物流单号', `请填写订单号,${CARRIERS[0]},SF1234567890`].join('\r\n') + '\r\n';

export default function BatchShip() {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BatchShipResult | null>(null);
  // bound to Jingdou Cloud: the express orders the ERP has are shipped there, and their rows here fail
  const [erpBound, setErpBound] = useState(false);
  useEffect(() => {
    call('orderAdmin', 'erpShipping', {})
      .then((r) => setErpBound(r.bound))
      .catch(() => undefined);
  }, []);

  const onPick = async (file: File | undefined) => {
    setError(null);
    setResult(null);
    setFileName(file?.name ?? null);
    if (!file) return;
    if (!/\.(csv|xls|xlsx)$/i.test(file.name)) return setError('请选择 .csv、.xls 或 .xlsx 文件');
    if (file.size === 0) return setError('文件是空的');
    if (file.size > SHIP_BATCH_MAX_BYTES) return setError(`文件太大：${(file.size / 1e6).toFixed(2)} MB，上限为 1 MB`);
    setBusy(true);
    try {
      setResult(await call('orderAdmin', 'batchShip', { filename: file.name, contentBase64: await readBase64(file) }));
    } catch (e) {
      setError(actionErrorText(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div>
      <div className="page-title">
        <h2>批量发货</h2>
      </div>
      {erpBound && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          id="batch-ship-erp"
          title="本店已绑定精斗云：已同步到精斗云的快递订单请在精斗云的销售出库单中发货，物流信息会自动回传，这里上传的这些订单会被拒绝。"
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Typography.Paragraph>
          上传 CSV、XLS 或 XLSX 文件，三列依次为 <Typography.Text code>订单号</Typography.Text>、<Typography.Text code>物流公司</Typography.Text>、
          <Typography.Text code>物流单号</Typography.Text>（有表头时按表头识别）。也可以直接使用订单列表「导出」的文件：填好要发货订单的物流公司和物流单号，未填的行会跳过。每个文件最多 {SHIP_BATCH_MAX_ROWS} 行、1 MB。只有快递配送、待发货的订单可以发货，整单发出。
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">物流公司需与以下名称一致：{CARRIERS.join('、')}</Typography.Paragraph>
        <Space>
          <input ref={input} type="file" accept=".csv,.xls,.xlsx" id="batch-ship-file" style={{ display: 'none' }} onChange={(e) => void onPick(e.target.files?.[0])} />
          <Button type="primary" icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
            选择文件并发货
          </Button>
          <Button icon={<DownloadOutlined />} id="batch-ship-template" onClick={() => downloadText('批量发货模板.csv', TEMPLATE)}>
            下载模板
          </Button>
          {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
        </Space>
      </Card>
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} id="batch-ship-error" />}
      {result && (
        <Card id="batch-ship-result" title="发货结果">
          <Space size={48} style={{ marginBottom: 16 }}>
            <Statistic title="发货成功" value={result.shipped} styles={{ content: { color: '#3f8600' } }} />
            <Statistic title="发货失败" value={result.failed} styles={{ content: { color: result.failed ? '#cf1322' : undefined } }} />
            <Statistic title="跳过（未填物流的行、同一订单的其他商品行）" value={result.skipped} />
          </Space>
          <Table<BatchShipRowResult>
            size="small"
            rowKey="line"
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={result.rows}
            rowClassName={(r) => (r.result === 'failed' ? 'batch-ship-failed' : '')}
            onRow={(r) => ({ 'data-result': r.result, style: r.result === 'failed' ? { background: '#fff1f0' } : undefined }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '行', dataIndex: 'line', width: 60 },
              { title: '订单号', dataIndex: 'orderId', width: 240, render: (id: string) => (id ? <Link to={`/orders/${id}`}>{id}</Link> : '—') },
              {
                title: '结果',
                dataIndex: 'result',
                width: 90,
                render: (r: string) => (r === 'shipped' ? <Tag color="green">已发货</Tag> : <Tag color="red">失败</Tag>),
              },
              {
                title: '物流 / 原因',
                key: 'detail',
                render: (_: unknown, r) =>
                  r.result === 'shipped' ? (
                    `${r.company} ${r.trackingNo}`
                  ) : (
                    <Typography.Text type="danger">
                      {r.message}
                      {r.code && <Typography.Text type="secondary">（{r.code}）</Typography.Text>}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
