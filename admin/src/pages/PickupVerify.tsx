/**
 * 提货核销: a clerk types (or scans) the shopper's 12-digit pickup code and 查询 (pickup.preview): the order's goods and
 * the masked shopper, the code not used yet; 确认核销 then uses it. Or why the code is refused (wrong, already used — when and by whom —, another store's, too many attempts — how long to wait).
 * Owners and operators may open the page but only clerks verify.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Input, Result, Space, Table, Typography } from 'antd';
import { CheckCircleOutlined, HistoryOutlined, ScanOutlined } from '@ant-design/icons';
import type { PickupPreview, PickupVerifyResult } from '@shop/types';
import { ApiError, call, useSession } from '../api';
import { errorText, retryAfterOf } from '../errors';
import { formatTime } from '../util';
import { groupedCode, pickupDigits } from '../fulfilment';

/** The refusal in words: the throttle's wait, the first verification's time and clerk. */
const refusalText = (e: unknown): { title: string; detail?: string } => {
  if (!(e instanceof ApiError)) return { title: errorText(e) };
  const d = (e.details ?? {}) as { usedAt?: string; usedBy?: string; lockedUntil?: string | null };
  switch (e.code) {
    case 'PICKUP_CODE_INVALID':
      return { title: '提货码不正确', detail: '请核对顾客出示的 12 位提货码。' };
    case 'PICKUP_CODE_USED':
      return { title: '该提货码已核销', detail: `已于 ${formatTime(d.usedAt, 'YYYY-MM-DD HH:mm:ss')} 由 ${d.usedBy ?? '—'} 核销，不能重复提货。` };
    case 'PICKUP_WRONG_STORE':
      return { title: '不是本门店的订单', detail: '请顾客到下单时选择的门店提货。' };
    case 'PICKUP_THROTTLED': {
      const s = retryAfterOf(e);
      if (d.lockedUntil) return { title: '错误次数过多，核销已锁定', detail: `请于 ${formatTime(d.lockedUntil, 'YYYY-MM-DD HH:mm:ss')} 后再试${s ? `（约 ${Math.ceil(s / 60)} 分钟）` : ''}。` };
      return { title: '尝试过于频繁', detail: s ? `请 ${s} 秒后再试。` : '请稍后再试。' };
    }
    case 'INVALID_STATE':
      return { title: '订单当前不可提货', detail: e.message };
    default:
      return { title: errorText(e) };
  }
};

export default function PickupVerify() {
  const role = useSession()?.admin.role;
  const isClerk = role === 'clerk';
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ code: string; order: PickupPreview } | null>(null);
  const [result, setResult] = useState<PickupVerifyResult | null>(null);
  const [refusal, setRefusal] = useState<{ title: string; detail?: string } | null>(null);

  /** step 1: the order behind the code, nothing used */
  const lookup = async () => {
    setResult(null);
    setPreview(null);
    if (code.length !== 12) {
      setRefusal({ title: '提货码为 12 位数字' });
      return;
    }
    setBusy(true);
    setRefusal(null);
    try {
      setPreview({ code, order: await call('pickup', 'preview', { code }) });
    } catch (e) {
      setRefusal(refusalText(e));
    } finally {
      setBusy(false);
    }
  };
  /** step 2: 确认核销 uses the code looked up */
  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    setRefusal(null);
    try {
      setResult(await call('pickup', 'verify', { code: preview.code }));
      setCode('');
    } catch (e) {
      setRefusal(refusalText(e));
    } finally {
      setPreview(null);
      setBusy(false);
    }
  };
  const goods = (lines: PickupPreview['lines']) => (
    <Table
      size="small"
      rowKey={(_, i) => String(i)}
      pagination={false}
      dataSource={lines}
      columns={[
        { title: '商品', dataIndex: 'name', render: (n: string, l) => `${n}${l.specValues.length ? `（${l.specValues.join('/')}）` : ''}` },
        { title: '数量', dataIndex: 'quantity', width: 80, align: 'right' },
      ]}
    />
  );

  return (
    <div>
      <div className="page-title">
        <h2>提货核销</h2>
        <Link to="/pickup/log">
          <Button icon={<HistoryOutlined />}>核销记录</Button>
        </Link>
      </div>
      {!isClerk && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} id="pickup-clerk-only" title="只有门店店员可以核销提货码；店主和运营可以查看核销记录。" />
      )}
      <Card style={{ maxWidth: 640, marginBottom: 16 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">输入或扫描顾客出示的 12 位提货码</Typography.Text>
          <Space.Compact style={{ width: '100%' }}>
            <Input
              id="pickup-code"
              size="large"
              prefix={<ScanOutlined />}
              inputMode="numeric"
              autoComplete="off"
              autoFocus
              disabled={!isClerk}
              placeholder="0000 0000 0000"
              value={groupedCode(code)}
              onChange={(e) => {
                setCode(pickupDigits(e.target.value));
                setPreview(null);
              }}
              onPressEnter={() => void lookup()}
              style={{ fontSize: 28, letterSpacing: 4, fontFamily: 'monospace' }}
            />
            <Button id="pickup-lookup" type="primary" size="large" loading={busy && !preview} disabled={!isClerk || !code} onClick={() => void lookup()} style={{ height: 'auto' }}>
              查询订单
            </Button>
          </Space.Compact>
        </Space>
      </Card>
      {refusal && <Alert type="error" showIcon style={{ maxWidth: 640, marginBottom: 16 }} id="pickup-error" title={refusal.title} description={refusal.detail} />}
      {preview && (
        <Card id="pickup-preview" data-order={preview.order.orderId} title="请核对顾客与商品，确认后核销" style={{ maxWidth: 640, marginBottom: 16 }}>
          <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
            <Descriptions.Item label="订单号">{preview.order.orderId}</Descriptions.Item>
            <Descriptions.Item label="提货人">
              <span id="pickup-preview-consignee">{preview.order.consignee ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="提货码">{groupedCode(preview.code)}</Descriptions.Item>
          </Descriptions>
          {goods(preview.order.lines)}
          <Space style={{ marginTop: 16 }}>
            <Button id="pickup-confirm" type="primary" size="large" loading={busy} onClick={() => void confirm()}>
              确认核销
            </Button>
            <Button id="pickup-cancel" size="large" disabled={busy} onClick={() => setPreview(null)}>
              取消
            </Button>
          </Space>
        </Card>
      )}
      {result && (
        <Card id="pickup-result" style={{ maxWidth: 640 }}>
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title="核销成功，请把商品交给顾客"
            subTitle={`订单 ${result.orderId} · ${formatTime(result.usedAt, 'YYYY-MM-DD HH:mm:ss')} 由 ${result.usedBy} 核销`}
            style={{ padding: '16px 0' }}
          />
          <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
            <Descriptions.Item label="订单号">
              <Typography.Text copyable id="pickup-result-order">
                {result.orderId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="提货人">{result.consignee ?? '—'}</Descriptions.Item>
          </Descriptions>
          {goods(result.lines)}
        </Card>
      )}
    </div>
  );
}
