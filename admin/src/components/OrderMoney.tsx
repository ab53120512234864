/**
 * The money side of the order detail: the WeChat Pay payment and what was refunded, payment issues, the shopper's
 * cancellation request (同意并退款 / 同意不退款 / 拒绝), the order's refunds, and the dialogs 退款 and 关闭并退款 /
 * 关闭不退款 (`useOrderMoney` hands the page the dialogs and a way to open them).
 */
import type { ReactNode } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Popconfirm, Space, Typography, type FormInstance } from 'antd';
import { formatYuan, parseYuan, type Order, type PaymentIssue, type Refund } from '@shop/types';
import { call } from '../api';
import { byText, notifyOrdersChanged, yuan } from '../orders';
import { RefundTable, refundErrorText, REFUND_STATUS_TEXT } from '../refunds';
import { formatTime } from '../util';
import { useDialogAction } from '../dialogAction';
import { ReasonModal } from './ReasonModal';
import { YuanInput, yuanRule } from './YuanInput';
import { useSubmit } from './useSubmit';
import { ActionModal } from './ActionModal';

/** what is left of the payment to refund (fen) */
export const refundableOf = (o: Order) => (o.payment ? Math.max(0, o.payment.amount - o.refund.requested) : 0);

const ISSUE_TEXT: Record<PaymentIssue['kind'], string> = {
  amount_mismatch: '付款金额与订单金额不一致',
  merchant_mismatch: '付款的商户号与本店不一致',
  late_payment: '订单关闭后收到付款（已自动退回）',
};

export function PaymentIssues({ order }: { order: Order }) {
  if (order.paymentIssues.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      id="order-payment-issues"
      title={`支付异常（${order.paymentIssues.length}），请核对`}
      description={order.paymentIssues.map((p, i) => (
        <div key={`${p.transactionId}-${i}`} data-kind={p.kind}>
          {formatTime(p.at, 'YYYY-MM-DD HH:mm:ss')} <Typography.Text strong>{ISSUE_TEXT[p.kind] ?? p.kind}</Typography.Text>：实收 {yuan(p.paid)}，应收{' '}
          {yuan(p.expected)}，微信交易单号 {p.transactionId}
          {p.refundNo && `，退款单号 ${p.refundNo}`}
        </div>
      ))}
    />
  );
}

