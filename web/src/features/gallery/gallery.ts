// Gallery & social API (feed, rankings, gemini detail, likes, four-cuts, notifications) and the pure
// logic the gallery screens share. Uses the same token store and refresh as `api` (lib/api.ts).
import createClient from "openapi-fetch";
import type { components, paths } from "../../api/schema";
import { api, ApiError } from "../../api/client";

type Schemas = components["schemas"];
export type FeedItem = Schemas["FeedItem"];
export type FeedPage = Schemas["FeedPage"];
export type GeminiDetail = Schemas["GeminiOut"];
export type GeminiUpdate = Schemas["GeminiUpdate"];
export type Ranking = Schemas["RankingOut"];
export type RankedItem = Schemas["RankedItem"];
export type Fourcut = Schemas["FourcutOut"];
export type Notification = Schemas["NotificationOut"];
export type NotificationPage = Schemas["NotificationPage"];
export type Recipe = Schemas["RecipeOut"];
export type LikeState = Schemas["LikeOut"];
export type FourcutPage = Schemas["FourcutPage"];
export type Visibility = Schemas["GeminiCard"]["visibility"];
export type FeedKind = "latest" | "following" | "popular";
export type RankingKind = "daily" | "weekly";

/** Bearer token from the shared store; on 401 refresh once through the shared (deduplicated) refresh. */
async function authFetch(request: Request): Promise<Response> {
  const spare = request.clone();
  const used = api.tokens.get();
  const first = new Request(request, { credentials: "include" });
  if (used) first.headers.set("Authorization", `Bearer ${used}`);
  const response = await fetch(first);
  if (response.status !== 401 || !used) return response;
  const current = api.tokens.get();
  const token = current && current !== used ? current : await api.refresh();
  if (!token) return response;
  const retry = new Request(spare, { credentials: "include" });
  retry.headers.set("Authorization", `Bearer ${token}`);
  return fetch(retry);
}

const client = createClient<paths>({
  baseUrl: typeof window !== "undefined" && window.location ? window.location.origin : "http://localhost",
  fetch: authFetch,
  credentials: "include",
});

async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await promise;
  } catch (cause) {
    throw new ApiError(0, "NetworkError", cause instanceof Error ? cause.message : String(cause));
  }
  if (!result.response.ok) throw ApiError.from(result.response, result.error);
  return result.data as T;
}

const byId = (gemini_id: number) => ({ params: { path: { gemini_id } } });

export const gallery = {
  feed: (kind: FeedKind, cursor: string | null, limit = 24) =>
    call(client.GET("/api/feed", { params: { query: { kind, cursor: cursor ?? undefined, limit } } })),
  userGeminis: (nickname: string, cursor: string | null, limit = 24) =>
    call(
      client.GET("/api/users/{nickname}/geminis", {
        params: { path: { nickname }, query: { cursor: cursor ?? undefined, limit } },
      }),
    ),
  ranking: (kind: RankingKind, period: "current" | "previous") =>
    call(client.GET("/api/rankings/{period}", { params: { path: { period: kind }, query: { period } } })),
  gemini: (id: number, lang: string) =>
    call(client.GET("/api/geminis/{gemini_id}", { ...byId(id), headers: { "Accept-Language": lang } })),
  update: (id: number, body: GeminiUpdate) => call(client.PATCH("/api/geminis/{gemini_id}", { ...byId(id), body })),
  remove: (id: number) => call(client.DELETE("/api/geminis/{gemini_id}", byId(id))),
  setAvatar: (gemini_id: number) => call(client.PUT("/api/me/avatar", { body: { gemini_id } })),
  like: (id: number) => call(client.PUT("/api/geminis/{gemini_id}/like", byId(id))),
  unlike: (id: number) => call(client.DELETE("/api/geminis/{gemini_id}/like", byId(id))),
  recipe: (id: number) => call(client.GET("/api/geminis/{gemini_id}/recipe", byId(id))),
  fourcuts: (id: number) => call(client.GET("/api/geminis/{gemini_id}/fourcuts", byId(id))),
  orderFourcut: (id: number) => call(client.POST("/api/geminis/{gemini_id}/fourcuts", byId(id))),
  userFourcuts: (nickname: string, cursor: string | null, limit = 12) =>
    call(
      client.GET("/api/users/{nickname}/fourcuts", {
        params: { path: { nickname }, query: { cursor: cursor ?? undefined, limit } },
      }),
    ),
  notifications: (cursor: string | null, limit = 20) =>
    call(client.GET("/api/notifications", { params: { query: { cursor: cursor ?? undefined, limit } } })),
  unreadCount: () => call(client.GET("/api/notifications/unread-count")),
  markRead: (ids: number[]) => call(client.POST("/api/notifications/read", { body: { ids, all: false } })),
  markAllRead: () => call(client.POST("/api/notifications/read", { body: { all: true } })),
};

