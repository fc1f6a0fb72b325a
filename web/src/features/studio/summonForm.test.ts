import { describe, expect, it } from "vitest";
import { summonSchema } from "./summonForm";

const issues = (value: { extra_prompt: string; seed: string }) =>
  summonSchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];

describe("the summon form", () => {
  it("sends nothing for empty fine-tuning, and trims the extra prompt", () => {
    expect(summonSchema.parse({ extra_prompt: "  ", seed: "" })).toEqual({ extra_prompt: null, seed: null });
    expect(summonSchema.parse({ extra_prompt: " starry eyes ", seed: " 42 " })).toEqual({
      extra_prompt: "starry eyes",
      seed: 42,
    });
  });

  it("takes up to 200 characters of extra prompt, counted as a person counts them", () => {
    expect(issues({ extra_prompt: "별".repeat(200), seed: "" })).toEqual([]);
    expect(issues({ extra_prompt: "😀".repeat(200), seed: "" })).toEqual([]);
    expect(issues({ extra_prompt: "a".repeat(201), seed: "" })).toEqual([["extra_prompt", "studio.extraTooLong"]]);
  });

  it("takes a seed from 0 to 2^32-1", () => {
    expect(summonSchema.parse({ extra_prompt: "", seed: "0" }).seed).toBe(0);
    expect(summonSchema.parse({ extra_prompt: "", seed: "4294967295" }).seed).toBe(4294967295);
    for (const seed of ["4294967296", "-1", "1.5", "abc"]) {
      expect(issues({ extra_prompt: "", seed })).toEqual([["seed", "studio.seedInvalid"]]);
    }
  });
});
