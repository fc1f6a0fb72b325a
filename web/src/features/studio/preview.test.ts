import { describe, expect, it } from "vitest";
import { attributesOf, recipeKey, RecentCache } from "./preview";

describe("live preview", () => {
  it("keys a recipe by its content, not the order it was picked in", () => {
    expect(recipeKey({ hair: "pink", eyes: "blue" })).toBe(recipeKey({ eyes: "blue", hair: "pink" }));
    expect(recipeKey({ hair: "pink" })).not.toBe(recipeKey({ hair: "blue" }));
    expect(attributesOf(recipeKey({ hair: "pink", eyes: "blue" }))).toEqual({ eyes: "blue", hair: "pink" });
    expect(attributesOf("")).toEqual({});
  });

  it("keeps the most recently used previews", () => {
    const cache = new RecentCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the newest
    cache.set("c", 3);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });
});
