// Pure studio logic: which categories apply, valid random recipes, the recipe summary. No React, no fetch.

export interface CatalogOption {
  id: string;
  label: string;
  preview_url: string;
}

/** A category applies only when the chosen option of `category` is in `in` (if given) and not in `not_in`. */
export interface WhenRule {
  category: string;
  in?: readonly string[] | null;
  not_in?: readonly string[] | null;
}

export interface CatalogCategory {
  id: string;
  label: string;
  required: boolean;
  when: WhenRule | null;
  options: readonly CatalogOption[];
}

export interface CatalogPreset {
  id: string;
  label: string;
  preview_url: string;
  attributes: Readonly<Record<string, string>>;
}

export interface StudioCatalog {
  categories: readonly CatalogCategory[];
  presets: readonly CatalogPreset[];
  cost: number;
  /** A vary: how many seeds at once, and what they cost together (the server's numbers). */
  vary_count: number;
  vary_cost: number;
}

export type Attributes = Record<string, string>;

export const EXTRA_PROMPT_MAX = 200;
export const SEED_MAX = 4294967295;

/** The server types `when` loosely; read it defensively. */
export function parseWhen(raw: unknown): WhenRule | null {
  if (!raw || typeof raw !== "object") return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.category !== "string") return null;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : null);
  return { category: r.category, in: list(r.in), not_in: list(r.not_in) };
}

/** Does `category` apply to a recipe with these attributes? */
export function applies(category: Pick<CatalogCategory, "when">, attributes: Readonly<Attributes>): boolean {
  const rule = category.when;
  if (!rule) return true;
  const chosen = attributes[rule.category];
  if (rule.in != null && (chosen === undefined || !rule.in.includes(chosen))) return false;
  if (rule.not_in != null && chosen !== undefined && rule.not_in.includes(chosen)) return false;
  return true;
}

/**
 * Keep only what is valid: known categories, known options, categories that apply. Dropping one
 * attribute can make another category stop applying, so repeat until nothing changes.
 */
export function normalize(catalog: StudioCatalog, attributes: Readonly<Attributes>): Attributes {
  let current: Attributes = {};
  for (const category of catalog.categories) {
    const value = attributes[category.id];
    if (value !== undefined && category.options.some((o) => o.id === value)) current[category.id] = value;
  }
  for (let pass = 0; pass <= catalog.categories.length; pass++) {
    const next: Attributes = {};
    for (const category of catalog.categories) {
      const value = current[category.id];
      if (value !== undefined && applies(category, current)) next[category.id] = value;
    }
    if (Object.keys(next).length === Object.keys(current).length) return next;
    current = next;
  }
  return current;
}

/** The categories a person sees for these attributes, in catalog order. */
export function visibleCategories(catalog: StudioCatalog, attributes: Readonly<Attributes>): CatalogCategory[] {
  return catalog.categories.filter((c) => applies(c, attributes));
}

/** Required categories that apply but have no option yet. */
export function missingRequired(catalog: StudioCatalog, attributes: Readonly<Attributes>): CatalogCategory[] {
  return visibleCategories(catalog, attributes).filter((c) => c.required && attributes[c.id] === undefined);
}

/** A recipe the server will accept: every applicable required category set, nothing inapplicable or unknown. */
export function isComplete(catalog: StudioCatalog, attributes: Readonly<Attributes>): boolean {
  const clean = normalize(catalog, attributes);
  return (
    Object.keys(clean).length === Object.keys(attributes).length &&
    Object.entries(attributes).every(([k, v]) => clean[k] === v) &&
    missingRequired(catalog, clean).length === 0
  );
}

/** Choose `option` in `categoryId` (or clear it with null) and drop whatever no longer applies. */
export function choose(
  catalog: StudioCatalog,
  attributes: Readonly<Attributes>,
  categoryId: string,
  option: string | null,
): Attributes {
  const next: Attributes = { ...attributes };
  if (option === null) delete next[categoryId];
  else next[categoryId] = option;
  return normalize(catalog, next);
}

/** Roll a complete, valid recipe. Optional categories are filled about half the time. */
export function randomAttributes(catalog: StudioCatalog, random: () => number = Math.random): Attributes {
  const pick = <T>(items: readonly T[]): T => items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
  let attributes: Attributes = {};
  const decided = new Set<string>();
  // Applicability depends on earlier picks; repeat until a pass changes nothing.
  for (let pass = 0; pass <= catalog.categories.length + 1; pass++) {
    let changed = false;
    for (const category of catalog.categories) {
      if (decided.has(category.id) || category.options.length === 0 || !applies(category, attributes)) continue;
      decided.add(category.id);
      changed = true;
      if (category.required || random() < 0.5) attributes[category.id] = pick(category.options).id;
    }
    const clean = normalize(catalog, attributes);
    if (Object.keys(clean).length !== Object.keys(attributes).length) {
      // Something stopped applying: let its category be decided again if it comes back.
      for (const id of Object.keys(attributes)) if (!(id in clean)) decided.delete(id);
      attributes = clean;
      changed = true;
    }
    if (!changed) break;
  }
  return attributes;
}

export interface SummaryLine {
  categoryId: string;
  category: string;
  optionId: string | null;
  option: string | null;
  required: boolean;
}

/** One line per applicable category, in catalog order, with the labels a person reads. */
export function recipeSummary(catalog: StudioCatalog, attributes: Readonly<Attributes>): SummaryLine[] {
  return visibleCategories(catalog, attributes).map((category) => {
    const optionId = attributes[category.id] ?? null;
    const option = optionId ? (category.options.find((o) => o.id === optionId)?.label ?? optionId) : null;
    return { categoryId: category.id, category: category.label, optionId, option, required: category.required };
  });
}

/** The option labels of a stored recipe (unknown ids are skipped), for keyword chips. */
export function recipeKeywords(catalog: StudioCatalog, attributes: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const category of catalog.categories) {
    const value = attributes[category.id];
    const option = category.options.find((o) => o.id === value);
    if (option) out.push(option.label);
  }
  return out;
}

/** Which preset (if any) these attributes are exactly. */
export function matchingPreset(catalog: StudioCatalog, attributes: Readonly<Attributes>): CatalogPreset | null {
  const keys = Object.keys(attributes);
  return (
    catalog.presets.find((p) => {
      const pk = Object.keys(p.attributes);
      return pk.length === keys.length && pk.every((k) => p.attributes[k] === attributes[k]);
    }) ?? null
  );
}

/** "" → no seed; otherwise an integer 0..2^32-1, or "invalid". */
export function parseSeed(text: string): number | null | "invalid" {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) return "invalid";
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value <= SEED_MAX ? value : "invalid";
}

export function charCount(text: string): number {
  return [...text].length;
}

/** "1st", "2nd", "3rd", "11th" … */
export function englishOrdinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** Attributes passed around as unknown (router state, stored recipes) → a clean string map. */
export function attributesFrom(raw: unknown): Attributes | null {
  if (!raw || typeof raw !== "object") return null;
  const out: Attributes = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === "string") out[k] = v;
  return out;
}

export type GenerationStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export function isFinished(status: GenerationStatus): boolean {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}
