import { useEffect, useRef, useState } from "react";
import { api, type Generation } from "../../api/client";
import { onSocketEvent, type GenerationProgressEvent } from "../../api/realtime";
import { isFinished } from "./studio";

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
 * Follow one generation live: socket.io events when the socket is up, and a poll every 2 s as the
 * fallback while it is unfinished. The poll's answer is the truth; events only move it forward.
 */
export function useGeneration(initial: Generation, onFinished?: (g: Generation) => void): Generation {
  const [generation, setGeneration] = useState<Generation>(initial);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;
  const id = initial.id;
  const done = isFinished(generation.status);

  useEffect(() => {
    if (done) return;
    let live = true;
    const refresh = () =>
      api.generation(id).then(
        (fresh) => live && setGeneration((g) => applySnapshot(g, fresh)),
        () => undefined,
      );
    const offProgress = onSocketEvent("generation.progress", (e) => {
      if (e.id === id) setGeneration((g) => applyProgress(g, e));
    });
    const offFinished = onSocketEvent("generation.finished", (e) => {
      if (e.id === id) void refresh();
    });
    const timer = window.setInterval(() => void refresh(), POLL_MS);
    return () => {
      live = false;
      offProgress();
      offFinished();
      window.clearInterval(timer);
    };
  }, [id, done]);

  useEffect(() => {
    if (done) finishedRef.current?.(generation);
    // Only the transition matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done]);

  return generation;
}
