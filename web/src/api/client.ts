// Hand-written, typed wrapper around the generated OpenAPI client (src/api/schema.d.ts).
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { createSession, CSRF_HEADER, TokenStore, type BaseFetch } from "./session";

type JsonOf<R> = R extends { content: { "application/json": infer T } } ? T : never;

export type Me = JsonOf<paths["/api/me"]["get"]["responses"][200]>;
export type Session = JsonOf<paths["/api/auth/login"]["post"]["responses"][200]>;
export type Profile = JsonOf<paths["/api/users/{nickname}"]["get"]["responses"][200]>;
export type UserPage = JsonOf<paths["/api/users/{nickname}/followers"]["get"]["responses"][200]>;
export type UserCard = UserPage["items"][number];
export type StarterAvatar = JsonOf<paths["/api/avatars"]["get"]["responses"][200]>["items"][number];
export type SignupInput = NonNullable<paths["/api/auth/signup"]["post"]["requestBody"]>["content"]["application/json"];
export type LoginInput = NonNullable<paths["/api/auth/login"]["post"]["requestBody"]>["content"]["application/json"];
export type MePatch = NonNullable<paths["/api/me"]["patch"]["requestBody"]>["content"]["application/json"];
export type Provider = "google" | "kakao";
export type Catalog = JsonOf<paths["/api/studio/catalog"]["get"]["responses"][200]>;
export type Generation = JsonOf<paths["/api/studio/generations/{generation_id}"]["get"]["responses"][200]>;
export type GenerationPage = JsonOf<paths["/api/studio/generations"]["get"]["responses"][200]>;
export type RecipeInput = NonNullable<
  paths["/api/studio/generations"]["post"]["requestBody"]
>["content"]["application/json"]["recipe"];
export type Gemini = JsonOf<paths["/api/geminis/{gemini_id}"]["get"]["responses"][200]>;
export type GeminiPage = JsonOf<paths["/api/me/geminis"]["get"]["responses"][200]>;
export type GeminiCard = GeminiPage["items"][number];
export type Wallet = JsonOf<paths["/api/wallet"]["get"]["responses"][200]>;
export type StarPackage = JsonOf<paths["/api/wallet/packages"]["get"]["responses"][200]>[number];
export type PaymentProviders = JsonOf<paths["/api/wallet/providers"]["get"]["responses"][200]>;
export type LedgerPage = JsonOf<paths["/api/wallet/entries"]["get"]["responses"][200]>;
export type LedgerEntry = LedgerPage["items"][number];
export type StarOrder = JsonOf<paths["/api/wallet/orders/{order_id}"]["get"]["responses"][200]>;
export type OrderPage = JsonOf<paths["/api/wallet/orders"]["get"]["responses"][200]>;
export type OrderInput = NonNullable<paths["/api/wallet/orders"]["post"]["requestBody"]>["content"]["application/json"];

/** An error the API answered with (`{"error": Name, "detail": text}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly detail: string,
    readonly retryAfter: number | null = null,
  ) {
    super(`${status} ${error}: ${detail}`);
    this.name = "ApiError";
  }

  static from(response: Response, body: unknown): ApiError {
    const retry = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    const retryAfter = Number.isFinite(retry) ? retry : null;
    if (body && typeof body === "object") {
      const { error, detail, retry_after } = body as { error?: unknown; detail?: unknown; retry_after?: unknown };
      if (typeof error === "string") {
        // The login throttle also says the wait in its body (a proxy may drop the header).
        const wait = typeof retry_after === "number" && retry_after > 0 ? Math.ceil(retry_after) : retryAfter;
        return new ApiError(response.status, error, typeof detail === "string" ? detail : "", wait);
      }
      // FastAPI's own 422 body: {"detail": [{loc, msg, type}, ...]}
      if (Array.isArray(detail)) {
        const msg = detail
          .map((d) => (d && typeof d === "object" && "msg" in d ? String((d as { msg: unknown }).msg) : ""))
          .filter(Boolean)
          .join("; ");
        return new ApiError(response.status, "ValidationError", msg, retryAfter);
      }
      if (typeof detail === "string") return new ApiError(response.status, `Http${response.status}`, detail, retryAfter);
    }
    return new ApiError(response.status, `Http${response.status}`, response.statusText, retryAfter);
  }
}

function baseUrlFromLocation(): string {
  return typeof window !== "undefined" && window.location ? window.location.origin : "http://localhost";
}

/** Await an openapi-fetch call: its data, or an `ApiError` (status 0 when the network failed). */
export async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await promise;
  } catch (cause) {
    throw new ApiError(0, "NetworkError", cause instanceof Error ? cause.message : String(cause));
  }
  if (!result.response.ok) throw ApiError.from(result.response, result.error);
  return result.data as T;
}

/**
 * The openapi-fetch client every request goes through, with the session middleware (bearer token,
 * one shared refresh on 401, one retry). Features add their endpoints over `api.client` with `call`.
 */
