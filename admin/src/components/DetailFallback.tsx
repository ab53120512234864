import { Button, Result, Space, Spin } from 'antd';
import { ApiError } from '../api';
import { actionErrorText } from '../orders';

/** The whole page is loading. */
export const PageSpin = () => (
  <div style={{ padding: 80, textAlign: 'center' }}>
    <Spin />
  </div>
);

/**
 * What a settings page shows while its values are not there: a spinner, or (`error`) `title` with the error's text
 * (`explain`) and 重试.
 */
export function LoadFallback(p: { error: unknown; title: string; explain: (e: unknown) => string; onRetry: () => void }) {
  if (!p.error) return <PageSpin />;
  return <Result status="error" title={p.title} subTitle={p.explain(p.error)} extra={<Button onClick={() => void p.onRetry()}>重试</Button>} />;
}

/**
 * What a detail page shows while its record is not there: a spinner while loading, then 404 (NOT_FOUND) or the
 * load error with 重试. `what` names the record (订单 / 售后申请), `missing` says which one was asked for.
 */
export function DetailFallback(p: {
  loading: boolean;
  error: unknown;
  what: string;
  missing: string;
  backText: string;
  onBack: () => void;
  onRetry?: () => void;
  testId?: string;
}) {
  if (p.loading) return <PageSpin />;
  const notFound = p.error instanceof ApiError && p.error.code === 'NOT_FOUND';
  return (
    <Result
      status={notFound ? '404' : 'error'}
      title={notFound ? `${p.what}不存在` : `${p.what}加载失败`}
      subTitle={notFound ? p.missing : actionErrorText(p.error)}
      extra={
        <Space>
          <Button onClick={p.onBack}>{p.backText}</Button>
          {!notFound && p.onRetry && <Button onClick={p.onRetry}>重试</Button>}
        </Space>
      }
      data-testid={p.testId}
    />
  );
}

/** An edit form whose record did not load: 404 (NOT_FOUND, `missing`) or `failed` with `explain(error)`, and a way back. */
export function FormLoadError(p: { error: unknown; missing: string; failed: string; explain: (e: unknown) => string; backText: string; onBack: () => void; testId?: string }) {
  const nf = p.error instanceof ApiError && p.error.code === 'NOT_FOUND';
  return (
    <Result
      status={nf ? '404' : 'error'}
      title={nf ? p.missing : p.failed}
      subTitle={nf ? undefined : p.explain(p.error)}
      extra={<Button onClick={p.onBack}>{p.backText}</Button>}
      data-testid={p.testId}
    />
  );
}
