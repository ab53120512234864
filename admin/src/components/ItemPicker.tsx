/**
 * Picks the goods of an item activity: search a product by name (productAdmin.list), then tick its SKUs (from
 * productAdmin.get); for a presale the product itself is picked. Rows already in the activity are shown ticked and
 * cannot be picked twice.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Checkbox, Empty, Modal, Select, Space, Spin, Table, Typography } from 'antd';
import type { ProductWithSkus, Sku } from '@shop/types';
import { call } from '../api';
import { errorText } from '../errors';
import { yuan } from '../orders';

/** One picked SKU (or, for a presale, one product). */
export interface PickedGoods {
  /** skuId, or productId for a presale */
  key: string;
  productId: string;
  skuId: string | null;
  name: string;
  specValues: string[];
  /** the SKU's sale price (a product: its lowest) */
  salePrice: number;
  /** the SKU's stock (a product: all its SKUs) */
  skuStock: number;
}

export const skuGoods = (p: ProductWithSkus, s: Sku): PickedGoods => ({
  key: s._id,
  productId: p._id,
  skuId: s._id,
  name: p.name,
  specValues: s.specValues,
  salePrice: s.price,
  skuStock: s.stock,
});
export const productGoods = (p: ProductWithSkus): PickedGoods => ({
  key: p._id,
  productId: p._id,
  skuId: null,
  name: p.name,
  specValues: [],
  salePrice: p.skus.length ? Math.min(...p.skus.map((s) => s.price)) : 0,
  skuStock: p.skus.reduce((n, s) => n + s.stock, 0),
});

type Option = { value: string; label: string };

export function ItemPicker({
  open,
  mode,
  taken,
  onPick,
  onClose,
  title,
}: {
  open: boolean;
  /** the dialog's title (default: what an activity picks) */
  title?: string;
  mode: 'sku' | 'product';
  /** keys already in the activity */
  taken: Set<string>;
  onPick: (goods: PickedGoods[]) => void;
  onClose: () => void;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const [searching, setSearching] = useState(false);
  const [productId, setProductId] = useState<string | undefined>();
  const [product, setProduct] = useState<ProductWithSkus | null>(null);
  const [loadingProduct, setLoadingProduct] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [ticked, setTicked] = useState<string[]>([]);
  const seq = useRef(0);

  const search = useCallback(async (name: string) => {
    const mine = ++seq.current;
    setSearching(true);
    try {
      const page = await call('productAdmin', 'list', { ...(name.trim() ? { name: name.trim() } : {}), sortBy: 'createdAt', order: 'desc', page: 1, pageSize: 30 });
      if (mine !== seq.current) return;
      setOptions(page.items.map((p) => ({ value: p._id, label: `${p.name}${p.code ? `（${p.code}）` : ''}${p.onShelf ? '' : ' [已下架]'}` })));
    } catch (e) {
      if (mine === seq.current) {
        setOptions([]);
        setError(errorText(e));
      }
    } finally {
      if (mine === seq.current) setSearching(false);
    }
  }, []);

  useEffect(() => {
    if (!open) return;
    setProductId(undefined);
    setProduct(null);
    setTicked([]);
    setError(null);
    void search('');
  }, [open, search]);

  const choose = async (id: string | undefined) => {
    setProductId(id);
    setProduct(null);
    setTicked([]);
    setError(null);
    if (!id) return;
    setLoadingProduct(true);
    try {
      const p = await call('productAdmin', 'get', { id });
      setProduct(p);
      // a product with a single SKU: tick it at once
      if (mode === 'sku' && p.skus.length === 1 && !taken.has(p.skus[0]._id)) setTicked([p.skus[0]._id]);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setLoadingProduct(false);
    }
  };

  const ok = () => {
    if (!product) return;
    if (mode === 'product') {
      if (!taken.has(product._id)) onPick([productGoods(product)]);
    } else {
      onPick(product.skus.filter((s) => ticked.includes(s._id)).map((s) => skuGoods(product, s)));
    }
    onClose();
  };
  const canPick = !!product && (mode === 'product' ? !taken.has(product._id) : ticked.length > 0);

  return (
    <Modal
      open={open}
      title={title ?? (mode === 'product' ? '选择预售商品' : '选择活动商品（SKU）')}
      width={720}
      onCancel={onClose}
      onOk={ok}
      okText={mode === 'product' ? '添加商品' : `添加所选 SKU${ticked.length ? `（${ticked.length}）` : ''}`}
      okButtonProps={{ disabled: !canPick, 'data-testid': 'pick-ok' }}
      cancelText="取消"
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }} data-testid="item-picker">
        <Select
          id="activity-pick-product"
          data-testid="pick-product"
          style={{ width: '100%' }}
          allowClear
          placeholder="输入商品名称搜索"
          value={productId}
          showSearch={{ filterOption: false, onSearch: (s) => void search(s) }}
          loading={searching}
          notFoundContent={searching ? <Spin size="small" /> : '没有找到商品'}
          options={options}
          onChange={(v?: string) => void choose(v)}
        />
        {error && <Alert type="error" showIcon title={error} />}
        {loadingProduct && <Spin />}
        {product && mode === 'sku' && (
          <Table<Sku>
            rowKey="_id"
            size="small"
            pagination={false}
            dataSource={product.skus}
            data-testid="pick-sku-table"
            columns={[
              {
                title: '',
                key: 'tick',
                width: 40,
                render: (_: unknown, s) => (
                  <Checkbox
                    data-testid={`pick-sku-${s._id}`}
                    aria-label={`选择 ${s.specValues.join(' / ') || product.name}`}
                    disabled={taken.has(s._id)}
                    checked={taken.has(s._id) || ticked.includes(s._id)}
                    onChange={(e) => setTicked((t) => (e.target.checked ? [...t, s._id] : t.filter((x) => x !== s._id)))}
                  />
                ),
              },
              { title: '规格', key: 'spec', render: (_: unknown, s) => s.specValues.join(' / ') || '默认规格' },
              { title: '编码', dataIndex: 'code', width: 120 },
              { title: '售价', dataIndex: 'price', width: 100, align: 'right', render: (v: number) => yuan(v) },
              { title: '库存', dataIndex: 'stock', width: 80, align: 'right' },
              {
                title: '',
                key: 'taken',
                width: 80,
                render: (_: unknown, s) => (taken.has(s._id) ? <Typography.Text type="secondary">已添加</Typography.Text> : null),
              },
            ]}
          />
        )}
        {product && mode === 'sku' && !product.skus.length && <Empty description="这个商品没有 SKU" />}
        {product && mode === 'product' && (
          <Typography.Text data-testid="pick-product-summary">
            {product.name}：{product.skus.length} 个 SKU，售价 {yuan(productGoods(product).salePrice)} 起，现有库存 {productGoods(product).skuStock}
            {taken.has(product._id) && <Typography.Text type="secondary">（已添加）</Typography.Text>}
          </Typography.Text>
        )}
      </Space>
    </Modal>
  );
}
