/**
 * 优惠券详情: every setting, the numbers (生成 / 发放 / 领取 / 使用 / 作废 / 剩余), the codes with their holders, who used
 * it in which order; and the operations the coupon's kind and state allow (编辑 / 发布 / 派发 / 领取 / 导入 / 导出 /
 * 废弃 / 删除).
 */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Segmented, Space, Spin, Statistic, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { formatYuan, type CodeStatus, type CouponCodeRow, type CouponUsageRow, type CouponWithStats, type Page } from '@shop/types';
import { call } from '../api';
import { ClaimLinkModal } from '../components/coupons/ClaimLinkModal';
import { DistributeModal } from '../components/coupons/DistributeModal';
import { ImportCodesModal } from '../components/coupons/ImportCodesModal';
import { ListTable, PageHeader, RefreshButton } from '../components/list';
import { useCouponActions } from '../components/coupons/useCouponActions';
import { CODE_STATUS_COLOR, CODE_STATUS_TEXT, couponError, KIND_TEXT, offerText, STATUS_COLOR, STATUS_TEXT, TYPE_TEXT, VIA_TEXT, zhe } from '../couponText';
import { downloadText, formatTime } from '../util';

const EMPTY: Page<never> = { items: [], total: 0, page: 1, pageSize: 20 };

/** Keyed by the coupon id: moving from one coupon to another starts with fresh tabs, filters and pages. */
export default function CouponDetailPage() {
  const { id = '' } = useParams();
  return <CouponDetail key={id} id={id} />;
}

