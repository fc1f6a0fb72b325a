// The live preview's pure parts: one key per recipe (attribute order does not matter) and a small
// recently-used cache of drawn previews, so stepping back to an earlier choice shows at once.

export type PreviewAttributes = Readonly<Record<string, string>>;

export const PREVIEW_DEBOUNCE_MS = 250;

/** The same recipe gives the same key whatever order its attributes were chosen in. */
export function recipeKey(attributes: PreviewAttributes): string {
  return Object.keys(attributes)
    .sort()
    .map((k) => `${k}=${attributes[k]}`)
    .join("&");
}

/** Back from a key to the recipe (catalog ids are slugs: no "&" or "="). */
export function attributesOf(key: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of key ? key.split("&") : []) {
    const at = pair.indexOf("=");
    if (at > 0) out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** A least-recently-used map with a fixed capacity (oldest dropped first). */
export class RecentCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
