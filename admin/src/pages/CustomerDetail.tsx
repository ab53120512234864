/**
 * One customer (顾客详情): profile, level and progress, experience and points (adjustable with a reason), points by
 * year, tags, blacklist, what the customer bought (orders paid, spent, last order), and tabs: orders, addresses,
 * coupons, after-sales, the points / experience ledgers.
 */
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Avatar,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { ArrowLeftOutlined, EditOutlined, UserOutlined } from '@ant-design/icons';
import { formatYuan, type CustomerDetail as Detail, type CustomerTagRow, type Page, type PointsLedgerEntry } from '@shop/types';
import { historyTabs } from './customer/History';
import { ApiError, call } from '../api';
import { errorText } from '../errors';
import { discountText, LEDGER_KIND_COLOR, LEDGER_KIND_TEXT, signed } from '../members';
import { formatTime } from '../util';
import { FormModal } from '../components/list';
import { LevelIcon } from './MemberLevels';

type AdjustKind = 'points' | 'experience';
interface AdjustValues {
  direction: 'add' | 'sub';
  amount: number | null;
  reason: string;
}

export default function CustomerDetail() {
  const { openid = '' } = useParams();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [tags, setTags] = useState<CustomerTagRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [adjusting, setAdjusting] = useState<AdjustKind | null>(null);
  const [editingTags, setEditingTags] = useState(false);
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<AdjustValues>();
  const [ledgers, setLedgers] = useState<Record<AdjustKind, Page<PointsLedgerEntry> | null>>({ points: null, experience: null });

  const load = useCallback(async () => {
    try {
      const [d, t] = await Promise.all([call('customerAdmin', 'getCustomer', { openid }), call('customerAdmin', 'listTags', {})]);
      setDetail(d);
      setTags(t);
      setLedgers({ points: d.pointsLedger, experience: d.experienceLedger });
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [openid]);
  useEffect(() => {
    void load();
  }, [load]);

  const pageLedger = async (type: AdjustKind, page: number, pageSize: number) => {
    try {
      const p = await call('customerAdmin', 'customerLedger', { openid, type, page, pageSize });
      setLedgers((l) => ({ ...l, [type]: p }));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  if (error instanceof ApiError && error.code === 'NOT_FOUND') {
    return <Result status="404" title="顾客不存在" subTitle={openid} extra={<Button href="#/customers">返回顾客列表</Button>} />;
  }
  if (!detail) {
    return error ? <Alert type="error" showIcon title={errorText(error)} /> : <Spin style={{ display: 'block', margin: 80 }} />;
  }

  const setBlocked = async (blocked: boolean) => {
    try {
      const r = await call('customerAdmin', 'setBlocked', { openid, blocked });
      message.success(blocked ? `已加入黑名单${r.sessionsEnded ? `，已结束 ${r.sessionsEnded} 个登录` : ''}` : '已移出黑名单');
      void load();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const openAdjust = (kind: AdjustKind) => {
    setAdjusting(kind);
    form.resetFields();
    form.setFieldsValue({ direction: 'add', amount: null, reason: '' });
  };

  const adjust = async () => {
    if (!adjusting) return;
    let v: AdjustValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const delta = (v.direction === 'sub' ? -1 : 1) * (v.amount ?? 0);
    setBusy(true);
    try {
      if (adjusting === 'points') {
        const r = await call('customerAdmin', 'adjustPoints', { openid, delta, reason: v.reason.trim() });
        message.success(`积分已调整为 ${r.points}`);
      } else {
        const r = await call('customerAdmin', 'adjustExperience', { openid, delta, reason: v.reason.trim() });
        message.success(`经验值已调整为 ${r.experience}`);
      }
      setAdjusting(null);
      void load();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'POINTS_INSUFFICIENT') form.setFields([{ name: 'amount', errors: [`可用积分只有 ${detail.points}，不能减少更多`] }]);
      else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && adjusting === 'experience' && /below 0/.test(e.message))
        form.setFields([{ name: 'amount', errors: [`经验值只有 ${detail.experience}，不能减少更多`] }]);
      else message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const saveTags = async () => {
    setBusy(true);
    try {
      await call('customerAdmin', 'setCustomerTags', { openid, tagIds });
      message.success('标签已保存');
      setEditingTags(false);
      void load();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const tagName = new Map(tags.map((t) => [t._id, t.name]));
  const shownTags = detail.tags.filter((id) => tagName.has(id));
  const buckets = Object.entries(detail.pointBuckets);

  const ledgerColumns = (type: AdjustKind): TableColumnsType<PointsLedgerEntry> => [
    { title: '时间', dataIndex: 'createdAt', width: 150, render: (t: string) => formatTime(t) },
    { title: '类型', dataIndex: 'kind', width: 100, render: (k: PointsLedgerEntry['kind']) => <Tag color={LEDGER_KIND_COLOR[k]}>{LEDGER_KIND_TEXT[k] ?? k}</Tag> },
    type === 'points'
      ? { title: '积分变化', dataIndex: 'delta', width: 100, render: (n: number) => <Typography.Text type={n < 0 ? 'danger' : 'success'}>{signed(n)}</Typography.Text> }
      : { title: '经验值变化', dataIndex: 'experience', width: 110, render: (n: number) => <Typography.Text type={n < 0 ? 'danger' : 'success'}>{signed(n)}</Typography.Text> },
    type === 'points' ? { title: '变化后积分', dataIndex: 'balanceAfter', width: 110 } : { title: '变化后经验值', dataIndex: 'experienceAfter', width: 120 },
    {
      title: '说明',
      key: 'reason',
      render: (_: unknown, e) => (
        <span>
          {e.reason}
          {e.orderId && <Typography.Text type="secondary">（订单 {e.orderId}）</Typography.Text>}
          {e.operator && <Typography.Text type="secondary">（操作人 {e.operator}）</Typography.Text>}
        </span>
      ),
    },
  ];
  const ledgerTable = (type: AdjustKind) => {
    const p = ledgers[type];
    return (
      <div data-testid={`${type}-ledger`}>
        <Table<PointsLedgerEntry>
          rowKey="_id"
          size="small"
          columns={ledgerColumns(type)}
          dataSource={p?.items ?? []}
          locale={{ emptyText: type === 'points' ? '还没有积分记录' : '还没有经验值记录' }}
          pagination={{ current: p?.page ?? 1, pageSize: p?.pageSize ?? 20, total: p?.total ?? 0, hideOnSinglePage: true, onChange: (page, size) => void pageLedger(type, page, size) }}
        />
      </div>
    );
  };

  return (
    <div>
      <div className="page-title">
        <Space>
          <Link to="/customers">
            <ArrowLeftOutlined /> 顾客列表
          </Link>
          <h2>
            {detail.blocked && (
              <Tag color="red" data-testid="detail-blocked">
                黑名单
              </Tag>
            )}
            {detail.nickname || '（未设置昵称）'}
          </h2>
        </Space>
        <Popconfirm
          title={detail.blocked ? '移出黑名单？' : '加入黑名单？'}
          description={detail.blocked ? '移出后顾客可以重新登录。' : '加入黑名单的顾客将立即退出登录，且无法再登录。'}
          okText="确定"
          cancelText="取消"
          okButtonProps={{ danger: !detail.blocked, 'data-testid': 'detail-block-confirm' }}
          onConfirm={() => setBlocked(!detail.blocked)}
        >
          <Button danger={!detail.blocked} data-testid="detail-block">
            {detail.blocked ? '取消黑名单' : '加入黑名单'}
          </Button>
        </Popconfirm>
      </div>

      <Card style={{ marginBottom: 16 }} data-testid="customer-profile">
        <Space align="start" size="large">
          <Avatar size={64} src={detail.avatar ?? undefined} icon={<UserOutlined />} />
          <Descriptions
            column={{ xs: 1, md: 2, xl: 3 }}
            size="small"
            items={[
              { key: 'openid', label: 'OpenID', children: <Typography.Text copyable>{detail.openid}</Typography.Text> },
              { key: 'createdAt', label: '注册时间', children: formatTime(detail.createdAt) },
              { key: 'orders', label: '订单数', children: <span data-testid="detail-trade-orders">{detail.trade.orders}</span> },
              { key: 'spent', label: '累计消费', children: <span data-testid="detail-trade-spent">{formatYuan(detail.trade.spent)}</span> },
              { key: 'lastOrderAt', label: '最近下单', children: <span data-testid="detail-trade-last">{detail.trade.lastOrderAt ? formatTime(detail.trade.lastOrderAt) : '—'}</span> },
              { key: 'state', label: '账号状态', children: detail.blocked ? <Tag color="red">黑名单</Tag> : <Tag color="green">正常</Tag> },
              {
                key: 'level',
                label: '会员等级',
                children: (
                  <Space size={6} data-testid="detail-level">
                    <LevelIcon icon={detail.level.icon} name={detail.level.name} size={22} />
                    {detail.level.name}
                    <Typography.Text type="secondary">{discountText(detail.level.discountRate)}</Typography.Text>
                  </Space>
                ),
              },
              {
                key: 'experience',
                label: '经验值',
                children: (
                  <Space size={6}>
                    <span data-testid="detail-experience">{detail.experience}</span>
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openAdjust('experience')} data-testid="detail-adjust-experience">
                      调整
                    </Button>
                  </Space>
                ),
              },
              {
                key: 'next',
                label: '下一等级',
                children: detail.nextLevel ? `${detail.nextLevel.name}（还差 ${detail.nextLevel.needed} 经验值）` : '已是最高等级',
              },
              {
                key: 'points',
                label: '可用积分',
                children: (
                  <Space size={6}>
                    <span data-testid="detail-points">{detail.points}</span>
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openAdjust('points')} data-testid="detail-adjust-points">
                      调整
                    </Button>
                  </Space>
                ),
              },
              {
                key: 'buckets',
                label: '积分获得年份',
                children: buckets.length ? buckets.map(([y, n]) => <Tag key={y}>{`${y} 年：${n}`}</Tag>) : '—',
              },
              {
                key: 'tags',
                label: '顾客标签',
                children: (
                  <Space size={4} wrap data-testid="detail-tags">
                    {shownTags.length ? shownTags.map((id) => <Tag key={id}>{tagName.get(id)}</Tag>) : <Typography.Text type="secondary">无</Typography.Text>}
                    <Button
                      size="small"
                      type="link"
                      icon={<EditOutlined />}
                      onClick={() => {
                        setTagIds(shownTags);
                        setEditingTags(true);
                      }}
                      data-testid="detail-edit-tags"
                    >
                      编辑
                    </Button>
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      </Card>

      <Card>
        <Tabs
          items={[
            ...historyTabs(detail),
            { key: 'points', label: `积分明细（${ledgers.points?.total ?? 0}）`, children: ledgerTable('points') },
            { key: 'experience', label: `经验值明细（${ledgers.experience?.total ?? 0}）`, children: ledgerTable('experience') },
          ]}
        />
      </Card>

      <FormModal
        open={adjusting !== null}
        title={adjusting === 'points' ? `调整积分（当前 ${detail.points}）` : `调整经验值（当前 ${detail.experience}）`}
        okText="确定"
        busy={busy}
        onOk={adjust}
        onCancel={() => setAdjusting(null)}
        okTestId="adjust-save"
        form={form}
        name="adjust"
        autoComplete="off"
      >
        <Form.Item name="direction" label="调整方式">
          <Radio.Group>
            <Radio.Button value="add">增加</Radio.Button>
            <Radio.Button value="sub">减少</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="amount" label="数量" rules={[{ required: true, message: '请输入数量' }]}>
          <InputNumber min={1} max={100_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="调整原因"
          extra={adjusting === 'points' ? '顾客在积分明细中可以看到原因' : undefined}
          rules={[{ required: true, whitespace: true, message: '请填写调整原因' }]}
        >
          <Input maxLength={100} showCount placeholder="如：客服补偿、活动奖励" />
        </Form.Item>
      </FormModal>

      <Modal
        open={editingTags}
        title="编辑顾客标签"
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={saveTags}
        onCancel={() => setEditingTags(false)}
        okButtonProps={{ 'data-testid': 'tags-save' }}
        destroyOnHidden
      >
        <Select
          id="tags_tagIds"
          mode="multiple"
          style={{ width: '100%' }}
          placeholder="选择标签"
          value={tagIds}
          onChange={setTagIds}
          options={tags.map((t) => ({ value: t._id, label: t.name }))}
          notFoundContent={
            <span>
              还没有标签，请在 <Link to="/customers">顾客管理 › 标签管理</Link> 中新增
            </span>
          }
        />
      </Modal>
    </div>
  );
}
