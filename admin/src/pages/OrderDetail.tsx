/**
 * 订单详情: state and history, the lines with every discount share, the price breakdown (order.steps), coupon,
 * points, member level, delivery, remark, price changes and late payments; actions 改价 and 关闭订单 for unpaid
 * orders, and the flag; the payment, payment issues, refunds (退款, 重试), closing a paid order with or without a refund,
 * and the shopper's cancellation request (components/OrderMoney.tsx). The page loads the order and lays it out; the
 * cards are in order/ (Cards: state, 金额, 优惠与会员, 配送; Lines: goods, price steps, 改价记录; History: 订单记录),
 * 改价 and 关闭订单 in order/UnpaidActions.
 */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Col, Row, Space, Typography } from 'antd';
import { ArrowLeftOutlined, CloseCircleOutlined, ReloadOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import type { Order, Refund } from '@shop/types';
import { call } from '../api';
import { DetailFallback } from '../components/DetailFallback';
import { CancelRequestCard, PaymentCard, PaymentIssues, RefundsCard, refundableOf, useOrderMoney } from '../components/OrderMoney';
import { refundInFlight } from '../refunds';
import { useFulfilment } from '../components/OrderFulfilment';
import { useVirtualFulfilment } from '../components/VirtualFulfilment';
import { actionErrorText, STAR_TEXT, StarMenu, yuan } from '../orders';
import { formatTime } from '../util';
import { orderListPath } from './OrderList';
import { AmountsCard, BenefitsCard, DeliveryCard, StatusCard } from './order/Cards';
import { HistoryCard } from './order/History';
import { LinesCard, PriceChangesCard, PriceStepsCard } from './order/Lines';
import { useUnpaidActions } from './order/UnpaidActions';
import { WxShippingCard } from './order/WxShippingCard';

export default function OrderDetail() {
  const { id = '' } = useParams();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [order, setOrder] = useState<Order | null>(null);
  const [refunds, setRefunds] = useState<Refund[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

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
  const unpaidActions = useUnpaidActions(order, setOrder, load);
  const { clearResult } = unpaidActions;
  useEffect(() => {
    clearResult();
    void load();
  }, [load, clearResult]);
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
          {unpaidActions.actions}
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

      {unpaidActions.result}

      <StatusCard order={o} />
      <LinesCard order={o} />

      {fulfilment.cards}
      {virtual.cards}

      {(o.payment || refunds.length > 0) && <RefundsCard refunds={refunds} onChanged={() => void load()} />}

      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <PriceStepsCard order={o} />
          <PriceChangesCard order={o} />
        </Col>
        <Col xs={24} xl={8}>
          <PaymentCard order={o} />
          <AmountsCard order={o} />
          <BenefitsCard order={o} />
          <DeliveryCard order={o} />
          {o.payment && <WxShippingCard order={o} />}
          <HistoryCard order={o} />
        </Col>
      </Row>

      {unpaidActions.dialogs}
      {money.dialogs}
      {fulfilment.dialogs}
      {virtual.dialogs}
    </div>
  );
}
