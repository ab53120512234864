/** The add / edit dialog of a list page: a Modal (保存 / 取消, busy while saving) around a vertical form. */
import type { ReactNode } from 'react';
import { Form, Modal, type FormInstance, type ModalProps } from 'antd';

export type FormModalProps<V> = Omit<ModalProps, 'okButtonProps'> & {
  form: FormInstance<V>;
  /** the form's name: the fields' ids are `<name>_<field>` */
  name: string;
  busy: boolean;
  /** the OK button's data-testid / id */
  okTestId?: string;
  okId?: string;
  autoComplete?: string;
  children: ReactNode;
};

/** Rendered while closed too (`forceRender`), so that the page can fill the form before opening it. */
export function FormModal<V>({ form, name, busy, okTestId, okId, autoComplete, children, okText = '保存', ...modal }: FormModalProps<V>) {
  return (
    <Modal okText={okText} cancelText="取消" confirmLoading={busy} forceRender okButtonProps={{ 'data-testid': okTestId, id: okId } as ModalProps['okButtonProps']} {...modal}>
      <Form form={form} name={name} layout="vertical" autoComplete={autoComplete}>
        {children}
      </Form>
    </Modal>
  );
}
