/**
 * Words and small pieces shared by the Jingdou Cloud (新一代精斗云) pages under 第三方对接: the sync item kinds and
 * statuses, the reconciliation problems, the default master data the binding creates, Chinese text for the errors the
 * `syncAdmin` function answers (ERP_UNAVAILABLE with {kind, errcode, httpStatus}, INVALID_STATE, NOT_FOUND), a run's
 * result in a line, and the owner-only result.
 */
import type { ComponentType, ReactNode } from 'react';
import { Button, Result } from 'antd';
import type { ReconcileRow, SyncItemKind, SyncItemStatus } from '@shop/types';
import { ApiError, useSession } from './api';
import { errorText } from './errors';

export const SYNC_KIND_TEXT: Record<SyncItemKind, string> = {
  order_out: '订单出库',
  order_cancel: '取消删除',
  return_in: '退货入库',
};
export const SYNC_STATUS_TEXT: Record<SyncItemStatus, string> = {
  pending: '待发送',
  sent: '已同步',
  skipped: '已跳过',
  dead: '失败待处理',
};
export const SYNC_STATUS_COLOR: Record<SyncItemStatus, string> = {
  pending: 'processing',
  sent: 'success',
  skipped: 'default',
  dead: 'error',
};
export const RECONCILE_PROBLEM_TEXT: Record<ReconcileRow['problem'], string> = {
  missing_in_erp: '精斗云缺少出库单',
  not_cancelled: '订单已取消但出库单仍在',
  amount_mismatch: '金额不一致',
  refund_only: '仅退款未同步',
  exchange: '换货未同步',
};

/** The default master data the binding uses (and creates in the account set when missing). */
export const DEFAULT_ROLES: { key: 'customer' | 'warehouse' | 'account'; label: string; name: string }[] = [
  { key: 'customer', label: '客户', name: '微商城客户' },
  { key: 'warehouse', label: '仓库', name: '微商城仓库' },
  { key: 'account', label: '结算账户', name: '微商城现金' },
];
/** The Chinese name of a default's number (WSCKH → 微商城客户); other numbers answer null. */
const DEFAULT_NAME_BY_NUMBER: Record<string, string> = { WSCKH: '微商城客户', WSCCK: '微商城仓库', WSCXJ: '微商城现金' };
export const defaultName = (number: string): string | null => DEFAULT_NAME_BY_NUMBER[number] ?? null;

const ERP_KIND_TEXT: Record<string, string> = {
  network: '网络不通或对方无响应',
  timeout: '请求超时',
  rate_limited: '调用过于频繁',
  server: '精斗云服务异常',
  auth: '凭证或授权被拒绝',
  duplicate: '单据已存在',
  not_found: '资料不存在',
  invalid: '请求内容不被接受',
  conflict: '单据状态冲突',
};
export const erpKindText = (kind: unknown): string | null => (typeof kind === 'string' ? ERP_KIND_TEXT[kind] ?? kind : null);

/**
 * The Chinese gist of an ERP client error message as the server stores it ("jdy GET /jdy/v2/bd/store: network …",
 * "jdy POST …: invalid [1030002006] …"): the kind in words, or null when the message is not one of those.
 */
export const jdyMessageGist = (message: string | null | undefined): string | null => {
  const m = /^jdy (?:\S+ \S+: )?(\w+)(?: \[([^\]]+)\])?/.exec(message ?? '');
  if (!m || !ERP_KIND_TEXT[m[1]]) return null;
  return `${ERP_KIND_TEXT[m[1]]}${m[2] ? `（${m[2]}）` : ''}`;
};

/** One line for an error of the sync pages. */
export const syncErrorText = (e: unknown): string => {
  if (e instanceof ApiError) {
    if (e.code === 'ERP_UNAVAILABLE') {
      const d = (e.details ?? {}) as { kind?: unknown; errcode?: unknown; httpStatus?: unknown };
      // a refused signature is not an outage: the server's message says which credential is wrong
      if (d.kind === 'auth' && (d.httpStatus === 401 || d.httpStatus === 403)) return e.message;
      const bits = [
        erpKindText(d.kind),
        typeof d.errcode === 'number' || typeof d.errcode === 'string' ? `错误码 ${String(d.errcode)}` : null,
        typeof d.httpStatus === 'number' ? `HTTP ${d.httpStatus}` : null,
      ].filter(Boolean);
      return `精斗云暂时无法访问${bits.length ? `（${bits.join('，')}）` : ''}：${e.message.replace(/^精斗云暂时无法访问：/, '')}`;
    }
    if (e.code === 'INVALID_STATE') return `当前状态不允许此操作（${e.message}）`;
    if (e.code === 'NOT_FOUND') return `没有找到（${e.message}）`;
  }
  return errorText(e);
};

const RESULT_WORDS: Record<string, string> = {
  sent: '已发送',
  skipped: '跳过',
  retry: '待重试',
  dead: '失败',
  created: '新建',
  linked: '关联',
  updated: '更新',
  shipped: '发货',
};
/** A direction's `lastResult` in a line: known counters in Chinese, anything else as compact JSON. */
export const resultText = (r: unknown): string => {
  if (r === null || r === undefined) return '—';
  if (typeof r !== 'object' || Array.isArray(r)) return JSON.stringify(r);
  const entries = Object.entries(r as Record<string, unknown>);
  if (entries.length && entries.every(([k, v]) => RESULT_WORDS[k] && typeof v === 'number')) {
    const order = Object.keys(RESULT_WORDS);
    return entries
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([k, v]) => `${RESULT_WORDS[k]} ${String(v)}`)
      .join('，');
  }
  return JSON.stringify(r);
};

/** Pretty JSON in a scrolling block (request and response payloads). */
export function JsonBlock({ value, testId }: { value: unknown; testId: string }) {
  const text = value === undefined || value === null ? '（无）' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <pre className="json-block" data-testid={testId}>
      {text}
    </pre>
  );
}

export function SyncOwnerOnly() {
  return (
    <div data-testid="erp-owner-only">
      <Result
        status="403"
        title="只有店主可以管理精斗云对接"
        subTitle="当前账号不是店主。如需绑定账套或处理同步问题，请联系店主。"
        extra={<Button href="#/products">返回商品列表</Button>}
      />
    </div>
  );
}

/** Renders the page for owners only (the server refuses everyone else too). */
export function OwnerGate({ children }: { children: ReactNode }) {
  const role = useSession()?.admin.role;
  if (role !== 'owner') return <SyncOwnerOnly />;
  return <>{children}</>;
}

/** A page for owners only: `export default ownerOnly(Page)`. */
export const ownerOnly = (Page: ComponentType) =>
  function OwnerOnlyPage() {
    return (
      <OwnerGate>
        <Page />
      </OwnerGate>
    );
  };

export const isForbidden = (e: unknown) => e instanceof ApiError && e.code === 'FORBIDDEN';
