// The `/tabletop` namespace: one socket for the lobby and the room pages, opened on first use.
// Payloads and acks are the generated ones (src/api/socket.d.ts). Every command carries a fresh
// client_id, and a retry after a lost ack reuses it, so the server stores the command once
// (ADR 0011: a retried roll never rolls again).
import { io, type Socket } from "socket.io-client";
import { api } from "../../api/client";
import type { components } from "../../api/socket";

type Schemas = components["schemas"];
type Commands = Schemas["ClientEvents"]["/tabletop"];
export type CommandName = keyof Commands;
export type TableEvents = Schemas["ServerEvents"]["/tabletop"];
export type Entered = Schemas["Entered"];
/** A command's payload without the client_id it is given here. */
export type CommandBody<C extends CommandName> = Omit<Commands[C]["payload"], "client_id">;
type Ack<C extends CommandName> = Commands[C]["ack"];
export type Ok<C extends CommandName> = Extract<Ack<C>, { ok: true }>;

/** A command the server refused (`error` is the contract's name, `detail` is worded for people). */
export class TableError extends Error {
  constructor(
    readonly error: string,
    readonly detail: string,
  ) {
    super(detail || error);
    this.name = "TableError";
  }
}

let socket: Socket | null = null;

export function tableSocket(): Socket {
  if (socket) return socket;
  const s = io("/tabletop", {
    path: "/socket.io/",
    // WebSocket only, like the main namespace (api/realtime.ts).
    transports: ["websocket"],
    auth: (cb) => cb({ token: api.tokens.get() }),
    reconnectionDelayMax: 10_000,
  });
  socket = s;
  // Signing out closes the table too; the next sign-in opens a new socket with the new token.
  const off = api.tokens.subscribe((token) => {
    if (token) return;
    off();
    s.disconnect();
    if (socket === s) socket = null;
  });
  return s;
}

const ACK_TIMEOUT_MS = 8_000;
const ATTEMPTS = 3;

function isTimeout(err: unknown): boolean {
  return err instanceof Error && /timed out/i.test(err.message);
}

/**
 * Send a command and await its ack. A lost ack (timeout, dropped connection) is retried with the
 * same client_id; a refusal throws a `TableError`.
 */
export async function command<C extends CommandName>(name: C, body: CommandBody<C>): Promise<Ok<C>> {
  const s = tableSocket();
  const payload = { ...body, client_id: crypto.randomUUID() };
  let lastError: unknown = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    let ack: Ack<C>;
    try {
      ack = (await s.timeout(ACK_TIMEOUT_MS).emitWithAck(name, payload)) as Ack<C>;
    } catch (err) {
      if (!isTimeout(err)) throw err;
      lastError = err;
      continue;
    }
    if (ack.ok) return ack as Ok<C>;
    const refused = ack as Schemas["SocketError"];
    throw new TableError(refused.error, refused.detail);
  }
  throw new TableError("Timeout", lastError instanceof Error ? lastError.message : "");
}

/** Enter a room's table: the room, its members, the log since `last_seq` (or the latest events). */
export async function enterRoom(roomId: number, lastSeq: number | null): Promise<Entered> {
  const ack = (await tableSocket()
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck("room.enter", { room_id: roomId, last_seq: lastSeq })) as Commands["room.enter"]["ack"];
  if (!ack.ok) throw new TableError(ack.error, ack.detail);
  return ack as Entered;
}

export function leaveTable(roomId: number): void {
  socket?.emit("room.leave", { room_id: roomId });
}

/** Listen to a server event of the namespace; returns the unsubscribe function. */
type Listened = TableEvents & { connect: undefined; disconnect: string };
export function onTable<E extends keyof Listened>(event: E, handler: (payload: Listened[E]) => void): () => void {
  const s = tableSocket();
  s.on(event as string, handler);
  return () => {
    s.off(event as string, handler);
  };
}
