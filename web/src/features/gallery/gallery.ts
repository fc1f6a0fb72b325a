// Gallery & social endpoints (feed, rankings, gemini detail, likes, four-cuts) over the app's one API
// client, and the pure logic the gallery screens and their query caches share.
import type { InfiniteData } from "@tanstack/react-query";
import type { components } from "../../api/schema";
import { api, call } from "../../api/client";
import { feedQuery, type FeedFilters } from "./feedFilters";

type Schemas = components["schemas"];
export type FeedItem = Schemas["FeedItem"];
export type FeedPage = Schemas["FeedPage"];
export type GeminiDetail = Schemas["GeminiOut"];
export type GeminiUpdate = Schemas["GeminiUpdate"];
export type Ranking = Schemas["RankingOut"];
export type RankedItem = Schemas["RankedItem"];
export type Fourcut = Schemas["FourcutOut"];
export type Recipe = Schemas["RecipeOut"];
export type LikeState = Schemas["LikeOut"];
export type FourcutPage = Schemas["FourcutPage"];
export type Visibility = Schemas["GeminiCard"]["visibility"];
export type FeedKind = "latest" | "following" | "popular" | "saved";
export type SaveState = Schemas["SaveOut"];
export type RankingKind = "daily" | "weekly";
export type RankingPeriod = "current" | "previous";

const { client } = api;
const byId = (gemini_id: number) => ({ params: { path: { gemini_id } } });

export const gallery = {
  feed: (filters: FeedFilters, cursor: string | null, limit = 24) =>
    call(client.GET("/api/feed", { params: { query: { ...feedQuery(filters), cursor: cursor ?? undefined, limit } } })),
  save: (id: number) => call(client.PUT("/api/geminis/{gemini_id}/save", byId(id))),
  unsave: (id: number) => call(client.DELETE("/api/geminis/{gemini_id}/save", byId(id))),
  userGeminis: (nickname: string, cursor: string | null, limit = 24) =>
    call(
      client.GET("/api/users/{nickname}/geminis", {
        params: { path: { nickname }, query: { cursor: cursor ?? undefined, limit } },
      }),
    ),
  ranking: (kind: RankingKind, period: RankingPeriod) =>
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

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** Every loaded page of a keyset-paged list as one list, without duplicates. */
export function flattenPages<T extends { id: number }>(data: InfiniteData<Page<T>, unknown>): T[] {
  return data.pages.reduce<T[]>((shown, page) => mergePages(shown, page.items), []);
}

/** A change to one gemini that every cached list showing it must follow. A patch with
 * `visibility: "private"` means the gemini left the public gallery (but not its owner's list). */
export type GeminiChange = {
  id: number;
  deleted?: boolean;
  patch?: Partial<FeedItem> & { visibility?: Visibility };
};

/** Apply a change to one list of cards: remove on delete, merge the patch otherwise. Public lists also
 * drop a gemini made private; the owner's own list (`keepPrivate`) keeps it and shows the new badge. */
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

/** The same change applied to every loaded page of a cached list (the shape `useInfiniteQuery` keeps). */
export function applyGeminiChangeToPages<T extends FeedItem, P extends Page<T>>(
  data: InfiniteData<P, unknown> | undefined,
  change: GeminiChange,
  options: { keepPrivate?: boolean } = {},
): InfiniteData<P, unknown> | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: applyGeminiChange(page.items, change, options) })) };
}

/** What the like button shows after a click: flipped at once; the count never goes below zero. */
export function toggledLike(state: LikeState): LikeState {
  const liked = !state.liked;
  return { liked, like_count: Math.max(0, state.like_count + (liked ? 1 : -1)) };
}

/** The gemini the page's `?gemini=` parameter opens, if any. */
export function geminiParam(search: string): number | null {
  const raw = new URLSearchParams(search).get("gemini");
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 ? id : null;
}
