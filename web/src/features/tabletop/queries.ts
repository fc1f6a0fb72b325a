// The room endpoints (REST) over the app's one client, and their TanStack Query hooks. The lobby
// list follows `lobby.changed` on the /tabletop socket by invalidation.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, call } from "../../api/client";
import type { components, paths } from "../../api/schema";
import { useViewer } from "../accounts/auth";
import { onTable, tableSocket } from "./socket";

export type RoomCreate = components["schemas"]["RoomCreate"];
export type RoomDetail = components["schemas"]["RoomDetail"];
export type RoomSummary = components["schemas"]["RoomOut"];
export type JoinBody = NonNullable<
  paths["/api/rooms/{room_id}/join"]["post"]["requestBody"]
>["content"]["application/json"];

const byRoom = (room_id: number) => ({ params: { path: { room_id } } });

export const rooms = {
  lobby: () => call(api.client.GET("/api/rooms", { params: { query: { limit: 50 } } })),
  read: (id: number) => call(api.client.GET("/api/rooms/{room_id}", byRoom(id))),
  create: (body: RoomCreate) => call(api.client.POST("/api/rooms", { body })),
  join: (id: number, body: JoinBody) => call(api.client.POST("/api/rooms/{room_id}/join", { ...byRoom(id), body })),
  leave: (id: number) => call(api.client.POST("/api/rooms/{room_id}/leave", byRoom(id))),
  close: (id: number) => call(api.client.DELETE("/api/rooms/{room_id}", byRoom(id))),
  invite: (id: number) => call(api.client.POST("/api/rooms/{room_id}/invites", byRoom(id))),
  character: (id: number, gemini_id: number) =>
    call(api.client.POST("/api/rooms/{room_id}/character", { ...byRoom(id), body: { gemini_id } })),
};

export const roomKeys = {
  all: ["rooms"] as const,
  lobby: (viewer: number) => [...roomKeys.all, "lobby", viewer] as const,
  detail: (id: number, viewer: number) => [...roomKeys.all, "detail", id, viewer] as const,
};

/** Open rooms, live: the list is fetched again whenever the server says it changed. */
export function useLobbyQuery() {
  const viewer = useViewer();
  const queryClient = useQueryClient();
  useEffect(() => {
    tableSocket();
    const refresh = () => void queryClient.invalidateQueries({ queryKey: [...roomKeys.all, "lobby"] });
    const offs = [onTable("lobby.changed", refresh), onTable("connect", refresh)];
    return () => offs.forEach((off) => off());
  }, [queryClient]);
  return useQuery({ queryKey: roomKeys.lobby(viewer), queryFn: rooms.lobby });
}

export function useRoomQuery(id: number) {
  const viewer = useViewer();
  // Online dots change live with `member.presence` (useTable); this slow re-read only catches up
  // a tab that missed pushes while its socket was down.
  return useQuery({ queryKey: roomKeys.detail(id, viewer), queryFn: () => rooms.read(id), refetchInterval: 60_000 });
}

export function refreshRoom(queryClient: QueryClient, id: number): void {
  void queryClient.invalidateQueries({ queryKey: [...roomKeys.all, "detail", id] });
}

export function useCreateRoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rooms.create,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...roomKeys.all, "lobby"] }),
  });
}

export function useJoinRoom() {
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: JoinBody }) => rooms.join(id, body) });
}
