// The gallery's filters live in the address bar, so a filtered gallery is a link to share and the
// browser's back and forward step through filter changes. Pure: parse and write query strings.

export type GalleryKind = "latest" | "following" | "popular" | "saved";
export const GALLERY_KINDS: readonly GalleryKind[] = ["latest", "following", "popular", "saved"];
export const QUERY_MAX = 40;

/** One recipe attribute the feed must match: `category_id:option_id` on the wire. */
export interface LookFilter {
  category: string;
  option: string;
}

export interface FeedFilters {
  kind: GalleryKind;
  /** Text looked up in names; "" for none. */
  q: string;
  /** Every one must match (same category twice can never match, so the newer one replaces it). */
  look: LookFilter[];
}

export const NO_FILTERS: FeedFilters = { kind: "latest", q: "", look: [] };

const ID = /^[a-z0-9_-]{1,64}$/i;

/** `hair_color:pink` → a filter; anything malformed (a hand-edited link) is dropped, not sent. */
export function parseLook(raw: string): LookFilter | null {
  const at = raw.indexOf(":");
  if (at <= 0) return null;
  const category = raw.slice(0, at);
  const option = raw.slice(at + 1);
  return ID.test(category) && ID.test(option) ? { category, option } : null;
}

/** Add or replace the filter of `filter.category` (one option per category). */
export function withLook(look: readonly LookFilter[], filter: LookFilter): LookFilter[] {
  return [...look.filter((f) => f.category !== filter.category), filter];
}

export function withoutLook(look: readonly LookFilter[], category: string): LookFilter[] {
  return look.filter((f) => f.category !== category);
}

/** The filters a query string asks for; unknown or broken values fall back to no filter. */
export function parseFilters(search: string): FeedFilters {
  const params = new URLSearchParams(search);
  const kind = params.get("feed");
  let look: LookFilter[] = [];
  for (const raw of params.getAll("attr")) {
    const filter = parseLook(raw);
    if (filter) look = withLook(look, filter);
  }
  return {
    kind: GALLERY_KINDS.includes(kind as GalleryKind) ? (kind as GalleryKind) : "latest",
    q: [...(params.get("q") ?? "").trim()].slice(0, QUERY_MAX).join(""),
    look,
  };
}

/**
 * The query string for `filters`, keeping the page's other parameters (an open gemini's
 * `?gemini=`) and leaving out defaults, so the plain gallery stays at a plain "/".
 */
export function writeFilters(search: string, filters: FeedFilters): string {
  const params = new URLSearchParams(search);
  for (const key of ["feed", "q", "attr"]) params.delete(key);
  if (filters.kind !== "latest") params.set("feed", filters.kind);
  const q = filters.q.trim();
  if (q) params.set("q", q);
  for (const f of filters.look) params.append("attr", `${f.category}:${f.option}`);
  const out = params.toString();
  return out ? `?${out}` : "";
}

/** The `/api/feed` query for these filters. */
export function feedQuery(filters: FeedFilters): { kind: GalleryKind; q?: string; attr?: string[] } {
  const q = filters.q.trim();
  return {
    kind: filters.kind,
    ...(q ? { q } : {}),
    ...(filters.look.length ? { attr: filters.look.map((f) => `${f.category}:${f.option}`) } : {}),
  };
}

export function hasFilters(filters: FeedFilters): boolean {
  return filters.q.trim() !== "" || filters.look.length > 0;
}
