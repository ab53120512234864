/**
 * Customers (顾客管理): search by nickname / OpenID, level, tag, account state, an address's phone, orders paid,
 * spending and the last order's day (the search lives in the query string); blacklist one or many; manage customer
 * tags (会员标签).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Avatar, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { SearchOutlined, TagsOutlined, UserOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import { CustomerListInput, formatYuan, parseYuan, type CustomerSummary, type CustomerTagRow, type MemberLevelRow } from '@shop/types';
import { YuanInput, yuanRule } from '../components/YuanInput';
import { ApiError, call } from '../api';
import { errorText } from '../errors';
import { actionsColumn, ConfirmButton, DayRangePicker, FilterCol, FilterInput, FilterSelect, choices, ListTable, LoadError, NumRange, PageHeader, RefreshButton, SearchCard, useListPage, LinkButton } from '../components/list';
import { dayEnd, dayStart, pageOf, rangeOf, type DayRange } from '../listQuery';
import { formatTime } from '../util';
import { LevelIcon } from './MemberLevels';

type SortBy = NonNullable<z.input<typeof CustomerListInput>['sortBy']>;
const SORTS: SortBy[] = ['createdAt', 'experience', 'points', 'orders', 'spent', 'lastOrderAt'];
interface SearchValues {
  keyword?: string;
  phone?: string;
  minOrders?: number | null;
  maxOrders?: number | null;
  minSpent?: string;
  maxSpent?: string;
  lastOrder?: DayRange;
  levelId?: string;
  tagId?: string;
  blocked?: 'true' | 'false';
}

const toInput = (p: URLSearchParams) => {
  const sortBy = p.get('sortBy') as SortBy | null;
  const input = {
    keyword: p.get('keyword') ?? undefined,
    levelId: p.get('levelId') ?? undefined,
    tagId: p.get('tagId') ?? undefined,
    blocked: p.get('blocked') === 'true' ? true : p.get('blocked') === 'false' ? false : undefined,
    phone: p.get('phone') ?? undefined,
    minOrders: int(p.get('minOrders')),
    maxOrders: int(p.get('maxOrders')),
    minSpent: fen(p.get('minSpent')),
    maxSpent: fen(p.get('maxSpent')),
    lastOrderFrom: p.get('lastOrderFrom') ?? undefined,
    lastOrderTo: p.get('lastOrderTo') ?? undefined,
    sortBy: sortBy && SORTS.includes(sortBy) ? sortBy : ('createdAt' as SortBy),
    order: p.get('order') === 'asc' ? ('asc' as const) : ('desc' as const),
    ...pageOf(p),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== '')) as typeof input;
};

const int = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
const fen = (v: string | null) => (v ? parseYuan(v) ?? undefined : undefined);

const toFormValues = (p: URLSearchParams): SearchValues => ({
  keyword: p.get('keyword') ?? undefined,
  phone: p.get('phone') ?? undefined,
  minOrders: int(p.get('minOrders')) ?? null,
  maxOrders: int(p.get('maxOrders')) ?? null,
  minSpent: p.get('minSpent') ?? undefined,
  maxSpent: p.get('maxSpent') ?? undefined,
  lastOrder: rangeOf(p, 'lastOrderFrom', 'lastOrderTo'),
  levelId: p.get('levelId') ?? undefined,
  tagId: p.get('tagId') ?? undefined,
  blocked: (p.get('blocked') as SearchValues['blocked']) ?? undefined,
});

const loadOptions = async () => {
  const [levels, tags] = await Promise.all([call('customerAdmin', 'listLevels', {}), call('customerAdmin', 'listTags', {})]);
  return { levels, tags };
};

export default function Customers() {
  const { message } = App.useApp();
  const nav = useNavigate();
  const [form] = Form.useForm<SearchValues>();
  const { params, update, reset, table, data, error, reload: load } = useListPage<CustomerSummary, SearchValues>({
    form,
    toFormValues,
    load: (p) => {
      const parsed = CustomerListInput.safeParse(toInput(p));
      if (!parsed.success) throw new Error('搜索条件不正确');
      return call('customerAdmin', 'listCustomers', parsed.data);
    },
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [levels, setLevels] = useState<MemberLevelRow[]>([]);
  const [tags, setTags] = useState<CustomerTagRow[]>([]);
  const [tagsOpen, setTagsOpen] = useState(false);
  const query = useMemo(() => toInput(params), [params]);

  const reloadOptions = useCallback(async () => {
    try {
      const o = await loadOptions();
      setLevels(o.levels);
      setTags(o.tags);
    } catch (e) {
      message.error(errorText(e));
    }
  }, [message]);
  useEffect(() => {
    void reloadOptions();
  }, [reloadOptions]);

  const { total } = data;

  const setBlocked = async (openids: string[], blocked: boolean) => {
    let done = 0;
    const failed: string[] = [];
    for (const openid of openids) {
      try {
        await call('customerAdmin', 'setBlocked', { openid, blocked });
        done++;
      } catch (e) {
        failed.push(`${openid}：${errorText(e)}`);
      }
    }
    if (failed.length) message.warning(`已处理 ${done} 位，${failed.length} 位失败：${failed.join('；')}`);
    else message.success(blocked ? `已将 ${done} 位顾客加入黑名单，他们将无法登录` : `已将 ${done} 位顾客移出黑名单`);
    setSelected([]);
    void load();
  };

  const tagName = useMemo(() => new Map(tags.map((t) => [t._id, t.name])), [tags]);
  const sortOrderOf = (key: SortBy) => (query.sortBy === key ? (query.order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableColumnsType<CustomerSummary> = [
    {
      title: '顾客',
      key: 'nickname',
      render: (_: unknown, c) => (
        <Space>
          <Avatar src={c.avatar ?? undefined} icon={<UserOutlined />} />
          <div>
            <Space size={4}>
              {c.blocked && (
                <Tag color="red" data-testid={`blocked-${c.openid}`}>
                  黑名单
                </Tag>
              )}
              <Link to={`/customers/${encodeURIComponent(c.openid)}`} data-testid={`customer-link-${c.openid}`}>
                {c.nickname || '（未设置昵称）'}
              </Link>
            </Space>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: c.openid }}>
                {c.openid}
              </Typography.Text>
            </div>
          </div>
        </Space>
      ),
    },
    {
      title: '会员等级',
      key: 'level',
      width: 140,
      render: (_: unknown, c) => (
        <Space size={6}>
          <LevelIcon icon={c.level.icon} name={c.level.name} size={22} />
          {c.level.name}
        </Space>
      ),
    },
    { title: '经验值', dataIndex: 'experience', key: 'experience', width: 100, sorter: true, sortOrder: sortOrderOf('experience') },
    { title: '积分', dataIndex: 'points', key: 'points', width: 100, sorter: true, sortOrder: sortOrderOf('points') },
    { title: '订单数', key: 'orders', width: 90, sorter: true, sortOrder: sortOrderOf('orders'), render: (_: unknown, c) => c.trade.orders },
    { title: '累计消费', key: 'spent', width: 110, align: 'right', sorter: true, sortOrder: sortOrderOf('spent'), render: (_: unknown, c) => formatYuan(c.trade.spent) },
    {
      title: '最近下单',
      key: 'lastOrderAt',
      width: 150,
      sorter: true,
      sortOrder: sortOrderOf('lastOrderAt'),
      render: (_: unknown, c) => (c.trade.lastOrderAt ? formatTime(c.trade.lastOrderAt) : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: '标签',
      dataIndex: 'tags',
      render: (ids: string[]) =>
        ids.filter((id) => tagName.has(id)).length ? (
          ids.filter((id) => tagName.has(id)).map((id) => <Tag key={id}>{tagName.get(id)}</Tag>)
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: '注册时间',
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 150,
      sorter: true,
      sortOrder: sortOrderOf('createdAt'),
      render: (t: string) => formatTime(t),
    },
    actionsColumn(170, (c) => (
      <>
        <LinkButton onClick={() => nav(`/customers/${encodeURIComponent(c.openid)}`)} testId={`customer-detail-${c.openid}`}>
          详情
        </LinkButton>
        <ConfirmButton
          title={c.blocked ? `将「${c.nickname}」移出黑名单？` : `将「${c.nickname}」加入黑名单？`}
          description={c.blocked ? '移出后顾客可以重新登录。' : '加入黑名单的顾客将立即退出登录，且无法再登录。'}
          okText="确定"
          okProps={{ 'data-testid': 'customer-block-confirm' }}
          danger={!c.blocked}
          testId={`customer-block-${c.openid}`}
          onConfirm={() => setBlocked([c.openid], !c.blocked)}
        >
          {c.blocked ? '取消黑名单' : '加入黑名单'}
        </ConfirmButton>
      </>
    )),
  ];

  return (
    <div>
      <PageHeader title="顾客管理">
        <RefreshButton onClick={() => void load()} />
        <Button icon={<TagsOutlined />} onClick={() => setTagsOpen(true)} data-testid="manage-tags">
          标签管理
        </Button>
      </PageHeader>
      <SearchCard<SearchValues>
        form={form}
        name="customer"
        onFinish={(v) =>
          update({
            keyword: v.keyword?.trim(),
            levelId: v.levelId,
            tagId: v.tagId,
            blocked: v.blocked,
            phone: v.phone?.trim(),
            minOrders: v.minOrders ?? undefined,
            maxOrders: v.maxOrders ?? undefined,
            minSpent: v.minSpent?.trim(),
            maxSpent: v.maxSpent?.trim(),
            lastOrderFrom: dayStart(v.lastOrder?.[0]),
            lastOrderTo: dayEnd(v.lastOrder?.[1]),
          })
        }
      >
        <Row gutter={16}>
          <FilterInput name="keyword" label="顾客昵称 / OpenID" placeholder="昵称或 OpenID 的一部分" maxLength={64} />
          <FilterSelect name="levelId" label="会员等级" lg={5} placeholder="全部等级" options={levels.map((l) => ({ value: l._id, label: `${l.name}（${l.customerCount}）` }))} />
          <FilterSelect name="tagId" label="顾客标签" lg={5} placeholder="全部标签" options={tags.map((t) => ({ value: t._id, label: `${t.name}（${t.customerCount}）` }))} notFoundContent="还没有标签" />
          <FilterSelect name="blocked" label="账号状态" lg={4} placeholder="全部" options={choices({ false: '正常', true: '黑名单' })} />
        </Row>
        <Row gutter={16}>
          <FilterInput name="phone" label="收货手机" placeholder="完整手机号" maxLength={20} />
          <FilterCol label="订单数" lg={5}>
            <NumRange names={['minOrders', 'maxOrders']} input={(placeholder, name) => <InputNumber min={0} precision={0} placeholder={placeholder} id={`customer_${name}`} style={{ width: '100%' }} />} />
          </FilterCol>
          <FilterCol label="累计消费（元）" lg={5}>
            <NumRange names={['minSpent', 'maxSpent']} rules={[yuanRule()]} input={(placeholder, name) => <YuanInput placeholder={placeholder} id={`customer_${name}`} />} />
          </FilterCol>
          <FilterCol name="lastOrder" label="最近下单" lg={4}>
            <DayRangePicker />
          </FilterCol>
          <Col xs={24} lg={4}>
            <Form.Item label=" ">
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="customer-search">
                  搜索
                </Button>
                <Button onClick={() => reset()}>重置</Button>
              </Space>
            </Form.Item>
          </Col>
        </Row>
      </SearchCard>
      <LoadError error={error} text={errorText} />
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{selected.length ? `已选 ${selected.length} 位顾客` : `共 ${total} 位顾客`}</Typography.Text>
          <ConfirmButton
            title={`将所选的 ${selected.length} 位顾客加入黑名单？`}
            description="他们将立即退出登录，且无法再登录。"
            okText="加入黑名单"
            okProps={{ 'data-testid': 'batch-block-confirm' }}
            onConfirm={() => setBlocked(selected, true)}
            disabled={!selected.length}
            type="default"
            testId="batch-block"
          >
            加入黑名单
          </ConfirmButton>
          <Button disabled={!selected.length} onClick={() => void setBlocked(selected, false)} data-testid="batch-unblock">
            取消黑名单
          </Button>
        </Space>
        <ListTable<CustomerSummary>
          testId="customer-table"
          rowKey="openid"
          columns={columns}
          rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
          locale={{ emptyText: '没有符合条件的顾客' }}
          {...table((t) => `共 ${t} 位`)}
        />
      </Card>
      {tagsOpen && (
        <TagManager
          tags={tags}
          onClose={() => setTagsOpen(false)}
          onChanged={() => {
            void reloadOptions();
            void load();
          }}
        />
      )}
    </div>
  );
}

/** The tag list with customer counts: create, rename, delete (deleting takes the tag off its customers). */
function TagManager({ tags, onClose, onChanged }: { tags: CustomerTagRow[]; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (input: { _id?: string; name: string }) => {
    const n = input.name.trim();
    if (!n) return void setErr('请输入标签名');
    if (n.length > 20) return void setErr('标签名不能超过 20 个字符');
    setBusy(true);
    try {
      await call('customerAdmin', 'saveTag', { ...input, name: n });
      message.success(input._id ? `已重命名为「${n}」` : `已新增标签「${n}」`);
      setName('');
      setRenaming(null);
      setErr(null);
      onChanged();
    } catch (e) {
      setErr(e instanceof ApiError && e.code === 'NAME_TAKEN' ? `已有名为「${n}」的标签` : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (t: CustomerTagRow) => {
    try {
      const r = await call('customerAdmin', 'deleteTag', { id: t._id });
      message.success(`已删除标签「${t.name}」${r.customersUntagged ? `，${r.customersUntagged} 位顾客已取消该标签` : ''}`);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Modal open title="顾客标签" footer={null} onCancel={onClose} width={560} destroyOnHidden>
      <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
        <Input id="tag_name" placeholder="新标签名，如：高价值顾客" maxLength={20} value={name} onChange={(e) => setName(e.target.value)} onPressEnter={() => void save({ name })} />
        <Button type="primary" loading={busy} onClick={() => void save({ name })} data-testid="tag-save">
          新增标签
        </Button>
      </Space.Compact>
      {err && <Typography.Text type="danger" data-testid="tag-error">{err}</Typography.Text>}
      <ListTable<CustomerTagRow>
        testId="tag-table"
        size="small"
        pagination={false}
        dataSource={tags}
        locale={{ emptyText: '还没有标签' }}
        columns={[
          {
            title: '标签名',
            dataIndex: 'name',
            render: (n: string, t) =>
              renaming?.id === t._id ? (
                <Space.Compact>
                  <Input
                    size="small"
                    maxLength={20}
                    value={renaming.name}
                    onChange={(e) => setRenaming({ id: t._id, name: e.target.value })}
                    onPressEnter={() => void save({ _id: t._id, name: renaming.name })}
                    data-testid={`tag-rename-input-${t._id}`}
                  />
                  <Button size="small" type="primary" onClick={() => void save({ _id: t._id, name: renaming.name })} data-testid={`tag-rename-save-${t._id}`}>
                    保存
                  </Button>
                </Space.Compact>
              ) : (
                <Tag>{n}</Tag>
              ),
          },
          {
            title: '顾客数',
            dataIndex: 'customerCount',
            width: 90,
            render: (n: number, t) => <Link to={`/customers?tagId=${encodeURIComponent(t._id)}`} onClick={onClose}>{n}</Link>,
          },
          {
            title: '操作',
            key: 'actions',
            width: 140,
            render: (_: unknown, t) => (
              <Space size={4}>
                <Button type="link" size="small" onClick={() => setRenaming({ id: t._id, name: t.name })} data-testid={`tag-rename-${t._id}`}>
                  重命名
                </Button>
                <ConfirmButton
                  title={`删除标签「${t.name}」？`}
                  description={t.customerCount ? `${t.customerCount} 位顾客将取消这个标签。` : undefined}
                  okProps={{ 'data-testid': 'tag-delete-confirm' }}
                  testId={`tag-delete-${t._id}`}
                  onConfirm={() => remove(t)}
                >
                  删除
                </ConfirmButton>
              </Space>
            ),
          },
        ]}
      />
    </Modal>
  );
}
