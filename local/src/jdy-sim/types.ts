/**
 * The simulator's own types: options and config, the state it persists (account sets and app-tokens), fault rules,
 * the call log and the `JdySimulator` handle that sim.ts assembles and the control routes and console page use.
 */
import type { FastifyInstance } from 'fastify';
import type { AccountSetSeed } from './control';
import type { AccountSetData, Ctx } from './model';

export interface JdyClient {
  clientId: string;
  clientSecret: string;
}

export interface JdySimConfig {
  /** calls per minute per account set on `/jdy/v2/*` before HTTP 429 (default 500; 0 = no limit) */
  rateLimitPerMinute: number;
  /** app-token calls per minute per app_key (default 2; 0 = no limit) */
  tokenCallsPerMinute: number;
  /** app-token lifetime (default 24 h) */
  tokenTtlMs: number;
  /** may an outbound audit take stock below zero (default true) */
  allowNegativeStock: boolean;
  /** how long a `timeout` fault holds a request before answering 504 (default 30000) */
  faultTimeoutMs: number;
}

export interface JdySimOptions {
  clients: JdyClient[];
  accountSets: AccountSetSeed[];
  /** fills a fresh state (not one loaded from `file`, and again on `/_sim/reset`) */
  seed?: (sim: JdySimulator) => void;
  /** JSON file keeping the ERP data across restarts */
  file?: string;
  now?: () => Date;
  config?: Partial<JdySimConfig>;
  /** calls kept in the log (default 300) */
  logSize?: number;
  logger?: boolean;
}

export interface TokenRecord {
  token: string;
  accountId: string;
  appKey: string;
  expiresAt: number;
}

export interface JdySimState {
  accountSets: AccountSetData[];
  tokens: TokenRecord[];
}

export type FaultKind = 'error' | 'timeout' | 'status429' | 'status500' | 'status503' | 'down';
export interface FaultRule {
  id: number;
  /** path prefix (query excluded); every API path when empty */
  match: string;
  kind: FaultKind;
  /** matching calls it still applies to (count rules) */
  count?: number;
  /** ms timestamp until which it applies to every matching call (forMs rules) */
  until?: number;
  /** for `error` (default 2000002000) */
  errcode?: number;
  description?: string;
}

export interface CallLogEntry {
  seq: number;
  at: string;
  method: string;
  /** path with query */
  url: string;
  accountId?: string;
  status: number;
  errcode?: number;
  description?: string;
  request?: unknown;
  /** the answer, cut to 2000 characters */
  response?: string;
  fault?: FaultKind;
  ms: number;
}

export interface JdySimulator {
  app: FastifyInstance;
  state: JdySimState;
  config: JdySimConfig;
  url?: string;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** the account set (the first when no id is given); throws when unknown */
  account(accountId?: string): AccountSetData;
  /** a business context on an account set (what the API handlers use) */
  ctx(accountId?: string): Ctx;
  faults: { add(rule: unknown): FaultRule; clear(): void; list(): FaultRule[] };
  log: CallLogEntry[];
  /** expire the app-tokens of one account set (all when no id) */
  expireTokens(accountId?: string): number;
  /** a new appSecret: the token call with the old one answers 1030002006 until the product authorises again */
  rotateSecret(accountId?: string): string;
  /** the tenant moves to another data centre: calls routed to the old domain fail with HTTP 502 */
  moveDomain(domain: string, accountId?: string): void;
  /** back to the initial state (accounts from the options, seed run again); faults, log and limits cleared */
  reset(): void;
  /** writes the state file now (no-op without `file`) */
  save(): Promise<void>;
}
