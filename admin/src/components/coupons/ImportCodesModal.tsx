/** 文件导入: a CSV / TXT / XLSX file with one code per row (a header 优惠码 / code is skipped); rejected rows are listed. */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Modal, Space, Table, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { COUPON_IMPORT_MAX_ROWS, type ImportCodesResult } from '@shop/types';
import { call } from '../../api';
import { couponError } from '../../couponText';
import { useSubmit } from '../useSubmit';

const REASON_TEXT: Record<string, string> = { INVALID_FORMAT: '格式不正确', DUPLICATE_IN_FILE: '文件内重复', ALREADY_EXISTS: '优惠码已存在' };
const MAX_BYTES = 2_000_000;

/** Excel in China often saves CSV as GBK: strict UTF-8 first, then GB18030. */
const decode = (buf: ArrayBuffer) => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
};
const toBase64 = (buf: ArrayBuffer) => {
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

export function ImportCodesModal({ coupon, onClose, onDone }: { coupon: { _id: string; name: string } | null; onClose: () => void; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const { running: busy, error, setError, run } = useSubmit(couponError);
  const [result, setResult] = useState<ImportCodesResult | null>(null);

  const reset = () => {
    setFile(null);
    setError(null);
    setResult(null);
  };

  // by id: the detail page reloads the coupon after an import, which must not wipe the result
  const openFor = coupon?._id ?? null;
  useEffect(() => {
    if (openFor) reset();
  }, [openFor]);

  const submit = async () => {
    if (!coupon || !file) return void setError('请选择文件');
    if (file.size > MAX_BYTES) return void setError('文件不能超过 2 MB');
    await run(async () => {
      const buf = await file.arrayBuffer();
      const isXlsx = /\.xlsx$/i.test(file.name);
      const r = await call('couponAdmin', 'importCodes', isXlsx ? { couponId: coupon._id, xlsxBase64: toBase64(buf) } : { couponId: coupon._id, csv: decode(buf) });
      setResult(r);
      onDone();
    });
  };

  return (
    <Modal
      open={!!coupon}
      title={coupon ? `导入优惠码到「${coupon.name}」` : '导入优惠码'}
      okText={result ? '完成' : '导入'}
      cancelText="取消"
      confirmLoading={busy}
      onOk={result ? onClose : submit}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'import-codes-submit' }}
      width={620}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          支持 CSV、TXT 或 Excel（.xlsx）文件：每行一个优惠码，放在第一列（或表头为“优惠码”“券码”“code”的列）。优惠码为 4–32 位字母、数字、_ 或
          -，不区分大小写；每个文件最多 {COUPON_IMPORT_MAX_ROWS.toLocaleString()} 个。重复或已存在的优惠码不会导入，并逐行列出原因。
        </Typography.Paragraph>
        <Space>
          <input
            ref={input}
            type="file"
            accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            style={{ display: 'none' }}
            data-testid="import-codes-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setResult(null);
              setError(null);
            }}
          />
          <Button icon={<UploadOutlined />} onClick={() => input.current?.click()}>
            选择文件
          </Button>
          <Typography.Text>{file ? `${file.name}（${(file.size / 1024).toFixed(1)} KB）` : '未选择文件'}</Typography.Text>
        </Space>
        {error && <Alert type="error" showIcon title={error} data-testid="import-codes-error" />}
        {result && (
          <div data-testid="import-codes-result">
            <Alert
              type={result.rejected.length ? 'warning' : 'success'}
              showIcon
              title={`已导入 ${result.imported} 个优惠码${result.rejected.length ? `，${result.rejected.length} 行未导入` : ''}；该券现有 ${result.total} 个优惠码`}
            />
            {result.rejected.length > 0 && (
              <div data-testid="import-codes-rejected" style={{ marginTop: 8 }}>
                <Table
                  size="small"
                  rowKey={(r) => `${r.line}-${r.code}`}
                  dataSource={result.rejected}
                  pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
                  columns={[
                    { title: '行', dataIndex: 'line', width: 70 },
                    { title: '优惠码', dataIndex: 'code', render: (c: string) => c || <Typography.Text type="secondary">（空）</Typography.Text> },
                    { title: '原因', dataIndex: 'reason', render: (r: string, row) => `${REASON_TEXT[r] ?? r}${r === 'DUPLICATE_IN_FILE' ? `（与第 ${row.message.replace(/\D+/g, '')} 行重复）` : ''}` },
                  ]}
                />
              </div>
            )}
          </div>
        )}
      </Space>
    </Modal>
  );
}