function CouponDetail({ id }: { id: string }) {
  const nav = useNavigate();
  const { message } = App.useApp();
  const [coupon, setCoupon] = useState<CouponWithStats | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [codeStatus, setCodeStatus] = useState<CodeStatus | 'all'>('all');
  const [codePage, setCodePage] = useState(1);
  const [codes, setCodes] = useState<Page<CouponCodeRow>>(EMPTY);
  const [usagePage, setUsagePage] = useState(1);
  const [usage, setUsage] = useState<Page<CouponUsageRow>>(EMPTY);
  const [listsLoading, setListsLoading] = useState(false);
  const [modal, setModal] = useState<'distribute' | 'claim' | 'import' | null>(null);
  const [exporting, setExporting] = useState(false);

  const load = useCallback(async () => {
    try {
      setCoupon(await call('couponAdmin', 'get', { couponId: id }));
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [id]);

  const loadLists = useCallback(async () => {
    setListsLoading(true);
    try {
      const [c, u] = await Promise.all([
        call('couponAdmin', 'codes', { couponId: id, status: codeStatus === 'all' ? undefined : codeStatus, page: codePage, pageSize: 20 }),
        call('couponAdmin', 'usage', { couponId: id, page: usagePage, pageSize: 20 }),
      ]);
      setCodes(c);
      setUsage(u);
    } catch {
      /* the coupon itself reports the error */
    } finally {
      setListsLoading(false);
    }
  }, [id, codeStatus, codePage, usagePage]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void loadLists();
  }, [loadLists]);

  const refresh = () => {
    void load();
    void loadLists();
  };
  const actions = useCouponActions((what) => (what === 'delete' ? nav('/coupons') : refresh()));

  const exportCsv = async () => {
    setExporting(true);
    try {
      const e = await call('couponAdmin', 'exportCodes', { couponId: id, status: codeStatus === 'all' ? undefined : codeStatus });
      downloadText(e.filename, e.csv);
      message.success(`已导出 ${e.rows} 行`);
    } catch (err) {
      message.error(couponError(err));
    } finally {
      setExporting(false);
    }
  };

  if (loadError) return <Result status="404" title="优惠券不存在或已删除" subTitle={couponError(loadError)} extra={<Button href="#/coupons">返回优惠券列表</Button>} />;
  if (!coupon)
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin />
      </div>
    );

  const c = coupon;
  const s = c.stats;
  const normal = c.kind === 'normal';
  const ended = Date.parse(c.validTo) < Date.now();

  const codeColumns: TableColumnsType<CouponCodeRow> = [
    { title: '优惠码', dataIndex: 'code', render: (x: string) => <Typography.Text code copyable>{x}</Typography.Text> },
    { title: '状态', dataIndex: 'status', width: 90, render: (x: string) => <Tag color={CODE_STATUS_COLOR[x]}>{CODE_STATUS_TEXT[x] ?? x}</Tag> },
    { title: '来源', dataIndex: 'source', width: 90, render: (x: string) => (x === 'imported' ? '导入' : '系统生成') },
    { title: '持有顾客', key: 'holder', render: (_: unknown, r) => (r.openid ? `${r.nickname || '—'}（${r.openid}）` : <Typography.Text type="secondary">—</Typography.Text>) },
    { title: '获得方式', dataIndex: 'via', width: 100, render: (x: string | null) => (x ? VIA_TEXT[x] : '') },
    { title: '获得时间', dataIndex: 'assignedAt', width: 150, render: (x: string | null) => formatTime(x) },
    { title: '订单号', dataIndex: 'orderId', render: (x: string | null) => x ?? '' },
    { title: '使用时间', dataIndex: 'usedAt', width: 150, render: (x: string | null) => formatTime(x) },
  ];
  const usageColumns: TableColumnsType<CouponUsageRow> = [
    { title: '优惠码', dataIndex: 'code', render: (x: string) => <Typography.Text code>{x}</Typography.Text> },
    { title: '使用账号', key: 'who', render: (_: unknown, r) => `${r.nickname || '—'}（${r.openid}）` },
    { title: '订单号', dataIndex: 'orderId' },
    { title: '使用时间', dataIndex: 'usedAt', width: 170, render: (x: string) => formatTime(x, 'YYYY-MM-DD HH:mm:ss') },
  ];

  return (
    <div>
      <PageHeader
        wrap
        title={
          <Space>
            {c.name}
            <Tag color={STATUS_COLOR[c.status]} data-testid="coupon-status">
              {STATUS_TEXT[c.status]}
            </Tag>
            {c.status === 'published' && ended && <Tag>已过期</Tag>}
          </Space>
        }
      >
        <RefreshButton onClick={refresh} />
        {c.status === 'draft' && (
          <>
            <Button icon={<EditOutlined />} onClick={() => nav(`/coupons/${c._id}/edit`)} data-testid="detail-edit">
              编辑
            </Button>
            {normal && (
              <Button onClick={() => setModal('import')} data-testid="detail-import">
                导入优惠码
              </Button>
            )}
            <Button type="primary" onClick={() => actions.publish(c)} data-testid="detail-publish">
              发布
            </Button>
          </>
        )}
        {c.status === 'published' && normal && (
          <>
            <Button type="primary" onClick={() => setModal('distribute')} disabled={ended} data-testid="detail-distribute">
              派发
            </Button>
            <Button onClick={() => setModal('claim')} data-testid="detail-claim-link">
              领取链接 / 二维码
            </Button>
          </>
        )}
        <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} loading={exporting} data-testid="detail-export">
          {normal ? '导出优惠码' : '导出使用记录'}
        </Button>
        {c.status === 'published' && (
          <Button danger onClick={() => actions.voidIt(c)} data-testid="detail-void">
            废弃
          </Button>
        )}
        <Button danger onClick={() => actions.remove(c)} data-testid="detail-delete">
          删除
        </Button>
      </PageHeader>

      {c.status === 'draft' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="未发布：可以修改设置和导入优惠码；发布后优惠券不能再修改。"
        />
      )}
      {c.status === 'void' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="coupon-void-note"
          title={
            normal
              ? `已于 ${formatTime(c.voidedAt)} 废弃：不能再领取和派发，未被领取的优惠码已失效；顾客已领取的优惠券在有效期内（至 ${formatTime(c.validTo)}）仍可使用。`
              : `已于 ${formatTime(c.voidedAt)} 废弃：优惠码已失效。`
          }
        />
      )}

      <Row gutter={16} style={{ marginBottom: 16 }} data-testid="coupon-stats">
        {(normal
          ? [
              ['total', '优惠码总数', s.total],
              ['assigned', '已发放', s.assigned],
              ['claimed', '其中顾客领取', s.claimed],
              ['used', '已使用', s.used],
              ['void', '已作废', s.void],
              ['remaining', '剩余未发放', s.remaining],
            ]
          : [
              ['total', '可使用次数', s.total],
              ['used', '已使用', s.used],
              ['remaining', '剩余次数', s.remaining],
            ]
        ).map(([key, label, value]) => (
          <Col key={key as string} xs={12} md={8} lg={4}>
            <Card size="small">
              <Statistic title={label as string} value={value as number} data-testid={`stat-${key}`} />
            </Card>
          </Col>
        ))}
      </Row>

      <Card title="优惠券设置" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="coupon-settings">
          <Descriptions.Item label="类型">{KIND_TEXT[c.kind]}</Descriptions.Item>
          <Descriptions.Item label="优惠方式">{TYPE_TEXT[c.type]}</Descriptions.Item>
          <Descriptions.Item label="优惠内容">{offerText(c)}</Descriptions.Item>
          <Descriptions.Item label={c.type === 'cash' ? '减免金额' : '折扣'}>{c.type === 'cash' ? `${formatYuan(c.value)} 元` : `${zhe(c.value)} 折`}</Descriptions.Item>
          <Descriptions.Item label="使用门槛">{c.threshold ? `订单满 ${formatYuan(c.threshold)} 元` : '无门槛'}</Descriptions.Item>
          {c.type === 'discount' && <Descriptions.Item label="最多优惠">{c.maxOff ? `${formatYuan(c.maxOff)} 元` : '不限'}</Descriptions.Item>}
          <Descriptions.Item label="适用商品">{c.productIds ? `指定 ${c.productIds.length} 个商品` : '全部商品'}</Descriptions.Item>
          <Descriptions.Item label="有效时间">
            {formatTime(c.validFrom)} 至 {formatTime(c.validTo)}
          </Descriptions.Item>
          {normal ? (
            <>
              <Descriptions.Item label="优惠码前缀">{c.prefix || '（无）'}</Descriptions.Item>
              <Descriptions.Item label="生成数量">{c.quantity} 张</Descriptions.Item>
              <Descriptions.Item label="每人限领">{c.perShopperLimit} 张</Descriptions.Item>
              <Descriptions.Item label="领券中心">{c.inCentre ? '展示' : '不展示'}</Descriptions.Item>
              <Descriptions.Item label="适用顾客">{c.audience === 'new' ? '新人专享（无付款订单的顾客）' : '全部顾客'}</Descriptions.Item>
            </>
          ) : (
            <>
              <Descriptions.Item label="优惠码">
                <Typography.Text code copyable data-testid="reusable-code">
                  {c.code}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="可使用次数">{c.quantity} 次</Descriptions.Item>
            </>
          )}
          <Descriptions.Item label="使用说明">{c.description || '—'}</Descriptions.Item>
          <Descriptions.Item label="创建时间">{formatTime(c.createdAt)}</Descriptions.Item>
          {c.publishedAt && <Descriptions.Item label="发布时间">{formatTime(c.publishedAt)}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card>
        <Tabs
          items={[
            ...(normal
              ? [
                  {
                    key: 'codes',
                    label: `派发及使用详情（${codes.total}）`,
                    children: (
                      <div>
                        <Segmented
                          style={{ marginBottom: 12 }}
                          value={codeStatus}
                          data-testid="codes-status"
                          onChange={(v) => {
                            setCodeStatus(v as CodeStatus | 'all');
                            setCodePage(1);
                          }}
                          options={[
                            { value: 'all', label: '全部' },
                            { value: 'available', label: '未发放' },
                            { value: 'held', label: '已发放' },
                            { value: 'used', label: '已使用' },
                            { value: 'void', label: '已作废' },
                          ]}
                        />
                        <ListTable<CouponCodeRow>
                          testId="codes-table"
                          size="small"
                          loading={listsLoading}
                          columns={codeColumns}
                          dataSource={codes.items}
                          scroll={{ x: 1000 }}
                          pagination={{ current: codePage, pageSize: 20, total: codes.total, showSizeChanger: false, onChange: setCodePage }}
                          locale={{ emptyText: c.status === 'draft' ? '还没有优惠码：编辑生成数量或导入文件' : '没有优惠码' }}
                        />
                      </div>
                    ),
                  },
                ]
              : []),
            {
              key: 'usage',
              label: `使用记录（${usage.total}）`,
              children: (
                <ListTable<CouponUsageRow>
                  testId="usage-table"
                  rowKey={(r) => `${r.code}-${r.orderId}`}
                  size="small"
                  loading={listsLoading}
                  columns={usageColumns}
                  dataSource={usage.items}
                  pagination={{ current: usagePage, pageSize: 20, total: usage.total, showSizeChanger: false, onChange: setUsagePage }}
                  locale={{ emptyText: '还没有顾客使用' }}
                />
              ),
            },
          ]}
        />
      </Card>

      <DistributeModal
        coupon={modal === 'distribute' ? c : null}
        onClose={() => setModal(null)}
        onDone={() => {
          setModal(null);
          refresh();
        }}
      />
      <ClaimLinkModal coupon={modal === 'claim' ? c : null} onClose={() => setModal(null)} />
      <ImportCodesModal coupon={modal === 'import' ? c : null} onClose={() => setModal(null)} onDone={refresh} />
    </div>
  );
}
