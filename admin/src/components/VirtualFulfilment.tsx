/**
 * 虚拟发货 on the order detail: a paid order of virtual goods (no logistics) is handed over with a note the shopper
 * reads on the order (a card number and password, a booking); that completes it. Once done, the note is shown here.
 */
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { GiftOutlined } from '@ant-design/icons';
import { VIRTUAL_NOTE_MAX, type Order } from '@shop/types';
import { call } from '../api';
import { useDialogAction } from '../dialogAction';
import { formatTime } from '../util';
import { ActionModal } from './ActionModal';

export function useVirtualFulfilment(order: Order | null, onOrder: (o: Order) => void) {
  const dlg = useDialogAction<'virtual'>();
  const [form] = Form.useForm<{ note: string }>();
  if (!order || order.delivery.method !== 'virtual') return { actions: null, cards: null, dialogs: null };
  const o = order;
  const canFulfil = o.status === 'paid' && o.cancelRequest?.status !== 'pending';
  const vd = o.virtualDelivery ?? null;

  const submit = () =>
    dlg.run(form, async (v: { note: string }) => {
      onOrder(await call('orderAdmin', 'fulfilVirtual', { id: o._id, note: v.note.trim() }));
      return '已发放，订单完成';
    });

  const actions = canFulfil ? (
    <Button
      type="primary"
      icon={<GiftOutlined />}
      id="order-fulfil-virtual"
      onClick={() => {
        form.resetFields();
        dlg.open('virtual');
      }}
    >
      虚拟发货
    </Button>
  ) : null;

  const cards = (
    <Card title="虚拟商品发放" style={{ marginBottom: 16 }} id="order-virtual">
      {dlg.error && !dlg.dialog && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={dlg.error} />}
      {vd ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label="发放内容">
            <Typography.Paragraph id="order-virtual-note" style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} copyable>
              {vd.note}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="发放时间">{formatTime(vd.at, 'YYYY-MM-DD HH:mm:ss')}</Descriptions.Item>
          <Descriptions.Item label="操作人">{vd.by.replace(/^merchant:/, '')}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">虚拟商品无需物流：付款后点“虚拟发货”，填写顾客收到的内容（如卡号卡密、预约信息），订单即完成。</Typography.Text>
      )}
    </Card>
  );

  const dialogs = (
    <ActionModal dlg={dlg} name="virtual" title="虚拟发货" okText="确认发放" okProps={{ id: 'virtual-submit' }} onOk={submit}>
      <Form form={form} layout="vertical" name="virtual">
        <Form.Item
          name="note"
          label="发放内容（顾客在订单详情中可见）"
          rules={[
            { required: true, whitespace: true, message: '请填写顾客收到的内容' },
            { max: VIRTUAL_NOTE_MAX, message: `最多 ${VIRTUAL_NOTE_MAX} 字` },
          ]}
        >
          <Input.TextArea id="virtual-note" rows={4} maxLength={VIRTUAL_NOTE_MAX} showCount placeholder="如：卡号 8888 0000 1234，密码 ABCD-EFGH" />
        </Form.Item>
        {dlg.error && <Alert type="error" showIcon title={dlg.error} />}
      </Form>
    </ActionModal>
  );
  return { actions, cards, dialogs };
}
