import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Form, Image, Input, InputNumber, Modal, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { BrandInput, CategoryInput } from '@shop/types';
import { ApiError, call } from '../api';
import { codeText, errorText, fieldIssues } from '../errors';
import { formatTime, useTaxonomy, type BrandRow, type CategoryRow } from '../util';
import { actionsColumn, ConfirmButton, FormModal, ListTable, LoadError, PageHeader, RefreshButton, LinkButton } from './list';

type Kind = 'category' | 'brand';
type Row = (CategoryRow | BrandRow) & { icon?: string | null; logo?: string | null; sort?: number };

interface EditValues {
  name: string;
  image?: string;
  sort?: number | null;
}

const TEXT = {
  category: { title: '分类管理', noun: '分类', max: 20, image: '图标', filter: 'categoryId' },
  brand: { title: '品牌管理', noun: '品牌', max: 40, image: 'Logo', filter: 'brandId' },
} as const;

/** Categories and brands: the same list with product counts, create, rename, delete. */
export function TaxonomyPage({ kind }: { kind: Kind }) {
  const t = TEXT[kind];
  const { message, modal } = App.useApp();
  const { categories, brands, loading, error, reload } = useTaxonomy();
  const rows: Row[] = kind === 'category' ? categories : brands;
  const [keyword, setKeyword] = useState('');
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkText, setBulkText] = useState('');
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<EditValues>();

  const shown = useMemo(() => rows.filter((r) => !keyword.trim() || r.name.toLowerCase().includes(keyword.trim().toLowerCase())), [rows, keyword]);

  const save = async () => {
    const v = await form.validateFields();
    const current = editing === 'new' ? null : editing;
    const image = v.image?.trim() ? v.image.trim() : null;
    const base = { ...(current ? { _id: current._id } : {}), name: v.name };
    const parsed =
      kind === 'category'
        ? CategoryInput.safeParse({ ...base, icon: image, sort: v.sort ?? 0 })
        : BrandInput.safeParse({ ...base, logo: image });
    if (!parsed.success) {
      form.setFields(
        fieldIssues(parsed.error).map((i) => ({ name: i.path === 'icon' || i.path === 'logo' ? 'image' : (i.path as 'name'), errors: [i.message] })),
      );
      return;
    }
    setBusy(true);
    try {
      if (kind === 'category') await call('productAdmin', 'saveCategory', { ...base, icon: image, sort: v.sort ?? 0 });
      else await call('productAdmin', 'saveBrand', { ...base, logo: image });
      message.success(current ? `已保存${t.noun}「${v.name.trim()}」` : `已新建${t.noun}「${v.name.trim()}」`);
      setEditing(null);
      void reload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NAME_TAKEN') form.setFields([{ name: 'name', errors: [`已有同名${t.noun}`] }]);
      else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && fieldIssues(e).length)
        form.setFields(fieldIssues(e).map((i) => ({ name: i.path === 'icon' || i.path === 'logo' ? 'image' : (i.path as 'name'), errors: [i.message] })));
      else message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (r: Row) => {
    try {
      if (kind === 'category') await call('productAdmin', 'deleteCategory', { id: r._id });
      else await call('productAdmin', 'deleteBrand', { id: r._id });
      message.success(`已删除${t.noun}「${r.name}」`);
      void reload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IN_USE') {
        modal.warning({
          title: `${t.noun}「${r.name}」仍在使用，不能删除`,
          content: (
            <div data-testid="in-use-error">
              <p>
                {r.productCount > 0 ? `还有 ${r.productCount} 个商品使用这个${t.noun}。` : `还有商品使用这个${t.noun}。`}
                请先把这些商品改为其他{t.noun}（可在商品列表中勾选后使用“批量设置{t.noun}”），再删除。
              </p>
              <Typography.Text type="secondary">服务器信息：{e.message}</Typography.Text>
              <p style={{ marginTop: 8 }}>
                <Link to={`/products?${t.filter}=${encodeURIComponent(r._id)}`} onClick={() => Modal.destroyAll()}>
                  查看使用这个{t.noun}的商品
                </Link>
              </p>
            </div>
          ),
          okText: '知道了',
        });
      } else message.error(errorText(e));
    }
  };

  const bulkCreate = async () => {
    const names = [...new Set(bulkText.split(/\r?\n/).map((s) => s.trim()).filter(Boolean))];
    if (!names.length) return void message.info(`每行填写一个${t.noun}名称`);
    const tooLong = names.find((n) => n.length > t.max);
    if (tooLong) return void message.error(`「${tooLong}」超过 ${t.max} 个字符`);
    setBusy(true);
    const failed: string[] = [];
    let created = 0;
    for (const name of names) {
      try {
        if (kind === 'category') await call('productAdmin', 'saveCategory', { name, icon: null, sort: 0 });
        else await call('productAdmin', 'saveBrand', { name, logo: null });
        created++;
      } catch (e) {
        failed.push(`${name}：${e instanceof ApiError && codeText(e.code) ? codeText(e.code) : errorText(e)}`);
      }
    }
    setBusy(false);
    void reload();
    if (failed.length) {
      modal.warning({ title: `已新建 ${created} 个${t.noun}，${failed.length} 个失败`, content: <ul>{failed.map((f) => <li key={f}>{f}</li>)}</ul> });
    } else {
      message.success(`已新建 ${created} 个${t.noun}`);
    }
    setBulkOpen(false);
    setBulkText('');
  };

  const openEdit = (r: Row | 'new') => {
    setEditing(r);
    form.resetFields();
    form.setFieldsValue(
      r === 'new' ? { name: '', image: '', sort: 0 } : { name: r.name, image: (kind === 'category' ? r.icon : r.logo) ?? '', sort: r.sort ?? 0 },
    );
  };

  const columns: TableColumnsType<Row> = [
    {
      title: t.image,
      key: 'image',
      width: 80,
      render: (_: unknown, r) => {
        const src = kind === 'category' ? r.icon : r.logo;
        return src ? <Image src={src} width={36} height={36} style={{ objectFit: 'contain' }} /> : <Typography.Text type="secondary">—</Typography.Text>;
      },
    },
    { title: `${t.noun}名称`, dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    ...(kind === 'category'
      ? [{ title: '排序', dataIndex: 'sort', width: 90, sorter: (a: Row, b: Row) => (a.sort ?? 0) - (b.sort ?? 0) }]
      : []),
    {
      title: '商品数',
      dataIndex: 'productCount',
      width: 110,
      sorter: (a, b) => a.productCount - b.productCount,
      render: (n: number, r) => (n > 0 ? <Link to={`/products?${t.filter}=${encodeURIComponent(r._id)}`}>{n}</Link> : 0),
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (s: string) => formatTime(s) },
    actionsColumn(150, (r) => (
      <>
        <LinkButton onClick={() => openEdit(r)} testId={`rename-${r._id}`}>
          修改
        </LinkButton>
        <ConfirmButton
          title={`删除${t.noun}「${r.name}」？`}
          description={r.productCount > 0 ? `有 ${r.productCount} 个商品在使用，不能删除` : undefined}
          testId={`delete-${r._id}`}
          onConfirm={() => remove(r)}
        >
          删除
        </ConfirmButton>
      </>
    )),
  ];

  return (
    <div>
      <PageHeader title={t.title}>
        <Input.Search placeholder={`搜索${t.noun}`} allowClear style={{ width: 220 }} onSearch={setKeyword} onChange={(e) => !e.target.value && setKeyword('')} />
        <RefreshButton onClick={() => void reload()} />
        <Button onClick={() => setBulkOpen(true)} data-testid={`bulk-create-${kind}`}>
          批量新增
        </Button>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')} data-testid={`new-${kind}`}>
          新建{t.noun}
        </Button>
      </PageHeader>
      <LoadError error={error} text={errorText} />
      <Card>
        <ListTable<Row>
          testId={`${kind}-table`}
          loading={loading}
          columns={columns}
          dataSource={shown}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: `还没有${t.noun}` }}
        />
      </Card>

      <FormModal
        open={editing !== null}
        title={editing === 'new' ? `新建${t.noun}` : `修改${t.noun}`}
        busy={busy}
        onOk={save}
        onCancel={() => setEditing(null)}
        okTestId="taxonomy-save"
        form={form}
        name="taxonomy"
      >
        <Form.Item name="name" label={`${t.noun}名称`} rules={[{ required: true, whitespace: true, message: `请输入${t.noun}名称` }]}>
          <Input maxLength={t.max} showCount autoFocus />
        </Form.Item>
        <Form.Item name="image" label={`${t.image}（可不填）`} extra="图片地址，以 http(s):// 或 / 开头">
          <Input placeholder="/assets/…" maxLength={500} />
        </Form.Item>
        {kind === 'category' && (
          <Form.Item name="sort" label="排序" extra="数字越小越靠前（0 – 9999）">
            <InputNumber min={0} max={9999} precision={0} />
          </Form.Item>
        )}
      </FormModal>

      <Modal open={bulkOpen} title={`批量新增${t.noun}`} okText="新建" cancelText="取消" confirmLoading={busy} onOk={bulkCreate} onCancel={() => setBulkOpen(false)}>
        <Typography.Paragraph type="secondary">每行一个{t.noun}名称，重复的行会被忽略。</Typography.Paragraph>
        <Input.TextArea rows={8} value={bulkText} onChange={(e) => setBulkText(e.target.value)} placeholder={kind === 'category' ? '茶叶\n茶具\n零食' : '品牌 A\n品牌 B'} />
      </Modal>
    </div>
  );
}
