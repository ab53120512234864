import type { ReactNode } from 'react';
import { Alert, Form, Input, Modal, type FormInstance } from 'antd';

/**
 * A dialog asking for one required reason (拒绝 / 驳回 …): `hint` above the field, the server's refusal `error` below
 * it (`errorId`). The form is the caller's, so it can validate and reset it.
 */
export function ReasonModal(p: {
  form: FormInstance<{ reason: string }>;
  name: string;
  title: string;
  open: boolean;
  busy: boolean;
  okText: string;
  okId: string;
  inputId: string;
  label: string;
  required: string;
  placeholder?: string;
  maxLength?: number;
  hint?: ReactNode;
  error: string | null;
  errorId: string;
  onOk: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      title={p.title}
      open={p.open}
      onCancel={p.onCancel}
      onOk={p.onOk}
      okText={p.okText}
      okType="danger"
      cancelText="取消"
      confirmLoading={p.busy}
      okButtonProps={{ id: p.okId }}
      forceRender
    >
      <Form form={p.form} layout="vertical" name={p.name}>
        {p.hint}
        <Form.Item name="reason" label={p.label} rules={[{ required: true, whitespace: true, message: p.required }]}>
          <Input.TextArea id={p.inputId} maxLength={p.maxLength ?? 100} rows={2} showCount placeholder={p.placeholder} />
        </Form.Item>
        {p.error && <Alert type="error" showIcon title={p.error} id={p.errorId} />}
      </Form>
    </Modal>
  );
}
