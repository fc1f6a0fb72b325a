// The official socket.io-client plays at a table, for tests/tabletop/test_node_client.py.
//
//   node tabletop_client.mjs BASE_URL ACCESS_TOKEN ROOM_ID
//
// Connects to /tabletop over the client's default transports (polling, then the upgrade to a
// WebSocket), enters the room, says something in the story channel, rolls dice and retries the
// roll with the same client_id, and edits its own character sheet (the stage's `sheet.update`,
// found in `room.enter`'s snapshot as the one sheet it sees whole). Prints one JSON line with what the server answered and which
// `room.event`s arrived; exits 1 with the error on any failure. Bounded: gives up after 20 s.
import { io } from 'socket.io-client';

const [url, token, roomArg] = process.argv.slice(2);
const roomId = Number(roomArg);
const deadline = setTimeout(() => fail(new Error('timed out')), 20_000);

function fail(error) {
  console.log(JSON.stringify({ ok: false, error: String(error?.message ?? error) }));
  process.exit(1);
}

const socket = io(`${url}/tabletop`, { auth: { token }, reconnection: false });
const events = [];
const waiters = [];
socket.on('room.event', (event) => {
  events.push(event);
  for (const w of [...waiters]) {
    if (w.match(event)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(event);
    }
  }
});
const eventWhere = (match) =>
  new Promise((resolve) => {
    const seen = events.find(match);
    if (seen) resolve(seen);
    else waiters.push({ match, resolve });
  });
const ask = (name, payload) => socket.timeout(10_000).emitWithAck(name, payload);

socket.on('connect_error', fail);
socket.on('connect', async () => {
  try {
    const entered = await ask('room.enter', { room_id: roomId });
    if (!entered.ok) throw new Error(`room.enter: ${JSON.stringify(entered)}`);
    const said = await ask('chat.send', {
      room_id: roomId,
      channel: 'story',
      text: 'Hello from the official Node client',
      client_id: 'node-chat-1',
    });
    const chat = await eventWhere((e) => e.kind === 'chat' && e.payload?.text?.includes('official Node'));
    const rolled = await ask('dice.roll', {
      room_id: roomId,
      expr: '4d6kh3+2',
      visibility: 'public',
      client_id: 'node-roll-1',
    });
    const dice = await eventWhere((e) => e.kind === 'dice');
    const retried = await ask('dice.roll', {
      room_id: roomId,
      expr: '4d6kh3+2',
      visibility: 'public',
      client_id: 'node-roll-1',
    });
    const mine = entered.sheets.find((sheet) => sheet.stats !== null);
    const sheetChanged = new Promise((resolve) => socket.once('sheet.changed', resolve));
    const sheet = await ask('sheet.update', {
      room_id: roomId,
      nickname: mine.nickname,
      patch: { hp: 6, stats: [{ name: 'WIS', value: 2 }] },
      client_id: 'node-sheet-1',
    });
    const pushed = await sheetChanged;
    clearTimeout(deadline);
    console.log(
      JSON.stringify({
        ok: true,
        transport: socket.io.engine.transport.name,
        entered: { ok: entered.ok, seq: entered.seq, music: entered.music, turns: entered.turns },
        said,
        chat,
        rolled,
        dice,
        retried,
        sheet,
        pushed,
        events: events.length,
      }),
    );
    socket.close();
    process.exit(0);
  } catch (error) {
    fail(error);
  }
});
