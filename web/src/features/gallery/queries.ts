// The gallery's server state: query keys, queries and mutations over `gallery.ts`'s endpoints. Every
// list of gemini cards lives under `galleryKeys.lists()`, so a like, an edit or a deletion reaches
// all of them through the cache (no event bus), and invalidation refetches only what is on screen.
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
} from "@tanstack/react-query";
import { api, type GeminiPage } from "../../api/client";
import { useI18n } from "../../i18n";
import { useAuth, useViewer } from "../accounts/auth";
import {
  applyGeminiChangeToPages,
  flattenPages,
  gallery,
  toggledLike,
  type FeedPage,
  type FourcutPage,
  type GeminiChange,
  type GeminiDetail,
  type GeminiUpdate,
  type LikeState,
  type Page,
  type RankingKind,
  type FeedKind,
  type RankingPeriod,
  type SaveState,
} from "./gallery";
import type { FeedFilters } from "./feedFilters";

export const galleryKeys = {
  all: ["gallery"] as const,
  /** Every list of gemini cards (home feeds, a person's geminis, mine). */
  lists: () => [...galleryKeys.all, "list"] as const,
  /** Every cached page of one kind of feed, whatever its filters. */
  feedKind: (kind: FeedKind) => [...galleryKeys.lists(), "feed", kind] as const,
  feed: (filters: FeedFilters, viewer: number) =>
    [
      ...galleryKeys.feedKind(filters.kind),
      viewer,
      filters.q.trim(),
      filters.look.map((f) => `${f.category}:${f.option}`).join(","),
    ] as const,
  saved: () => galleryKeys.feedKind("saved"),
  user: (nickname: string, viewer: number) => [...galleryKeys.lists(), "user", nickname, viewer] as const,
  mine: (viewer: number) => [...galleryKeys.lists(), "mine", viewer] as const,
  rankings: () => [...galleryKeys.all, "ranking"] as const,
  ranking: (kind: RankingKind, period: RankingPeriod, viewer: number) =>
    [...galleryKeys.rankings(), kind, period, viewer] as const,
  details: (id: number) => [...galleryKeys.all, "detail", id] as const,
  detail: (id: number, lang: string, viewer: number) => [...galleryKeys.details(id), lang, viewer] as const,
  geminiFourcuts: (id: number) => [...galleryKeys.all, "gemini-fourcuts", id] as const,
  /** Every person's finished strips. */
  strips: () => [...galleryKeys.all, "strips"] as const,
  userStrips: (nickname: string, viewer: number) => [...galleryKeys.strips(), nickname, viewer] as const,
};

const isMine = (key: QueryKey) => key[2] === "mine";
type CardPages = InfiniteData<Page<FeedPage["items"][number]>, unknown>;

/** Apply one change to every cached card list and to the gemini's open detail. */
function changeGemini(queryClient: QueryClient, change: GeminiChange): void {
  for (const [key] of queryClient.getQueriesData<CardPages>({ queryKey: galleryKeys.lists() })) {
    queryClient.setQueryData<CardPages>(key, (data) =>
      applyGeminiChangeToPages(data, change, { keepPrivate: isMine(key) }),
    );
  }
  if (change.patch && !change.deleted) {
    const patch = change.patch;
    queryClient.setQueriesData<GeminiDetail>({ queryKey: galleryKeys.details(change.id) }, (detail) =>
      detail ? { ...detail, ...patch } : detail,
    );
  }
}

const firstPage = null as string | null;
const nextCursor = (last: Page<unknown>) => last.next_cursor ?? undefined;

/** One of the gallery's endless feeds, filtered by look and name. */
export function useFeedQuery(filters: FeedFilters) {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: galleryKeys.feed(filters, viewer),
    queryFn: ({ pageParam }) => gallery.feed(filters, pageParam, 24),
    // A new filter keeps the previous cards on screen (dimmed) until its first page arrives.
    placeholderData: keepPreviousData,
    initialPageParam: firstPage,
    getNextPageParam: nextCursor,
    select: flattenPages,
  });
}

