import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Dropdown, Form, Image, InputNumber, Row, Space, Table, Tag, Typography, type MenuProps, type TableColumnsType } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { AdminProductListInput, formatYuan, parseYuan, type BatchResult, type Product } from '@shop/types';
import { call } from '../api';
import { errorText } from '../errors';
import { BATCH_TITLE, BatchModal, type BatchKind } from '../components/BatchModal';
import { YuanInput, yuanRule } from '../components/YuanInput';
import { actionsColumn, ConfirmButton, DayRangePicker, FilterCol, FilterInput, FilterSelect, choices, ListTable, LoadError, NumRange, PageHeader, SearchCard, useConfirmAction, useListPage, LinkButton, DateTimeCell } from '../components/list';
import { badSearch, dayEnd, dayStart, pageOf, rangeOf, type DayRange } from '../listQuery';
import { TYPE_TEXT, useTaxonomy } from '../util';

/** The list's last search, so that the product form can send the merchant back to the same page. */
export const LIST_SEARCH_KEY = 'shop.admin.productListSearch';
export const listPath = () => {
  const q = sessionStorage.getItem(LIST_SEARCH_KEY);
  return q ? `/products?${q}` : '/products';
};

type SortBy = 'createdAt' | 'priceMin' | 'stockTotal' | 'sales' | 'name';
const SORTABLE: SortBy[] = ['createdAt', 'priceMin', 'stockTotal', 'sales', 'name'];

/** The search form as the user sees it (yuan, dates). */
interface SearchValues {
  categoryId?: string;
  brandId?: string;
  type?: 'physical' | 'virtual';
  onShelf?: 'true' | 'false';
  minPrice?: string;
  maxPrice?: string;
  created?: DayRange;
  minStock?: number | null;
  maxStock?: number | null;
  minPoints?: number | null;
  maxPoints?: number | null;
  name?: string;
  code?: string;
}

const FILTER_KEYS = ['categoryId', 'brandId', 'type', 'onShelf', 'minPrice', 'maxPrice', 'createdFrom', 'createdTo', 'minStock', 'maxStock', 'minPoints', 'maxPoints', 'name', 'code'] as const;

/** URL search params (the list state survives reloads and the back button) -> the API input. */
const toInput = (p: URLSearchParams) => {
  const get = (k: string) => p.get(k) ?? undefined;
  const int = (k: string) => {
    const v = get(k);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const dec = (k: string) => {
    const v = get(k);
    return v !== undefined && /^\d+(\.\d{1,2})?$/.test(v) ? Number(v) : undefined;
  };
  const yuan = (k: string) => {
    const v = get(k);
    return v === undefined ? undefined : parseYuan(v) ?? undefined;
  };
  const sortBy = get('sortBy') as SortBy | undefined;
  const input = {
    categoryId: get('categoryId'),
    brandId: get('brandId'),
    type: get('type') as 'physical' | 'virtual' | undefined,
    onShelf: get('onShelf') === 'true' ? true : get('onShelf') === 'false' ? false : undefined,
    minPrice: yuan('minPrice'),
    maxPrice: yuan('maxPrice'),
    createdFrom: get('createdFrom'),
    createdTo: get('createdTo'),
    minStock: int('minStock'),
    maxStock: int('maxStock'),
    // 概况's 库存预警 card links here with ?lowStock=1
    lowStock: get('lowStock') === '1' ? true : undefined,
    minPoints: dec('minPoints'),
    maxPoints: dec('maxPoints'),
    name: get('name'),
    code: get('code'),
    sortBy: sortBy && SORTABLE.includes(sortBy) ? sortBy : 'createdAt',
    order: get('order') === 'asc' ? ('asc' as const) : ('desc' as const),
    ...pageOf(p),
  };
  // drop undefined keys: the schema is strict about unknown keys but not about missing ones
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== '')) as typeof input;
};

const toFormValues = (p: URLSearchParams): SearchValues => {
  const num = (k: string) => (p.get(k) !== null && /^\d+$/.test(p.get(k)!) ? Number(p.get(k)) : undefined);
  const dec = (k: string) => (p.get(k) !== null && /^\d+(\.\d{1,2})?$/.test(p.get(k)!) ? Number(p.get(k)) : undefined);
  return {
    categoryId: p.get('categoryId') ?? undefined,
    brandId: p.get('brandId') ?? undefined,
    type: (p.get('type') as SearchValues['type']) ?? undefined,
    onShelf: (p.get('onShelf') as SearchValues['onShelf']) ?? undefined,
    minPrice: p.get('minPrice') ?? undefined,
    maxPrice: p.get('maxPrice') ?? undefined,
    created: rangeOf(p, 'createdFrom', 'createdTo'),
    minStock: num('minStock'),
    maxStock: num('maxStock'),
    minPoints: dec('minPoints'),
    maxPoints: dec('maxPoints'),
    name: p.get('name') ?? undefined,
    code: p.get('code') ?? undefined,
  };
};