export function createApi(options: { baseUrl?: string; tokens?: TokenStore; fetch?: BaseFetch } = {}) {
  const baseUrl = options.baseUrl ?? baseUrlFromLocation();
  const tokens = options.tokens ?? new TokenStore();
  const base = options.fetch;
  const session = createSession({ baseUrl, tokens, fetch: base });
  const client = createClient<paths>({
    baseUrl,
    credentials: "include",
    // Looked up per call (not bound once) so a test's or a polyfill's fetch is honoured.
    fetch: (request: Request) => (base ? base(request) : globalThis.fetch(request)),
  });
  client.use(session.middleware);

  const byGeneration = (generation_id: number) => ({ params: { path: { generation_id } } });
  const byNickname = (nickname: string) => ({ params: { path: { nickname } } });

  return {
    client,
    tokens,
    refresh: session.refresh,

    async signup(body: SignupInput): Promise<Session> {
      const session = await call(client.POST("/api/auth/signup", { body }));
      tokens.set(session.access_token);
      return session;
    },
    async login(body: LoginInput): Promise<Session> {
      const session = await call(client.POST("/api/auth/login", { body }));
      tokens.set(session.access_token);
      return session;
    },
    async logout(): Promise<void> {
      try {
        await call(client.POST("/api/auth/logout", { params: { header: CSRF_HEADER } }));
      } finally {
        tokens.set(null);
      }
    },
    async providers(): Promise<Provider[]> {
      const out = await call(client.GET("/api/auth/providers"));
      return out.providers.filter((p): p is Provider => p === "google" || p === "kakao");
    },
    me: () => call(client.GET("/api/me")),
    updateMe: (body: MePatch) => call(client.PATCH("/api/me", { body })),
    avatars: async () => (await call(client.GET("/api/avatars"))).items,
    profile: (nickname: string) => call(client.GET("/api/users/{nickname}", byNickname(nickname))),
    follow: (nickname: string) => call(client.PUT("/api/users/{nickname}/follow", byNickname(nickname))),
    unfollow: (nickname: string) =>
      call(client.DELETE("/api/users/{nickname}/follow", byNickname(nickname))),
    followers: (nickname: string, cursor: string | null, limit = 20) =>
      call(
        client.GET("/api/users/{nickname}/followers", {
          params: { path: { nickname }, query: { cursor: cursor ?? undefined, limit } },
        }),
      ),
    following: (nickname: string, cursor: string | null, limit = 20) =>
      call(
        client.GET("/api/users/{nickname}/following", {
          params: { path: { nickname }, query: { cursor: cursor ?? undefined, limit } },
        }),
      ),

    /** The studio catalog with labels in `lang` (the server reads Accept-Language). */
    catalog: (lang: string) => call(client.GET("/api/studio/catalog", { headers: { "Accept-Language": lang } })),
    generate: (recipe: RecipeInput) => call(client.POST("/api/studio/generations", { body: { recipe } })),
    /** Summon one recipe with several new seeds at once (the catalog says how many and the price). */
    vary: (recipe: RecipeInput) => call(client.POST("/api/studio/generations/vary", { body: { recipe } })),
    generation: (id: number) => call(client.GET("/api/studio/generations/{generation_id}", byGeneration(id))),
    generations: (cursor: string | null, limit = 20) =>
      call(client.GET("/api/studio/generations", { params: { query: { cursor: cursor ?? undefined, limit } } })),
    cancelGeneration: (id: number) =>
      call(client.POST("/api/studio/generations/{generation_id}/cancel", byGeneration(id))),
    gemini: (id: number, lang?: string) =>
      call(
        client.GET("/api/geminis/{gemini_id}", {
          params: { path: { gemini_id: id } },
          headers: lang ? { "Accept-Language": lang } : undefined,
        }),
      ),
    myGeminis: (cursor: string | null, limit = 24) =>
      call(client.GET("/api/me/geminis", { params: { query: { cursor: cursor ?? undefined, limit } } })),
    wallet: (cursor: string | null = null, limit = 10) =>
      call(client.GET("/api/wallet", { params: { query: { cursor: cursor ?? undefined, limit } } })),
    starPackages: () => call(client.GET("/api/wallet/packages")),
    paymentProviders: () => call(client.GET("/api/wallet/providers")),
    ledger: (cursor: string | null, limit = 20) =>
      call(client.GET("/api/wallet/entries", { params: { query: { cursor: cursor ?? undefined, limit } } })),
    orders: (cursor: string | null, limit = 10) =>
      call(client.GET("/api/wallet/orders", { params: { query: { cursor: cursor ?? undefined, limit } } })),
    order: (id: number) => call(client.GET("/api/wallet/orders/{order_id}", { params: { path: { order_id: id } } })),
    buyStars: (body: OrderInput) => call(client.POST("/api/wallet/orders", { body })),
    refundOrder: (id: number) =>
      call(client.POST("/api/wallet/orders/{order_id}/refund", { params: { path: { order_id: id } } })),
  };
}

export type Api = ReturnType<typeof createApi>;

/** OAuth start URL: a plain navigation, not a fetch (the provider redirects the whole page). */
export function oauthStartUrl(provider: Provider): string {
  return `/api/auth/oauth/${provider}/start`;
}

/** The app's single API client. */
export const api = createApi();
