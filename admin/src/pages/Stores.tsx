/**
 * 门店管理: the pickup stores with their clerks and the pickup orders waiting there; the owner adds, edits and deletes
 * them (IN_USE while clerks belong to a store or codes wait there), operators read.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Switch, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Store } from '@shop/types';
import { call, useSession } from '../api';
import { fieldIssues } from '../errors';
import { actionErrorText } from '../orders';
import { formatTime, useLoaded } from '../util';
import { useDialogAction } from '../dialogAction';
import { EditDeleteButtons, FormModal, ListTable, LoadError, PageHeader, RefreshButton } from '../components/list';
import { inUseText } from '../fulfilment';

type Row = Store & { clerks: string[]; waiting: number };
interface Values {
  name: string;
  address: string;
  phone: string;
  openingHours: string;
  pickupEnabled: boolean;
}
const FIELDS: (keyof Values)[] = ['name', 'address', 'phone', 'openingHours', 'pickupEnabled'];
const HOURS = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;
const loadStores = () => call('storeAdmin', 'list', {});

export default function Stores() {
  const isOwner = useSession()?.admin.role === 'owner';
  const { data, loading, error, reload } = useLoaded(loadStores, [] as Row[]);
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const dlg = useDialogAction<'store'>();

  const open = (r: Row | 'new') => {
    form.resetFields();
    form.setFieldsValue(
      r === 'new'
        ? { name: '', address: '', phone: '', openingHours: '09:00-21:00', pickupEnabled: true }
        : { name: r.name, address: r.address, phone: r.phone, openingHours: r.openingHours, pickupEnabled: r.pickupEnabled },
    );
    setEditing(r);
    dlg.open('store');
  };

  const save = () =>
    dlg.run(
      form,
      async (v) => {
        await call('storeAdmin', 'save', {
          ...(editing && editing !== 'new' ? { id: editing._id } : {}),
          name: v.name.trim(),
          address: v.address.trim(),
          phone: (v.phone ?? '').trim(),
          openingHours: v.openingHours.trim(),
          pickupEnabled: v.pickupEnabled,
        });
        void reload();
        return editing === 'new' ? '门店已添加' : '门店已保存';
      },
      (e) => {
        const issues = fieldIssues(e).filter((i) => (FIELDS as string[]).includes(i.path));
        if (issues.length) form.setFields(issues.map((i) => ({ name: i.path as keyof Values, errors: [i.message] })));
        return actionErrorText(e);
      },
    );

  const remove = (r: Row) =>
    dlg.run(
      null,
      async () => {
        await call('storeAdmin', 'delete', { id: r._id });
        void reload();
        return `已删除门店「${r.name}」`;
      },
      (e) => inUseText(e, `门店「${r.name}」`),
    );

  return (
    <div>
      <PageHeader title="门店管理">
        <RefreshButton onClick={() => void reload()} />
        {isOwner && (
          <Button type="primary" icon={<PlusOutlined />} id="store-new" onClick={() => open('new')}>
            添加门店
          </Button>
        )}
      </PageHeader>
      {!isOwner && <Alert type="info" showIcon style={{ marginBottom: 16 }} id="stores-read-only" title="只有店主可以添加、修改和删除门店，当前为只读。" />}
      <LoadError error={error} text={actionErrorText} id="stores-error" marginBottom={16} />
      {dlg.error && !dlg.dialog && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={dlg.error} id="store-delete-error" />}
      <Card>
        <ListTable<Row>
          id="store-table"
          loading={loading}
          dataSource={data}
          pagination={false}
          empty="还没有门店"
          columns={[
            {
              title: '门店',
              dataIndex: 'name',
              render: (n: string, r) => (
                <div>
                  <Typography.Text strong>{n}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.address}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            { title: '电话', dataIndex: 'phone', width: 130, render: (p: string) => p || '—' },
            { title: '营业时间', dataIndex: 'openingHours', width: 120 },
            {
              title: '到店自提',
              dataIndex: 'pickupEnabled',
              width: 100,
              render: (on: boolean) => (on ? <Tag color="green">可自提</Tag> : <Tag>未开放</Tag>),
            },
            {
              title: '店员',
              dataIndex: 'clerks',
              width: 180,
              render: (c: string[]) => (c.length ? c.map((u) => <Tag key={u}>{u}</Tag>) : <Typography.Text type="secondary">无</Typography.Text>),
            },
            { title: '待提货', dataIndex: 'waiting', width: 90, align: 'right', render: (n: number) => (n ? <Typography.Text strong>{n}</Typography.Text> : 0) },
            { title: '更新时间', dataIndex: 'updatedAt', width: 150, render: (t: string) => formatTime(t) },
            ...(isOwner
              ? [
                  {
                    title: '操作',
                    key: 'ops',
                    width: 150,
                    render: (_: unknown, r: Row, i: number) => (
                      <EditDeleteButtons idPrefix="store" index={i} what={`门店「${r.name}」`} onEdit={() => open(r)} onDelete={() => void remove(r)} />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <FormModal
        title={editing === 'new' ? '添加门店' : '编辑门店'}
        open={dlg.dialog === 'store'}
        onCancel={dlg.close}
        onOk={() => void save()}
        busy={dlg.busy}
        okId="store-save"
        form={form}
        name="store"
      >
        <Form.Item name="name" label="门店名称" rules={[{ required: true, whitespace: true, message: '请输入门店名称' }, { max: 30, message: '最多 30 个字' }]}>
          <Input id="store-name" maxLength={30} />
        </Form.Item>
        <Form.Item name="address" label="地址" rules={[{ required: true, whitespace: true, min: 5, message: '请输入完整地址（至少 5 个字）' }]}>
          <Input id="store-address" maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label="电话" rules={[{ max: 20, message: '最多 20 个字符' }]}>
          <Input id="store-phone" maxLength={20} />
        </Form.Item>
        <Form.Item name="openingHours" label="营业时间" rules={[{ required: true, pattern: HOURS, message: '格式为 HH:mm-HH:mm，如 09:00-21:00' }]}>
          <Input id="store-hours" placeholder="09:00-21:00" maxLength={11} />
        </Form.Item>
        <Form.Item name="pickupEnabled" label="开放到店自提" valuePropName="checked" extra="关闭后顾客下单时不能再选这家门店，已下单的提货码仍可核销。">
          <Switch id="store-pickup-enabled" />
        </Form.Item>
        {dlg.error && <Alert type="error" showIcon title={dlg.error} id="store-error" />}
      </FormModal>
    </div>
  );
}
