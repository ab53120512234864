import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Result, Row, Space, Steps, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import Papa from 'papaparse';
import { CSV_IMPORT_MAX_BYTES, CSV_IMPORT_MAX_ROWS, type ImportResult } from '@shop/types';
import { ApiError, call } from '../api';
import { errorText } from '../errors';
import { downloadText } from '../util';
import { TextLines } from '../components/TextLines';

export const CSV_COLUMNS = ['name', 'slug', 'price', 'originalPrice', 'stock', 'code', 'summary', 'category', 'brand', 'type'] as const;
const REQUIRED = new Set(['name', 'slug', 'price']);

const COLUMN_HELP: { col: string; text: string }[] = [
  { col: 'name', text: '商品名称，必填，不超过 100 个字符' },
  { col: 'slug', text: '链接地址，必填；小写字母、数字和连字符，全店唯一，如 longjing-250g' },
  { col: 'price', text: '售价，单位元，必填，最多两位小数，如 19.90' },
  { col: 'originalPrice', text: '原价，单位元，可不填' },
  { col: 'stock', text: '库存，不小于 0 的整数，可不填（默认 0）' },
  { col: 'code', text: '商品编号，可不填；字母、数字、_ . -' },
  { col: 'summary', text: '商品简介，不超过 200 个字符' },
  { col: 'category', text: '分类名称，可不填；多个分类用 | 分隔（最多 10 个）；不存在的分类会自动创建' },
  { col: 'brand', text: '品牌名称，可不填；不存在的品牌会自动创建' },
  { col: 'type', text: 'physical 或 实物（默认）；virtual 或 虚拟（无需发货）' },
];

const TEMPLATE =
  '\uFEFF' +
  [
    CSV_COLUMNS.join(','),
    '明前龙井 250g,longjing-250g,168.00,198.00,50,LJ-250,杭州西湖产区明前茶,茶叶|绿茶,西湖,physical',
    '"电子礼品卡 100 元",gift-card-100,100,,999,GC-100,"线上发放, 无需发货",礼品卡,,virtual',
  ].join('\r\n') +
  '\r\n';

interface Picked {
  name: string;
  size: number;
  text: string;
  rows: number;
  fields: string[];
  preview: Record<string, string>[];
  problems: string[];
}

/** Excel in China often saves CSV as GBK: try strict UTF-8 first, then GB18030. */
const decode = (buf: ArrayBuffer): string => {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    text = new TextDecoder('gb18030').decode(buf);
  }
  return text.replace(/^\uFEFF/, '');
};

type ErrorRow = ImportResult['errors'][number];