export function PaymentCard({ order }: { order: Order }) {
  const p = order.payment;
  return (
    <Card title="支付与退款" style={{ marginBottom: 16 }} id="order-payment">
      {!p ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={order.status === 'unpaid' ? '尚未付款' : '没有微信支付的付款'} />
      ) : (
        <Descriptions column={1} size="small">
          <Descriptions.Item label="微信交易单号">
            <Typography.Text copyable style={{ fontFamily: 'monospace', fontSize: 12 }} id="order-transaction-id">
              {p.transactionId}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="商户订单号">
            <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12 }}>{p.outTradeNo}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="实收金额">
            <Typography.Text strong id="order-paid-amount" data-fen={p.amount}>
              {yuan(p.amount)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="已退款">
            <Typography.Text type={order.refund.refunded ? 'danger' : undefined} id="order-refunded" data-fen={order.refund.refunded}>
              {yuan(order.refund.refunded)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="已申请退款">
            <span id="order-refund-requested" data-fen={order.refund.requested}>
              {yuan(order.refund.requested)}
            </span>
            {order.refund.requested > order.refund.refunded && (
              <Typography.Text type="warning">（{yuan(order.refund.requested - order.refund.refunded)} 处理中）</Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="可退金额">
            <span id="order-refundable" data-fen={refundableOf(order)}>
              {yuan(refundableOf(order))}
            </span>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

export function RefundsCard({ refunds, onChanged }: { refunds: Refund[]; onChanged: () => void }) {
  return (
    <Card title={`退款记录（${refunds.length}）`} style={{ marginBottom: 16 }}>
      <div id="order-refunds">
        <RefundTable refunds={refunds} retryIdPrefix="refund-retry" pagination={false} onChanged={onChanged} locale={{ emptyText: '没有退款' }} scroll={{ x: 860 }} />
      </div>
    </Card>
  );
}

const CANCEL_STATUS_TEXT = { pending: '待处理', rejected: '已拒绝', agreed: '已同意' } as const;

/** The shopper's cancellation request: prominent while pending, a note once decided. */
export function CancelRequestCard({ order, onDecided, onReject }: { order: Order; onDecided: () => void; onReject: () => void }) {
  const { message } = App.useApp();
  const { busy, error, run } = useSubmit<'agree' | 'agree_refund'>(refundErrorText);
  const c = order.cancelRequest;
  if (!c) return null;
  const pending = c.status === 'pending';

  const agree = (decision: 'agree' | 'agree_refund') =>
    run(async () => {
      const { refund } = await call('orderAdmin', 'decideCancel', { id: order._id, decision, reason: '' });
      message.success(refund ? `已同意取消，退款 ${yuan(refund.amount)}（${REFUND_STATUS_TEXT[refund.status]}）` : '已同意取消，订单已关闭');
      notifyOrdersChanged();
      onDecided();
    }, decision);

  return (
    <Alert
      type={pending ? 'error' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      id="order-cancel-request"
      data-status={c.status}
      title={pending ? '顾客申请取消订单，请处理' : `顾客的取消申请${CANCEL_STATUS_TEXT[c.status]}`}
      description={
        <div>
          <div>
            申请时间 {formatTime(c.at, 'YYYY-MM-DD HH:mm:ss')}，原因：<Typography.Text strong>{c.reason}</Typography.Text>
          </div>
          {c.decidedAt && (
            <div>
              {formatTime(c.decidedAt, 'YYYY-MM-DD HH:mm:ss')} {c.decidedBy ? byText(c.decidedBy) : ''} {CANCEL_STATUS_TEXT[c.status]}
              {c.rejectReason && <>，拒绝原因：{c.rejectReason}</>}
              {c.refundNo && <>，退款单号 {c.refundNo}</>}
            </div>
          )}
          {pending && (
            <Space style={{ marginTop: 8 }} wrap>
              {order.payment && (
                <Popconfirm
                  title={`同意取消并退款 ${yuan(refundableOf(order))}？`}
                  description="订单将关闭，库存和积分退回，款项原路退回。"
                  okText="同意并退款"
                  cancelText="再想想"
                  okButtonProps={{ id: 'cancel-agree-refund-ok' }}
                  onConfirm={() => agree('agree_refund')}
                >
                  <Button type="primary" id="cancel-agree-refund" loading={busy === 'agree_refund'}>
                    同意并退款
                  </Button>
                </Popconfirm>
              )}
              <Popconfirm
                title="同意取消但不在线退款？"
                description="订单将关闭，款项不会退回微信支付（如已线下处理）。"
                okText="同意不退款"
                cancelText="再想想"
                okButtonProps={{ id: 'cancel-agree-ok', danger: true }}
                onConfirm={() => agree('agree')}
              >
                <Button id="cancel-agree" loading={busy === 'agree'}>
                  同意不退款
                </Button>
              </Popconfirm>
              <Button danger id="cancel-reject" onClick={onReject}>
                拒绝
              </Button>
            </Space>
          )}
          {error && <Alert type="error" showIcon style={{ marginTop: 8 }} title={error} id="cancel-error" />}
        </div>
      }
    />
  );
}

type Dialog = 'refund' | 'closeRefund' | 'closeNoRefund' | 'rejectCancel';

/** The dialogs 退款, 关闭并退款 / 关闭不退款 (with a confirmation) and 拒绝取消; `changed` reloads the page. */
export function useOrderMoney(order: Order | null, changed: () => void): { open: (d: Dialog) => void; dialogs: ReactNode } {
  const { dialog, busy, error, open: show, close, run: runAction } = useDialogAction<Dialog>();
  const [refundForm] = Form.useForm<{ amount: string; reason: string }>();
  const [closeForm] = Form.useForm<{ reason: string }>();
  const [rejectForm] = Form.useForm<{ reason: string }>();

  const open = (d: Dialog) => {
    if (d === 'refund') {
      refundForm.resetFields();
      refundForm.setFieldsValue({ amount: order ? formatYuan(refundableOf(order)) : '', reason: '' });
    } else if (d === 'rejectCancel') rejectForm.resetFields();
    else closeForm.resetFields();
    show(d);
  };

  /** runs a dialog's action, then reloads the order; refusals stay in the dialog */
  const run = <V,>(form: FormInstance<V>, act: (v: V) => Promise<string | null>) =>
    runAction(
      form,
      async (v) => {
        const done = await act(v);
        if (done !== null) changed();
        return done;
      },
      refundErrorText,
    );

  const submitRefund = () =>
    run(refundForm, async (v) => {
      const amount = parseYuan(v.amount);
      if (amount === null || amount < 1) {
        refundForm.setFields([{ name: 'amount', errors: ['请输入大于 0 的金额'] }]);
        return null;
      }
      const r = await call('orderAdmin', 'refund', { id: order!._id, amount, reason: v.reason.trim() });
      return `已发起退款 ${yuan(r.amount)}（${REFUND_STATUS_TEXT[r.status]}）`;
    });

  const submitClose = (refund: boolean) =>
    run(closeForm, async (v) => {
      const res = await call('orderAdmin', refund ? 'closeAndRefund' : 'closeWithoutRefund', { id: order!._id, reason: v.reason.trim() });
      return res.refund ? `订单已关闭，退款 ${yuan(res.refund.amount)}（${REFUND_STATUS_TEXT[res.refund.status]}）` : '订单已关闭';
    });

  const submitReject = () =>
    run(rejectForm, async (v) => {
      await call('orderAdmin', 'decideCancel', { id: order!._id, decision: 'reject', reason: v.reason.trim() });
      return '已拒绝取消申请';
    });

  const left = order ? refundableOf(order) : 0;
  const errorBox = error && <Alert type="error" showIcon title={error} id="order-money-error" />;
  const closing = dialog === 'closeRefund' || dialog === 'closeNoRefund';
  const withRefund = dialog === 'closeRefund';

  const dialogs = (
    <>
      <ActionModal dlg={{ dialog, busy, close }} name="refund" title="退款" okText="确定退款" okProps={{ id: 'refund-submit' }} onOk={submitRefund}>
        <Form form={refundForm} layout="vertical" name="orderRefund">
          <Typography.Paragraph type="secondary">
            实收 {yuan(order?.payment?.amount ?? 0)}，已申请退款 {yuan(order?.refund.requested ?? 0)}，最多还能退 {yuan(left)}。款项原路退回顾客的微信支付。
          </Typography.Paragraph>
          <Form.Item name="amount" label="退款金额（元）" rules={[yuanRule(true)]}>
            <YuanInput id="refund-amount" />
          </Form.Item>
          <Form.Item name="reason" label="退款原因" rules={[{ required: true, whitespace: true, message: '请填写退款原因' }]}>
            <Input id="refund-reason" maxLength={80} showCount placeholder="如：少发一件、商品破损补偿" />
          </Form.Item>
          {dialog === 'refund' && errorBox}
        </Form>
      </ActionModal>

      <Modal
        title={withRefund ? '关闭订单并退款' : '关闭订单（不退款）'}
        open={closing}
        onCancel={close}
        forceRender
        footer={[
          <Button key="cancel" onClick={close}>
            取消
          </Button>,
          <Popconfirm
            key="ok"
            title={withRefund ? `确定关闭订单并退款 ${yuan(left)}？` : '确定关闭订单且不退款？'}
            okText="确定"
            cancelText="再想想"
            okButtonProps={{ id: 'order-close-confirm', danger: true }}
            onConfirm={() => submitClose(withRefund)}
          >
            <Button type="primary" danger loading={busy} id="order-close-submit">
              {withRefund ? '关闭并退款' : '关闭不退款'}
            </Button>
          </Popconfirm>,
        ]}
      >
        <Form form={closeForm} layout="vertical" name="closePaid">
          <Typography.Paragraph type="secondary">
            {withRefund
              ? `订单将关闭，库存和积分退回，${yuan(left)} 原路退回顾客的微信支付。`
              : '订单将关闭，库存和积分退回，但不会在线退款（如已与顾客线下结清）。'}
          </Typography.Paragraph>
          <Form.Item name="reason" label="关闭原因" rules={[{ required: true, whitespace: true, message: '请填写关闭原因' }]}>
            <Input id="order-close-reason" maxLength={100} showCount placeholder="如：缺货、顾客电话要求取消" />
          </Form.Item>
          {closing && errorBox}
        </Form>
      </Modal>

      <ReasonModal
        form={rejectForm}
        name="rejectCancel"
        title="拒绝取消申请"
        open={dialog === 'rejectCancel'}
        busy={busy}
        okText="拒绝"
        okId="cancel-reject-submit"
        inputId="cancel-reject-reason"
        label="拒绝原因（顾客可见）"
        required="请填写拒绝原因，顾客会看到"
        placeholder="如：商品已打包出库"
        hint={<Typography.Paragraph type="secondary">订单将照常发货。拒绝原因会展示给顾客。</Typography.Paragraph>}
        error={dialog === 'rejectCancel' ? error : null}
        errorId="order-money-error"
        onOk={() => void submitReject()}
        onCancel={close}
      />
    </>
  );

  return { open, dialogs };
}
