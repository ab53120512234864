/** A form's values once every field checks out; otherwise null, after `invalid()` (the fields show their errors). */
import type { FormInstance } from 'antd';

export async function validated<V>(form: FormInstance<V>, invalid: () => void = () => {}): Promise<V | null> {
  try {
    return await form.validateFields();
  } catch {
    invalid();
    return null;
  }
}
