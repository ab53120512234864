/** 派发: choose customers (search by nickname), give each a number of codes; refused as a whole when too few are left. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Input, InputNumber, Modal, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { CouponWithStats, ShopperBrief } from '@shop/types';
import { call } from '../../api';
import { couponError } from '../../couponText';
import { formatTime } from '../../util';

interface Props {
  coupon: CouponWithStats | null;
  onClose: () => void;
  onDone: () => void;
}

export function DistributeModal({ coupon, onClose, onDone }: Props) {
  const { message } = App.useApp();
  const [keyword, setKeyword] = useState('');
  const [page, setPage] = useState(1);
  const [rows, setRows] = useState<ShopperBrief[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(false);
  const [picked, setPicked] = useState<Map<string, { nickname: string; quantity: number }>>(new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const search = useCallback(async (k: string, p: number) => {
    setLoading(true);
    try {
      const r = await call('couponAdmin', 'searchShoppers', { keyword: k || undefined, page: p, pageSize: 10 });
      setRows(r.items);
      setTotal(r.total);
    } catch (e) {
      setError(couponError(e));
    } finally {
      setLoading(false);
    }
  }, []);

  const couponId = coupon?._id ?? null;
  useEffect(() => {
    if (!couponId) return;
    setPicked(new Map());
    setError(null);
    setKeyword('');
    setPage(1);
    void search('', 1);
  }, [couponId, search]);

  const need = useMemo(() => [...picked.values()].reduce((a, p) => a + p.quantity, 0), [picked]);
  const remaining = coupon?.stats.remaining ?? 0;

  const toggle = (s: ShopperBrief, on: boolean) => {
    const next = new Map(picked);
    if (on) next.set(s.openid, { nickname: s.nickname, quantity: next.get(s.openid)?.quantity ?? 1 });
    else next.delete(s.openid);
    setPicked(next);
  };
  const setQty = (openid: string, q: number | null) => {
    const cur = picked.get(openid);
    if (!cur) return;
    setPicked(new Map(picked).set(openid, { ...cur, quantity: Math.max(1, Math.min(100, q ?? 1)) }));
  };

  const submit = async () => {
    if (!coupon) return;
    if (!picked.size) return void setError('请至少选择一位顾客');
    if (need > remaining) return void setError(`优惠券不足以派发：剩余 ${remaining} 张，需要 ${need} 张`);
    setBusy(true);
    setError(null);
    try {
      const r = await call('couponAdmin', 'distribute', {
        couponId: coupon._id,
        grants: [...picked.entries()].map(([openid, p]) => ({ openid, quantity: p.quantity })),
      });
      message.success(`已派发 ${r.distributed} 张，剩余 ${r.stats.remaining} 张`);
      onDone();
    } catch (e) {
      setError(couponError(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<ShopperBrief> = [
    { title: '昵称', dataIndex: 'nickname' },
    { title: 'OpenID', dataIndex: 'openid', render: (s: string) => <Typography.Text type="secondary">{s}</Typography.Text> },
    { title: '注册时间', dataIndex: 'createdAt', width: 150, render: (s: string | null) => formatTime(s) },
    {
      title: '派发数量',
      key: 'qty',
      width: 110,
      render: (_: unknown, s) =>
        picked.has(s.openid) ? (
          <InputNumber
            size="small"
            min={1}
            max={100}
            precision={0}
            value={picked.get(s.openid)!.quantity}
            onChange={(v) => setQty(s.openid, v)}
            data-testid={`distribute-qty-${s.openid}`}
          />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Modal
      open={!!coupon}
      title={coupon ? `派发「${coupon.name}」` : '派发'}
      width={760}
      okText="确定派发"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'distribute-ok' }}
    >
      <div data-testid="distribute-modal">
        <Space style={{ marginBottom: 12 }} wrap>
          <Input.Search
            placeholder="按昵称或 OpenID 搜索顾客"
            allowClear
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={(v) => {
              setPage(1);
              void search(v.trim(), 1);
            }}
            style={{ width: 300 }}
            data-testid="distribute-search"
          />
          <Tag color={need > remaining ? 'red' : 'blue'} data-testid="distribute-total">
            已选 {picked.size} 位顾客，共 {need} 张 / 剩余 {remaining} 张
          </Tag>
        </Space>
        <div data-testid="distribute-table">
          <Table<ShopperBrief>
            rowKey="openid"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={rows}
            rowSelection={{
              selectedRowKeys: [...picked.keys()],
              preserveSelectedRowKeys: true,
              onSelect: (s, on) => toggle(s, on),
              onSelectAll: (on, _sel, changed) => {
                const next = new Map(picked);
                for (const s of changed) {
                  if (on) next.set(s.openid, { nickname: s.nickname, quantity: 1 });
                  else next.delete(s.openid);
                }
                setPicked(next);
              },
              getCheckboxProps: (s) => ({ 'aria-label': `选择 ${s.nickname}` }) as Record<string, string>,
            }}
            pagination={{
              current: page,
              pageSize: 10,
              total,
              size: 'small',
              showSizeChanger: false,
              onChange: (p) => {
                setPage(p);
                void search(keyword.trim(), p);
              },
            }}
            locale={{ emptyText: '没有找到顾客' }}
          />
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="distribute-error" />}
      </div>
    </Modal>
  );
}
