import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/client";

/**
 * The one cache of server state. A 4xx is an answer, not a hiccup: retrying it would only repeat
 * the same refusal, so only network failures and 5xx are retried (twice).
 * Other people like, follow and publish under us, and every page used to load fresh on each visit:
 * data is stale at once, so a page shows what is cached immediately and fetches it again on mount.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 0,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

export const queryClient = createQueryClient();
