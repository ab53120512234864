/** A list's table: keyed by `_id`, blank while loading, then `empty` when there are no rows; inside a wrapper that tests find it by. */
import type { ReactNode } from 'react';
import { Table, type TableProps } from 'antd';

export type ListTableProps<T> = TableProps<T> & {
  /** the wrapper's data-testid / id (no wrapper without either) */
  testId?: string;
  wrapperId?: string;
  /** what an empty list says (blank while loading) */
  empty?: ReactNode;
};

export function ListTable<T extends object>({ testId, wrapperId, empty, ...table }: ListTableProps<T>) {
  const t = (
    <Table<T>
      rowKey="_id"
      {...(empty !== undefined ? { locale: { emptyText: table.loading ? ' ' : empty } } : {})}
      {...table}
    />
  );
  return testId || wrapperId ? (
    <div data-testid={testId} id={wrapperId}>
      {t}
    </div>
  ) : (
    t
  );
}
