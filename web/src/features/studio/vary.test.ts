import { describe, expect, it } from "vitest";
import { notKept } from "./VaryPanel";

describe("vary: keep all or some", () => {
  const items = [
    { id: 1, status: "succeeded" as const, gemini_id: 11 },
    { id: 2, status: "succeeded" as const, gemini_id: 12 },
    { id: 3, status: "failed" as const, gemini_id: null },
    { id: 4, status: "succeeded" as const, gemini_id: 14 },
  ];

  it("lets go of the geminis that were unticked", () => {
    expect(notKept(items, new Set([1, 4]))).toEqual([12]);
  });

  it("keeps everything when everything is ticked, and never deletes what did not arrive", () => {
    expect(notKept(items, new Set([1, 2, 4]))).toEqual([]);
    expect(notKept(items, new Set())).toEqual([11, 12, 14]);
  });
});
