// Listens for `generation.finished` with the official socket.io-client, for bench/scaled_tryout.py.
//
//   node finished_listener.mjs CONFIG.json
//
// CONFIG: {url, tokens: [...], seconds}. One connection per token to the default namespace
// (websocket, reconnecting as a browser would when its server goes away). Prints one JSON line
// per thing seen: {"p": i, "connected": true}, {"p": i, "disconnected": reason} and
// {"p": i, "id": generation id, "status": ...} for each `generation.finished`. Bounded: exits
// after `seconds`, or as soon as its stdin closes.
import { readFileSync } from 'node:fs';

import { io } from 'socket.io-client';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const say = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

const sockets = config.tokens.map((token, p) => {
  const socket = io(config.url, {
    transports: ['websocket'],
    auth: { token },
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    timeout: 5_000,
  });
  socket.on('connect', () => say({ p, connected: true }));
  socket.on('disconnect', (reason) => say({ p, disconnected: reason }));
  socket.on('connect_error', (error) => say({ p, connect_error: String(error?.message ?? error) }));
  socket.on('generation.finished', (event) => say({ p, id: event.id, status: event.status }));
  return socket;
});

const stop = () => {
  for (const socket of sockets) socket.close();
  process.exit(0);
};
setTimeout(stop, (config.seconds ?? 600) * 1000);
process.stdin.on('end', stop);
process.stdin.resume();
