// Real-time channel, opened after login. Pages subscribe to events with `onSocketEvent`, which works
// whether or not the socket is connected yet (handlers are attached to every socket we open).
// The events and their payloads are generated from the server's models (src/api/socket.d.ts, from
// socket-schema.json: `make api`), never written here by hand.
import { io, type Socket } from "socket.io-client";
import type { components } from "./socket";
import type { TokenStore } from "./session";

type Schemas = components["schemas"];
/** What the server sends on the main namespace, by event name. */
export type ServerEvents = Schemas["ServerEvents"]["/"];
/** Those, and socket.io's own `connect` (after every (re)connect). */
type Listened = ServerEvents & { connect: undefined };
export type GenerationProgressEvent = ServerEvents["generation.progress"];
export type GenerationFinishedEvent = ServerEvents["generation.finished"];
export type NotificationEvent = ServerEvents["notification.new"];
/** The ack of a client event that failed: nothing it would have written or sent happened. */
export type SocketError = Schemas["SocketError"];

// Handlers of different events share one map; `onSocketEvent` keeps each one's payload typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (payload: any) => void;

let socket: Socket | null = null;
const handlers = new Map<string, Set<Handler>>();

export function connectSocket(tokens: TokenStore): Socket {
  if (socket) return socket;
  socket = io({
    path: "/socket.io/",
    // WebSocket only: no long-polling sessions to keep sticky behind a balancer or to hold open
    // on the server (every supported browser and our nginx speak WebSocket).
    transports: ["websocket"],
    // A function, so every (re)connect presents the current access token.
    auth: (cb) => cb({ token: tokens.get() }),
    reconnectionDelayMax: 30_000,
  });
  for (const [event, set] of handlers) for (const handler of set) socket.on(event, handler);
  return socket;
}

export function disconnectSocket(): void {
  socket?.disconnect();
  socket = null;
}

/** Listen to a server event; returns the unsubscribe function. */
export function onSocketEvent<E extends keyof Listened>(
  event: E,
  handler: (payload: Listened[E]) => void,
): () => void {
  const name: string = event;
  const listener = handler as Handler;
  let set = handlers.get(name);
  if (!set) {
    set = new Set();
    handlers.set(name, set);
  }
  set.add(listener);
  socket?.on(name, listener);
  return () => {
    set.delete(listener);
    socket?.off(name, listener);
  };
}
