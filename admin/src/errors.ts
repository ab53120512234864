/** Turning server and schema errors into Chinese text and per-field messages. */
import type { z } from 'zod';
import { ApiError } from './api';

const CODE_TEXT: Record<string, string> = {
  VALIDATION_FAILED: '提交的内容不符合要求',
  UNKNOWN_FUNCTION: '服务端没有这个功能',
  UNKNOWN_ACTION: '服务端没有这个操作',
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '当前账号没有权限执行此操作',
  INVALID_CREDENTIALS: '用户名或密码错误',
  LOGIN_THROTTLED: '登录失败次数过多',
  ACCOUNT_DISABLED: '账号已被停用',
  NOT_FOUND: '数据不存在或已被删除',
  SLUG_TAKEN: '链接地址已被其他商品使用',
  CODE_TAKEN: '编号已被使用',
  NAME_TAKEN: '名称已存在',
  IN_USE: '仍有商品在使用，不能删除',
  CONFLICT: '数据被同时修改，请重试',
  STOCK_NEGATIVE: '库存不能小于 0',
  PRICE_NEGATIVE: '价格不能小于 0',
  IMPORT_INVALID: '导入文件有错误',
  PAYLOAD_TOO_LARGE: '提交的内容太大',
  INTERNAL: '服务器内部错误',
  NETWORK: '网络错误',
};

export const codeText = (code: string): string | undefined => CODE_TEXT[code];

/** One line for a toast: the Chinese meaning of the code, then the server's own words. */
export const errorText = (e: unknown): string => {
  if (e instanceof ApiError) {
    const label = CODE_TEXT[e.code];
    if (e.code === 'LOGIN_THROTTLED') {
      const s = retryAfterOf(e);
      return s ? `${label}，请在 ${s} 秒后再试` : label ?? e.message;
    }
    if (!label) return e.message || e.code;
    if (!e.message || e.code === 'NETWORK') return e.message || label;
    return `${label}（${e.message}）`;
  }
  return e instanceof Error ? e.message : String(e);
};

export const retryAfterOf = (e: ApiError): number | null => {
  const d = e.details as { retryAfterSeconds?: unknown } | undefined;
  return d && typeof d.retryAfterSeconds === 'number' ? Math.max(0, Math.ceil(d.retryAfterSeconds)) : null;
};

/** A field problem: a dotted path such as "skus.0.price" and a message. */
export interface FieldIssue {
  path: string;
  message: string;
}

type IssueLike = { path?: unknown; code?: unknown; message?: unknown; [k: string]: unknown };

const joinPath = (p: unknown): string =>
  Array.isArray(p) ? p.map(String).join('.') : typeof p === 'string' ? p : '';

const lastKey = (path: string) => {
  const parts = path.split('.').filter((x) => !/^\d+$/.test(x));
  return parts[parts.length - 1] ?? '';
};

const FORMAT_HINTS: Record<string, string> = {
  slug: '只能使用小写字母、数字和单个连字符（-），如 green-tea-500g',
  code: '只能使用字母、数字、下划线、点和连字符',
  images: '需要以 http(s):// 或 / 开头',
  icon: '需要以 http(s):// 或 / 开头',
  logo: '需要以 http(s):// 或 / 开头',
  createdFrom: '时间格式不正确',
  createdTo: '时间格式不正确',
  username: '只能使用字母、数字、下划线（_）、点（.）和连字符（-）',
  mchid: '商户号为 8–12 位数字',
  appid: '小程序 AppID 为 wx 加 16 位小写十六进制字符，如 wx0123456789abcdef',
  serialNo: '证书序列号为 8–40 位十六进制字符',
  baseUrl: '需要完整的网址，如 https://api.mch.weixin.qq.com',
  privateKey: '需要 PEM 格式的私钥（-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----）',
  publicKey: '需要 PEM 格式的公钥或证书（-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----）',
};

/** Field messages written by hand (by the server, or as a schema's own message), in Chinese; they win over the zod code. */
const SERVER_FIELD_TEXT: Record<string, string> = {
  'required for clerks': '店员必须选择所属门店',
  'unknown store': '门店不存在，请重新选择',
  taken: '已被使用',
  'the APIv3 key is 32 characters': 'APIv3 密钥为 32 个字符',
  'the private key does not parse': '私钥无法解析，请粘贴 apiclient_key.pem 的完整内容',
  'the platform key or certificate does not parse': '公钥无法解析，请粘贴完整的公钥或平台证书',
};

/** Chinese text for one zod issue (client-side schema or server details); falls back to the original message. */
export const issueText = (issue: IssueLike): string => {
  const path = joinPath(issue.path);
  const key = lastKey(path);
  const msg = typeof issue.message === 'string' ? issue.message : '';
  if (Object.prototype.hasOwnProperty.call(SERVER_FIELD_TEXT, msg)) return SERVER_FIELD_TEXT[msg];
  // the gateway sends only {path, code, message}: recover the bound from zod's English message when needed
  const m = /expected (\w+) to (?:have|be) ([<>]=?)\s*(-?\d+(?:\.\d+)?)/.exec(msg);
  if (m && issue.origin === undefined) {
    issue = { ...issue, origin: m[1] === 'nan' ? 'number' : m[1] };
    if (issue.code === 'too_big' && issue.maximum === undefined) issue.maximum = Number(m[3]);
    if (issue.code === 'too_small' && issue.minimum === undefined) issue.minimum = Number(m[3]);
  }
  const unit = issue.origin === 'string' ? '个字符' : issue.origin === 'array' || issue.origin === 'set' ? '项' : '';
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'number' && /price|Price/.test(key)) return '金额太大';
      if (issue.maximum !== undefined) return `不能超过 ${String(issue.maximum)}${unit ? ` ${unit}` : ''}`;
      return msg || '太大';
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return '必填';
      if (issue.origin === 'array' && issue.minimum === 1) return '至少需要 1 项';
      if (issue.minimum !== undefined) return `不能小于 ${String(issue.minimum)}${unit ? ` ${unit}` : ''}`;
      return msg || '太小';
    case 'invalid_type':
      return '必填或类型不正确';
    case 'invalid_format':
    case 'invalid_string':
    case 'invalid_union':
      return FORMAT_HINTS[key] ?? (msg || '格式不正确');
    case 'invalid_value':
    case 'invalid_enum_value':
      return '选项不正确';
    case 'unrecognized_keys':
      return `包含未知字段：${Array.isArray(issue.keys) ? issue.keys.join(', ') : ''}`;
    case 'not_multiple_of':
      return '必须是整数';
    default:
      return msg || '不正确';
  }
};

/** The issues carried by a VALIDATION_FAILED error (an array, or {issues: [...]}) or by a ZodError. */
export const fieldIssues = (e: unknown): FieldIssue[] => {
  let raw: unknown[] = [];
  if (e instanceof ApiError) {
    const d = e.details as unknown;
    if (Array.isArray(d)) raw = d;
    else if (d && typeof d === 'object' && Array.isArray((d as { issues?: unknown }).issues)) raw = (d as { issues: unknown[] }).issues;
  } else if (e && typeof e === 'object' && Array.isArray((e as z.ZodError).issues)) {
    raw = (e as z.ZodError).issues;
  }
  return raw
    .filter((i): i is IssueLike => !!i && typeof i === 'object')
    .map((i) => ({ path: joinPath(i.path), message: issueText(i) }));
};
