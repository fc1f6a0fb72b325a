// The room's log as the client keeps it. The server sends `room.event` payloads as a plain dict by
// `kind` (RoomEventOut in socket.d.ts); they are narrowed here, in one place, with small guards.
// Pure functions only: merging (ADR 0011: order by seq, drop seqs already held), unread counting,
// dice faces.
import type { components } from "../../api/socket";

export type RoomEvent = components["schemas"]["RoomEventOut"];
export type Member = components["schemas"]["MemberOut"];
export type RoomInfo = components["schemas"]["RoomOut"];
export type Channel = "story" | "info" | "ooc";
export type Tab = Channel | "whispers";
export const TABS: readonly Tab[] = ["story", "info", "ooc", "whispers"];

export interface Die {
  sides: number;
  face: number;
  kept: boolean;
}
export interface ChatPayload {
  channel: Channel;
  text: string;
}
export interface WhisperPayload {
  to: string;
  text: string;
}
export interface DicePayload {
  expr: string;
  total: number;
  detail: string;
  dice: Die[];
  visibility: "public" | "gm" | "self";
}
export interface VoteStartedPayload {
  vote_id: number;
  question: string;
  options: string[];
}
export interface VoteCastPayload {
  vote_id: number;
  option: string;
}
export interface VoteClosedPayload {
  vote_id: number;
  question: string;
  tally: { option: string; votes: number }[];
  winners: string[];
  ballots: number;
}
export interface PickPayload {
  candidates: string[];
  picked: string;
}

type Of<P> = RoomEvent & { payload: P };
const str = (v: unknown): v is string => typeof v === "string";
const num = (v: unknown): v is number => typeof v === "number";
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(str);

export function isChat(e: RoomEvent): e is Of<ChatPayload> {
  const p = e.payload;
  return e.kind === "chat" && str(p.text) && (p.channel === "story" || p.channel === "info" || p.channel === "ooc");
}
export function isWhisper(e: RoomEvent): e is Of<WhisperPayload> {
  return e.kind === "whisper" && str(e.payload.to) && str(e.payload.text);
}
function isDie(v: unknown): v is Die {
  if (!v || typeof v !== "object") return false;
  const d = v as Record<string, unknown>;
  return num(d.sides) && num(d.face) && typeof d.kept === "boolean";
}
export function isDice(e: RoomEvent): e is Of<DicePayload> {
  const p = e.payload;
  return e.kind === "dice" && str(p.expr) && num(p.total) && Array.isArray(p.dice) && p.dice.every(isDie);
}
export function isVoteStarted(e: RoomEvent): e is Of<VoteStartedPayload> {
  const p = e.payload;
  return e.kind === "vote.started" && num(p.vote_id) && str(p.question) && strings(p.options);
}
export function isVoteCast(e: RoomEvent): e is Of<VoteCastPayload> {
  return e.kind === "vote.cast" && num(e.payload.vote_id);
}
export function isVoteClosed(e: RoomEvent): e is Of<VoteClosedPayload> {
  const p = e.payload;
  return e.kind === "vote.closed" && num(p.vote_id) && Array.isArray(p.tally) && strings(p.winners);
}
export function isPick(e: RoomEvent): e is Of<PickPayload> {
  return e.kind === "pick" && str(e.payload.picked) && strings(e.payload.candidates);
}

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
  started: Of<VoteStartedPayload>;
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