/** A person's public geminis. */
export function useUserGeminisQuery(nickname: string) {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: galleryKeys.user(nickname, viewer),
    queryFn: ({ pageParam }) => gallery.userGeminis(nickname, pageParam, 24),
    initialPageParam: firstPage,
    getNextPageParam: nextCursor,
    select: flattenPages,
  });
}

/** My geminis, private ones too. */
export function useMyGeminisQuery() {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: galleryKeys.mine(viewer),
    queryFn: ({ pageParam }): Promise<GeminiPage> => api.myGeminis(pageParam),
    initialPageParam: firstPage,
    getNextPageParam: nextCursor,
    select: flattenPages,
  });
}

/** A person's finished expression four-cuts. */
export function useUserStripsQuery(nickname: string) {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: galleryKeys.userStrips(nickname, viewer),
    queryFn: ({ pageParam }): Promise<FourcutPage> => gallery.userFourcuts(nickname, pageParam, 12),
    initialPageParam: firstPage,
    getNextPageParam: nextCursor,
    select: flattenPages,
  });
}

const LIVE_REFRESH_MS = 30_000;

/** One ranking; the current one refreshes every 30 s while the page is visible. */
export function useRankingQuery(kind: RankingKind, period: RankingPeriod) {
  const viewer = useViewer();
  return useQuery({
    queryKey: galleryKeys.ranking(kind, period, viewer),
    queryFn: () => gallery.ranking(kind, period),
    refetchInterval: period === "current" ? LIVE_REFRESH_MS : false,
  });
}

/** A gemini's detail, with keyword labels in the current language. */
export function useGeminiQuery(id: number) {
  const { lang } = useI18n();
  const viewer = useViewer();
  return useQuery({
    queryKey: galleryKeys.detail(id, lang, viewer),
    queryFn: () => gallery.gemini(id, lang),
    // A language switch keeps the portrait on screen while the labels are fetched again.
    placeholderData: keepPreviousData,
  });
}

/** The four-cuts ordered from one gemini (any status). */
export function useGeminiFourcutsQuery(id: number) {
  return useQuery({ queryKey: galleryKeys.geminiFourcuts(id), queryFn: () => gallery.fourcuts(id) });
}

const likeKey = ["gallery", "like"] as const;

/**
 * Like or unlike, optimistically: every cached card and the detail flip at once; a refusal restores
 * what was cached before the click. The server's answer is shown unless a later click is still in
 * flight (it would be overwritten by a state the person already changed).
 */
export function likeMutationOptions(queryClient: QueryClient, id: number) {
  return {
    mutationKey: [...likeKey, id],
    /** `shown` is what the button showed when clicked; it flips to `toggledLike(shown)`. */
    mutationFn: (shown: LikeState): Promise<LikeState> => (shown.liked ? gallery.unlike(id) : gallery.like(id)),
    onMutate: async (shown: LikeState) => {
      await queryClient.cancelQueries({ queryKey: galleryKeys.details(id) });
      const snapshot = [
        ...queryClient.getQueriesData({ queryKey: galleryKeys.lists() }),
        ...queryClient.getQueriesData({ queryKey: galleryKeys.details(id) }),
      ];
      changeGemini(queryClient, { id, patch: toggledLike(shown) });
      return { snapshot };
    },
    onError: (_error: unknown, _shown: LikeState, context: { snapshot: [QueryKey, unknown][] } | undefined) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (state: LikeState) => {
      if (queryClient.isMutating({ mutationKey: [...likeKey, id] }) === 1) changeGemini(queryClient, { id, patch: state });
    },
    onSettled: () => {
      // A like may reorder the live TOP 5 and the popular feed; refetch those when next shown.
      void queryClient.invalidateQueries({ queryKey: galleryKeys.rankings() });
      void queryClient.invalidateQueries({ queryKey: galleryKeys.lists(), refetchType: "none" });
    },
  };
}

export function useLikeMutation(id: number) {
  const queryClient = useQueryClient();
  return useMutation(likeMutationOptions(queryClient, id));
}

