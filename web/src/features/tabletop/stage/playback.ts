// Where the room's music is now. The room stores `position` (seconds into the track when it was
// last set) and, while playing, `started_at` (when it was set); everyone computes the same place
// from those two, so a late joiner hears what the others hear. Pure, so unit-tested.

export interface PlaybackState {
  playing: boolean;
  /** Seconds into the track when the state was last set. */
  position: number;
  /** When playing began from `position` (ISO time or epoch ms); null while paused. */
  started_at: string | number | null;
}

function epochMs(at: string | number): number {
  return typeof at === "number" ? at : Date.parse(at);
}

/**
 * Seconds into the track at `nowMs` (epoch ms). A looped track (`loopSeconds` > 0) wraps around;
 * a clock that reads before `started_at` (skew between machines) never moves backwards past it.
 */
export function positionAt(state: PlaybackState, nowMs: number, loopSeconds = 0): number {
  let at = Math.max(0, state.position);
  if (state.playing && state.started_at !== null) {
    const started = epochMs(state.started_at);
    if (Number.isFinite(started)) at += Math.max(0, nowMs - started) / 1000;
  }
  return loopSeconds > 0 ? at % loopSeconds : at;
}

/** `m:ss` for a number of seconds (floored; negative reads as 0). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** A volume in 0..1 from anything stored (localStorage is a string, or missing). */
export function clampVolume(value: unknown, fallback = 0.6): number {
  const n = typeof value === "string" ? Number(value) : typeof value === "number" ? value : NaN;
  if (!Number.isFinite(n) || (typeof value === "string" && value.trim() === "")) return fallback;
  return Math.min(1, Math.max(0, n));
}
