/** A dialog of a detail page's useDialogAction: open while its dialog is `name`, OK runs `onOk` and spins while busy. */
import type { ReactNode } from 'react';
import { Modal, type ButtonProps } from 'antd';

export function ActionModal<D extends string>(p: {
  dlg: { dialog: D | null; busy: boolean; close: () => void };
  name: D;
  title: ReactNode;
  okText: string;
  okType?: 'danger';
  /** the OK button's test attributes */
  okProps: { id?: string; 'data-testid'?: string };
  width?: number;
  onOk: () => unknown;
  children: ReactNode;
}) {
  return (
    <Modal
      title={p.title}
      open={p.dlg.dialog === p.name}
      onCancel={p.dlg.close}
      onOk={() => void p.onOk()}
      okText={p.okText}
      {...(p.okType ? { okType: p.okType } : {})}
      cancelText="取消"
      confirmLoading={p.dlg.busy}
      okButtonProps={p.okProps as ButtonProps}
      {...(p.width ? { width: p.width } : {})}
      forceRender
    >
      {p.children}
    </Modal>
  );
}