const priceRange = (p: Product) =>
  p.priceMin === p.priceMax ? `¥${formatYuan(p.priceMin)}` : `¥${formatYuan(p.priceMin)} – ${formatYuan(p.priceMax)}`;

const PLACEHOLDER =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="#f0f0f0"/><text x="24" y="29" font-size="11" text-anchor="middle" fill="#bbb">无图</text></svg>');

export default function ProductList() {
  const { message } = App.useApp();
  const confirm = useConfirmAction();
  const nav = useNavigate();
  const [form] = Form.useForm<SearchValues>();
  const { categories, brands } = useTaxonomy();
  const [selected, setSelected] = useState<string[]>([]);
  const [batchKind, setBatchKind] = useState<BatchKind | null>(null);
  const [batchResult, setBatchResult] = useState<{ title: string; result: BatchResult } | null>(null);
  const names = useRef(new Map<string, string>());
  const { params, update, reset, table, error, reload: load } = useListPage<Product, SearchValues>({
    storageKey: LIST_SEARCH_KEY,
    form,
    toFormValues,
    load: async (p) => {
      const parsed = AdminProductListInput.safeParse(toInput(p));
      if (!parsed.success) throw badSearch(parsed.error);
      const page = await call('productAdmin', 'list', parsed.data);
      page.items.forEach((x) => names.current.set(x._id, x.name));
      return page;
    },
  });
  const query = useMemo(() => toInput(params), [params]);

  const onSearch = (v: SearchValues) => {
    const [from, to] = v.created ?? [null, null];
    const min = v.minPrice?.trim() ? parseYuan(v.minPrice) : null;
    const max = v.maxPrice?.trim() ? parseYuan(v.maxPrice) : null;
    if (min !== null && max !== null && min > max) return void message.warning('最低价不能高于最高价');
    if (v.minStock != null && v.maxStock != null && v.minStock > v.maxStock) return void message.warning('最低库存不能高于最高库存');
    if (v.minPoints != null && v.maxPoints != null && v.minPoints > v.maxPoints) return void message.warning('最低积分系数不能高于最高积分系数');
    update({
      categoryId: v.categoryId,
      brandId: v.brandId,
      type: v.type,
      onShelf: v.onShelf,
      minPrice: v.minPrice?.trim(),
      maxPrice: v.maxPrice?.trim(),
      createdFrom: dayStart(from),
      createdTo: dayEnd(to),
      minStock: v.minStock ?? undefined,
      maxStock: v.maxStock ?? undefined,
      minPoints: v.minPoints ?? undefined,
      maxPoints: v.maxPoints ?? undefined,
      name: v.name?.trim(),
      code: v.code?.trim(),
    });
  };

  const setShelf = async (ids: string[], onShelf: boolean) => {
    try {
      const result = await call('productAdmin', 'batch', { ids, op: { kind: 'shelf', onShelf } });
      if (ids.length === 1 && result.failed.length === 0) message.success(onShelf ? '已上架' : '已下架');
      else showResult(onShelf ? '批量上架' : '批量下架', result);
      void load();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const remove = async (ids: string[]) => {
    try {
      const r = await call('productAdmin', 'delete', { ids });
      message.success(`已删除 ${r.deleted} 个商品`);
      setSelected((s) => s.filter((id) => !ids.includes(id)));
      void load();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const showResult = (title: string, result: BatchResult) => {
    setBatchResult({ title, result });
    if (result.failed.length === 0) message.success(`${title}：已更新 ${result.updated} 个商品`);
    else message.warning(`${title}：更新 ${result.updated} 个，失败 ${result.failed.length} 个`);
  };

  const batchMenu: MenuProps = {
    items: [
      { key: 'price', label: <span data-testid="batch-price">批量设置售价</span> },
      { key: 'originalPrice', label: <span data-testid="batch-originalPrice">批量设置原价</span> },
      { key: 'stock', label: <span data-testid="batch-stock">批量设置库存</span> },
      { key: 'pointsCoefficient', label: <span data-testid="batch-pointsCoefficient">批量设置积分系数</span> },
      { key: 'categories', label: <span data-testid="batch-categories-op">批量设置分类</span> },
      { key: 'brand', label: <span data-testid="batch-brand-op">批量设置品牌</span> },
      { key: 'freightTemplate', label: <span data-testid="batch-freight-template-op">设置运费模板</span> },
      { type: 'divider' },
      { key: 'shelf-on', label: <span data-testid="batch-shelf-on">批量上架</span> },
      { key: 'shelf-off', label: <span data-testid="batch-shelf-off">批量下架</span> },
      { type: 'divider' },
      { key: 'delete', danger: true, label: <span data-testid="batch-delete">批量删除</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'shelf-on' || key === 'shelf-off') return void setShelf(selected, key === 'shelf-on');
      if (key === 'delete') {
        confirm({
          title: `确定删除所选的 ${selected.length} 个商品？`,
          content: '删除后商品将从店铺和后台列表中移除，此操作不可撤销。',
          okText: '删除',
          danger: true,
          okTestId: 'confirm-delete',
          run: () => remove(selected),
        });
        return;
      }
      if (key in BATCH_TITLE) setBatchKind(key as BatchKind);
    },
  };

  const sortOrderOf = (key: SortBy) => (query.sortBy === key ? (query.order === 'asc' ? 'ascend' : 'descend') : null);
  const catName = useMemo(() => new Map(categories.map((c) => [c._id, c.name])), [categories]);
  const brandName = useMemo(() => new Map(brands.map((b) => [b._id, b.name])), [brands]);

  const columns: TableColumnsType<Product> = [
    {
      title: '图片',
      dataIndex: 'images',
      width: 68,
      render: (imgs: string[]) => (
        <Image width={48} height={48} src={imgs[0] || PLACEHOLDER} fallback={PLACEHOLDER} style={{ objectFit: 'cover', borderRadius: 4 }} preview={!!imgs[0]} />
      ),
    },
    {
      title: '商品名称',
      dataIndex: 'name',
      key: 'name',
      width: 210,
      sorter: true,
      sortOrder: sortOrderOf('name'),
      render: (_: string, p) => (
        <div style={{ maxWidth: 320 }}>
          <Link to={`/products/${p._id}/edit`}>{p.name}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {TYPE_TEXT[p.type]}
              {p.brandId && brandName.get(p.brandId) ? ` · ${brandName.get(p.brandId)}` : ''}
              {p.categoryIds.length > 0 ? ` · ${p.categoryIds.map((id) => catName.get(id) ?? '?').join('、')}` : ''}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: '商品编号', dataIndex: 'code', width: 110, render: (c: string) => c || <Typography.Text type="secondary">—</Typography.Text> },
    { title: '价格', key: 'priceMin', sorter: true, sortOrder: sortOrderOf('priceMin'), width: 130, render: (_: unknown, p) => priceRange(p) },
    { title: '库存', dataIndex: 'stockTotal', key: 'stockTotal', sorter: true, sortOrder: sortOrderOf('stockTotal'), width: 80, render: (n: number) => (n === 0 ? <Typography.Text type="danger">0</Typography.Text> : n) },
    { title: '销量', dataIndex: 'sales', key: 'sales', sorter: true, sortOrder: sortOrderOf('sales'), width: 80 },
    {
      title: '状态',
      dataIndex: 'onShelf',
      width: 80,
      render: (on: boolean) => (on ? <Tag color="green">已上架</Tag> : <Tag>已下架</Tag>),
    },
    {
      title: '创建时间',
      dataIndex: 'createdAt',
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrderOf('createdAt'),
      width: 116,
      render: (t: string) => <DateTimeCell at={t} />,
    },
    actionsColumn(150, (p) => (
      <>
        <LinkButton testId={`edit-${p._id}`} onClick={() => nav(`/products/${p._id}/edit`)}>
          编辑
        </LinkButton>
        <LinkButton testId={`toggle-shelf-${p._id}`} onClick={() => setShelf([p._id], !p.onShelf)}>
          {p.onShelf ? '下架' : '上架'}
        </LinkButton>
        <ConfirmButton title="确定删除这个商品？" testId={`delete-${p._id}`} onConfirm={() => remove([p._id])}>
          删除
        </ConfirmButton>
      </>
    ), 'right'),
  ];

  const resultRows = batchResult?.result.failed.map((f) => ({ ...f, name: names.current.get(f.id) ?? f.id })) ?? [];

  return (
    <div>
      <PageHeader title="商品列表">
        <Button onClick={() => nav('/import')}>批量导入</Button>
        <Button type="primary" icon={<PlusOutlined />} data-testid="new-product" onClick={() => nav('/products/new')}>
          新增商品
        </Button>
      </PageHeader>
      {params.get('lowStock') === '1' && (
        <Tag color="orange" closable onClose={() => update({ lowStock: undefined })} style={{ marginBottom: 12 }} data-testid="low-stock-filter">
          库存预警：总库存低于预警值（商品自己的，或店铺的）
        </Tag>
      )}

      <SearchCard<SearchValues>
        form={form}
        name="search"
        onFinish={onSearch}
        initialValues={toFormValues(params)}
        submitTestId="search-submit"
        onReset={() => reset()}
        advanced={{
          open: FILTER_KEYS.some((k) => !['name', 'code', 'onShelf'].includes(k) && params.has(k)),
          testId: 'toggle-advanced',
          fields: (
            <>
              <FilterSelect name="brandId" label="品牌" showSearch optionFilterProp="label" placeholder="全部品牌" options={brands.map((b) => ({ value: b._id, label: b.name }))} />
              <FilterSelect name="type" label="商品类型" placeholder="全部类型" options={choices({ physical: '实物商品', virtual: '虚拟商品' })} />
              <FilterCol label="价格（元）" style={{ marginBottom: 0 }}>
                <NumRange names={['minPrice', 'maxPrice']} rules={[yuanRule()]} input={(placeholder) => <YuanInput placeholder={placeholder} />} />
              </FilterCol>
              <FilterCol label="库存" style={{ marginBottom: 12 }}>
                <NumRange names={['minStock', 'maxStock']} input={(placeholder) => <InputNumber min={0} precision={0} placeholder={placeholder} />} />
              </FilterCol>
              <FilterCol label="积分系数" style={{ marginBottom: 12 }}>
                <NumRange
                  names={['minPoints', 'maxPoints']}
                  input={(placeholder, name) => <InputNumber min={0} max={100} precision={2} step={0.5} placeholder={placeholder} id={`search_${name}`} />}
                />
              </FilterCol>
              <FilterCol name="created" label="创建时间" lg={8}>
                <DayRangePicker />
              </FilterCol>
            </>
          ),
        }}
      >
        <Row gutter={16}>
          <FilterInput name="name" label="商品名" placeholder="名称关键字" maxLength={100} />
          <FilterInput name="code" label="商品编号" placeholder="编号" maxLength={40} />
          <FilterSelect name="onShelf" label="上架状态" placeholder="全部" options={choices({ true: '已上架', false: '已下架' })} />
          <FilterSelect name="categoryId" label="分类" showSearch optionFilterProp="label" placeholder="全部分类" options={categories.map((c) => ({ value: c._id, label: c.name }))} />
        </Row>
      </SearchCard>

      {batchResult && (
        <Alert
          style={{ marginBottom: 16 }}
          type={batchResult.result.failed.length ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setBatchResult(null) }}
          data-testid="batch-result"
          title={`${batchResult.title}：成功更新 ${batchResult.result.updated} 个商品${batchResult.result.failed.length ? `，${batchResult.result.failed.length} 个未更新` : ''}`}
          description={
            batchResult.result.failed.length > 0 && (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={resultRows}
                columns={[
                  { title: '商品', dataIndex: 'name' },
                  { title: '原因', dataIndex: 'message' },
                  { title: '错误码', dataIndex: 'code', width: 160 },
                ]}
              />
            )
          }
        />
      )}

      <Card>
        <Space style={{ marginBottom: 12 }}>
          <Dropdown menu={batchMenu} disabled={selected.length === 0} trigger={['click']}>
            <Button data-testid="batch-menu">
              批量操作 <DownOutlined />
            </Button>
          </Dropdown>
          <Typography.Text type="secondary">{selected.length ? `已选 ${selected.length} 个商品` : '勾选商品后可批量操作'}</Typography.Text>
          {selected.length > 0 && (
            <Button type="link" size="small" onClick={() => setSelected([])}>
              清除选择
            </Button>
          )}
        </Space>
        <LoadError error={error} text={errorText} />
        <ListTable<Product>
          testId="product-table"
          columns={columns}
          scroll={{ x: 1040 }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            preserveSelectedRowKeys: true,
            getCheckboxProps: (p) => ({ 'aria-label': `选择 ${p.name}` }),
          }}
          {...table((t) => `共 ${t} 个商品`)}
          empty="暂无商品"
        />
      </Card>

      <BatchModal
        kind={batchKind}
        ids={selected}
        categories={categories}
        brands={brands}
        onClose={() => setBatchKind(null)}
        onDone={(title, result) => {
          setBatchKind(null);
          showResult(title, result);
          void load();
        }}
      />
    </div>
  );
}
