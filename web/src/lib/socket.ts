// Real-time channel, opened after login. Pages subscribe to events with `onSocketEvent`, which works
// whether or not the socket is connected yet (handlers are attached to every socket we open).
import { io, type Socket } from "socket.io-client";
import type { TokenStore } from "./session";

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
export function onSocketEvent<T>(event: string, handler: (payload: T) => void): () => void {
  let set = handlers.get(event);
  if (!set) {
    set = new Set();
    handlers.set(event, set);
  }
  set.add(handler);
  socket?.on(event, handler);
  return () => {
    set.delete(handler);
    socket?.off(event, handler);
  };
}

export interface GenerationProgressEvent {
  id: number;
  progress: number;
  position: number;
}

export interface GenerationFinishedEvent {
  id: number;
  status: "succeeded" | "failed" | "cancelled";
  gemini_id: number | null;
}
