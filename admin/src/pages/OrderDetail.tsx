/**
 * 订单详情: state and history, the lines with every discount share, the price breakdown (order.steps), coupon,
 * points, member level, delivery, remark, price changes and late payments; actions 改价 and 关闭订单 for unpaid
 * orders, and the flag; the payment, payment issues, refunds (退款, 重试), closing a paid order with or without a refund,
 * and the shopper's cancellation request (components/OrderMoney.tsx).
 */
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ArrowLeftOutlined, CloseCircleOutlined, EditOutlined, ReloadOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { ACTIVITY_NAMES, formatYuan, historyText, parseYuan, type Order, type OrderLine, type QuoteStep, type Refund } from '@shop/types';
import { ApiError, call } from '../api';
import { YuanInput, yuanRule } from '../components/YuanInput';
import { DetailFallback } from '../components/DetailFallback';
import { useDialogAction } from '../dialogAction';
import { CancelRequestCard, PaymentCard, PaymentIssues, RefundsCard, refundableOf, useOrderMoney } from '../components/OrderMoney';
import { refundInFlight } from '../refunds';
import { useFulfilment } from '../components/OrderFulfilment';
import { useVirtualFulfilment } from '../components/VirtualFulfilment';
import {
  actionErrorText,
  byText,
  CLOSE_REASON_TEXT,
  DELIVERY_TEXT,
  GoodsCell,
  orderStatusText,
  OrderStatusTag,
  perMilleToZhe,
  STAR_TEXT,
  StarMenu,
  STEP_KIND_TEXT,
  stepName,
  yuan,
} from '../orders';
import { formatTime } from '../util';
import { orderListPath } from './OrderList';

/** "-¥1.00" for a discount share, "—" for none */
const off = (fen: number) => (fen ? <Typography.Text type="danger">-{yuan(fen)}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>);
const signed = (fen: number) =>
  fen === 0 ? <Typography.Text type="secondary">—</Typography.Text> : <Typography.Text type={fen < 0 ? 'danger' : 'warning'}>{fen > 0 ? '+' : '-'}{yuan(Math.abs(fen))}</Typography.Text>;

interface ChangeResult {
  from: number;
  to: number;
  lines: { name: string; specValues: string[]; share: number; payable: number }[];
  freightShare: number;
  freightPayable: number;
}

