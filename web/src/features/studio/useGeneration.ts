import { useEffect, useEffectEvent, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Generation } from "../../api/client";
import { onSocketEvent, type GenerationProgressEvent } from "../../api/realtime";
import { isFinished } from "./studio";
import { studioKeys, WALLET_KEY } from "./queries";
import { useViewer } from "../accounts/auth";
import { readWatched, readWatchedGeneration } from "../notifications/queries";

export const POLL_MS = 2000;

/** Apply a `generation.progress` event: never backwards, never after the end; position 0 + progress = running. */
export function applyProgress<G extends Pick<Generation, "id" | "status" | "progress" | "position">>(
  g: G,
  e: GenerationProgressEvent,
): G {
  if (e.id !== g.id || isFinished(g.status)) return g;
  const running = g.status === "running" || (e.position === 0 && e.progress > 0);
  return { ...g, progress: Math.max(g.progress, e.progress), position: e.position, status: running ? "running" : g.status };
}

/** A polled snapshot replaces local state unless we already know the job ended. */
export function applySnapshot<G extends Pick<Generation, "status">>(current: G, fresh: G): G {
  return isFinished(current.status) ? current : fresh;
}

/**
 * Follow one generation live in the query cache: socket.io events when the socket is up, and a
 * poll every 2 s as the fallback while it is unfinished. The poll's answer is the truth; events
 * only move it forward. `onFinished` runs once, when the job is first seen finished (stars may
 * have been refunded, so the wallet is read again).
 */
export function useGeneration(initial: Generation, onFinished?: (g: Generation) => void): Generation {
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const id = initial.id;
  const { data: generation = initial, refetch } = useQuery({
    queryKey: studioKeys.generation(id),
    queryFn: async () => {
      const fresh = await api.generation(id);
      const current = queryClient.getQueryData<Generation>(studioKeys.generation(id));
      return current ? applySnapshot(current, fresh) : fresh;
    },
    initialData: initial,
    // Followed only while on screen; the next visit starts from the list it is shown in.
    gcTime: 0,
    staleTime: POLL_MS,
    refetchInterval: (query) => (query.state.data && isFinished(query.state.data.status) ? false : POLL_MS),
    // A hidden tab keeps following (its socket may be down), as a plain interval would.
    refetchIntervalInBackground: true,
    refetchOnMount: false,
  });
  const done = isFinished(generation.status);

  useEffect(() => {
    if (done) return;
    const offProgress = onSocketEvent("generation.progress", (e) => {
      if (e.id === id) queryClient.setQueryData<Generation>(studioKeys.generation(id), (g) => g && applyProgress(g, e));
    });
    const offFinished = onSocketEvent("generation.finished", (e) => {
      if (e.id !== id) return;
      // Seen here as it ended: its notification should not ring the bell too.
      if (e.notification_id != null) readWatched(queryClient, viewer, e.notification_id);
      void refetch();
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [id, done, queryClient, refetch, viewer]);

  const finished = useEffectEvent((g: Generation) => {
    void queryClient.invalidateQueries({ queryKey: WALLET_KEY });
    // Seen ending here without its event (the poll saw it first): its notification is read all the same.
    if (g.status === "succeeded" || g.status === "failed") readWatchedGeneration(queryClient, viewer, g.id);
    onFinished?.(g);
  });
  // A job already over when it was handed in was reported by whoever saw it end.
  const reported = useRef(isFinished(initial.status));
  useEffect(() => {
    if (!done || reported.current) return;
    reported.current = true;
    finished(generation);
  }, [done, generation]);

  return generation;
}
