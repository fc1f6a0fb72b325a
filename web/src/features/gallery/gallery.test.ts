import { describe, expect, it } from "vitest";
import type { InfiniteData } from "@tanstack/react-query";
import {
  applyGeminiChange,
  applyGeminiChangeToPages,
  flattenPages,
  geminiParam,
  mergePages,
  toggledLike,
  type FeedItem,
  type FeedPage,
} from "./gallery";

const card = (id: number, extra: Partial<FeedItem> = {}): FeedItem => ({
  id,
  name: `g${id}`,
  thumbnail_url: `/t/${id}.webp`,
  owner: { nickname: "ara", avatar_url: null },
  like_count: 0,
  liked: false,
  saved: false,
  ...extra,
});

describe("mergePages", () => {
  it("appends the next page in order", () => {
    expect(mergePages([card(5), card(4)], [card(3), card(2)]).map((c) => c.id)).toEqual([5, 4, 3, 2]);
  });
  it("drops items already shown when pages overlap", () => {
    const merged = mergePages([card(5), card(4), card(3)], [card(3), card(2), card(4), card(1)]);
    expect(merged.map((c) => c.id)).toEqual([5, 4, 3, 2, 1]);
  });
  it("drops duplicates inside one page and keeps the first copy", () => {
    const merged = mergePages([], [card(1, { like_count: 1 }), card(1, { like_count: 9 })]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.like_count).toBe(1);
  });
  it("does not mutate its inputs", () => {
    const current = [card(1)];
    mergePages(current, [card(2)]);
    expect(current).toHaveLength(1);
  });
});

describe("toggledLike", () => {
  it("flips the heart and moves the count by one", () => {
    expect(toggledLike({ liked: false, like_count: 4 })).toEqual({ liked: true, like_count: 5 });
    expect(toggledLike({ liked: true, like_count: 3 })).toEqual({ liked: false, like_count: 2 });
  });
  it("never shows a negative count", () => {
    expect(toggledLike({ liked: true, like_count: 0 })).toEqual({ liked: false, like_count: 0 });
  });
});

describe("applyGeminiChange", () => {
  it("patches the matching card and removes deleted ones", () => {
    const items = [card(1), card(2)];
    expect(applyGeminiChange(items, { id: 2, patch: { liked: true, like_count: 1 } })[1]).toMatchObject({ liked: true, like_count: 1 });
    expect(applyGeminiChange(items, { id: 1, deleted: true }).map((c) => c.id)).toEqual([2]);
  });
  it("drops a gemini made private from public lists but keeps it (re-badged) in the owner's", () => {
    const mine = [
      { ...card(1), visibility: "public" as const },
      { ...card(2), visibility: "public" as const },
    ];
    const hidden = { id: 2, patch: { name: "Vega", visibility: "private" as const } };
    expect(applyGeminiChange(mine, hidden).map((c) => c.id)).toEqual([1]);
    expect(applyGeminiChange(mine, hidden, { keepPrivate: true })[1]).toMatchObject({ name: "Vega", visibility: "private" });
    expect(applyGeminiChange(mine, { id: 1, deleted: true }, { keepPrivate: true }).map((c) => c.id)).toEqual([2]);
  });
});

describe("cached pages", () => {
  const pages = (...lists: number[][]): InfiniteData<FeedPage, string | null> => ({
    pages: lists.map((ids, i) => ({ items: ids.map((id) => card(id)), next_cursor: i < lists.length - 1 ? `c${i}` : null })),
    pageParams: lists.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
  });
  it("flatten into one list without the overlap between pages", () => {
    expect(flattenPages(pages([5, 4, 3], [3, 2], [2, 1])).map((c) => c.id)).toEqual([5, 4, 3, 2, 1]);
  });
  it("follow a change on whichever page holds the gemini, keeping the cursors", () => {
    const before = pages([3, 2], [1]);
    const liked = applyGeminiChangeToPages(before, { id: 1, patch: { liked: true, like_count: 1 } })!;
    expect(liked.pages[1]!.items[0]).toMatchObject({ id: 1, liked: true, like_count: 1 });
    expect(liked.pageParams).toEqual(before.pageParams);
    expect(before.pages[1]!.items[0]!.liked).toBe(false);
    const deleted = applyGeminiChangeToPages(before, { id: 2, deleted: true })!;
    expect(flattenPages(deleted).map((c) => c.id)).toEqual([3, 1]);
  });
  it("leave a list that is not cached alone", () => {
    expect(applyGeminiChangeToPages(undefined, { id: 1, deleted: true })).toBeUndefined();
  });
});

describe("geminiParam", () => {
  it("reads a positive id and rejects junk", () => {
    expect(geminiParam("?gemini=42")).toBe(42);
    expect(geminiParam("?x=1&gemini=7")).toBe(7);
    expect(geminiParam("?gemini=abc")).toBeNull();
    expect(geminiParam("?gemini=0")).toBeNull();
    expect(geminiParam("")).toBeNull();
  });
});
