import { describe, expect, it } from "vitest";
import {
  applies,
  choose,
  englishOrdinal,
  isComplete,
  matchingPreset,
  missingRequired,
  normalize,
  parseSeed,
  parseWhen,
  randomAttributes,
  recipeKeywords,
  recipeSummary,
  visibleCategories,
  type CatalogCategory,
  type StudioCatalog,
} from "./studio";

const opts = (category: string, ...ids: string[]) =>
  ids.map((id) => ({ id, label: `${category}:${id}`, preview_url: `/p/${category}/${id}.webp` }));

function cat(id: string, required: boolean, ids: string[], when: CatalogCategory["when"] = null): CatalogCategory {
  return { id, label: id.toUpperCase(), required, when, options: opts(id, ...ids) };
}

// Shaped like the real catalog: hair styles depend on gender, and (to test chains) a beard colour that
// only applies to one male style.
const catalog: StudioCatalog = {
  cost: 1,
  vary_count: 4,
  vary_cost: 4,
  categories: [
    cat("style", true, ["anime", "watercolor"]),
    cat("gender", true, ["female", "male"]),
    cat("hair_style_female", true, ["long", "short", "twin"], { category: "gender", in: null, not_in: ["male"] }),
    cat("hair_style_male", true, ["spiky", "bearded"], { category: "gender", in: ["male"], not_in: [] }),
    cat("beard_color", true, ["black", "red"], { category: "hair_style_male", in: ["bearded"], not_in: null }),
    cat("accessory", false, ["glasses", "halo"]),
  ],
  presets: [
    {
      id: "knight",
      label: "Knight",
      preview_url: "/p/preset/knight.webp",
      attributes: { style: "anime", gender: "male", hair_style_male: "spiky" },
    },
  ],
};

function seeded(seed: number): () => number {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("when rules", () => {
  const female = catalog.categories[2]!;
  const male = catalog.categories[3]!;

  it("honours `in` and `not_in`", () => {
    expect(applies(female, { gender: "female" })).toBe(true);
    expect(applies(female, { gender: "male" })).toBe(false);
    expect(applies(male, { gender: "male" })).toBe(true);
    expect(applies(male, { gender: "female" })).toBe(false);
  });

  it("treats an unchosen category as matching no `in` list and no `not_in` list", () => {
    expect(applies(female, {})).toBe(true);
    expect(applies(male, {})).toBe(false);
  });

  it("reads the loosely typed server rule", () => {
    expect(parseWhen({ category: "gender", in: ["male"], not_in: [] })).toEqual({
      category: "gender",
      in: ["male"],
      not_in: [],
    });
    expect(parseWhen({ category: "gender", in: null, not_in: ["male"] })).toEqual({
      category: "gender",
      in: null,
      not_in: ["male"],
    });
    expect(parseWhen(null)).toBeNull();
    expect(parseWhen({ in: ["x"] })).toBeNull();
  });

  it("shows only the applicable hair set", () => {
    const ids = (a: Record<string, string>) => visibleCategories(catalog, a).map((c) => c.id);
    expect(ids({ gender: "female" })).toEqual(["style", "gender", "hair_style_female", "accessory"]);
    expect(ids({ gender: "male" })).toEqual(["style", "gender", "hair_style_male", "accessory"]);
    expect(ids({ gender: "male", hair_style_male: "bearded" })).toContain("beard_color");
  });
});

describe("normalize / choose", () => {
  it("drops unknown categories, unknown options and inapplicable categories", () => {
    expect(
      normalize(catalog, { style: "anime", gender: "male", hair_style_female: "long", nope: "x", accessory: "crown" }),
    ).toEqual({ style: "anime", gender: "male" });
  });

  it("follows chains: switching gender drops the male style and the beard that hung on it", () => {
    const male = { style: "anime", gender: "male", hair_style_male: "bearded", beard_color: "red" };
    expect(isComplete(catalog, male)).toBe(true);
    expect(choose(catalog, male, "gender", "female")).toEqual({ style: "anime", gender: "female" });
  });

  it("clears an optional category with null", () => {
    expect(choose(catalog, { accessory: "halo" }, "accessory", null)).toEqual({});
  });

  it("lists what is still missing", () => {
    expect(missingRequired(catalog, { gender: "male" }).map((c) => c.id)).toEqual(["style", "hair_style_male"]);
    expect(missingRequired(catalog, catalog.presets[0]!.attributes)).toEqual([]);
  });
});

describe("randomAttributes", () => {
  it("always rolls a valid, complete recipe", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 500; seed++) {
      const attributes = randomAttributes(catalog, seeded(seed));
      expect(isComplete(catalog, attributes), JSON.stringify(attributes)).toBe(true);
      for (const category of catalog.categories) {
        if (category.id in attributes) expect(applies(category, attributes)).toBe(true);
      }
      seen.add(JSON.stringify(attributes));
    }
    // It explores: both genders, the chained beard, with and without accessories.
    const all = [...seen].map((s) => JSON.parse(s) as Record<string, string>);
    expect(all.some((a) => a.gender === "male")).toBe(true);
    expect(all.some((a) => a.gender === "female")).toBe(true);
    expect(all.some((a) => a.beard_color)).toBe(true);
    expect(all.some((a) => a.accessory)).toBe(true);
    expect(all.some((a) => !a.accessory)).toBe(true);
  });

  it("copes with extreme random numbers", () => {
    expect(isComplete(catalog, randomAttributes(catalog, () => 0))).toBe(true);
    expect(isComplete(catalog, randomAttributes(catalog, () => 0.9999999))).toBe(true);
  });
});

describe("recipe summary", () => {
  it("lists applicable categories in catalog order with labels, marking the unchosen", () => {
    expect(recipeSummary(catalog, { gender: "male", hair_style_male: "spiky", accessory: "halo" })).toEqual([
      { categoryId: "style", category: "STYLE", optionId: null, option: null, required: true },
      { categoryId: "gender", category: "GENDER", optionId: "male", option: "gender:male", required: true },
      {
        categoryId: "hair_style_male",
        category: "HAIR_STYLE_MALE",
        optionId: "spiky",
        option: "hair_style_male:spiky",
        required: true,
      },
      { categoryId: "accessory", category: "ACCESSORY", optionId: "halo", option: "accessory:halo", required: false },
    ]);
  });

  it("turns a stored recipe into keyword labels and recognises presets", () => {
    expect(recipeKeywords(catalog, { gender: "male", style: "anime", gone: "x", accessory: 3 })).toEqual([
      "style:anime",
      "gender:male",
    ]);
    expect(matchingPreset(catalog, { ...catalog.presets[0]!.attributes })?.id).toBe("knight");
    expect(matchingPreset(catalog, { ...catalog.presets[0]!.attributes, accessory: "halo" })).toBeNull();
  });
});

describe("small helpers", () => {
  it("parses seeds", () => {
    expect(parseSeed("")).toBeNull();
    expect(parseSeed(" 42 ")).toBe(42);
    expect(parseSeed("4294967295")).toBe(4294967295);
    expect(parseSeed("4294967296")).toBe("invalid");
    expect(parseSeed("-1")).toBe("invalid");
    expect(parseSeed("1.5")).toBe("invalid");
  });

  it("writes English ordinals", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(englishOrdinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "4th",
      "11th",
      "12th",
      "13th",
      "21st",
      "22nd",
      "23rd",
      "101st",
      "111th",
    ]);
  });
});
