/** The simulator's error (WeChat's `{code, message}` answer with its HTTP status) and the request-field checks that raise it. */

export class SimError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const param = (message: string) => new SimError(400, 'PARAM_ERROR', message);

export function str(o: Record<string, unknown>, field: string, opts: { optional?: boolean; max?: number; pattern?: RegExp } = {}): string | undefined {
  const v = o[field];
  if (v === undefined || v === null) {
    if (opts.optional) return undefined;
    throw param(`输入源“/body/${field}”映射到字段“${field}”必填性规则校验失败，此字段为必填项`);
  }
  if (typeof v !== 'string') throw param(`字段${field}类型错误，应为字符串`);
  if (!opts.optional && v.length === 0) throw param(`字段${field}不能为空`);
  if (opts.max !== undefined && v.length > opts.max) throw param(`字段${field}长度超过${opts.max}`);
  if (opts.pattern && !opts.pattern.test(v)) throw param(`字段${field}格式错误`);
  return v;
}
export function posInt(o: Record<string, unknown>, field: string, path: string): number {
  const v = o[field];
  if (v === undefined) throw param(`字段${path}为必填项`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw param(`字段${path}应为不小于1的整数`);
  return v;
}
export function currency(o: Record<string, unknown>, path: string) {
  const c = o.currency;
  if (c !== undefined && c !== 'CNY') throw param(`字段${path}.currency只支持CNY`);
}
