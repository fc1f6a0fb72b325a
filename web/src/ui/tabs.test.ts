import { describe, expect, it } from "vitest";
import { nextTabIndex } from "./tabs";

describe("nextTabIndex", () => {
  it("wraps with the arrows and jumps with Home/End", () => {
    expect(nextTabIndex(2, 0, "ArrowRight")).toBe(1);
    expect(nextTabIndex(2, 1, "ArrowRight")).toBe(0);
    expect(nextTabIndex(2, 0, "ArrowLeft")).toBe(1);
    expect(nextTabIndex(3, 1, "Home")).toBe(0);
    expect(nextTabIndex(3, 0, "End")).toBe(2);
  });
  it("ignores other keys and empty lists", () => {
    expect(nextTabIndex(2, 0, "Enter")).toBeNull();
    expect(nextTabIndex(0, 0, "ArrowRight")).toBeNull();
  });
});
