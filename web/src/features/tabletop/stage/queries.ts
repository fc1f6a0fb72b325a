// The stage's REST reads: the built-in scenes (public, they never change while the page is open),
// a room's backgrounds (refreshed when a scene changes or a job ends) and my TRPG memories.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, call } from "../../../api/client";
import type { components } from "../../../api/schema";
import { useViewer } from "../../accounts/auth";

type Schemas = components["schemas"];
export type ScenePreset = Schemas["ScenePreset"];
export type Background = Schemas["BackgroundOut"];
export type Memory = Schemas["MemoryOut"];
export type MemoryPage = Schemas["MemoryPage"];

export const stageKeys = {
  presets: ["scenes", "presets"] as const,
  backgrounds: (roomId: number, viewer: number) => ["rooms", "backgrounds", roomId, viewer] as const,
  memories: (viewer: number) => ["memories", "mine", viewer] as const,
};

export function useScenePresets() {
  return useQuery({
    queryKey: stageKeys.presets,
    queryFn: () => call(api.client.GET("/api/scenes/presets")),
    staleTime: Infinity,
  });
}

export function useRoomBackgrounds(roomId: number, enabled: boolean) {
  const viewer = useViewer();
  return useQuery({
    queryKey: stageKeys.backgrounds(roomId, viewer),
    queryFn: () => call(api.client.GET("/api/rooms/{room_id}/backgrounds", { params: { path: { room_id: roomId }, query: { limit: 50 } } })),
    enabled,
  });
}

/** My TRPG memories, newest first, a keyset page at a time. */
export function useMyMemories() {
  const viewer = useViewer();
  return useInfiniteQuery({
    queryKey: stageKeys.memories(viewer),
    queryFn: ({ pageParam }): Promise<MemoryPage> =>
      call(api.client.GET("/api/me/memories", { params: { query: { limit: 12, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    select: (data) => data.pages.flatMap((p) => p.items),
  });
}
