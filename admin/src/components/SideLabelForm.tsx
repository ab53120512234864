/** A horizontal form whose labels stand in a column `labelWidth` pixels wide (the settings and editor pages). */
import type { ReactNode } from 'react';
import { Form, type FormProps } from 'antd';

export function SideLabelForm<V>({ labelWidth, ...props }: Omit<FormProps<V>, 'children'> & { labelWidth: number; children: ReactNode }) {
  return <Form<V> layout="horizontal" labelCol={{ flex: `${labelWidth}px` }} wrapperCol={{ flex: 'auto' }} {...props} />;
}
