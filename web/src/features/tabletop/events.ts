// The room's log as the client keeps it. `room.event` is a union by `kind` (RoomEventOut in
// socket.d.ts, generated from the server's models), so a check of `kind` narrows the payload; the
// guards below name those checks once. Pure functions only: merging (ADR 0011: order by seq, drop
// seqs already held), unread counting, dice faces.
import type { components } from "../../api/socket";

type Schemas = components["schemas"];
export type RoomEvent = Schemas["RoomEventOut"];
export type Member = Schemas["MemberOut"];
export type RoomInfo = Schemas["RoomOut"];
export type Channel = Schemas["ChatPayload"]["channel"];
export type Tab = Channel | "whispers";
export const TABS: readonly Tab[] = ["story", "info", "ooc", "whispers"];

export type Die = Schemas["DicePayload"]["dice"][number];
export type ChatPayload = Schemas["ChatPayload"];
export type DicePayload = Schemas["DicePayload"];
export type VoteClosedPayload = Extract<RoomEvent, { kind: "vote.closed" }>["payload"];

/** The event of one kind, its payload narrowed with it. */
export type Of<K extends RoomEvent["kind"]> = Extract<RoomEvent, { kind: K }>;

export const isChat = (e: RoomEvent): e is Of<"chat"> => e.kind === "chat";
export const isWhisper = (e: RoomEvent): e is Of<"whisper"> => e.kind === "whisper";
export const isDice = (e: RoomEvent): e is Of<"dice"> => e.kind === "dice";
export const isVoteStarted = (e: RoomEvent): e is Of<"vote.started"> => e.kind === "vote.started";
export const isVoteCast = (e: RoomEvent): e is Of<"vote.cast"> => e.kind === "vote.cast";
export const isVoteClosed = (e: RoomEvent): e is Of<"vote.closed"> => e.kind === "vote.closed";
export const isPick = (e: RoomEvent): e is Of<"pick"> => e.kind === "pick";

/** `held` and `incoming` together, each seq once, oldest first (`held` is kept sorted). */
export function mergeEvents(held: readonly RoomEvent[], incoming: readonly RoomEvent[]): RoomEvent[] {
  if (incoming.length === 0) return held as RoomEvent[];
  const seen = new Set(held.map((e) => e.seq));
  const fresh = incoming.filter((e) => {
    if (seen.has(e.seq)) return false;
    seen.add(e.seq);
    return true;
  });
  if (fresh.length === 0) return held as RoomEvent[];
  return [...held, ...fresh].sort((a, b) => a.seq - b.seq);
}

/** The highest seq held (what `room.enter` resumes from), or null with nothing held. */
export function lastSeq(events: readonly RoomEvent[]): number | null {
  return events.at(-1)?.seq ?? null;
}

/** Which chat tab an event shows in, or null for events that are not chat. */
export function tabOf(e: RoomEvent): Tab | null {
  if (isChat(e)) return e.payload.channel;
  if (isWhisper(e)) return "whispers";
  return null;
}

/** Per tab, how many chat events after `seenSeq[tab]` were written by someone else. */
export function unreadCounts(
  events: readonly RoomEvent[],
  seenSeq: Partial<Record<Tab, number>>,
  me: string,
): Record<Tab, number> {
  const counts: Record<Tab, number> = { story: 0, info: 0, ooc: 0, whispers: 0 };
  for (const e of events) {
    const tab = tabOf(e);
    if (!tab || e.author?.nickname === me) continue;
    if (e.seq > (seenSeq[tab] ?? 0)) counts[tab] += 1;
  }
  return counts;
}

const DIE_GLYPH: Record<number, string> = { 1: "⚀", 2: "⚁", 3: "⚂", 4: "⚃", 5: "⚄", 6: "⚅" };

/** How one die is shown: a pip glyph for a d6, else the number; `label` reads it aloud. */
export function dieFace(d: Die): { glyph: string; label: string } {
  const glyph = d.sides === 6 ? (DIE_GLYPH[d.face] ?? String(d.face)) : String(d.face);
  return { glyph, label: `d${d.sides}: ${d.face}${d.kept ? "" : " ×"}` };
}

/** The dice faces of a roll as one line of text, in the order rolled (dropped dice in brackets). */
export function facesText(dice: readonly Die[]): string {
  return dice.map((d) => (d.kept ? String(d.face) : `(${d.face})`)).join(" ");
}

/** The votes of the room: each started vote with my ballot and its closing, if any. */
export interface VoteView {
  started: Of<"vote.started">;
  mine: string | null;
  closed: VoteClosedPayload | null;
}
export function votesOf(events: readonly RoomEvent[]): VoteView[] {
  const byId = new Map<number, VoteView>();
  for (const e of events) {
    if (isVoteStarted(e)) byId.set(e.payload.vote_id, { started: e, mine: null, closed: null });
    else if (isVoteCast(e)) {
      const v = byId.get(e.payload.vote_id);
      if (v) v.mine = String(e.payload.option);
    } else if (isVoteClosed(e)) {
      const v = byId.get(e.payload.vote_id);
      if (v) v.closed = e.payload;
    }
  }
  return [...byId.values()];
}
