// The access token lives in memory only (never in storage); the refresh token is an HttpOnly cookie
// the browser sends to /api/auth/refresh. Reloading the page therefore starts with a silent refresh.
import type { Middleware } from "openapi-fetch";

type Listener = (token: string | null) => void;

export class TokenStore {
  private token: string | null = null;
  private listeners = new Set<Listener>();

  get(): string | null {
    return this.token;
  }

  set(token: string | null): void {
    if (token === this.token) return;
    this.token = token;
    for (const listener of this.listeners) listener(token);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Header the server requires on cookie-authenticated endpoints (refresh, logout) as a CSRF guard. */
export const CSRF_HEADER = { "X-Requested-With": "mygemini" } as const;

export type BaseFetch = (request: Request) => Promise<Response>;

/** Paths that must never trigger refresh-and-retry: a 401 there means what it says. */
const NO_RETRY = /\/api\/auth\/(login|signup|refresh|logout)$/;

export interface SessionOptions {
  baseUrl: string;
  tokens: TokenStore;
  fetch?: BaseFetch;
}

export interface Session {
  /**
   * openapi-fetch middleware: adds the bearer token; on a 401, refreshes once (one refresh shared by
   * every request that got a 401 meanwhile) and retries once; a 401 on the retry signs out.
   */
  middleware: Middleware;
  /** POST /api/auth/refresh; stores and returns the new token, or clears it and returns null. */
  refresh: () => Promise<string | null>;
}

/**
 * Tabs share one refresh cookie and the server revokes the whole session when a rotated token is
 * presented again. Two tabs refreshing at once would do exactly that, so refreshes take a Web Lock
 * (where the browser has one): the second tab waits and then sends the already-rotated cookie.
 */
function acrossTabs<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return work();
  return locks.request("mygemini-refresh", work) as Promise<T>;
}

function withToken(request: Request, token: string | null): Request {
  const next = new Request(request, { credentials: "include" });
  if (token) next.headers.set("Authorization", `Bearer ${token}`);
  else next.headers.delete("Authorization");
  return next;
}

export function createSession({ baseUrl, tokens, fetch: base }: SessionOptions): Session {
  const send: BaseFetch = base ?? ((request) => globalThis.fetch(request));
  let inFlight: Promise<string | null> | null = null;
  // Per request id: an unread copy for the retry (a body can be read only once) and the token it went with.
  const sent = new Map<string, { spare: Request; token: string | null }>();

  async function doRefresh(): Promise<string | null> {
    try {
      const response = await send(
        new Request(`${baseUrl}/api/auth/refresh`, {
          method: "POST",
          credentials: "include",
          headers: { ...CSRF_HEADER, Accept: "application/json" },
        }),
      );
      if (!response.ok) {
        tokens.set(null);
        return null;
      }
      const body = (await response.json()) as { access_token?: unknown };
      const token = typeof body.access_token === "string" ? body.access_token : null;
      tokens.set(token);
      return token;
    } catch {
      // Offline: we don't know the session is gone, but we can't use it either.
      tokens.set(null);
      return null;
    }
  }

  function refresh(): Promise<string | null> {
    inFlight ??= acrossTabs(doRefresh).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  const middleware: Middleware = {
    onRequest({ request, id }) {
      const token = tokens.get();
      const retryable = !NO_RETRY.test(new URL(request.url, "http://x").pathname);
      if (retryable) sent.set(id, { spare: request.clone(), token });
      return withToken(request, token);
    },
    async onResponse({ response, id }) {
      const first = sent.get(id);
      sent.delete(id);
      if (response.status !== 401 || !first) return undefined;
      // Another request may already have refreshed while this one was in flight.
      const current = tokens.get();
      const token = current && current !== first.token ? current : await refresh();
      if (!token) return response;
      const retried = await send(withToken(first.spare, token));
      // A fresh token refused too: the session is gone, not merely expired.
      if (retried.status === 401) tokens.set(null);
      return retried;
    },
    onError({ id }) {
      sent.delete(id);
      return undefined;
    },
  };

  return { middleware, refresh };
}
