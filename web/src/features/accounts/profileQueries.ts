// People's profiles and who follows whom, as server state: the profile query, the follow/unfollow
// mutation, and the followers/following lists.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Profile } from "../../api/client";
import { galleryKeys } from "../gallery/queries";
import { useViewer } from "./auth";

export type FollowKind = "followers" | "following";

export const profileKeys = {
  all: ["accounts", "profile"] as const,
  profile: (nickname: string, viewer: number) => [...profileKeys.all, nickname, viewer] as const,
  allFollows: () => ["accounts", "follows"] as const,
  follows: (nickname: string) => [...profileKeys.allFollows(), nickname] as const,
  followList: (nickname: string, kind: FollowKind) => [...profileKeys.follows(nickname), kind] as const,
};

/** A person's profile as this viewer sees it (`is_me`, `is_following`). */
export function useProfileQuery(nickname: string) {
  const viewer = useViewer();
  return useQuery({
    queryKey: profileKeys.profile(nickname, viewer),
    queryFn: () => api.profile(nickname),
  });
}

/** Follow or unfollow: the profile's button and count follow the answer, the lists and my following
 * feed are fetched again. */
export function useFollowMutation(nickname: string) {
  const queryClient = useQueryClient();
  const viewer = useViewer();
  return useMutation({
    mutationFn: (follow: boolean) => (follow ? api.follow(nickname) : api.unfollow(nickname)),
    onSuccess: (_answer, follow) => {
      queryClient.setQueryData<Profile>(profileKeys.profile(nickname, viewer), (profile) =>
        profile && {
          ...profile,
          is_following: follow,
          followers: Math.max(0, profile.followers + (follow ? 1 : -1)),
        },
      );
      // Their followers and my following list both changed.
      void queryClient.invalidateQueries({ queryKey: profileKeys.allFollows() });
      void queryClient.invalidateQueries({ queryKey: galleryKeys.feedKind("following") });
    },
  });
}

/** Someone's followers or the people they follow, a page at a time (by nickname: no numeric id). */
export function useFollowListQuery(nickname: string, kind: FollowKind) {
  return useInfiniteQuery({
    queryKey: profileKeys.followList(nickname, kind),
    queryFn: ({ pageParam }) => (kind === "followers" ? api.followers : api.following)(nickname, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    select: (data) => data.pages.flatMap((page) => page.items),
  });
}
