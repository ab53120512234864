/** The dialogs of a detail page: which one is open, whether its action runs, the refusal shown in it. */
import { useState } from 'react';
import { App, type FormInstance } from 'antd';
import { actionErrorText, notifyOrdersChanged } from './orders';

export function useDialogAction<D extends string>() {
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<D | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /**
   * Validates `form` (when given) and runs `act` with its values; `act` answers the success message, or null when
   * it refused by itself (a field error). Success closes the dialog, refreshes the menu badges and shows the
   * message; a failure shows `explain(e)` (null: nothing beyond what `explain` put on the fields).
   */
  const run = async <V>(form: FormInstance<V> | null, act: (v: V) => Promise<string | null>, explain: (e: unknown) => string | null = actionErrorText) => {
    let v = {} as V;
    if (form) {
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      const done = await act(v);
      if (done === null) return;
      setDialog(null);
      notifyOrdersChanged();
      message.success(done);
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  return {
    dialog,
    busy,
    error,
    open: (d: D) => {
      setError(null);
      setDialog(d);
    },
    close: () => setDialog(null),
    run,
  };
}