const saveKey = ["gallery", "save"] as const;

/** Bookmark or un-bookmark, optimistically everywhere the gemini shows; the saved tab refetches. */
export function useSaveMutation(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...saveKey, id],
    mutationFn: (saved: boolean): Promise<SaveState> => (saved ? gallery.unsave(id) : gallery.save(id)),
    onMutate: async (saved: boolean) => {
      await queryClient.cancelQueries({ queryKey: galleryKeys.details(id) });
      const snapshot = [
        ...queryClient.getQueriesData({ queryKey: galleryKeys.lists() }),
        ...queryClient.getQueriesData({ queryKey: galleryKeys.details(id) }),
      ];
      changeGemini(queryClient, { id, patch: { saved: !saved } });
      return { snapshot };
    },
    onError: (_error, _saved, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (state) => {
      if (queryClient.isMutating({ mutationKey: [...saveKey, id] }) === 1) changeGemini(queryClient, { id, patch: state });
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: galleryKeys.saved() }),
  });
}

/** The owner's edits: name and description, visibility, seed sharing. `optimistic` flips at once. */
export function useUpdateGemini(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body }: { body: GeminiUpdate; optimistic?: boolean }) => gallery.update(id, body),
    onMutate: async ({ body, optimistic }) => {
      if (!optimistic) return { snapshot: [] };
      await queryClient.cancelQueries({ queryKey: galleryKeys.details(id) });
      const snapshot = queryClient.getQueriesData<GeminiDetail>({ queryKey: galleryKeys.details(id) });
      queryClient.setQueriesData<GeminiDetail>({ queryKey: galleryKeys.details(id) }, (detail) =>
        detail ? { ...detail, ...(body as Partial<GeminiDetail>) } : detail,
      );
      return { snapshot };
    },
    onError: (_error, _vars, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (updated) => {
      queryClient.setQueriesData<GeminiDetail>({ queryKey: galleryKeys.details(id) }, (detail) =>
        detail ? { ...detail, ...updated } : detail,
      );
      changeGemini(queryClient, { id, patch: { name: updated.name, visibility: updated.visibility } });
      void queryClient.invalidateQueries({ queryKey: galleryKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: galleryKeys.rankings() });
    },
  });
}

export function useDeleteGemini(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => gallery.remove(id),
    onSuccess: () => {
      changeGemini(queryClient, { id, deleted: true });
      queryClient.removeQueries({ queryKey: galleryKeys.details(id) });
      void queryClient.invalidateQueries({ queryKey: galleryKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: galleryKeys.rankings() });
      void queryClient.invalidateQueries({ queryKey: galleryKeys.strips() });
    },
  });
}

/** Use a gemini as my avatar: my profile (header, menu) follows. */
export function useSetAvatar(id: number) {
  const { reloadMe } = useAuth();
  return useMutation({
    mutationFn: () => gallery.setAvatar(id),
    onSuccess: () => void reloadMe().catch(() => undefined),
  });
}

/** Order an expression four-cut: it costs stars (the balance follows) and shows up as pending. */
export function useOrderFourcut(id: number) {
  const queryClient = useQueryClient();
  const { reloadMe } = useAuth();
  return useMutation({
    mutationFn: () => gallery.orderFourcut(id),
    onSuccess: () => {
      void reloadMe().catch(() => undefined);
      void queryClient.invalidateQueries({ queryKey: galleryKeys.geminiFourcuts(id) });
    },
  });
}

/** A pushed notification about a four-cut: its gemini's list and the finished strips move. */
export function fourcutChanged(queryClient: QueryClient, geminiId: number | null): void {
  if (geminiId !== null) void queryClient.invalidateQueries({ queryKey: galleryKeys.geminiFourcuts(geminiId) });
  void queryClient.invalidateQueries({ queryKey: galleryKeys.strips() });
}

/** A summoning finished: my list (and my public gallery) has a new gemini. */
export function geminiSummoned(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: galleryKeys.lists() });
}
