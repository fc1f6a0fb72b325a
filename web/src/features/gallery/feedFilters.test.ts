import { describe, expect, it } from "vitest";
import { feedQuery, hasFilters, NO_FILTERS, parseFilters, parseLook, withLook, writeFilters } from "./feedFilters";

describe("gallery filters in the address bar", () => {
  it("round-trips kind, text and every look filter", () => {
    const filters = {
      kind: "popular" as const,
      q: "luna",
      look: [
        { category: "hair_color", option: "pink" },
        { category: "outfit", option: "hanbok" },
      ],
    };
    const search = writeFilters("", filters);
    expect(search).toBe("?feed=popular&q=luna&attr=hair_color%3Apink&attr=outfit%3Ahanbok");
    expect(parseFilters(search)).toEqual(filters);
  });

  it("keeps the page's other parameters and writes nothing for the plain gallery", () => {
    expect(writeFilters("?gemini=12&q=old", NO_FILTERS)).toBe("?gemini=12");
    expect(writeFilters("?q=old", NO_FILTERS)).toBe("");
  });

  it("reads Korean text and trims it to the limit", () => {
    const search = writeFilters("", { ...NO_FILTERS, q: "  별빛  " });
    expect(parseFilters(search).q).toBe("별빛");
    expect([...parseFilters(`?q=${"가".repeat(60)}`).q]).toHaveLength(40);
  });

  it("drops malformed or unknown values instead of sending them", () => {
    expect(parseLook("hair_color")).toBeNull();
    expect(parseLook(":pink")).toBeNull();
    expect(parseLook("hair color:pink")).toBeNull();
    const f = parseFilters("?feed=nonsense&attr=bad&attr=eyes:blue");
    expect(f.kind).toBe("latest");
    expect(f.look).toEqual([{ category: "eyes", option: "blue" }]);
  });

  it("one option per category: a second pick replaces the first", () => {
    const look = withLook([{ category: "hair_color", option: "pink" }], { category: "hair_color", option: "blue" });
    expect(look).toEqual([{ category: "hair_color", option: "blue" }]);
    expect(parseFilters("?attr=hair_color:pink&attr=hair_color:blue").look).toEqual(look);
  });

  it("builds the /api/feed query", () => {
    expect(feedQuery(NO_FILTERS)).toEqual({ kind: "latest" });
    expect(feedQuery({ kind: "saved", q: " a ", look: [{ category: "c", option: "o" }] })).toEqual({
      kind: "saved",
      q: "a",
      attr: ["c:o"],
    });
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, q: "x" })).toBe(true);
  });
});
