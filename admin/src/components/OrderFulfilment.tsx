/**
 * 发货 on the order detail: the express dialog (whole order or a parcel of some lines) and the parcels sent; same-city
 * delivery (派单, then 已取货 / 已送达 when the shop's own staff deliver) with its history; the pickup code's state.
 */
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { CarOutlined, CheckOutlined, SendOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { CARRIERS, type LocalStatus, type Order, type Shipment } from '@shop/types';
import { call } from '../api';
import { useDialogAction } from '../dialogAction';
import { fieldIssues } from '../errors';
import { byText } from '../orders';
import { formatTime } from '../util';
import { ActionModal } from './ActionModal';

export const LOCAL_STATUS_TEXT: Record<LocalStatus, string> = { dispatched: '已派单', picked_up: '已取货', delivered: '已送达', cancelled: '已取消' };
export const PICKUP_STATUS_TEXT: Record<string, string> = { active: '待核销', used: '已核销', void: '已作废' };
const PICKUP_STATUS_COLOR: Record<string, string> = { active: 'blue', used: 'green', void: 'default' };

/** Per order line: the units not in a parcel yet. */
export const unshippedOf = (o: Order): number[] => {
  const sent = new Map<string, number>();
  for (const s of o.shipments ?? []) for (const l of s.lines) sent.set(l.skuId, (sent.get(l.skuId) ?? 0) + l.quantity);
  return o.lines.map((l) => Math.max(0, l.quantity - (sent.get(l.skuId) ?? 0)));
};

interface ShipValues {
  company: string;
  trackingNo: string;
}

/** The detail page's fulfilment actions (buttons), cards and dialogs for one order. */
/** A parcel's carrier and tracking number (发货 and 修改物流), ids `<prefix>-company` / `<prefix>-tracking`. */
const ParcelFields = ({ prefix }: { prefix: string }) => (
  <>
    <Form.Item name="company" label="物流公司" rules={[{ required: true, message: '请选择物流公司' }]}>
      <Select id={`${prefix}-company`} placeholder="选择物流公司" showSearch options={CARRIERS.map((c) => ({ value: c, label: c }))} />
    </Form.Item>
    <Form.Item
      name="trackingNo"
      label="物流单号"
      rules={[
        { required: true, whitespace: true, message: '请输入物流单号' },
        { pattern: /^\s*[A-Za-z0-9-]{6,40}\s*$/, message: '物流单号为 6–40 位字母、数字或 -' },
      ]}
    >
      <Input id={`${prefix}-tracking`} maxLength={40} placeholder="如 SF1234567890" autoComplete="off" />
    </Form.Item>
  </>
);

export function useFulfilment(order: Order | null, onOrder: (o: Order) => void) {
  const dlg = useDialogAction<'ship' | 'pickedUp' | 'fixTracking'>();
  const [shipForm] = Form.useForm<ShipValues>();
  const [fixForm] = Form.useForm<ShipValues & { reason: string }>();
  const [fixing, setFixing] = useState<Shipment | null>(null);
  const [riderForm] = Form.useForm<{ name?: string; phone?: string }>();
  const [split, setSplit] = useState(false);
  const [picked, setPicked] = useState<Record<number, number | null>>({});
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  // bound to Jingdou Cloud, the ERP ships the express orders it has: no 发货 here then, a hint instead
  const [erpShips, setErpShips] = useState(false);
  const shippable = !!order && order.delivery.method === 'express' && (order.status === 'paid' || order.status === 'partly_shipped');
  useEffect(() => {
    setErpShips(false);
    if (!order || !shippable) return;
    let live = true;
    call('orderAdmin', 'erpShipping', { id: order._id })
      .then((r) => live && setErpShips(r.erpShips))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [order?._id, order?.status, shippable]);

  if (!order) return { actions: null, cards: null, dialogs: null };
  const o = order;
  const method = o.delivery.method;
  const rest = unshippedOf(o);
  const canShip = method === 'express' && (o.status === 'paid' || o.status === 'partly_shipped') && rest.some((n) => n > 0) && !erpShips;
  const erpHint = erpShips && rest.some((n) => n > 0);
  const ld = o.localDelivery;
  const canDispatch = method === 'local' && o.status === 'paid' && (!ld || ld.status === 'cancelled');

  const openShip = () => {
    shipForm.resetFields();
    setSplit(false);
    setPicked({});
    setLineErrors({});
    dlg.open('ship');
  };

  const openFix = (s: Shipment) => {
    setFixing(s);
    fixForm.setFieldsValue({ company: s.company, trackingNo: s.trackingNo, reason: '' });
    dlg.open('fixTracking');
  };
  const submitFix = () =>
    dlg.run(fixForm, async (v) => {
      if (!fixing) return null;
      onOrder(await call('orderAdmin', 'correctTracking', { id: o._id, no: fixing.no, company: v.company as (typeof CARRIERS)[number], trackingNo: v.trackingNo.trim(), reason: v.reason.trim() }));
      return '已修改物流信息，将重新上传到微信';
    });

  const submitShip = () =>
    dlg.run(shipForm, async (v) => {
      setLineErrors({});
      let lines: { skuId: string; quantity: number }[] | undefined;
      let index: number[] = [];
      if (split) {
        index = Object.keys(picked)
          .map(Number)
          .filter((i) => rest[i] > 0)
          .sort((a, b) => a - b);
        lines = index.map((i) => ({ skuId: o.lines[i].skuId, quantity: picked[i] ?? 0 }));
        const wrong: Record<number, string> = {};
        index.forEach((i) => {
          const q = picked[i] ?? 0;
          if (!Number.isInteger(q) || q < 1 || q > rest[i]) wrong[i] = `请输入 1–${rest[i]} 件`;
        });
        if (Object.keys(wrong).length) {
          setLineErrors(wrong);
          return null;
        }
        if (!lines.length) {
          setLineErrors({ [-1]: '请勾选这个包裹里的商品' });
          return null;
        }
      }
      try {
        onOrder(await call('orderAdmin', 'ship', { id: o._id, company: v.company as (typeof CARRIERS)[number], trackingNo: v.trackingNo.trim(), ...(lines ? { lines } : {}) }));
      } catch (e) {
        const issues = fieldIssues(e);
        const perLine: Record<number, string> = {};
        for (const is of issues) {
          const m = /^lines\.(\d+)\./.exec(is.path);
          if (m && index[Number(m[1])] !== undefined) perLine[index[Number(m[1])]] = /at most (\d+)/.exec(is.message) ? `最多 ${/at most (\d+)/.exec(is.message)![1]} 件` : is.message;
          if (is.path === 'trackingNo') shipForm.setFields([{ name: 'trackingNo', errors: ['物流单号为 6–40 位字母、数字或 -'] }]);
        }
        setLineErrors(perLine);
        throw e;
      }
      return split ? '已发出一个包裹' : '已发货';
    });

  const dispatch = () =>
    dlg.run(null, async () => {
      onOrder(await call('orderAdmin', 'dispatchLocal', { id: o._id }));
      return '已派单';
    });
  const advance = (status: 'picked_up' | 'delivered', rider?: { name: string; phone: string }) =>
    dlg.run(status === 'picked_up' ? riderForm : null, async (v: { name?: string; phone?: string }) => {
      const r = rider ?? (v.name?.trim() && v.phone?.trim() ? { name: v.name.trim(), phone: v.phone.trim() } : undefined);
      onOrder(await call('orderAdmin', 'localStatus', { id: o._id, status, ...(r ? { rider: r } : {}) }));
      return status === 'picked_up' ? '已标记为已取货' : '已送达，订单完成';
    });

  const actions = (
    <>
      {canShip && (
        <Button type="primary" icon={<SendOutlined />} id="order-ship" onClick={openShip}>
          发货
        </Button>
      )}
      {canDispatch && (
        <Button type="primary" icon={<CarOutlined />} id="order-dispatch-local" loading={dlg.busy} onClick={() => void dispatch()}>
          派单
        </Button>
      )}
      {ld && ld.provider === 'self' && ld.status === 'dispatched' && (
        <Button
          icon={<CarOutlined />}
          id="local-picked-up"
          onClick={() => {
            riderForm.resetFields();
            dlg.open('pickedUp');
          }}
        >
          已取货
        </Button>
      )}
      {ld && ld.provider === 'self' && ld.status === 'picked_up' && (
        <Popconfirm title="确认已送达？订单将完成。" okText="已送达" cancelText="取消" okButtonProps={{ id: 'local-delivered-ok' }} onConfirm={() => void advance('delivered')}>
          <Button type="primary" icon={<CheckOutlined />} id="local-delivered" loading={dlg.busy}>
            已送达
          </Button>
        </Popconfirm>
      )}
    </>
  );

  const shipmentCard =
    method === 'express' && (o.shipments?.length || canShip || erpHint) ? (
      <Card title="物流包裹" style={{ marginBottom: 16 }} id="order-shipments">
        {erpHint && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            id="order-erp-ships"
            title="由精斗云发货"
            description="本店已绑定精斗云：请在精斗云中对这张订单的销售出库单（单号即订单号）发货，物流公司和单号会自动回传到这里，商城不再单独发货。"
          />
        )}
        {o.shipments?.length ? (
          <Table<Shipment>
            size="small"
            rowKey="no"
            pagination={false}
            dataSource={o.shipments}
            columns={[
              { title: '包裹', dataIndex: 'no', width: 70, render: (n: number) => `包裹 ${n}` },
              { title: '物流公司', dataIndex: 'company', width: 120 },
              { title: '物流单号', dataIndex: 'trackingNo', width: 180, render: (t: string) => <Typography.Text copyable>{t}</Typography.Text> },
              {
                title: '商品',
                key: 'lines',
                render: (_: unknown, s) =>
                  s.lines.map((l) => {
                    const line = o.lines.find((x) => x.skuId === l.skuId);
                    return (
                      <div key={l.skuId}>
                        {line ? `${line.name}${line.specValues.length ? `（${line.specValues.join('/')}）` : ''}` : l.skuId} × {l.quantity}
                      </div>
                    );
                  }),
              },
              { title: '发货时间', dataIndex: 'at', width: 150, render: (t: string) => formatTime(t) },
              { title: '操作人', dataIndex: 'by', width: 120, render: byText },
              {
                title: '',
                key: 'fix',
                width: 90,
                render: (_: unknown, s) =>
                  s.by === 'erp' ? null : (
                    <Button type="link" size="small" onClick={() => openFix(s)} id={`fix-tracking-${s.no}`}>
                      修改物流
                    </Button>
                  ),
              },
            ]}
          />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有发货" />
        )}
      </Card>
    ) : null;

  const localCard =
    method === 'local' ? (
      <Card title="同城配送" style={{ marginBottom: 16 }} id="order-local">
        {ld ? (
          <>
            <Descriptions column={1} size="small">
              <Descriptions.Item label="配送状态">
                <Tag color={ld.status === 'delivered' ? 'green' : ld.status === 'cancelled' ? 'default' : 'blue'} id="order-local-status" data-status={ld.status}>
                  {LOCAL_STATUS_TEXT[ld.status] ?? ld.status}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label="配送方">{ld.provider === 'self' ? '商家自配送' : `配送平台（${ld.provider}）`}</Descriptions.Item>
              <Descriptions.Item label="配送单号">{ld.deliveryId}</Descriptions.Item>
              <Descriptions.Item label="骑手">{ld.rider ? `${ld.rider.name} ${ld.rider.phone}` : '—'}</Descriptions.Item>
            </Descriptions>
            <Timeline
              style={{ marginTop: 12 }}
              items={ld.history.map((h, i) => ({
                key: i,
                color: h.status === 'delivered' ? 'green' : 'blue',
                content: (
                  <div>
                    {LOCAL_STATUS_TEXT[h.status] ?? h.status}
                    {h.note && <Typography.Text type="secondary"> · {byText(h.note.replace(/^派单：/, ''))}</Typography.Text>}
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatTime(h.at, 'YYYY-MM-DD HH:mm:ss')}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              }))}
            />
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={o.status === 'paid' ? '待派单' : '未派单'} />
        )}
      </Card>
    ) : null;

  const pickupCard =
    method === 'pickup' ? (
      <Card title="到店自提" style={{ marginBottom: 16 }} id="order-pickup">
        <Descriptions column={1} size="small">
          <Descriptions.Item label="自提门店">{o.delivery.store ? `${o.delivery.store.name}（${o.delivery.store.address}）` : '—'}</Descriptions.Item>
          <Descriptions.Item label="提货码">
            {o.pickup ? (
              <Tag color={PICKUP_STATUS_COLOR[o.pickup.status]} id="order-pickup-status" data-status={o.pickup.status}>
                {PICKUP_STATUS_TEXT[o.pickup.status] ?? o.pickup.status}
              </Tag>
            ) : (
              <Typography.Text type="secondary">付款后生成（只发给顾客）</Typography.Text>
            )}
          </Descriptions.Item>
          {o.pickup?.usedAt && <Descriptions.Item label="核销时间">{formatTime(o.pickup.usedAt, 'YYYY-MM-DD HH:mm:ss')}</Descriptions.Item>}
          {o.pickup?.usedBy && <Descriptions.Item label="核销店员">{o.pickup.usedBy}</Descriptions.Item>}
        </Descriptions>
      </Card>
    ) : null;

  const cards = (
    <>
      {dlg.error && !dlg.dialog && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={dlg.error} id="fulfilment-error" />}
      {shipmentCard}
      {localCard}
      {pickupCard}
    </>
  );

  const dialogs = (
    <>
      <ActionModal dlg={dlg} name="fixTracking" title={fixing ? `修改包裹 ${fixing.no} 的物流` : '修改物流'} okText="确认修改" okProps={{ id: 'fix-tracking-submit' }} onOk={submitFix}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="修改会记入订单记录，并重新上传微信发货信息（微信只允许修改一次）。" />
        <Form form={fixForm} layout="vertical" name="fixTracking">
          <ParcelFields prefix="fix" />
          <Form.Item name="reason" label="修改原因" rules={[{ required: true, whitespace: true, message: '请填写修改原因' }]}>
            <Input id="fix-reason" maxLength={100} placeholder="如：单号填错" />
          </Form.Item>
        </Form>
      </ActionModal>
      <ActionModal dlg={dlg} name="ship" title="发货" okText="确认发货" okProps={{ id: 'ship-submit' }} width={640} onOk={submitShip}>
        <Form form={shipForm} layout="vertical" name="ship">
          <ParcelFields prefix="ship" />
          <Checkbox checked={split} onChange={(e) => setSplit(e.target.checked)} id="ship-split">
            拆分发货（只发一部分商品）
          </Checkbox>
          <div style={{ marginTop: 12 }}>
            {o.lines.map((l, i) =>
              rest[i] > 0 ? (
                <div key={l.skuId} style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 8 }}>
                  <Checkbox
                    id={`ship-line-${i}`}
                    disabled={!split}
                    checked={split && i in picked}
                    onChange={(e) =>
                      setPicked((p) => {
                        const next = { ...p };
                        if (e.target.checked) next[i] = rest[i];
                        else delete next[i];
                        return next;
                      })
                    }
                  >
                    {l.name}
                    {l.specValues.length > 0 && <Typography.Text type="secondary">（{l.specValues.join('/')}）</Typography.Text>}
                  </Checkbox>
                  <Typography.Text type="secondary">未发 {rest[i]} 件</Typography.Text>
                  {split && (
                    <Space orientation="vertical" size={0}>
                      <InputNumber
                        id={`ship-qty-${i}`}
                        min={1}
                        max={rest[i]}
                        precision={0}
                        disabled={!(i in picked)}
                        value={picked[i] ?? undefined}
                        status={lineErrors[i] ? 'error' : undefined}
                        onChange={(v) => setPicked((p) => ({ ...p, [i]: v }))}
                        suffix="件"
                        style={{ width: 110 }}
                      />
                      {lineErrors[i] && <Typography.Text type="danger" className="field-error">{lineErrors[i]}</Typography.Text>}
                    </Space>
                  )}
                </div>
              ) : null,
            )}
            {lineErrors[-1] && <Typography.Text type="danger" className="field-error">{lineErrors[-1]}</Typography.Text>}
          </div>
          {dlg.error && <Alert type="error" showIcon title={dlg.error} id="ship-error" style={{ marginTop: 12 }} />}
        </Form>
      </ActionModal>
      <ActionModal
        dlg={dlg}
        name="pickedUp"
        title="骑手已取货"
        okText="确认已取货"
        okProps={{ id: 'local-picked-up-submit' }}
        onOk={() => advance('picked_up')}
      >
        <Form form={riderForm} layout="vertical" name="rider">
          <Typography.Paragraph type="secondary">可填写配送员，顾客可在订单中看到（可不填）。</Typography.Paragraph>
          <Form.Item name="name" label="配送员姓名" rules={[{ max: 20 }]}>
            <Input id="local-rider-name" maxLength={20} />
          </Form.Item>
          <Form.Item
            name="phone"
            label="配送员电话"
            dependencies={['name']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_r, v?: string) => {
                  const name = (getFieldValue('name') as string | undefined)?.trim();
                  if (name && !(v ?? '').trim()) throw new Error('填写姓名时也请填写电话');
                  if (v && v.trim().length > 0 && v.trim().length < 5) throw new Error('电话至少 5 位');
                },
              }),
            ]}
          >
            <Input id="local-rider-phone" maxLength={20} />
          </Form.Item>
          {dlg.error && <Alert type="error" showIcon title={dlg.error} id="local-error" />}
        </Form>
      </ActionModal>
    </>
  );

  return { actions, cards, dialogs };
}
