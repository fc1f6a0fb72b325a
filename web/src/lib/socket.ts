// Real-time channel. Later features (notifications, tabletop) build on it; for now we only keep it open.
import { io, type Socket } from "socket.io-client";
import type { TokenStore } from "./session";

let socket: Socket | null = null;

export function connectSocket(tokens: TokenStore): Socket {
  if (socket) return socket;
  socket = io({
    path: "/socket.io/",
    // A function, so every (re)connect presents the current access token.
    auth: (cb) => cb({ token: tokens.get() }),
    reconnectionDelayMax: 30_000,
  });
  return socket;
}

export function disconnectSocket(): void {
  socket?.disconnect();
  socket = null;
}