export default function OrderDetail() {
  const { id = '' } = useParams();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [order, setOrder] = useState<Order | null>(null);
  const [refunds, setRefunds] = useState<Refund[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const modal = useDialogAction<'price' | 'close'>();
  const [changeResult, setChangeResult] = useState<ChangeResult | null>(null);
  const [priceForm] = Form.useForm<{ payable: string; reason: string }>();
  const [closeForm] = Form.useForm<{ reason: string }>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [o, r] = await Promise.all([call('orderAdmin', 'get', { id }), call('orderAdmin', 'refunds', { id })]);
      setOrder(o);
      setRefunds(r);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    } finally {
      setLoading(false);
    }
  }, [id]);
  useEffect(() => {
    setChangeResult(null);
    void load();
  }, [load]);
  const money = useOrderMoney(order, () => void load());
  const fulfilment = useFulfilment(order, setOrder);
  const virtual = useVirtualFulfilment(order, setOrder);
  // a refund still moving at WeChat: look again until it settles
  const inFlight = refunds.some((r) => refundInFlight(r.status));
  useEffect(() => {
    if (!inFlight) return;
    const timer = window.setTimeout(() => void load(), 2000);
    return () => window.clearTimeout(timer);
  }, [inFlight, refunds, load]);

  const openModal = (which: 'price' | 'close') => {
    if (which === 'price') {
      priceForm.resetFields();
      priceForm.setFieldsValue({ payable: order ? formatYuan(order.amounts.payable) : '', reason: '' });
    } else closeForm.resetFields();
    modal.open(which);
  };
  /** the order moved on meanwhile: show it as it is now */
  const refused = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'ILLEGAL_TRANSITION') void load();
    return actionErrorText(e);
  };

  const submitPrice = () =>
    modal.run(
      priceForm,
      async (v) => {
        const before = order!;
        const payable = parseYuan(v.payable);
        const wrong = payable === null || payable < 1 ? '请输入大于 0 的金额' : payable === before.amounts.payable ? '新金额与当前实付金额相同' : null;
        if (wrong || payable === null) {
          priceForm.setFields([{ name: 'payable', errors: [wrong ?? ''] }]);
          return null;
        }
        const after = await call('orderAdmin', 'changePrice', { id: before._id, payable, reason: v.reason.trim() });
        setOrder(after);
        setChangeResult({
          from: before.amounts.payable,
          to: after.amounts.payable,
          lines: after.lines.map((l, i) => ({ name: l.name, specValues: l.specValues, share: l.payable - (before.lines[i]?.payable ?? l.payable), payable: l.payable })),
          freightShare: after.amounts.freightPayable - before.amounts.freightPayable,
          freightPayable: after.amounts.freightPayable,
        });
        return `已改价：${yuan(before.amounts.payable)} → ${yuan(after.amounts.payable)}`;
      },
      refused,
    );

  const submitClose = () =>
    modal.run(
      closeForm,
      async (v) => {
        setOrder(await call('orderAdmin', 'close', { id: order!._id, reason: v.reason.trim() }));
        setChangeResult(null);
        return '订单已关闭';
      },
      refused,
    );

  if (!order) {
    return (
      <DetailFallback
        loading={loading}
        error={loadError}
        what="订单"
        missing={`没有订单号为 ${id} 的订单`}
        backText="返回订单列表"
        onBack={() => nav(orderListPath())}
        testId="order-load-error"
      />
    );
  }

  const o = order;
  const unpaid = o.status === 'unpaid';
  const a = o.amounts;

  const progress = (() => {
    if (o.status === 'closed') {
      const items = [
        { title: '提交订单', content: formatTime(o.createdAt) },
        ...(o.paidAt ? [{ title: '付款', content: formatTime(o.paidAt) }] : []),
        { title: '已关闭', content: `${formatTime(o.closedAt)} ${o.closeReason ? CLOSE_REASON_TEXT[o.closeReason] ?? o.closeReason : ''}` },
      ];
      // the last step (已关闭) is the failed one, also when the order had been paid
      return { current: items.length - 1, status: 'error' as const, items };
    }
    const stages = [
      { title: '提交订单', at: o.createdAt },
      { title: '付款', at: o.paidAt },
      { title: o.status === 'partly_shipped' ? '部分发货' : '发货', at: o.shippedAt ?? o.virtualDelivery?.at ?? null },
      { title: '完成', at: o.completedAt },
    ];
    const index = { unpaid: 0, paid: 1, partly_shipped: 2, shipped: 2, completed: 3 }[o.status];
    return {
      current: index === 3 ? 3 : index + 1,
      status: (index === 3 ? 'finish' : 'process') as 'finish' | 'process',
      items: stages.map((s) => ({ title: s.title, content: s.at ? formatTime(s.at) : '' })),
    };
  })();

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

  const d = o.delivery;

  return (
    <div>
      <div className="page-title">
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={() => nav(orderListPath())} aria-label="返回订单列表" />
          <h2>订单详情</h2>
          <Typography.Text copyable style={{ fontFamily: 'monospace' }} data-testid="order-id">
            {o._id}
          </Typography.Text>
        </Space>
        <Space>
          <StarMenu
            id={o._id}
            star={o.star}
            onChange={(next) => {
              setOrder(next);
              message.success(next.star ? `已标记为${STAR_TEXT[next.star]}` : '已取消标记');
            }}
            onError={(e) => message.error(actionErrorText(e))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading}>
            刷新
          </Button>
          {unpaid && (
            <>
              <Button icon={<EditOutlined />} data-testid="change-price" onClick={() => openModal('price')}>
                改价
              </Button>
              <Button danger icon={<CloseCircleOutlined />} data-testid="close-order" onClick={() => openModal('close')}>
                关闭订单
              </Button>
            </>
          )}
          {fulfilment.actions}
          {virtual.actions}
          {!unpaid && o.payment && refundableOf(o) > 0 && (
            <Button icon={<RollbackOutlined />} id="order-refund" onClick={() => money.open('refund')}>
              退款
            </Button>
          )}
          {o.status === 'paid' && (
            <>
              {o.payment && (
                <Button danger icon={<CloseCircleOutlined />} id="order-close-refund" onClick={() => money.open('closeRefund')}>
                  关闭并退款
                </Button>
              )}
              <Button danger icon={<StopOutlined />} id="order-close-norefund" onClick={() => money.open('closeNoRefund')}>
                关闭不退款
              </Button>
            </>
          )}
        </Space>
      </div>

      <CancelRequestCard order={o} onDecided={() => void load()} onReject={() => money.open('rejectCancel')} />
      <PaymentIssues order={o} />

      {o.latePayments.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="late-payments"
          title="订单关闭后仍收到付款，需要退款"
          description={o.latePayments.map((p) => (
            <div key={p.transactionId}>
              {formatTime(p.at, 'YYYY-MM-DD HH:mm:ss')} 收到 {yuan(p.amount)}（交易单号 {p.transactionId}）
            </div>
          ))}
        />
      )}

      {changeResult && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="change-price-result"
          closable={{ onClose: () => setChangeResult(null) }}
          title={`改价成功：实付金额 ${yuan(changeResult.from)} → ${yuan(changeResult.to)}（${changeResult.to > changeResult.from ? '+' : '-'}${yuan(Math.abs(changeResult.to - changeResult.from))}），差额已分摊到各商品：`}
          description={
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              style={{ marginTop: 8, maxWidth: 640 }}
              dataSource={[
                ...changeResult.lines.map((l) => ({ name: `${l.name}${l.specValues.length ? `（${l.specValues.join('/')}）` : ''}`, share: l.share, payable: l.payable })),
                ...(changeResult.freightShare !== 0 || changeResult.freightPayable > 0 ? [{ name: '运费', share: changeResult.freightShare, payable: changeResult.freightPayable }] : []),
              ]}
              columns={[
                { title: '项目', dataIndex: 'name' },
                { title: '分摊', dataIndex: 'share', align: 'right', width: 110, render: signed },
                { title: '改价后实付', dataIndex: 'payable', align: 'right', width: 120, render: (v: number) => yuan(v) },
              ]}
            />
          }
        />
      )}

      <Card style={{ marginBottom: 16 }}>
        <Space size="large" align="center" style={{ marginBottom: 20 }} wrap>
          <Space>
            <Typography.Text type="secondary">订单状态</Typography.Text>
            <OrderStatusTag status={o.status} method={o.delivery.method} testId="order-detail-status" />
          </Space>
          {unpaid && o.closeAt && <Typography.Text type="warning">未付款，将于 {formatTime(o.closeAt, 'YYYY-MM-DD HH:mm')} 自动关闭</Typography.Text>}
          {o.status === 'closed' && o.closeReason && (
            <Typography.Text type="secondary" data-testid="close-reason">
              {CLOSE_REASON_TEXT[o.closeReason] ?? o.closeReason}
              {o.released && `；已退回${[o.released.stock && '库存', o.released.points > 0 && `${o.released.points} 积分`, o.released.coupon && '优惠券'].filter(Boolean).join('、') || '（无可退回项）'}`}
            </Typography.Text>
          )}
        </Space>
        <Steps current={progress.current} status={progress.status} items={progress.items} size="small" />
      </Card>

      <Card title="商品明细" style={{ marginBottom: 16 }}>
        <Table<OrderLine> rowKey="skuId" size="small" pagination={false} columns={lineColumns} dataSource={o.lines} scroll={{ x: 1040 }} data-testid="order-lines" />
      </Card>

      {fulfilment.cards}
      {virtual.cards}

      {(o.payment || refunds.length > 0) && <RefundsCard refunds={refunds} onChanged={() => void load()} />}

      <Row gutter={16}>
        <Col xs={24} xl={16}>
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
        </Col>
        <Col xs={24} xl={8}>
          <PaymentCard order={o} />
          <Card title="金额" style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label="商品金额">{yuan(a.goods)}</Descriptions.Item>
              <Descriptions.Item label="运费">
                {yuan(a.freight)}
                {a.freightPayable !== a.freight && <Typography.Text type="secondary">（应付 {yuan(a.freightPayable)}）</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label="优惠合计">{off(a.totalOff)}</Descriptions.Item>
              {a.adjustment !== 0 && <Descriptions.Item label="商家改价">{signed(a.adjustment)}</Descriptions.Item>}
              <Descriptions.Item label="实付金额">
                <Typography.Text strong style={{ fontSize: 18, color: '#cf1322' }} data-testid="order-payable" data-fen={a.payable}>
                  {yuan(a.payable)}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title="优惠与会员" style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label="优惠券">{o.coupon ? `${o.coupon.name}（-${yuan(o.coupon.off)}）` : '未使用'}</Descriptions.Item>
              <Descriptions.Item label="积分">
                {o.points.used > 0 ? `使用 ${o.points.used} 积分，抵扣 ${yuan(o.points.off)}` : '未使用'}
                {o.points.earned > 0 && <Typography.Text type="secondary">；完成后获得 {o.points.earned} 积分</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label="会员等级">
                {o.member.levelName || '—'}
                {o.member.discountRate < 1000 && <Typography.Text type="secondary">（{perMilleToZhe(o.member.discountRate)} 折）</Typography.Text>}
              </Descriptions.Item>
              {o.giftCoupons.length > 0 && (
                <Descriptions.Item label="满赠券">{o.giftCoupons.map((g) => `券 ${g.couponId} ×${g.quantity}`).join('；')}（交易完成后发放）</Descriptions.Item>
              )}
              <Descriptions.Item label="顾客">
                <Typography.Text copyable style={{ fontSize: 12 }}>
                  {o.openid}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title="配送" style={{ marginBottom: 16 }} data-testid="order-delivery">
            <Descriptions column={1} size="small">
              <Descriptions.Item label="方式">{DELIVERY_TEXT[d.method] ?? d.method}</Descriptions.Item>
              {d.method === 'pickup' ? (
                <>
                  <Descriptions.Item label="自提门店">{d.store?.name ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label="门店地址">{d.store?.address ?? '—'}</Descriptions.Item>
                </>
              ) : d.address ? (
                <>
                  <Descriptions.Item label="收货人">
                    {d.address.name} {d.address.phone}
                  </Descriptions.Item>
                  <Descriptions.Item label="地址">
                    {d.address.province} {d.address.city} {d.address.district} {d.address.detail}
                  </Descriptions.Item>
                </>
              ) : (
                <Descriptions.Item label="地址">—</Descriptions.Item>
              )}
              {o.presale && (
                <Descriptions.Item label="预售发货">
                  <span data-testid="order-presale">
                    {o.presale.name}：{o.presale.ship.mode === 'date' ? `${o.presale.ship.date} 开始发货` : `付款后 ${o.presale.ship.days} 天内发货`}
                    {o.presale.shipFrom ? `（${formatTime(o.presale.shipFrom, 'YYYY-MM-DD')} 起发货）` : ''}
                  </span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label="买家留言">{o.remark || <Typography.Text type="secondary">无</Typography.Text>}</Descriptions.Item>
            </Descriptions>
          </Card>
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
        </Col>
      </Row>

      <Modal
        title="修改订单价格"
        open={modal.dialog === 'price'}
        onCancel={modal.close}
        onOk={() => void submitPrice()}
        okText="确定改价"
        cancelText="取消"
        confirmLoading={modal.busy}
        okButtonProps={{ 'data-testid': 'change-price-ok' }}
        forceRender
      >
        <Form form={priceForm} layout="vertical" name="changePrice" preserve={false}>
          <Typography.Paragraph type="secondary">
            当前实付 {yuan(a.payable)}（商品 {yuan(a.goods)} + 运费 {yuan(a.freight)} − 优惠 {yuan(a.totalOff)}
            {a.adjustment ? `，已改价 ${a.adjustment > 0 ? '+' : '-'}${yuan(Math.abs(a.adjustment))}` : ''}）。差额按各商品的实付金额分摊，降价时运费也参与分摊。
          </Typography.Paragraph>
          <Form.Item name="payable" label="新的实付金额（元）" rules={[yuanRule(true)]}>
            <YuanInput data-testid="change-price-input" />
          </Form.Item>
          <Form.Item name="reason" label="改价原因" rules={[{ required: true, whitespace: true, message: '请填写改价原因' }]}>
            <Input maxLength={100} showCount placeholder="如：老顾客优惠、协商运费" data-testid="change-price-reason" />
          </Form.Item>
          {modal.error && <Alert type="error" showIcon title={modal.error} data-testid="change-price-error" />}
        </Form>
      </Modal>

      <Modal
        title="关闭订单"
        open={modal.dialog === 'close'}
        onCancel={modal.close}
        onOk={() => void submitClose()}
        okText="关闭订单"
        okType="danger"
        cancelText="取消"
        confirmLoading={modal.busy}
        okButtonProps={{ 'data-testid': 'close-order-ok' }}
        forceRender
      >
        <Form form={closeForm} layout="vertical" name="closeOrder" preserve={false}>
          <Typography.Paragraph type="secondary">关闭后库存、积分会退回；优惠券是否退回按交易设置。顾客将无法再支付这个订单。</Typography.Paragraph>
          <Form.Item name="reason" label="关闭原因" rules={[{ required: true, whitespace: true, message: '请填写关闭原因' }]}>
            <Input maxLength={100} showCount placeholder="如：顾客要求取消、缺货" data-testid="close-reason-input" />
          </Form.Item>
          {modal.error && <Alert type="error" showIcon title={modal.error} data-testid="close-order-error" />}
        </Form>
      </Modal>
      {money.dialogs}
      {fulfilment.dialogs}
      {virtual.dialogs}
    </div>
  );
}
