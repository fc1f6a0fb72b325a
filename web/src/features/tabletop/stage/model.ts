// The stage's shapes as the client holds them (until the generated contract replaces them).
export type TrackRef = { kind: "preset" | "youtube"; id: string };
export interface MusicState {
  track: TrackRef | null;
  playing: boolean;
  position: number;
  started_at: string | null;
}
export type SceneRef = { kind: "preset" | "room" | "generated"; id: string };
