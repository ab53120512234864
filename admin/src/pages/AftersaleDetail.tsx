/**
 * 售后详情: the lines, reason, description, evidence, amount, return address and parcels, the refund and the whole
 * history; the merchant's actions by status: pending → 同意 (a return or exchange asks for the return address, the
 * last one used is kept in localStorage) / 驳回 (with a reason); returned → 确认收货并退款 (return) or 发出换货
 * (exchange, courier and tracking number).
 */
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  Popconfirm,
  Row,
  Space,
  Table,
  Timeline,
  Typography,
  type FormInstance,
} from 'antd';
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { AFTERSALE_TYPE_TEXT, type AftersaleDetail as Detail, type AftersaleLine, type Parcel, type ReturnAddress } from '@shop/types';
import { ApiError, call } from '../api';
import { AFTERSALE_ACTION_TEXT, AftersaleStatusTag, AftersaleTypeTag } from '../aftersales';
import { fieldIssues } from '../errors';
import { DetailFallback } from '../components/DetailFallback';
import { ReasonModal } from '../components/ReasonModal';
import { actionErrorText, byText, yuan } from '../orders';
import { GoodsCell, GOODS_PLACEHOLDER } from '../components/GoodsCell';
import { RefundStatusTag, refundErrorText, refundInFlight } from '../refunds';
import { formatTime, useLoader } from '../util';
import { useDialogAction } from '../dialogAction';
import { aftersaleListPath } from './AftersaleList';
import { ActionModal } from '../components/ActionModal';

