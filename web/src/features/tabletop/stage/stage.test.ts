import { describe, expect, it } from "vitest";
import { clampVolume, clock, positionAt } from "./playback";
import { activeJobs, applyStage, currentTurn, EMPTY_STAGE, type Scene, type SceneJob } from "./stageState";
import { isMusicPreset, loopSeconds, MUSIC_PRESETS } from "./synth";
import { duration, glyphs, schedule, visibleCount } from "./typewriter";
import { youtubeEmbedUrl, youtubeId } from "./youtube";

describe("positionAt", () => {
  const started = Date.parse("2026-11-30T12:00:00Z");
  it("stays where it was left while paused", () => {
    expect(positionAt({ playing: false, position: 42.5, started_at: null }, started + 90_000)).toBe(42.5);
    expect(positionAt({ playing: false, position: 7, started_at: "2026-11-30T12:00:00Z" }, started + 90_000)).toBe(7);
  });
  it("moves on with the clock while playing, for a late joiner too", () => {
    const state = { playing: true, position: 10, started_at: "2026-11-30T12:00:00Z" };
    expect(positionAt(state, started)).toBe(10);
    expect(positionAt(state, started + 2_500)).toBe(12.5);
    expect(positionAt({ ...state, started_at: started }, started + 60_000)).toBe(70);
  });
  it("wraps a looped track and never runs backwards on a skewed clock", () => {
    const state = { playing: true, position: 50, started_at: started };
    expect(positionAt(state, started + 20_000, 64)).toBe(6);
    expect(positionAt(state, started - 5_000, 64)).toBe(50);
    expect(positionAt({ playing: true, position: -3, started_at: "garbage" }, started)).toBe(0);
  });
  it("reads as m:ss", () => {
    expect(clock(0)).toBe("0:00");
    expect(clock(65.9)).toBe("1:05");
    expect(clock(-4)).toBe("0:00");
  });
  it("clamps a stored volume", () => {
    expect(clampVolume("0.3")).toBe(0.3);
    expect(clampVolume("7")).toBe(1);
    expect(clampVolume(null)).toBe(0.6);
    expect(clampVolume("")).toBe(0.6);
    expect(clampVolume("loud", 0.5)).toBe(0.5);
  });
});

describe("youtubeId", () => {
  it("finds the id in the links people paste", () => {
    for (const link of [
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123",
      "youtu.be/dQw4w9WgXcQ?si=abc",
      "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://music.youtube.com/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com/shorts/dQw4w9WgXcQ",
      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      "  dQw4w9WgXcQ  ",
    ]) {
      expect(youtubeId(link), link).toBe("dQw4w9WgXcQ");
    }
  });
  it("refuses what is not a YouTube video", () => {
    for (const bad of [
      "",
      "https://example.com/watch?v=dQw4w9WgXcQ",
      "https://youtube.com.evil.test/watch?v=dQw4w9WgXcQ",
      "https://www.youtube.com/watch?v=short",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>",
      "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
      "https://www.youtube.com/channel/UC123",
      "dQw4w9WgXc",
    ]) {
      expect(youtubeId(bad), bad).toBeNull();
    }
  });
  it("embeds from the privacy-enhanced origin only", () => {
    const url = new URL(youtubeEmbedUrl("dQw4w9WgXcQ", 83.7, false));
    expect(url.origin).toBe("https://www.youtube-nocookie.com");
    expect(url.pathname).toBe("/embed/dQw4w9WgXcQ");
    expect(url.searchParams.get("start")).toBe("83");
    expect(url.searchParams.has("autoplay")).toBe(false);
  });
});

describe("typewriter", () => {
  it("shows a Hangul line syllable by syllable", () => {
    const chars = glyphs("안녕, 용사여");
    expect(chars).toHaveLength(7);
    expect(visibleCount(chars, 0, 10)).toBe(1);
    expect(visibleCount(chars, 10, 10)).toBe(2);
    // The comma holds three more beats before the space after it.
    expect(visibleCount(chars, 39, 10)).toBe(3);
    expect(visibleCount(chars, 60, 10)).toBe(4);
    expect(visibleCount(chars, 10_000, 10)).toBe(7);
  });
  it("keeps an emoji whole and finishes at once when skipped or reduced", () => {
    const chars = glyphs("hi 🐉!");
    expect(chars).toEqual(["h", "i", " ", "🐉", "!"]);
    expect(visibleCount(chars, 0, 10, true)).toBe(5);
    expect(visibleCount(chars, Infinity)).toBe(5);
  });
  it("schedules each glyph after its predecessor's beat", () => {
    expect(schedule(glyphs("a.b"), 10)).toEqual([0, 10, 80]);
    expect(duration(glyphs("a.b"), 10)).toBe(80);
    expect(duration([], 10)).toBe(0);
  });
});

