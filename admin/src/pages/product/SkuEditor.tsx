/**
 * The product form's 规格与价格 card: the specs editor (names and values, whose combinations make the SKUs) and the
 * SKU table with its batch fill. A product linked to a Jingdou Cloud material keeps its stock read-only here (the ERP
 * warehouse owns it; the server refuses changes with ERP_OWNED_STOCK).
 */
import { useMemo, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { Alert, Button, Card, Form, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { SKU_MAX, SPEC_MAX } from '@shop/types';
import { YuanInput } from '../../components/YuanInput';
import type { SkuRow, SpecDraft } from '../../skuMatrix';

export type SkuField = 'price' | 'originalPrice' | 'stock' | 'code';
export interface FillValues {
  price: string;
  originalPrice: string;
  stock: string;
}

export interface SkuEditorProps {
  specs: SpecDraft[];
  rows: SkuRow[];
  valueText: string[];
  setValueText: (t: string[]) => void;
  /** field errors by issue path (`specs.<i>.name`, `skus.<i>.price`, …) */
  cellErrors: Record<string, string>;
  setCellErrors: Dispatch<SetStateAction<Record<string, string>>>;
  addSpec: () => void;
  removeSpec: (i: number) => void;
  renameSpec: (i: number, name: string) => void;
  addValue: (i: number) => void;
  removeValue: (i: number, v: string) => void;
  setCell: (i: number, field: SkuField, value: string) => void;
  fill: FillValues;
  setFill: (f: FillValues) => void;
  fillAll: () => void;
  /** linked to a Jingdou Cloud material: its number, and the stock is read-only */
  erpLinked: boolean;
  materialNumber?: string;
}

export function SkuEditor(props: SkuEditorProps) {
  const { specs, rows, valueText, setValueText, cellErrors, setCellErrors, addSpec, removeSpec, renameSpec, addValue, removeValue } = props;
  const { setCell, fill, setFill, fillAll, erpLinked, materialNumber } = props;
  const activeSpecs = specs.filter((s) => s.values.length > 0);
  const skuColumns: TableColumnsType<SkuRow> = useMemo(() => {
    const cell = (i: number, field: SkuField, node: ReactNode) => (
      <div>
        {node}
        {cellErrors[`skus.${i}.${field}`] && <div className="field-error">{cellErrors[`skus.${i}.${field}`]}</div>}
      </div>
    );
    const status = (i: number, f: string) => (cellErrors[`skus.${i}.${f}`] ? ('error' as const) : undefined);
    return [
      ...(activeSpecs.length
        ? activeSpecs.map((s, si) => ({
            title: s.name || `规格 ${si + 1}`,
            key: `spec-${si}`,
            width: 110,
            render: (_: unknown, r: SkuRow) => <Tag>{r.specValues[si]}</Tag>,
          }))
        : [{ title: '规格', key: 'spec-none', width: 110, render: () => <Typography.Text type="secondary">默认规格</Typography.Text> }]),
      {
        title: (
          <span>
            <span style={{ color: '#ff4d4f' }}>* </span>售价（元）
          </span>
        ),
        key: 'price',
        render: (_: unknown, r: SkuRow, i: number) =>
          cell(i, 'price', <YuanInput data-testid={`sku-price-${i}`} id={`sku-price-${i}`} value={r.price} status={status(i, 'price')} onChange={(e) => setCell(i, 'price', e.target.value)} />),
      },
      {
        title: '原价（元）',
        key: 'originalPrice',
        render: (_: unknown, r: SkuRow, i: number) =>
          cell(
            i,
            'originalPrice',
            <YuanInput
              data-testid={`sku-original-price-${i}`}
              id={`sku-original-price-${i}`}
              placeholder="可不填"
              value={r.originalPrice}
              status={status(i, 'originalPrice')}
              onChange={(e) => setCell(i, 'originalPrice', e.target.value)}
            />,
          ),
      },
      {
        title: (
          <span>
            <span style={{ color: '#ff4d4f' }}>* </span>库存
          </span>
        ),
        key: 'stock',
        width: 130,
        render: (_: unknown, r: SkuRow, i: number) =>
          cell(
            i,
            'stock',
            <Input
              data-testid={`sku-stock-${i}`}
              id={`sku-stock-${i}`}
              inputMode="numeric"
              autoComplete="off"
              value={r.stock}
              status={status(i, 'stock')}
              disabled={erpLinked}
              title={erpLinked ? '库存来自精斗云（微商城仓库 WSCCK）' : undefined}
              onChange={(e) => setCell(i, 'stock', e.target.value)}
            />,
          ),
      },
      {
        title: 'SKU 编码',
        key: 'code',
        render: (_: unknown, r: SkuRow, i: number) =>
          cell(
            i,
            'code',
            <Input
              data-testid={`sku-code-${i}`}
              id={`sku-code-${i}`}
              placeholder="可不填"
              maxLength={40}
              autoComplete="off"
              value={r.code}
              status={status(i, 'code')}
              onChange={(e) => setCell(i, 'code', e.target.value)}
            />,
          ),
      },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [specs, cellErrors, erpLinked]);

  return (
    <Card title="规格与价格" style={{ marginBottom: 16 }}>
      <Form.Item label="商品规格" extra={`最多 ${SPEC_MAX} 种规格（如颜色、尺码），规格值的组合自动生成 SKU，最多 ${SKU_MAX} 个。`}>
        {specs.map((s, i) => (
          <div className="spec-block" key={i} data-testid={`spec-${i}`}>
            <Space align="start" wrap style={{ width: '100%' }}>
              <div>
                <Input
                  id={`spec-name-${i}`}
                  data-testid={`spec-name-${i}`}
                  placeholder="规格名，如 颜色"
                  maxLength={20}
                  style={{ width: 180 }}
                  value={s.name}
                  status={cellErrors[`specs.${i}.name`] ? 'error' : undefined}
                  onChange={(e) => renameSpec(i, e.target.value)}
                />
                {cellErrors[`specs.${i}.name`] && <div className="field-error">{cellErrors[`specs.${i}.name`]}</div>}
              </div>
              <Button danger type="text" icon={<DeleteOutlined />} onClick={() => removeSpec(i)} data-testid={`spec-remove-${i}`}>
                删除规格
              </Button>
            </Space>
            <div style={{ marginTop: 10 }}>
              <Space size={[4, 8]} wrap>
                {s.values.map((v) => (
                  <Tag key={v} closable onClose={(e) => { e.preventDefault(); removeValue(i, v); }} data-testid={`spec-value-${i}-${v}`} style={{ fontSize: 13, padding: '2px 8px' }}>
                    {v}
                  </Tag>
                ))}
                <Space.Compact>
                  <Input
                    id={`spec-value-input-${i}`}
                    data-testid={`spec-value-input-${i}`}
                    placeholder="输入规格值后回车"
                    maxLength={30}
                    style={{ width: 180 }}
                    value={valueText[i] ?? ''}
                    status={cellErrors[`specs.${i}.values`] ? 'error' : undefined}
                    onChange={(e) => {
                      setValueText(valueText.map((t, j) => (j === i ? e.target.value : t)));
                      if (cellErrors[`specs.${i}.values`]) setCellErrors((x) => ({ ...x, [`specs.${i}.values`]: '' }));
                    }}
                    onPressEnter={(e) => {
                      e.preventDefault();
                      addValue(i);
                    }}
                  />
                  <Button icon={<PlusOutlined />} onClick={() => addValue(i)} data-testid={`spec-value-add-${i}`}>
                    添加
                  </Button>
                </Space.Compact>
              </Space>
              {cellErrors[`specs.${i}.values`] && <div className="field-error">{cellErrors[`specs.${i}.values`]}</div>}
            </div>
          </div>
        ))}
        <Button icon={<PlusOutlined />} onClick={addSpec} disabled={specs.length >= SPEC_MAX} data-testid="add-spec">
          添加规格{specs.length ? `（${specs.length}/${SPEC_MAX}）` : ''}
        </Button>
      </Form.Item>

      <Form.Item label="价格与库存" required>
        {erpLinked && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="erp-stock-note"
            title={`库存来自精斗云（微商城仓库 WSCCK），商品编码 ${materialNumber ?? ''}`}
            description="库存只能在精斗云中调整，同步后自动更新。名称和售价也以精斗云为准：精斗云修改这个商品后，下次同步会覆盖这里的名称和售价。"
          />
        )}
        <Space wrap style={{ marginBottom: 12 }} data-testid="sku-fill">
          <Typography.Text type="secondary">批量填充：</Typography.Text>
          <YuanInput placeholder="售价" style={{ width: 130 }} value={fill.price} data-testid="fill-price" onChange={(e) => setFill({ ...fill, price: e.target.value })} />
          <YuanInput placeholder="原价" style={{ width: 130 }} value={fill.originalPrice} data-testid="fill-original-price" onChange={(e) => setFill({ ...fill, originalPrice: e.target.value })} />
          <Input placeholder="库存" style={{ width: 100 }} value={fill.stock} inputMode="numeric" data-testid="fill-stock" disabled={erpLinked} onChange={(e) => setFill({ ...fill, stock: e.target.value })} />
          <Button onClick={fillAll} data-testid="fill-all">
            填充到全部 SKU
          </Button>
        </Space>
        <Table<SkuRow>
          className="sku-table"
          data-testid="sku-table"
          size="small"
          bordered
          rowKey="key"
          pagination={false}
          columns={skuColumns}
          dataSource={rows}
          scroll={rows.length > 12 ? { y: 520 } : undefined}
          footer={() => (
            <Typography.Text type="secondary">
              共 {rows.length} 个 SKU · 总库存 {rows.reduce((n, r) => n + (/^\d+$/.test(r.stock.trim()) ? Number(r.stock) : 0), 0)}
            </Typography.Text>
          )}
        />
      </Form.Item>
    </Card>
  );
}
