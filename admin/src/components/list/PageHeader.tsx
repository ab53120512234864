/** The parts around a list: the title bar, the refresh buttons, the load error and the filter bar above a table. */
import { Children, type ReactNode } from 'react';
import { Alert, Button, Input, Radio, Space, Tooltip } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';

/** The page's title (h2) with its buttons on the right; several children stand in a Space. */
export function PageHeader({ title, titleTestId, wrap, children }: { title: ReactNode; titleTestId?: string; wrap?: boolean; children?: ReactNode }) {
  const extra = Children.toArray(children);
  return (
    <div className="page-title">
      <h2 data-testid={titleTestId}>{title}</h2>
      {extra.length > 1 || wrap ? <Space wrap={wrap}>{extra}</Space> : extra}
    </div>
  );
}

/** 刷新: loads the list again. */
export const RefreshButton = ({ onClick, testId }: { onClick: () => void; testId?: string }) => (
  <Button icon={<ReloadOutlined />} data-testid={testId} onClick={onClick}>
    刷新
  </Button>
);

/** The error a list failed to load with, above its table (nothing when there is none). */
export function LoadError({ error, text, testId, id, marginBottom = 12 }: { error: unknown; text: (e: unknown) => string; testId?: string; id?: string; marginBottom?: number }) {
  if (error == null) return null;
  return <Alert type="error" showIcon title={text(error)} style={{ marginBottom }} data-testid={testId} id={id} />;
}

/** The bar above a table: the filters on the left, an icon-only 刷新 on the right. */
export const ListToolbar = ({ onRefresh, children }: { onRefresh: () => void; children: ReactNode }) => (
  <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
    {children}
    <Tooltip title="刷新">
      <Button icon={<ReloadOutlined />} onClick={onRefresh} aria-label="刷新" />
    </Tooltip>
  </Space>
);

/** Radio buttons 全部 + one per status; 全部 is the empty value (no `status` in the query string). */
export function StatusFilter<S extends string>({ value, onChange, statuses, text, testId }: { value: S | undefined; onChange: (s: S | undefined) => void; statuses: readonly S[]; text: Record<S, string>; testId: string }) {
  return (
    <Radio.Group
      optionType="button"
      value={value ?? ''}
      onChange={(e) => onChange((e.target.value as S | '') || undefined)}
      data-testid={testId}
      options={[{ value: '', label: '全部' }, ...statuses.map((s) => ({ value: s, label: text[s] }))]}
    />
  );
}

/** The grey-blue note that explains a list (above its table). */
export const ListHint = ({ children }: { children: ReactNode }) => <Alert type="info" showIcon style={{ marginBottom: 12 }} title={children} />;

/** The order-number search box for the query string's `orderId` (shows the current one; searching with it empty clears it). */
export const OrderIdSearch = ({ value, onSearch, placeholder = '订单号', width, id, testId }: { value: string | undefined; onSearch: (orderId: string) => void; placeholder?: string; width?: number; id?: string; testId?: string }) => (
  <Input.Search id={id} data-testid={testId} placeholder={placeholder} allowClear defaultValue={value} key={value ?? ''} onSearch={(v) => onSearch(v.trim())} style={width ? { width } : undefined} />
);
