/**
 * 商品分组 (owner, operator): named lists of products in the merchant's order, shown by the home page's product-group
 * modules (店铺装修). Products are added with the item picker and ordered by moving them up and down.
 */
import { useState } from 'react';
import { Alert, App, Button, Input, List, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { PRODUCT_GROUP_MAX, type ProductGroup } from '@shop/types';
import { call } from '../api';
import { errorText } from '../errors';
import { formatTime, useLoaded } from '../util';
import { PageHeader } from '../components/list';
import { ItemPicker } from '../components/ItemPicker';

interface Editing {
  _id?: string;
  name: string;
  products: { id: string; name: string }[];
}

const loadGroups = () => call('productAdmin', 'listGroups', {});

/** The names of a group's products (productAdmin.get each: groups are small). */
const namesOf = async (ids: string[]) => Promise.all(ids.map(async (id) => ({ id, name: (await call('productAdmin', 'get', { id }).catch(() => null))?.name ?? '（已删除的商品）' })));

export default function ProductGroups() {
  const { message } = App.useApp();
  const { data: groups, loading, error, reload } = useLoaded(loadGroups, [] as ProductGroup[]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [picking, setPicking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const open = async (g?: ProductGroup) => {
    setSaveError(null);
    setEditing({ _id: g?._id, name: g?.name ?? '', products: g ? await namesOf(g.productIds) : [] });
  };
  const setProducts = (products: Editing['products']) => setEditing((e) => e && { ...e, products });
  const move = (i: number, by: -1 | 1) => {
    if (!editing) return;
    const next = [...editing.products];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    setProducts(next);
  };
  const save = async () => {
    if (!editing) return;
    setSaving(true);
    setSaveError(null);
    try {
      await call('productAdmin', 'saveGroup', { ...(editing._id ? { _id: editing._id } : {}), name: editing.name, productIds: editing.products.map((p) => p.id) });
      message.success('分组已保存');
      setEditing(null);
      reload();
    } catch (e) {
      setSaveError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  const remove = async (id: string) => {
    await call('productAdmin', 'deleteGroup', { id }).then(() => reload(), (e) => message.error(errorText(e)));
  };

  return (
    <>
      <PageHeader title="商品分组" titleTestId="groups-title">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void open()} data-testid="group-new">
          新建分组
        </Button>
      </PageHeader>
      {error != null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />}
      <Table<ProductGroup>
        rowKey="_id"
        loading={loading}
        dataSource={groups}
        pagination={false}
        data-testid="group-table"
        columns={[
          { title: '分组名称', dataIndex: 'name' },
          { title: '商品数', key: 'n', width: 100, render: (_: unknown, g) => g.productIds.length },
          { title: '更新时间', dataIndex: 'updatedAt', width: 180, render: (v: string) => formatTime(v) },
          {
            title: '操作',
            key: 'op',
            width: 160,
            render: (_: unknown, g) => (
              <Space>
                <Button size="small" onClick={() => void open(g)} data-testid={`group-edit-${g._id}`}>
                  编辑
                </Button>
                <Popconfirm title="删除这个分组？" description="使用它的装修模块将不再显示商品。" okText="删除" cancelText="取消" onConfirm={() => remove(g._id)}>
                  <Button size="small" danger>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing?._id ? '编辑分组' : '新建分组'}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        okButtonProps={{ disabled: !editing?.name.trim(), 'data-testid': 'group-save' } as { disabled: boolean }}
        destroyOnHidden
      >
        {editing && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input placeholder="分组名称，如 店长推荐" maxLength={20} value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} data-testid="group-name" />
            <List
              size="small"
              bordered
              dataSource={editing.products}
              locale={{ emptyText: '还没有商品' }}
              data-testid="group-products"
              renderItem={(p, i) => (
                <List.Item
                  actions={[
                    <Button key="up" size="small" type="text" icon={<ArrowUpOutlined />} aria-label="上移" disabled={i === 0} onClick={() => move(i, -1)} />,
                    <Button key="down" size="small" type="text" icon={<ArrowDownOutlined />} aria-label="下移" disabled={i === editing.products.length - 1} onClick={() => move(i, 1)} />,
                    <Button key="rm" size="small" type="text" danger icon={<DeleteOutlined />} aria-label="移除" onClick={() => setProducts(editing.products.filter((_, j) => j !== i))} />,
                  ]}
                >
                  {i + 1}. {p.name}
                </List.Item>
              )}
            />
            <Button icon={<PlusOutlined />} disabled={editing.products.length >= PRODUCT_GROUP_MAX} onClick={() => setPicking(true)} data-testid="group-add-product">
              添加商品
            </Button>
            {saveError && <Typography.Text type="danger">{saveError}</Typography.Text>}
          </Space>
        )}
      </Modal>
      <ItemPicker
        open={picking}
        mode="product"
        title="选择商品"
        taken={new Set(editing?.products.map((p) => p.id) ?? [])}
        onPick={(goods) => setProducts([...(editing?.products ?? []), ...goods.map((g) => ({ id: g.productId, name: g.name }))])}
        onClose={() => setPicking(false)}
      />
    </>
  );
}
