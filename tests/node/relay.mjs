// A plain Socket.IO relay: the peer every Socket.IO user knows, for bench/tabletop_bench.py.
//
//   node relay.mjs PORT
//
// Namespace /tabletop with the two events the fan-out bench uses, shaped like ours: `room.enter`
// joins the room, `chat.send` numbers the message and emits `room.event` to the whole room. No
// auth, no validation, no storage, no visibility rules: what is left is socket.io's own cost,
// which is what our full pipeline is compared with. Prints "ready" when serving.
import http from 'node:http';

import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const server = http.createServer();
const io = new Server(server, { transports: ['websocket'], maxHttpBufferSize: 16 * 1024 });
const seqs = new Map();

io.of('/tabletop').on('connection', (socket) => {
  socket.on('room.enter', (data, ack) => {
    socket.join(String(data.room_id));
    ack?.({ ok: true, seq: seqs.get(data.room_id) ?? 0, events: [] });
  });
  socket.on('chat.send', (data, ack) => {
    const seq = (seqs.get(data.room_id) ?? 0) + 1;
    seqs.set(data.room_id, seq);
    const event = {
      room_id: data.room_id,
      seq,
      kind: 'chat',
      author: { nickname: socket.id, character: null },
      payload: { channel: data.channel, text: data.text },
      at: new Date().toISOString(),
    };
    io.of('/tabletop').to(String(data.room_id)).emit('room.event', event);
    ack?.({ ok: true, seq });
  });
});

server.listen(port, '127.0.0.1', () => console.log('ready'));