describe("applyStage", () => {
  const scene = (id: number): Scene => ({
    id,
    kind: "generated",
    preset: null,
    description: "달빛 아래 성",
    status: "ready",
    image_url: `/media/bg/${id}.png`,
    by: "gm",
    created_at: "2026-11-30T12:00:00Z",
  });
  const job = (job_id: number, status: SceneJob["status"], progress = 0): SceneJob => ({
    room_id: 1,
    job_id,
    background_id: job_id,
    description: `scene ${job_id}`,
    status,
    progress,
  });

  it("takes the snapshot, then replaces each part its event carries", () => {
    let s = applyStage(EMPTY_STAGE, {
      type: "entered",
      entered: {
        scene: scene(1),
        scene_by_anyone: false,
        music: { track: { kind: "preset", id: "night_waltz" }, playing: true, position: 3, started_at: "2026-11-30T12:00:00Z" },
        sheets: [{ nickname: "bo", name: "Bo", hp: 5, hp_max: 10, stats: null, notes: null }],
        turns: { entries: [], current: null, round: 0 },
      },
    });
    expect(s.scene?.id).toBe(1);
    s = applyStage(s, { type: "scene.changed", scene: scene(2) });
    s = applyStage(s, { type: "scene.rules", scene_by_anyone: true });
    s = applyStage(s, { type: "sheet.changed", sheet: { nickname: "bo", name: "Bo", hp: 2, hp_max: 10, stats: null, notes: null } });
    s = applyStage(s, { type: "sheet.changed", sheet: { nickname: "cy", name: "Cy", hp: 8, hp_max: 8, stats: [], notes: "" } });
    const turns = { entries: [{ kind: "npc" as const, name: "Goblin", initiative: 12, roll: "1d20 (12) = 12" }], current: 0, round: 1 };
    s = applyStage(s, { type: "turns.changed", turns });
    expect(s.scene?.id).toBe(2);
    expect(s.sceneByAnyone).toBe(true);
    expect(s.sheets.map((x) => [x.nickname, x.hp])).toEqual([
      ["bo", 2],
      ["cy", 8],
    ]);
    expect(currentTurn(s.turns)?.name).toBe("Goblin");
    expect(currentTurn(EMPTY_STAGE.turns)).toBeNull();
  });

  it("follows backgrounds being drawn and keeps only the last few that ended", () => {
    let s = EMPTY_STAGE;
    s = applyStage(s, { type: "scene.generating", job: job(1, "queued") });
    s = applyStage(s, { type: "scene.generating", job: job(1, "running", 0.5) });
    expect(s.jobs).toHaveLength(1);
    expect(activeJobs(s)[0]?.progress).toBe(0.5);
    for (const id of [2, 3, 4, 5]) s = applyStage(s, { type: "scene.generating", job: job(id, "failed") });
    s = applyStage(s, { type: "scene.generating", job: job(1, "succeeded", 1) });
    expect(activeJobs(s)).toEqual([]);
    expect(s.jobs.map((j) => j.job_id)).toEqual([4, 5, 1]);
  });

  it("shows a four-cut's progress, then its strip, and a late progress report does not take it back", () => {
    let s = applyStage(EMPTY_STAGE, { type: "fourcut.progress", fourcut_id: 7, done: 1, total: 4, status: "pending" });
    expect(s.fourcuts[0]).toMatchObject({ done: 1, status: "pending" });
    s = applyStage(s, { type: "fourcut.ready", fourcut_id: 7, image_url: "/m/7.png", strip_url: "/m/7s.png" });
    s = applyStage(s, { type: "fourcut.progress", fourcut_id: 7, done: 4, total: 4, status: "composing" });
    expect(s.fourcuts).toEqual([{ fourcut_id: 7, done: 1, total: 4, status: "ready", image_url: "/m/7.png", strip_url: "/m/7s.png" }]);
  });
});

describe("the built-in tracks", () => {
  it("are the contract's six, each a loop of whole bars between 20 s and a minute", () => {
    expect([...MUSIC_PRESETS]).toEqual(["tavern_lute", "forest_breeze", "dungeon_drone", "night_waltz", "battle_drums", "rainy_cafe"]);
    for (const id of MUSIC_PRESETS) {
      expect(loopSeconds(id)).toBeGreaterThanOrEqual(20);
      expect(loopSeconds(id)).toBeLessThanOrEqual(60);
    }
    expect(loopSeconds("tavern_lute")).toBe(40); // 16 bars of 4/4 at 96 bpm
    expect(isMusicPreset("night_waltz")).toBe(true);
    expect(isMusicPreset("dQw4w9WgXcQ")).toBe(false);
  });
});
