import { describe, expect, it } from "vitest";
import { applyGeminiChange, geminiParam, likeInit, likeReducer, mergePages, type FeedItem } from "./gallery";

const card = (id: number, extra: Partial<FeedItem> = {}): FeedItem => ({
  id,
  name: `g${id}`,
  thumbnail_url: `/t/${id}.webp`,
  owner: { nickname: "ara", avatar_url: null },
  like_count: 0,
  liked: false,
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

describe("likeReducer", () => {
  it("flips optimistically and settles on the server's answer", () => {
    let m = likeInit({ liked: false, like_count: 4 });
    m = likeReducer(m, { type: "toggle" });
    expect(m).toMatchObject({ liked: true, like_count: 5, pending: 1 });
    m = likeReducer(m, { type: "confirmed", state: { liked: true, like_count: 7 } });
    expect(m).toMatchObject({ liked: true, like_count: 7, pending: 0, confirmed: { liked: true, like_count: 7 } });
  });
  it("rolls back to the last confirmed state on error", () => {
    let m = likeInit({ liked: true, like_count: 3 });
    m = likeReducer(m, { type: "toggle" });
    expect(m).toMatchObject({ liked: false, like_count: 2 });
    m = likeReducer(m, { type: "failed" });
    expect(m).toMatchObject({ liked: true, like_count: 3, pending: 0 });
  });
  it("never shows a negative count", () => {
    const m = likeReducer(likeInit({ liked: true, like_count: 0 }), { type: "toggle" });
    expect(m.like_count).toBe(0);
  });
  it("keeps showing a later toggle while it is still in flight", () => {
    let m = likeInit({ liked: false, like_count: 1 });
    m = likeReducer(m, { type: "toggle" }); // like
    m = likeReducer(m, { type: "toggle" }); // unlike before the like answered
    m = likeReducer(m, { type: "confirmed", state: { liked: true, like_count: 2 } });
    expect(m).toMatchObject({ liked: false, like_count: 1, pending: 1 });
    m = likeReducer(m, { type: "failed" });
    expect(m).toMatchObject({ liked: true, like_count: 2, pending: 0 });
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

describe("geminiParam", () => {
  it("reads a positive id and rejects junk", () => {
    expect(geminiParam("?gemini=42")).toBe(42);
    expect(geminiParam("?x=1&gemini=7")).toBe(7);
    expect(geminiParam("?gemini=abc")).toBeNull();
    expect(geminiParam("?gemini=0")).toBeNull();
    expect(geminiParam("")).toBeNull();
  });
});