/** Append a page to what is already shown, dropping items already there (keyset pages can overlap when
 * new geminis arrive or counts move between requests). Keeps the first-seen order. */
export function mergePages<T extends { id: number }>(current: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(current.map((item) => item.id));
  const out = current.slice();
  for (const item of page) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    out.push(item);
  }
  return out;
}

/** Like state for one gemini: what is shown, plus the last state the server confirmed (for rollback). */
export interface LikeModel {
  liked: boolean;
  like_count: number;
  confirmed: LikeState;
  pending: number;
}

export type LikeAction =
  | { type: "toggle" }
  | { type: "confirmed"; state: LikeState }
  | { type: "failed" }
  | { type: "reset"; state: LikeState };

export function likeInit(state: LikeState): LikeModel {
  return { liked: state.liked, like_count: state.like_count, confirmed: { ...state }, pending: 0 };
}

/** Optimistic like/unlike: flip at once, settle on the server's answer, roll back to the last confirmed
 * state on failure. The count never goes below zero. */
export function likeReducer(model: LikeModel, action: LikeAction): LikeModel {
  switch (action.type) {
    case "toggle": {
      const liked = !model.liked;
      return {
        ...model,
        liked,
        like_count: Math.max(0, model.like_count + (liked ? 1 : -1)),
        pending: model.pending + 1,
      };
    }
    case "confirmed": {
      const pending = Math.max(0, model.pending - 1);
      // A later toggle is still in flight: keep showing it, but remember what the server said.
      if (pending > 0) return { ...model, pending, confirmed: { ...action.state } };
      return { liked: action.state.liked, like_count: action.state.like_count, confirmed: { ...action.state }, pending };
    }
    case "failed": {
      const pending = Math.max(0, model.pending - 1);
      return { ...model, liked: model.confirmed.liked, like_count: model.confirmed.like_count, pending };
    }
    case "reset":
      return likeInit(action.state);
  }
}

/** Tiny bus so every card showing a gemini hears about likes, edits and deletion made in the dialog.
 * A patch with `visibility: "private"` means the gemini left the public gallery (but not its owner's list). */
export type GeminiChange = {
  id: number;
  deleted?: boolean;
  patch?: Partial<FeedItem> & { visibility?: Visibility };
};
const changeListeners = new Set<(change: GeminiChange) => void>();
export function publishGeminiChange(change: GeminiChange): void {
  for (const listener of changeListeners) listener(change);
}
export function onGeminiChange(listener: (change: GeminiChange) => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

/** Apply a change to a list of cards: remove on delete, merge the patch otherwise. Public lists also drop
 * a gemini made private; the owner's own list (`keepPrivate`) keeps it and shows the new badge. */
export function applyGeminiChange<T extends FeedItem>(
  items: readonly T[],
  change: GeminiChange,
  { keepPrivate = false }: { keepPrivate?: boolean } = {},
): T[] {
  if (change.deleted || (!keepPrivate && change.patch?.visibility === "private")) {
    return items.filter((item) => item.id !== change.id);
  }
  return items.map((item) => (item.id === change.id ? { ...item, ...change.patch } : item));
}

/** The gemini the page's `?gemini=` parameter opens, if any. */
export function geminiParam(search: string): number | null {
  const raw = new URLSearchParams(search).get("gemini");
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 ? id : null;
}
