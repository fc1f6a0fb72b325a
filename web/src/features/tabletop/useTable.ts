// A room's table while its page is open: enter on every (re)connect with the last seq held, merge
// the replay and the live events (sorted by seq, each once), and keep the member list fresh.
// The socket is an outside system; its subscriptions live in one effect.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useViewer } from "../accounts/auth";
import { lastSeq, mergeEvents, type RoomEvent } from "./events";
import { refreshRoom, roomKeys, type RoomDetail } from "./queries";
import { enterRoom, leaveTable, onTable, TableError, tableSocket } from "./socket";
import { applyStage, EMPTY_STAGE, type StageEvent, type StageState } from "./stage/stageState";

/** Events after which who sits at the table (or who is GM, or who plays whom) changed. */
const MEMBERSHIP = new Set(["member.joined", "member.left", "member.kicked", "gm.changed", "character.changed"]);

export type TableStatus = "connecting" | "live" | "reconnecting" | "refused" | "closed";

export interface Table {
  status: TableStatus;
  events: RoomEvent[];
  /** Why entering failed (the server's error name), when status is "refused". */
  refusal: string | null;
  /** The scene, music, sheets and turn order (room.enter's snapshot, then the stage's events). */
  stage: StageState;
}

export function useTable(roomId: number): Table {
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const [events, setEvents] = useState<RoomEvent[]>([]);
  const [status, setStatus] = useState<TableStatus>("connecting");
  const [refusal, setRefusal] = useState<string | null>(null);
  const [stage, setStage] = useState<StageState>(EMPTY_STAGE);
  // What the next (re)enter resumes from: read in socket callbacks, not in render.
  const held = useRef<RoomEvent[]>([]);

  useEffect(() => {
    let alive = true;
    const take = (incoming: RoomEvent[]) => {
      held.current = mergeEvents(held.current, incoming);
      setEvents(held.current);
      if (incoming.some((e) => MEMBERSHIP.has(e.kind))) refreshRoom(queryClient, roomId);
      if (incoming.some((e) => e.kind === "room.closed")) setStatus("closed");
    };
    const enter = async () => {
      try {
        const entered = await enterRoom(roomId, lastSeq(held.current));
        if (!alive) return;
        queryClient.setQueryData<RoomDetail>(roomKeys.detail(roomId, viewer), {
          ...entered.room,
          members: entered.members,
        });
        take(entered.events);
        setStage((st) => applyStage(st, { type: "entered", entered }));
        setStatus((s) => (s === "closed" ? s : "live"));
      } catch (err) {
        if (!alive) return;
        if (err instanceof TableError && err.error !== "Timeout") {
          setRefusal(err.error);
          setStatus(err.error === "RoomClosed" ? "closed" : "refused");
        } else setStatus("reconnecting");
      }
    };
    const staged = (roomOf: number, event: StageEvent) => {
      if (roomOf === roomId) setStage((st) => applyStage(st, event));
    };
    const s = tableSocket();
    const offs = [
      onTable("scene.changed", (e) => staged(e.room_id, { type: "scene.changed", scene: e.scene })),
      onTable("scene.rules", (e) => staged(e.room_id, { type: "scene.rules", scene_by_anyone: e.scene_by_anyone })),
      onTable("scene.generating", (e) => staged(e.room_id, { type: "scene.generating", job: e })),
      onTable("music.changed", (e) => staged(e.room_id, { type: "music.changed", music: e.music })),
      onTable("sheet.changed", (e) => staged(e.room_id, { type: "sheet.changed", sheet: e.sheet })),
      onTable("turns.changed", (e) => staged(e.room_id, { type: "turns.changed", turns: e.turns })),
      onTable("fourcut.progress", (e) => staged(e.room_id, { type: "fourcut.progress", ...e })),
      onTable("fourcut.ready", (e) => staged(e.room_id, { type: "fourcut.ready", ...e })),
      onTable("connect", () => void enter()),
      onTable("disconnect", () => setStatus((st) => (st === "closed" || st === "refused" ? st : "reconnecting"))),
      onTable("room.event", (e) => {
        if (e.room_id === roomId) take([e]);
      }),
      // Someone's first connection arrived or their last one left: flip their dot in place.
      onTable("member.presence", (p) => {
        if (p.room_id !== roomId) return;
        queryClient.setQueryData<RoomDetail>(roomKeys.detail(roomId, viewer), (room) =>
          room
            ? { ...room, members: room.members.map((m) => (m.nickname === p.nickname ? { ...m, online: p.online } : m)) }
            : room,
        );
      }),
    ];
    if (s.connected) void enter();
    return () => {
      alive = false;
      offs.forEach((off) => off());
      leaveTable(roomId);
    };
  }, [queryClient, roomId, viewer]);

  return { status, events, refusal, stage };
}