export default function ImportCsv() {
  const { message } = App.useApp();
  const nav = useNavigate();
  const fileInput = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [errors, setErrors] = useState<ErrorRow[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const onPick = async (file: File | undefined) => {
    setPicked(null);
    setPickError(null);
    setResult(null);
    setErrors(null);
    setFailure(null);
    if (!file) return;
    if (!/\.csv$/i.test(file.name)) return setPickError('请选择 .csv 文件（Excel 可“另存为 CSV”）');
    if (file.size > CSV_IMPORT_MAX_BYTES) return setPickError(`文件太大：${(file.size / 1e6).toFixed(2)} MB，上限为 1 MB`);
    if (file.size === 0) return setPickError('文件是空的');
    const text = decode(await file.arrayBuffer());
    if (text.length > CSV_IMPORT_MAX_BYTES) return setPickError('文件内容超过 1 MB 上限');
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
    const fields = parsed.meta.fields ?? [];
    const problems: string[] = [];
    const missing = [...REQUIRED].filter((c) => !fields.includes(c));
    if (missing.length) problems.push(`缺少必填列：${missing.join(', ')}（表头需为模板中的英文列名）`);
    const absent = CSV_COLUMNS.filter((c) => !REQUIRED.has(c) && !fields.includes(c));
    if (absent.length) problems.push(`缺少模板中的列：${absent.join(', ')}（没有内容也请保留列名，可下载模板对照）`);
    const unknown = fields.filter((f) => f && !(CSV_COLUMNS as readonly string[]).includes(f));
    if (unknown.length) problems.push(`无法识别的列：${unknown.join(', ')}`);
    if (parsed.data.length === 0) problems.push('文件中没有商品行');
    if (parsed.data.length > CSV_IMPORT_MAX_ROWS) problems.push(`一次最多导入 ${CSV_IMPORT_MAX_ROWS} 行，当前 ${parsed.data.length} 行`);
    setPicked({ name: file.name, size: file.size, text, rows: parsed.data.length, fields, preview: parsed.data.slice(0, 5), problems });
  };

  const submit = async () => {
    if (!picked) return;
    setBusy(true);
    setResult(null);
    setErrors(null);
    setFailure(null);
    try {
      const r = await call('productAdmin', 'importCsv', { csv: picked.text });
      if (r.errors.length) setErrors(r.errors);
      else {
        setResult(r);
        message.success(`已导入 ${r.created} 个商品`);
      }
    } catch (e) {
      const d = e instanceof ApiError ? (e.details as unknown) : undefined;
      const list = Array.isArray(d) ? d : d && typeof d === 'object' && Array.isArray((d as { errors?: unknown }).errors) ? (d as { errors: unknown[] }).errors : null;
      if (e instanceof ApiError && list && list.length && list.every((x) => x && typeof x === 'object' && 'message' in (x as object))) {
        setErrors((list as ErrorRow[]).map((x) => ({ line: Number(x.line ?? 0), field: x.field ?? (x as { path?: string }).path, message: String(x.message) })));
      } else {
        setFailure(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const step = result ? 2 : picked ? 1 : 0;

  return (
    <div>
      <div className="page-title">
        <h2>批量导入商品</h2>
        <Button icon={<DownloadOutlined />} onClick={() => downloadText('商品导入模板.csv', TEMPLATE)} data-testid="csv-template">
          下载 CSV 模板
        </Button>
      </div>

      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="import-off-shelf-note"
        title="导入的商品默认为“下架”状态"
        description="导入后请在商品列表中检查图片、规格和详情，确认无误后再上架。整份文件校验通过才会写入；只要有一行出错，就一个商品也不会导入。"
      />

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card style={{ marginBottom: 16 }}>
            <Steps
              size="small"
              current={step}
              style={{ marginBottom: 24 }}
              items={[{ title: '选择文件' }, { title: '检查并导入' }, { title: '完成' }]}
            />
            <input
              ref={fileInput}
              id="csv-file"
              data-testid="csv-file"
              type="file"
              accept=".csv,text/csv"
              style={{ display: 'none' }}
              onChange={(e) => {
                void onPick(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
            <Space wrap>
              <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()} data-testid="csv-pick">
                选择 CSV 文件
              </Button>
              <Typography.Text type="secondary">UTF-8 或 GBK 编码，不超过 1 MB，最多 {CSV_IMPORT_MAX_ROWS} 行</Typography.Text>
            </Space>
            {pickError && <Alert type="error" showIcon title={pickError} style={{ marginTop: 16 }} data-testid="csv-pick-error" />}

            {picked && (
              <div style={{ marginTop: 16 }} data-testid="csv-preview">
                <Space style={{ marginBottom: 8 }} wrap>
                  <FileTextOutlined />
                  <Typography.Text strong>{picked.name}</Typography.Text>
                  <Tag>{(picked.size / 1024).toFixed(1)} KB</Tag>
                  <Tag color="blue">{picked.rows} 行商品</Tag>
                </Space>
                {picked.problems.length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title="文件可能有问题"
                    description={
                      <TextLines lines={picked.problems} />
                    }
                  />
                )}
                {picked.preview.length > 0 && (
                  <Table
                    size="small"
                    bordered
                    pagination={false}
                    scroll={{ x: true }}
                    rowKey={(_, i) => String(i)}
                    dataSource={picked.preview}
                    columns={picked.fields.map((f) => ({ title: f, dataIndex: f, ellipsis: true }))}
                    title={() => `预览前 ${picked.preview.length} 行`}
                  />
                )}
                {!result && (
                  <Button type="primary" style={{ marginTop: 16 }} loading={busy} onClick={submit} data-testid="csv-submit">
                    开始导入
                  </Button>
                )}
              </div>
            )}
          </Card>

          {failure && <Alert type="error" showIcon title="导入失败" description={failure} style={{ marginBottom: 16 }} data-testid="import-failure" />}

          {result && (
            <Card style={{ marginBottom: 16 }}>
              <Result
                status="success"
                data-testid="import-result"
                title={`已导入 ${result.created} 个商品`}
                subTitle="新商品均为下架状态，检查无误后请在商品列表中上架。"
                extra={[
                  <Button type="primary" key="list" onClick={() => nav('/products?onShelf=false&sortBy=createdAt&order=desc')}>
                    查看导入的商品
                  </Button>,
                  <Button key="again" onClick={() => { setPicked(null); setResult(null); }}>
                    继续导入
                  </Button>,
                ]}
              />
            </Card>
          )}

          {errors && (
            <Card
              title={<span style={{ color: '#cf1322' }}>文件中有 {errors.length} 处错误，未导入任何商品</span>}
              style={{ marginBottom: 16 }}
              data-testid="import-errors"
            >
              <Typography.Paragraph type="secondary">行号按文件计算（第 1 行是表头）。修改后重新选择文件导入。</Typography.Paragraph>
              <Table<ErrorRow>
                size="small"
                rowKey={(r, i) => `${r.line}-${r.field ?? ''}-${i}`}
                dataSource={errors}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: '行号', dataIndex: 'line', width: 80 },
                  { title: '字段', dataIndex: 'field', width: 140, render: (f?: string) => (f ? <Tag>{f}</Tag> : '—') },
                  { title: '错误', dataIndex: 'message' },
                ]}
              />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={9}>
          <Card title="文件格式" size="small">
            <Typography.Paragraph>
              第一行是表头，请保留模板中的全部列名（顺序不限，内容可空）；价格以<Typography.Text strong>元</Typography.Text>填写。每行导入为一个无规格的商品。
            </Typography.Paragraph>
            <Table
              size="small"
              pagination={false}
              rowKey="col"
              dataSource={COLUMN_HELP}
              columns={[
                { title: '列名', dataIndex: 'col', width: 140, render: (c: string) => <Typography.Text code>{c}{REQUIRED.has(c) ? ' *' : ''}</Typography.Text> },
                { title: '说明', dataIndex: 'text' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
