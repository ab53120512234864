/**
 * 导出 on the order list: the current filters as an XLSX file (one row per line; its first columns are the batch
 * shipping file's). A big range is a job: a dialog shows its progress while each poll builds the next part.
 */
import { useState } from 'react';
import { App, Button, Modal, Progress, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import type { OrderExportFile, OrderExportInput } from '@shop/types';
import { call } from '../../api';
import { errorText } from '../../errors';
import { downloadBase64 } from '../../util';

export function ExportButton({ filters }: { filters: z.input<typeof OrderExportInput> }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<{ done: number; total: number } | null>(null);

  const saved = (f: OrderExportFile) => {
    downloadBase64(f.filename, f.contentBase64);
    message.success(`已导出 ${f.orders} 个订单（${f.rows} 行）`);
  };

  const run = async () => {
    setBusy(true);
    try {
      const first = await call('orderAdmin', 'export', filters);
      if (first.kind === 'file') return saved(first);
      setJob({ done: 0, total: first.total });
      for (;;) {
        const p = await call('orderAdmin', 'exportStatus', { jobId: first.jobId });
        setJob({ done: p.done, total: p.total });
        if (p.state === 'done') return saved(p);
      }
    } catch (e) {
      message.error(`导出失败：${errorText(e)}`);
    } finally {
      setBusy(false);
      setJob(null);
    }
  };

  return (
    <>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="order-export">
        导出
      </Button>
      <Modal open={job !== null} title="正在导出订单" footer={null} closable={false} maskClosable={false}>
        {job && (
          <>
            <Progress percent={job.total ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0} data-testid="order-export-progress" />
            <Typography.Text type="secondary">
              已处理 {job.done} / {job.total} 个订单，完成后自动下载。
            </Typography.Text>
          </>
        )}
      </Modal>
    </>
  );
}
