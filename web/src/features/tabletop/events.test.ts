import { describe, expect, it } from "vitest";
import { dieFace, facesText, lastSeq, mergeEvents, unreadCounts, votesOf, type RoomEvent } from "./events";

const at = "2026-01-01T00:00:00Z";
// Built from loose values: the tests feed shapes the server may send, typed or not.
function ev(seq: number, kind: string, payload: Record<string, unknown>, nickname = "Ann"): RoomEvent {
  return { room_id: 1, seq, kind, payload, at, author: { nickname, character: null } } as unknown as RoomEvent;
}
const chat = (seq: number, channel: string, nickname = "Ann") => ev(seq, "chat", { channel, text: `line ${seq}` }, nickname);

describe("mergeEvents", () => {
  it("orders by seq and keeps each seq once", () => {
    const held = [chat(1, "story"), chat(3, "story")];
    const merged = mergeEvents(held, [chat(4, "story"), chat(2, "story"), chat(3, "story"), chat(4, "story")]);
    expect(merged.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it("merges a replay that overlaps live events", () => {
    const live = mergeEvents([], [chat(7, "ooc"), chat(5, "ooc")]);
    const replay = [5, 6, 7, 8].map((s) => chat(s, "ooc"));
    expect(mergeEvents(live, replay).map((e) => e.seq)).toEqual([5, 6, 7, 8]);
    expect(lastSeq(mergeEvents(live, replay))).toBe(8);
  });

  it("returns what it holds when nothing is new", () => {
    const held = [chat(1, "story")];
    expect(mergeEvents(held, [chat(1, "story")])).toBe(held);
    expect(lastSeq([])).toBeNull();
  });
});

describe("unreadCounts", () => {
  it("counts others' lines after the seen mark, per tab", () => {
    const events = [
      chat(1, "story", "Bo"),
      chat(2, "info", "Bo"),
      chat(3, "info", "Ann"),
      ev(4, "whisper", { to: "Ann", text: "psst" }, "Bo"),
      ev(5, "dice", { expr: "1d6", total: 3, detail: "", dice: [], visibility: "public" }, "Bo"),
      chat(6, "story", "Bo"),
    ];
    expect(unreadCounts(events, { story: 1 }, "Ann")).toEqual({ story: 1, info: 1, ooc: 0, whispers: 1 });
    expect(unreadCounts(events, { story: 6, info: 6, whispers: 6 }, "Ann")).toEqual({ story: 0, info: 0, ooc: 0, whispers: 0 });
  });
});

describe("dice faces", () => {
  it("shows pips for a d6 and numbers for other dice, dropped dice marked", () => {
    expect(dieFace({ sides: 6, face: 5, kept: true }).glyph).toBe("⚄");
    expect(dieFace({ sides: 20, face: 17, kept: true })).toEqual({ glyph: "17", label: "d20: 17" });
    expect(dieFace({ sides: 20, face: 2, kept: false }).label).toBe("d20: 2 ×");
    expect(facesText([{ sides: 20, face: 17, kept: true }, { sides: 20, face: 2, kept: false }])).toBe("17 (2)");
  });
});

describe("votesOf", () => {
  it("follows my ballot and the closing of each vote", () => {
    const events = [
      ev(1, "vote.started", { vote_id: 1, question: "Door?", options: ["left", "right"] }),
      ev(2, "vote.cast", { vote_id: 1, option: "left" }),
      ev(3, "vote.cast", { vote_id: 1, option: "right" }),
      ev(4, "vote.closed", { vote_id: 1, question: "Door?", tally: [{ option: "right", votes: 2 }], winners: ["right"], ballots: 2 }),
    ];
    const [vote] = votesOf(events);
    expect(vote?.mine).toBe("right");
    expect(vote?.closed?.winners).toEqual(["right"]);
  });
});
