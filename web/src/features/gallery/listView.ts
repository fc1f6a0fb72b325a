import type { UseInfiniteQueryResult } from "@tanstack/react-query";

/** What a paged list on screen needs to know about its `useInfiniteQuery` (flattened by `select`). */
export interface ListView<T> {
  /** Loaded items; null until the first page has arrived. */
  items: T[] | null;
  /** A page is on its way (the first, or the next one); background refetches don't count. */
  loading: boolean;
  error: unknown;
  /** Every page is loaded. */
  done: boolean;
  /** Fetch the next page; harmless while one is already on its way. */
  loadMore: () => void;
  /** After an error: fetch again what failed (the first page, or the next one). */
  retry: () => void;
}

export function listView<T>(query: UseInfiniteQueryResult<T[], unknown>): ListView<T> {
  const { data, error, hasNextPage, fetchNextPage, refetch } = query;
  return {
    items: data ?? null,
    loading: query.isLoading || query.isFetchingNextPage,
    error,
    done: query.isSuccess && !hasNextPage,
    loadMore: () => {
      if (hasNextPage) void fetchNextPage({ cancelRefetch: false });
    },
    retry: () => void (data ? fetchNextPage() : refetch()),
  };
}
