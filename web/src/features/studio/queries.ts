// The studio's server state in the one query cache: the catalog, the history, each followed
// generation, and the summon. Keys stay local to this feature; the wallet's key is shared.
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { api, type Catalog, type Generation, type RecipeInput } from "../../api/client";
import { useI18n } from "../../i18n";
import { isFinished, parseWhen, type StudioCatalog } from "./studio";

export const studioKeys = {
  all: ["studio"] as const,
  catalog: (lang: string) => ["studio", "catalog", lang] as const,
  history: () => ["studio", "history"] as const,
  /** The summons still on their way when the studio opened (looked up once per visit). */
  openOnArrival: () => ["studio", "open-on-arrival"] as const,
  generation: (id: number) => ["studio", "generation", id] as const,
  gemini: (id: number, lang: string | null) => ["studio", "gemini", id, lang] as const,
};

/** The balance the header, the wallet panel and the studio read (owned by the wallet feature). */
export const WALLET_KEY = ["wallet"] as const;

export function toStudioCatalog(raw: Catalog): StudioCatalog {
  return {
    cost: raw.cost,
    vary_count: raw.vary_count,
    vary_cost: raw.vary_cost,
    presets: raw.presets,
    categories: raw.categories.map((c) => ({ ...c, when: parseWhen(c.when) })),
  };
}

/**
 * The studio catalog in the UI language, fetched once per language per page load. While another
 * language loads, the previous labels stay rather than flashing empty.
 */
export function useCatalog(): { catalog: StudioCatalog | null; error: unknown } {
  const { lang } = useI18n();
  const query = useQuery({
    queryKey: studioKeys.catalog(lang),
    queryFn: async () => toStudioCatalog(await api.catalog(lang)),
    staleTime: Infinity,
    gcTime: Infinity,
    placeholderData: keepPreviousData,
  });
  return { catalog: query.data ?? null, error: query.error };
}

/** My summons, newest first, a page at a time. */
export function useHistory() {
  return useInfiniteQuery({
    queryKey: studioKeys.history(),
    queryFn: ({ pageParam }) => api.generations(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    // Jobs move on while the page is closed: read the list again on every visit.
    staleTime: 0,
  });
}

/**
 * Summons started before this visit (here or in another tab) that are still queued or running,
 * so the studio follows them again. A snapshot: once taken it is not refetched while the studio is
 * open (a card must not vanish when its job ends), and it is dropped when the studio closes.
 */
export function useOpenOnArrival(): Generation[] {
  const { data } = useQuery({
    queryKey: studioKeys.openOnArrival(),
    queryFn: async () => (await api.generations(null, 10)).items.filter((g) => !isFinished(g.status)),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  return data ?? NONE;
}
const NONE: Generation[] = [];

/** Summon: pays stars and adds to the history, so both are read again. */
export function useSummon() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (recipe: RecipeInput) => api.generate(recipe),
    // Not awaited: the new job's card shows at once, the balance and the list catch up.
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: WALLET_KEY });
      void queryClient.invalidateQueries({ queryKey: studioKeys.history() });
    },
  });
}

/** Vary: the same recipe with several seeds at once, charged together. */
export function useVary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (recipe: RecipeInput) => api.vary(recipe),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: WALLET_KEY });
      void queryClient.invalidateQueries({ queryKey: studioKeys.history() });
    },
  });
}

export function useCancelGeneration(id: number) {
  return useMutation({ mutationFn: () => api.cancelGeneration(id) });
}

/** A summoned portrait (labels in `lang` when given); `null` id means "nothing to load yet". */
export function useStudioGemini(id: number | null, lang: string | null = null) {
  return useQuery({
    queryKey: studioKeys.gemini(id ?? 0, lang),
    queryFn: () => api.gemini(id!, lang ?? undefined),
    enabled: id !== null,
    staleTime: Infinity,
    // Switching language keeps the portrait on screen while its new labels load.
    placeholderData: keepPreviousData,
  });
}