const RETURN_ADDRESS_KEY = 'shop.admin.returnAddress';
const lastReturnAddress = (): Partial<ReturnAddress> => {
  try {
    const v = JSON.parse(localStorage.getItem(RETURN_ADDRESS_KEY) ?? 'null') as Partial<ReturnAddress> | null;
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
};

/** Puts a refusal's field issues on the form's fields (by their last path key); answers the text for the rest. */
function showRefusal<V>(form: FormInstance<V> | null, e: unknown, fields: string[]): string | null {
  const issues = fieldIssues(e);
  const onFields = form ? issues.filter((i) => fields.includes(i.path.split('.').pop() ?? '')) : [];
  if (form && onFields.length) form.setFields(onFields.map((i) => ({ name: i.path.split('.').pop() as never, errors: [i.message] })));
  return onFields.length && onFields.length === issues.length ? null : e instanceof ApiError && e.code.startsWith('REFUND') ? refundErrorText(e) : actionErrorText(e);
}

const ParcelText = ({ p, id }: { p: Parcel | null; id: string }) =>
  p ? (
    <span id={id}>
      {p.company} <Typography.Text copyable style={{ fontFamily: 'monospace' }}>{p.trackingNo}</Typography.Text>
      <Typography.Text type="secondary">（{formatTime(p.at, 'YYYY-MM-DD HH:mm')}）</Typography.Text>
    </span>
  ) : (
    <Typography.Text type="secondary" id={id}>
      —
    </Typography.Text>
  );

type Dialog = 'agree' | 'reject';
type AddressValues = { name: string; phone: string; address: string };

export default function AftersaleDetail() {
  const { id = '' } = useParams();
  const nav = useNavigate();
  const { data: a, setData: setA, loading, error: loadError, reload: load } = useLoader<Detail | null>(() => call('aftersaleAdmin', 'get', { id }), [id], null);
  const { dialog, busy, error, open: show, close, run } = useDialogAction<Dialog>();
  const [agreeForm] = Form.useForm<AddressValues>();
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const [shipForm] = Form.useForm<{ company: string; trackingNo: string }>();

  // the refund is still moving at WeChat: look again until it settles
  const waiting = !!a && (a.status === 'refunding' || (a.refund !== null && refundInFlight(a.refund.status)));
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setTimeout(() => void load(), 2000);
    return () => window.clearTimeout(timer);
  }, [waiting, a, load]);

  const open = (d: Dialog) => {
    if (d === 'agree') {
      agreeForm.resetFields();
      agreeForm.setFieldsValue({ name: '', phone: '', address: '', ...lastReturnAddress() });
    } else rejectForm.resetFields();
    show(d);
  };

  /** runs a step; the request comes back from the server (a refusal's field issues go on the form's `fields`) */
  const step = <V,>(form: FormInstance<V> | null, fields: string[], act: (v: V) => Promise<Detail>, done: string) =>
    run(
      form,
      async (v) => {
        setA(await act(v));
        return done;
      },
      (e) => {
        if (e instanceof ApiError && (e.code === 'ILLEGAL_TRANSITION' || e.code === 'INVALID_STATE')) void load();
        return showRefusal(form, e, fields);
      },
    );

  if (!a) {
    return (
      <DetailFallback
        loading={loading}
        error={loadError}
        what="售后申请"
        missing={`没有编号为 ${id} 的售后申请`}
        backText="返回售后列表"
        onBack={() => nav(aftersaleListPath())}
        onRetry={() => void load()}
      />
    );
  }

  const goodsBack = a.type !== 'refund';
  const agree = () =>
    step(goodsBack ? agreeForm : null, ['name', 'phone', 'address'], async (v) => {
      const returnAddress = goodsBack ? { name: v.name.trim(), phone: v.phone.trim(), address: v.address.trim() } : undefined;
      const next = await call('aftersaleAdmin', 'decide', { id: a._id, decision: 'agree', reason: '', returnAddress });
      if (returnAddress) localStorage.setItem(RETURN_ADDRESS_KEY, JSON.stringify(returnAddress));
      return next;
    }, goodsBack ? '已同意，等待买家寄回' : '已同意，退款已发起');
  const reject = () =>
    step(rejectForm, ['reason'], (v) => call('aftersaleAdmin', 'decide', { id: a._id, decision: 'reject', reason: v.reason.trim() }), '已驳回');
  const receive = () => step(null, [], () => call('aftersaleAdmin', 'receive', { id: a._id }), '已确认收货，退款已发起');
  const shipExchange = () =>
    step(shipForm, ['company', 'trackingNo'], (v) => call('aftersaleAdmin', 'shipExchange', { id: a._id, company: v.company.trim(), trackingNo: v.trackingNo.trim() }), '换货已发出');

  const errorBox = (where: 'page' | 'agree') => error && (dialog ?? 'page') === where && <Alert type="error" showIcon title={error} id="as-error" style={{ marginTop: 12 }} />;

  const actions =
    a.status === 'pending' ? (
      <Space wrap>
        <Button type="primary" icon={<CheckOutlined />} id="as-agree" onClick={() => open('agree')}>
          同意
        </Button>
        <Button danger icon={<CloseOutlined />} id="as-reject" onClick={() => open('reject')}>
          驳回
        </Button>
      </Space>
    ) : a.status === 'returned' && a.type === 'return_refund' ? (
      <Popconfirm
        title={`确认已收到退货，并退款 ${yuan(a.amount)}？`}
        okText="确认收货并退款"
        cancelText="再想想"
        okButtonProps={{ id: 'as-receive-confirm' }}
        onConfirm={() => receive()}
      >
        <Button type="primary" icon={<CheckOutlined />} id="as-receive" loading={busy}>
          确认收货并退款
        </Button>
      </Popconfirm>
    ) : a.status === 'returned' && a.type === 'exchange' ? (
      <Form form={shipForm} layout="inline" name="shipExchange" onFinish={() => void shipExchange()}>
        <Form.Item name="company" rules={[{ required: true, whitespace: true, message: '请填写快递公司' }]}>
          <Input id="as-exchange-company" placeholder="快递公司，如 顺丰速运" maxLength={30} />
        </Form.Item>
        <Form.Item name="trackingNo" rules={[{ required: true, message: '请填写运单号' }, { pattern: /^[A-Za-z0-9-]{6,40}$/, message: '运单号为 6–40 位字母、数字或连字符' }]}>
          <Input id="as-exchange-tracking" placeholder="运单号" maxLength={40} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} id="as-ship-exchange" loading={busy}>
          发出换货
        </Button>
      </Form>
    ) : null;

  const lineColumns = [
    {
      title: '商品',
      key: 'name',
      render: (_: unknown, l: AftersaleLine) => <GoodsCell l={l} />,
    },
    { title: '数量', dataIndex: 'quantity', width: 80, align: 'right' as const },
    { title: '实付分摊', dataIndex: 'share', width: 120, align: 'right' as const, render: (v: number) => yuan(v) },
  ];

  return (
    <div>
      <div className="page-title">
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={() => nav(aftersaleListPath())} aria-label="返回售后列表" />
          <h2>售后详情</h2>
          <Typography.Text copyable style={{ fontFamily: 'monospace' }} id="as-id">
            {a._id}
          </Typography.Text>
          <AftersaleTypeTag type={a.type} />
          <AftersaleStatusTag status={a.status} id="as-status" />
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => void load()} loading={loading}>
          刷新
        </Button>
      </div>

      {(actions || (error && !dialog)) && (
        <Card style={{ marginBottom: 16 }} id="as-actions" title="待处理">
          {actions}
          {errorBox('page')}
        </Card>
      )}
      {a.status === 'rejected' && a.rejectReason && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} id="as-reject-reason-view" title={`已驳回：${a.rejectReason}`} />
      )}

      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title="申请信息" style={{ marginBottom: 16 }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label="售后类型">{AFTERSALE_TYPE_TEXT[a.type]}</Descriptions.Item>
              <Descriptions.Item label="订单号">
                <Link to={`/orders/${a.orderId}`} id="as-order-link" style={{ fontFamily: 'monospace' }}>
                  {a.orderId}
                </Link>
              </Descriptions.Item>
              <Descriptions.Item label="申请原因">
                <span id="as-reason">{a.reason}</span>
              </Descriptions.Item>
              <Descriptions.Item label="申请时间">{formatTime(a.createdAt, 'YYYY-MM-DD HH:mm:ss')}</Descriptions.Item>
              <Descriptions.Item label={a.type === 'exchange' ? '退款金额' : '申请退款'}>
                <Typography.Text strong style={{ color: '#cf1322' }} id="as-amount" data-fen={a.amount}>
                  {a.type === 'exchange' ? '换货，不退款' : yuan(a.amount)}
                </Typography.Text>
                {a.type !== 'exchange' && a.maxAmount > a.amount && <Typography.Text type="secondary">（最多可退 {yuan(a.maxAmount)}）</Typography.Text>}
              </Descriptions.Item>
              {a.type === 'refund' && <Descriptions.Item label="货物状态">{a.goodsReceived ? '已收到货' : '未收到货'}</Descriptions.Item>}
              <Descriptions.Item label="问题描述" span={2}>
                <span id="as-description">{a.description || <Typography.Text type="secondary">无</Typography.Text>}</span>
              </Descriptions.Item>
            </Descriptions>
            <div id="as-evidence" style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">凭证图片（{a.evidence.length}）</Typography.Text>
              {a.evidence.length === 0 ? (
                <div>
                  <Typography.Text type="secondary">买家没有上传凭证</Typography.Text>
                </div>
              ) : (
                <div className="thumb-list" style={{ marginTop: 8 }}>
                  <Image.PreviewGroup>
                    {a.evidence.map((url, i) => (
                      <Image key={url + i} width={88} height={88} src={url} fallback={GOODS_PLACEHOLDER} style={{ objectFit: 'cover', borderRadius: 4 }} data-index={i} />
                    ))}
                  </Image.PreviewGroup>
                </div>
              )}
            </div>
          </Card>
          <Card title="售后商品" style={{ marginBottom: 16 }}>
            <Table<AftersaleLine> rowKey="skuId" size="small" pagination={false} columns={lineColumns} dataSource={a.lines} id="as-lines" />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          {a.type !== 'exchange' && (
            <Card title="退款" style={{ marginBottom: 16 }} id="as-refund">
              {a.refund ? (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label="状态">
                    <RefundStatusTag status={a.refund.status} testId="as-refund-status" />
                  </Descriptions.Item>
                  <Descriptions.Item label="金额">{yuan(a.refund.amount)}</Descriptions.Item>
                  <Descriptions.Item label="退款单号">
                    <Link to={`/refunds?orderId=${encodeURIComponent(a.orderId)}`} style={{ fontFamily: 'monospace' }}>
                      {a.refund._id}
                    </Link>
                  </Descriptions.Item>
                  {a.refund.successAt && <Descriptions.Item label="到账时间">{formatTime(a.refund.successAt, 'YYYY-MM-DD HH:mm:ss')}</Descriptions.Item>}
                  {a.refund.error && a.refund.status !== 'SUCCESS' && (
                    <Descriptions.Item label="错误">
                      <Typography.Text type="danger">{a.refund.error}</Typography.Text>
                    </Descriptions.Item>
                  )}
                </Descriptions>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未退款" />
              )}
            </Card>
          )}
          {goodsBack && (
            <Card title="退货物流" style={{ marginBottom: 16 }}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label="退货地址">
                  {a.returnAddress ? (
                    <span id="as-return-address-view">
                      {a.returnAddress.name} {a.returnAddress.phone}
                      <br />
                      {a.returnAddress.address}
                    </span>
                  ) : (
                    <Typography.Text type="secondary">同意后填写</Typography.Text>
                  )}
                </Descriptions.Item>
                <Descriptions.Item label="买家寄回">
                  <ParcelText p={a.returnParcel} id="as-return-parcel" />
                </Descriptions.Item>
                {a.type === 'exchange' && (
                  <Descriptions.Item label="换货发出">
                    <ParcelText p={a.exchangeParcel} id="as-exchange-parcel" />
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
          )}
          <Card title="处理记录" style={{ marginBottom: 16 }}>
            <div id="as-history">
              <Timeline
                items={a.history.map((h, i) => ({
                  key: i,
                  color: h.action === 'reject' || h.action === 'cancel' ? 'gray' : h.action === 'refunded' || h.action === 'confirmExchange' ? 'green' : 'blue',
                  title: formatTime(h.at, 'YYYY-MM-DD HH:mm:ss'),
                  content: (
                    <div data-action={h.action}>
                      <div>
                        {AFTERSALE_ACTION_TEXT[h.action] ?? h.action}
                        <Typography.Text type="secondary"> · {byText(h.by)}</Typography.Text>
                      </div>
                      {h.note && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {h.note}
                        </Typography.Text>
                      )}
                    </div>
                  ),
                }))}
              />
            </div>
          </Card>
        </Col>
      </Row>

      <ActionModal dlg={{ dialog, busy, close }} name="agree" title={goodsBack ? `同意${AFTERSALE_TYPE_TEXT[a.type]}` : '同意退款'} okText="同意" okProps={{ id: 'as-agree-submit' }} onOk={agree}>
        <Form form={agreeForm} layout="vertical" name="agreeAftersale">
          {goodsBack ? (
            <>
              <Typography.Paragraph type="secondary">买家会看到这个退货地址并寄回商品；{a.type === 'return_refund' ? `确认收货后退款 ${yuan(a.amount)}。` : '收到后发出换货。'}</Typography.Paragraph>
              <Form.Item name="name" label="收件人" rules={[{ required: true, whitespace: true, message: '请填写收件人' }]}>
                <Input id="as-return-name" maxLength={20} />
              </Form.Item>
              <Form.Item name="phone" label="联系电话" rules={[{ required: true, whitespace: true, message: '请填写联系电话' }, { min: 5, message: '电话至少 5 位' }]}>
                <Input id="as-return-phone" maxLength={20} />
              </Form.Item>
              <Form.Item name="address" label="退货地址" rules={[{ required: true, whitespace: true, message: '请填写退货地址' }, { min: 5, message: '地址至少 5 个字' }]}>
                <Input.TextArea id="as-return-address" maxLength={200} rows={2} />
              </Form.Item>
            </>
          ) : (
            <Typography.Paragraph>同意后立即原路退款 {yuan(a.amount)} 到买家的微信支付。</Typography.Paragraph>
          )}
          {errorBox('agree')}
        </Form>
      </ActionModal>

      <ReasonModal
        form={rejectForm}
        name="rejectAftersale"
        title="驳回售后申请"
        open={dialog === 'reject'}
        busy={busy}
        okText="驳回"
        okId="as-reject-submit"
        inputId="as-reject-reason"
        label="驳回原因（买家可见）"
        required="请填写驳回原因"
        error={dialog === 'reject' ? error : null}
        errorId="as-error"
        onOk={() => void reject()}
        onCancel={close}
      />
    </div>
  );
}
