/**
 * The one way the panel talks to the backend: `call(fn, action, data)`, typed by the shared `Api` contract.
 * POST /api/fn/<fn> with {action, data} and the merchant's bearer token; every answer is an Envelope.
 */
import { useSyncExternalStore } from 'react';
import type { ActionInput, ActionName, ActionOutput, Envelope, FnName, MerchantSession } from '@shop/types';

/** A failed call: the server's stable code, its message and optional details (zod issues, retry time...). */
export class ApiError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
    public readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where the function gateway lives; override with VITE_API_BASE for a remote deployment. */
const API_BASE: string = (import.meta.env.VITE_API_BASE as string | undefined) ?? '/api/fn';

// ---------------------------------------------------------------------------------------------------------
// Session (localStorage, shared between tabs)

const SESSION_KEY = 'shop.admin.session';
type Listener = () => void;
const listeners = new Set<Listener>();

const readSession = (): MerchantSession | null => {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as MerchantSession;
    if (!s || typeof s.token !== 'string' || !s.admin) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) {
      localStorage.removeItem(SESSION_KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
};

let current: MerchantSession | null = readSession();
const emit = () => listeners.forEach((l) => l());

export const getSession = (): MerchantSession | null => {
  if (current && current.expiresAt && Date.parse(current.expiresAt) <= Date.now()) clearSession();
  return current;
};
export const setSession = (s: MerchantSession) => {
  current = s;
  localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  emit();
};
export const clearSession = () => {
  if (current === null && localStorage.getItem(SESSION_KEY) === null) return;
  current = null;
  localStorage.removeItem(SESSION_KEY);
  emit();
};
const subscribe = (l: Listener) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
window.addEventListener('storage', (e) => {
  if (e.key !== SESSION_KEY) return;
  current = readSession();
  emit();
});

/** The logged-in merchant (re-renders on login / logout, also from other tabs). */
export const useSession = () => useSyncExternalStore(subscribe, getSession);

/** Sends the browser to the login page, remembering where it was. */
export const goToLogin = () => {
  const here = window.location.hash.replace(/^#/, '') || '/';
  if (here.startsWith('/login')) return;
  window.location.hash = `#/login?from=${encodeURIComponent(here)}`;
};

// ---------------------------------------------------------------------------------------------------------
// Calls

export async function call<F extends FnName, A extends ActionName<F>>(
  fn: F,
  action: A,
  data: ActionInput<F, A>,
): Promise<ActionOutput<F, A>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const token = getSession()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/${fn}`, { method: 'POST', headers, body: JSON.stringify({ action, data }) });
  } catch (e) {
    throw new ApiError('NETWORK', `无法连接服务器：${(e as Error).message}`);
  }
  let body: Envelope<ActionOutput<F, A>>;
  try {
    body = (await res.json()) as Envelope<ActionOutput<F, A>>;
  } catch {
    throw new ApiError('NETWORK', `服务器返回了无法识别的响应（HTTP ${res.status}）`, undefined, res.status);
  }
  if (!body || typeof body !== 'object' || !('ok' in body)) {
    throw new ApiError('NETWORK', `服务器返回了无法识别的响应（HTTP ${res.status}）`, undefined, res.status);
  }
  if (body.ok) return body.data;
  const err = body.error ?? { code: 'INTERNAL', message: 'unknown error' };
  if (err.code === 'UNAUTHENTICATED') {
    clearSession();
    goToLogin();
  }
  throw new ApiError(err.code, err.message, err.details, res.status);
}

/** Logs in and keeps the session. */
export async function login(username: string, password: string): Promise<MerchantSession> {
  const s = await call('auth', 'merchantLogin', { username, password });
  setSession(s);
  return s;
}

/** Ends the session on the server (best effort) and forgets it here. */
export async function logout(): Promise<void> {
  try {
    if (getSession()) await call('auth', 'logout', {});
  } catch {
    // the session may already be gone; forgetting it locally is what matters
  } finally {
    clearSession();
  }
}
