/** A form field of plain radio choices (value, label pairs), the group found by its data-testid. */
import type { ReactNode } from 'react';
import { Form, Radio } from 'antd';

export function RadioField({ name, label, testId, choices, extra }: { name: string; label: ReactNode; testId: string; choices: [string, string][]; extra?: ReactNode }) {
  return (
    <Form.Item name={name} label={label} extra={extra}>
      <Radio.Group data-testid={testId} options={choices.map(([value, text]) => ({ value, label: text }))} />
    </Form.Item>
  );
}
