/**
 * 改价 and 关闭订单 on an unpaid order: the buttons, their dialogs, and after a price change how the difference was
 * apportioned onto the lines.
 */
import { useCallback, useState } from 'react';
import { Alert, Button, Form, Input, Table, Typography } from 'antd';
import { CloseCircleOutlined, EditOutlined } from '@ant-design/icons';
import { formatYuan, parseYuan, type Order } from '@shop/types';
import { ApiError, call } from '../../api';
import { YuanInput, yuanRule } from '../../components/YuanInput';
import { useDialogAction } from '../../dialogAction';
import { actionErrorText, yuan } from '../../orders';
import { signed } from './Lines';
import { ActionModal } from '../../components/ActionModal';

interface ChangeResult {
  from: number;
  to: number;
  lines: { name: string; specValues: string[]; share: number; payable: number }[];
  freightShare: number;
  freightPayable: number;
}

/** `load` reads the order again (an action the order's state no longer allows shows it as it is now). */
export function useUnpaidActions(order: Order | null, setOrder: (o: Order) => void, load: () => Promise<void>) {
  const modal = useDialogAction<'price' | 'close'>();
  const [changeResult, setChangeResult] = useState<ChangeResult | null>(null);
  const [priceForm] = Form.useForm<{ payable: string; reason: string }>();
  const [closeForm] = Form.useForm<{ reason: string }>();
  const clearResult = useCallback(() => setChangeResult(null), []);

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

  if (!order) return { clearResult, actions: null, result: null, dialogs: null };
  const o = order;
  const unpaid = o.status === 'unpaid';
  const a = o.amounts;

  const actions = unpaid ? (
    <>
      <Button icon={<EditOutlined />} data-testid="change-price" onClick={() => openModal('price')}>
        改价
      </Button>
      <Button danger icon={<CloseCircleOutlined />} data-testid="close-order" onClick={() => openModal('close')}>
        关闭订单
      </Button>
    </>
  ) : null;

  const result = changeResult ? (
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
  ) : null;

  const dialogs = (
    <>
      <ActionModal dlg={modal} name="price" title="修改订单价格" okText="确定改价" okProps={{ 'data-testid': 'change-price-ok' }} onOk={submitPrice}>
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
      </ActionModal>

      <ActionModal dlg={modal} name="close" title="关闭订单" okText="关闭订单" okType="danger" okProps={{ 'data-testid': 'close-order-ok' }} onOk={submitClose}>
        <Form form={closeForm} layout="vertical" name="closeOrder" preserve={false}>
          <Typography.Paragraph type="secondary">关闭后库存、积分会退回；优惠券是否退回按交易设置。顾客将无法再支付这个订单。</Typography.Paragraph>
          <Form.Item name="reason" label="关闭原因" rules={[{ required: true, whitespace: true, message: '请填写关闭原因' }]}>
            <Input maxLength={100} showCount placeholder="如：顾客要求取消、缺货" data-testid="close-reason-input" />
          </Form.Item>
          {modal.error && <Alert type="error" showIcon title={modal.error} data-testid="close-order-error" />}
        </Form>
      </ActionModal>
    </>
  );

  return { clearResult, actions, result, dialogs };
}
