import { z } from 'zod';
import type { ActionInput, ActionName, ActionOutput, Envelope, ErrorBody, FnName } from '@shop/types';
import { AppError } from './errors';
import type { Access, Ctx } from './context';
import { DbError } from '../db/types';
import { inputProblems } from './input';

/**
 * One action: who may call it, the schema its input must pass, and the handler. `In` is what a caller may send
 * (the schema's input type, absent allowed aside); it is carried only as a type, so that defineFunction can hold
 * it against the function API.
 */
export interface ActionDef<I = unknown, O = unknown, In = unknown> {
  access: Access;
  input: z.ZodType<I>;
  handler: (ctx: Ctx, input: I) => Promise<O>;
  /** type only, never set: makes `In` invariant, so the schema must accept exactly the declared input */
  readonly '~input'?: (input: In) => In;
}
export interface FunctionDef<N extends string = string> {
  name: N;
  actions: Record<string, ActionDef<any, any, any>>;
}

/** What a caller may send to a schema: its input type; absent (`undefined`) is always sent as `{}`. */
export type SchemaInput<S extends z.ZodType> = Exclude<z.input<S>, undefined>;

export const action = <S extends z.ZodType, O>(def: {
  access: Access;
  input: S;
  handler: (ctx: Ctx, input: z.output<S>) => Promise<O>;
}): ActionDef<z.output<S>, O, SchemaInput<S>> => def as ActionDef<z.output<S>, O, SchemaInput<S>>;

/**
 * The actions of function `F` as the function API (`Api` in types/src/api.ts) declares them: every declared action
 * and no other; each handler's answer assignable to the declared output; each schema's input the declared input.
 */
export type ActionsOf<F extends FnName> = { [A in ActionName<F>]: ActionDef<any, ActionOutput<F, A>, ActionInput<F, A>> };

/** A function of the function API, checked against its contract. */
export const defineFunction = <F extends FnName>(name: F, actions: ActionsOf<F>): FunctionDef<F> => ({ name, actions });

/** An empty input object, strict: `{}` or absent. */
export const NoInput = z.object({}).strict().default({});

const allowed = (access: Access, ctx: Ctx): ErrorBody | null => {
  const c = ctx.caller;
  if (access === 'public') return null;
  if (c.kind === 'anonymous') return { code: 'UNAUTHENTICATED', message: 'please log in first' };
  if (access === 'shopper') return c.kind === 'shopper' ? null : { code: 'FORBIDDEN', message: 'this action is for shoppers' };
  if (c.kind !== 'merchant') return { code: 'FORBIDDEN', message: 'this action needs a merchant session' };
  if (access === 'merchant') return null;
  return access.includes(c.role) ? null : { code: 'FORBIDDEN', message: `this action needs one of the roles: ${access.join(', ')}` };
};

const zodDetails = (e: z.ZodError) =>
  e.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));

/** Turns any thrown value into the error body; unexpected errors are logged and hidden behind INTERNAL. */
export const toErrorBody = (e: unknown, requestId: string): ErrorBody => {
  if (e instanceof AppError) return e.toBody();
  if (e instanceof z.ZodError) return { code: 'VALIDATION_FAILED', message: 'input is not valid', details: zodDetails(e) };
  if (e instanceof DbError && e.code === 'DATABASE_TRANSACTION_CONFLICT')
    return { code: 'CONFLICT', message: 'the data changed at the same time, please try again' };
  console.error(`[${requestId}]`, e);
  return { code: 'INTERNAL', message: `internal error (request ${requestId})` };
};

/** Checks the caller, validates the input with the action's schema, runs the handler, answers an envelope. */
export async function dispatch(fn: FunctionDef, actionName: unknown, data: unknown, ctx: Ctx): Promise<Envelope<unknown>> {
  if (typeof actionName !== 'string') {
    const message = `the action name must be a string, not ${actionName === null ? 'null' : Array.isArray(actionName) ? 'an array' : typeof actionName}`;
    return { ok: false, error: { code: 'VALIDATION_FAILED', message, details: [{ path: 'action', code: 'invalid_type', message }] } };
  }
  if (!Object.prototype.hasOwnProperty.call(fn.actions, actionName)) {
    return { ok: false, error: { code: 'UNKNOWN_ACTION', message: `function ${fn.name} has no action ${JSON.stringify(actionName).slice(0, 100)}` } };
  }
  const def = fn.actions[actionName];
  const denied = allowed(def.access, ctx);
  if (denied) return { ok: false, error: denied };
  // text no store can hold (NUL, lone surrogates) and absurd nesting are refused here, once for every action
  const problems = inputProblems(data);
  if (problems.length) return { ok: false, error: { code: 'VALIDATION_FAILED', message: 'input is not valid', details: problems } };
  const parsed = def.input.safeParse(data === undefined || data === null ? {} : data);
  if (!parsed.success) {
    return { ok: false, error: { code: 'VALIDATION_FAILED', message: 'input is not valid', details: zodDetails(parsed.error) } };
  }
  try {
    return { ok: true, data: await def.handler(ctx, parsed.data) };
  } catch (e) {
    return { ok: false, error: toErrorBody(e, ctx.requestId) };
  }
}
