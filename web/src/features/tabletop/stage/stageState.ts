// The stage as this page holds it: `room.enter`'s snapshot, then every stage event the server
// pushes (each carries the whole new state of its part, so applying one is a replace), plus the
// backgrounds being drawn and the four-cuts being taken while the page is open. Pure, so
// unit-tested.
import type { components } from "../../../api/socket";

type Schemas = components["schemas"];
export type Scene = Schemas["BackgroundOut"];
export type MusicState = Schemas["MusicState"];
export type Sheet = Schemas["SheetOut"];
export type TurnOrder = Schemas["TurnOrder"];
export type TurnEntry = Schemas["TurnEntry"];
export type SceneJob = Schemas["SceneGenerating"];
export type Entered = Schemas["Entered"];

export interface Fourcut {
  fourcut_id: number;
  done: number;
  total: number;
  status: "pending" | "composing" | "failed" | "ready";
  image_url: string | null;
  strip_url: string | null;
}

export interface StageState {
  scene: Scene | null;
  sceneByAnyone: boolean;
  music: MusicState;
  sheets: Sheet[];
  turns: TurnOrder;
  /** Backgrounds being drawn (and how the last ones ended), oldest first. */
  jobs: SceneJob[];
  /** Four-cuts taken while the page is open, oldest first. */
  fourcuts: Fourcut[];
}

export const EMPTY_STAGE: StageState = {
  scene: null,
  sceneByAnyone: false,
  music: { track: null, playing: false, position: 0, started_at: null },
  sheets: [],
  turns: { entries: [], current: null, round: 0 },
  jobs: [],
  fourcuts: [],
};

export type StageEvent =
  | { type: "entered"; entered: Pick<Entered, "scene" | "scene_by_anyone" | "music" | "sheets" | "turns"> }
  | { type: "scene.changed"; scene: Scene | null }
  | { type: "scene.rules"; scene_by_anyone: boolean }
  | { type: "scene.generating"; job: SceneJob }
  | { type: "music.changed"; music: MusicState }
  | { type: "sheet.changed"; sheet: Sheet }
  | { type: "turns.changed"; turns: TurnOrder }
  | { type: "fourcut.progress"; fourcut_id: number; done: number; total: number; status: "pending" | "composing" | "failed" }
  | { type: "fourcut.ready"; fourcut_id: number; image_url: string; strip_url: string };

const KEEP_ENDED = 3;

function upsertFourcut(list: Fourcut[], id: number, change: Partial<Fourcut>): Fourcut[] {
  const found = list.find((f) => f.fourcut_id === id);
  // A progress report after the strip is ready (events can cross) does not take it back.
  if (found?.status === "ready" && change.status !== "ready") return list;
  const next: Fourcut = { ...(found ?? { fourcut_id: id, done: 0, total: 4, status: "pending", image_url: null, strip_url: null }), ...change };
  return found ? list.map((f) => (f.fourcut_id === id ? next : f)) : [...list, next];
}

export function applyStage(state: StageState, event: StageEvent): StageState {
  switch (event.type) {
    case "entered": {
      const e = event.entered;
      return { ...state, scene: e.scene, sceneByAnyone: e.scene_by_anyone, music: e.music, sheets: e.sheets, turns: e.turns };
    }
    case "scene.changed":
      return { ...state, scene: event.scene };
    case "scene.rules":
      return { ...state, sceneByAnyone: event.scene_by_anyone };
    case "scene.generating": {
      const others = state.jobs.filter((j) => j.job_id !== event.job.job_id);
      const jobs = [...others, event.job];
      // Ended jobs linger a little (so "failed" can be read), the newest few only.
      const ended = jobs.filter((j) => j.status !== "queued" && j.status !== "running");
      const drop = new Set(ended.slice(0, Math.max(0, ended.length - KEEP_ENDED)).map((j) => j.job_id));
      return { ...state, jobs: jobs.filter((j) => !drop.has(j.job_id)) };
    }
    case "music.changed":
      return { ...state, music: event.music };
    case "sheet.changed": {
      const has = state.sheets.some((s) => s.nickname === event.sheet.nickname);
      const sheets = has ? state.sheets.map((s) => (s.nickname === event.sheet.nickname ? event.sheet : s)) : [...state.sheets, event.sheet];
      return { ...state, sheets };
    }
    case "turns.changed":
      return { ...state, turns: event.turns };
    case "fourcut.progress":
      return { ...state, fourcuts: upsertFourcut(state.fourcuts, event.fourcut_id, { done: event.done, total: event.total, status: event.status }) };
    case "fourcut.ready":
      return {
        ...state,
        fourcuts: upsertFourcut(state.fourcuts, event.fourcut_id, { status: "ready", image_url: event.image_url, strip_url: event.strip_url }),
      };
  }
}

/** Jobs still drawing. */
export function activeJobs(state: StageState): SceneJob[] {
  return state.jobs.filter((j) => j.status === "queued" || j.status === "running");
}

/** Whose turn it is now, if the order has started. */
export function currentTurn(turns: TurnOrder): TurnEntry | null {
  return turns.current === null ? null : (turns.entries[turns.current] ?? null);
}
