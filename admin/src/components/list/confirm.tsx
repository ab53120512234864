/**
 * Confirmed actions: a row's link button behind a Popconfirm (删除 by default), a Modal.confirm that runs an
 * action, and running an action with its success / error message and a reload.
 */
import type { ReactNode } from 'react';
import { App, Button, Popconfirm, Space, type ButtonProps } from 'antd';
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { errorText } from '../../errors';

type TestAttrs = { 'data-testid'?: string; id?: string; danger?: boolean };

export type ConfirmButtonProps = Omit<ButtonProps, 'title'> & {
  /** the question and its explanation */
  title: ReactNode;
  description?: ReactNode;
  okText?: string;
  /** 'danger': an outlined red OK; otherwise a filled one, red when `danger` */
  okType?: 'danger';
  /** the OK button's test attributes */
  okProps?: TestAttrs;
  onConfirm: () => unknown;
  testId?: string;
};

/** A button (a small red link by default) that asks first. */
export function ConfirmButton({ title, description, okText = '删除', okType, okProps, onConfirm, danger = true, testId, type = 'link', size, children, disabled, ...button }: ConfirmButtonProps) {
  return (
    <Popconfirm
      title={title}
      description={description}
      okText={okText}
      {...(okType ? { okType } : {})}
      cancelText="取消"
      okButtonProps={okType ? okProps : { danger, ...okProps }}
      onConfirm={onConfirm}
      {...(disabled !== undefined ? { disabled } : {})}
    >
      <Button type={type} size={size ?? (type === 'link' ? 'small' : undefined)} danger={danger} data-testid={testId} disabled={disabled} {...button}>
        {children}
      </Button>
    </Popconfirm>
  );
}

/**
 * Runs an action that answers its success message: shows it and calls `after` (a reload); a failure shows
 * `explain(e)`. With `afterEither`, `after` runs after a failure too (the row may have changed meanwhile).
 */
export function useRunAction(after: () => void, explain: (e: unknown) => string = errorText, afterEither = false) {
  const { message } = App.useApp();
  return async (act: () => Promise<string>) => {
    try {
      message.success(await act());
      if (!afterEither) after();
    } catch (e) {
      message.error(explain(e));
    }
    if (afterEither) after();
  };
}

/** Modal.confirm for one action (`run` answers the success message), its OK button found by `okTestId`. */
export function useConfirmAction(explain: (e: unknown) => string = errorText) {
  const { message, modal } = App.useApp();
  return (o: { title: ReactNode; content: ReactNode; okText: string; danger?: boolean; okTestId: string; run: () => Promise<string | void>; after?: () => void }) =>
    modal.confirm({
      title: o.title,
      content: o.content,
      okText: o.okText,
      ...(o.danger ? { okType: 'danger' as const } : {}),
      cancelText: '取消',
      okButtonProps: { 'data-testid': o.okTestId } as ButtonProps,
      onOk: async () => {
        try {
          const done = await o.run();
          if (done) message.success(done);
          o.after?.();
        } catch (e) {
          message.error(explain(e));
        }
      },
    });
}

/**
 * 编辑 and 删除 (asking 删除<noun>「<name>」？) as small buttons with icons, found by id: `<idPrefix>-edit-<row>`,
 * `<idPrefix>-delete-<row>` and the confirmation's `<idPrefix>-delete-confirm`.
 */
export const EditDeleteButtons = ({ idPrefix, index, what, onEdit, onDelete }: { idPrefix: string; index: number; what: string; onEdit: () => void; onDelete: () => void }) => (
  <Space>
    <Button size="small" icon={<EditOutlined />} id={`${idPrefix}-edit-${index}`} onClick={onEdit}>
      编辑
    </Button>
    <ConfirmButton
      title={`删除${what}？`}
      okType="danger"
      okProps={{ id: `${idPrefix}-delete-confirm` }}
      onConfirm={onDelete}
      type="default"
      size="small"
      icon={<DeleteOutlined />}
      id={`${idPrefix}-delete-${index}`}
    >
      删除
    </ConfirmButton>
  </Space>
);
