// Fan-out load for bench/tabletop_bench.py, with the official socket.io-client.
//
//   node fanout.mjs CONFIG.json
//
// CONFIG: {url, rooms: [{room_id, tokens: [...]}], rate_per_member, seconds, warmup_seconds}.
// Every member of every room connects to /tabletop (websocket), enters its room, then sends
// `chat.send` at `rate_per_member` messages a second for `seconds`. Each message carries its send
// time (epoch ms, so two load processes on one machine share the clock); every `room.event`
// received is one delivery, timed from that send. Prints one JSON line: sends, acks, errors, deliveries, deliveries/s and latency
// percentiles in ms. Bounded: it stops after warmup + seconds + a 5 s drain, whatever happens.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { io } from 'socket.io-client';

const now = () => performance.timeOrigin + performance.now();
// client_ids are unique per run: the same people sending `b1` again in a later run would be
// retries the server answers from its log without sending anything.
const run = randomUUID().slice(0, 8);

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { url, rooms, rate_per_member: rate, seconds } = config;
const warmup = config.warmup_seconds ?? 1;

function connect(token) {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/tabletop`, {
      transports: ['websocket'],
      auth: token ? { token } : {},
      reconnection: false,
      timeout: 10_000,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const latencies = [];
let measuring = false;
let deliveries = 0;
let sends = 0;
let acks = 0;
const errors = {};

const members = [];
for (const room of rooms) {
  for (const token of room.tokens) {
    const socket = await connect(token);
    socket.on('room.event', (event) => {
      const text = event?.payload?.text;
      if (!measuring || typeof text !== 'string' || !text.startsWith('t=')) return;
      deliveries += 1;
      latencies.push(now() - Number(text.slice(2).split(';')[0]));
    });
    const reply = await socket.timeout(10_000).emitWithAck('room.enter', { room_id: room.room_id });
    if (!reply?.ok) throw new Error(`room.enter refused: ${JSON.stringify(reply)}`);
    members.push({ socket, room_id: room.room_id });
  }
}

let counter = 0;
function send(member) {
  counter += 1;
  sends += 1;
  const text = `t=${now()};${counter}`;
  member.socket
    .timeout(10_000)
    .emitWithAck('chat.send', { room_id: member.room_id, channel: 'ooc', text, client_id: `${run}-${counter}` })
    .then((reply) => {
      if (reply?.ok) acks += 1;
      else errors[reply?.error ?? 'unknown'] = (errors[reply?.error ?? 'unknown'] ?? 0) + 1;
    })
    .catch(() => {
      errors.timeout = (errors.timeout ?? 0) + 1;
    });
}

// Members send on staggered timers so the load is even across the second.
const period = 1000 / rate;
const timers = members.map((member, i) =>
  setTimeout(() => {
    timers[i] = setInterval(() => send(member), period);
  }, (period * i) / members.length),
);
await new Promise((r) => setTimeout(r, warmup * 1000));
measuring = true;
const started = performance.now();
sends = 0;
acks = 0;
await new Promise((r) => setTimeout(r, seconds * 1000));
const sendsInWindow = sends;
for (const t of timers) {
  clearTimeout(t);
  clearInterval(t);
}
const elapsed = (performance.now() - started) / 1000;
await new Promise((r) => setTimeout(r, 5000)); // drain what is in flight
measuring = false;
for (const { socket } of members) socket.close();

latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : null);
const expected = rooms.reduce((n, room) => n + room.tokens.length * room.tokens.length, 0) * rate * seconds;
console.log(
  JSON.stringify({
    sockets: members.length,
    sends: sendsInWindow,
    acks,
    errors,
    deliveries,
    expected_deliveries: Math.round(expected),
    deliveries_per_s: Math.round(deliveries / elapsed),
    p50_ms: pct(50),
    p99_ms: pct(99),
    max_ms: latencies.length ? latencies[latencies.length - 1] : null,
  }),
);
process.exit(0);
