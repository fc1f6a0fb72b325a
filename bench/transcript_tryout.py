"""Clients that walk away in the middle of a long transcript, against a served app.

    .venv/bin/python bench/transcript_tryout.py [--events 20000 --cuts 20]

Embedded (SQLite, temporary), uvicorn in process: a room with `--events` chat events, then per
format `--cuts` raw connections each ask for the transcript, read the status and 50 kB, and
abort. Afterwards a write and a whole download must still answer; the lines asyncio logs when a
cancelled read's connection is torn down instead of returned ("Task was destroyed but it is
pending!") are counted, and the process's threads before and after (the pool's connections each
hold one) are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
import tempfile
import threading
from pathlib import Path

import httpx
from sqlalchemy import update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from loadgen import migrated_sqlite  # noqa: E402
from tests.conftest import make_settings, sign_up  # noqa: E402
from tests.live import serving  # noqa: E402

from mygemini.app import create_app  # noqa: E402
from mygemini.models import Room, RoomEvent  # noqa: E402


class Destroyed(logging.Handler):
    """Counts asyncio's "Task was destroyed but it is pending!" lines."""

    count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "Task was destroyed" in record.getMessage():
            self.count += 1


async def run(data: Path, events: int, cuts: int) -> None:
    url = await migrated_sqlite(data)
    app = create_app(make_settings(data, url, "", studio={"warm_previews": False}))
    destroyed = Destroyed()
    logging.getLogger("asyncio").addHandler(destroyed)
    async with app.router.lifespan_context(app):
        gm = await sign_up(app)
        r = await gm.client.post("/api/rooms", json={"title": "긴 밤"}, headers=gm.auth)
        room_id = r.json()["id"]
        async with app.state.ctx.db.unit_of_work() as uow:
            uow.session.add_all(
                RoomEvent(
                    room_id=room_id,
                    seq=100 + i,
                    kind="chat",
                    author_id=gm.id,
                    payload={"channel": "story", "text": "모닥불 " * 40},
                )
                for i in range(events)
            )
            await uow.session.execute(
                update(Room).where(Room.id == room_id).values(last_seq=100 + events - 1)
            )
        before = threading.active_count()
        async with serving(app.state.ctx.realtime.asgi(app)) as base:
            host, port = base.removeprefix("http://").split(":")
            for fmt in ("json", "md"):
                statuses: dict[str, int] = {}
                done = 0
                while done < cuts:
                    reader, writer = await asyncio.open_connection(host, int(port))
                    writer.write(
                        f"GET /api/rooms/{room_id}/transcript?format={fmt} HTTP/1.1\r\n"
                        f"Host: {host}\r\nAuthorization: Bearer {gm.token}\r\n\r\n".encode()
                    )
                    status = (await reader.readuntil(b"\r\n\r\n")).split(b"\r\n", 1)[0]
                    statuses[status.decode()] = statuses.get(status.decode(), 0) + 1
                    if b" 429 " in status:  # the per-person limit: wait it out
                        writer.close()
                        await asyncio.sleep(1.1)
                        continue
                    await reader.readexactly(50_000)
                    writer.transport.abort()  # gone without a word
                    done += 1
                print(f"{fmt}: {cuts} downloads cut after 50 kB; answered {statuses}", flush=True)
            await asyncio.sleep(1)
            async with httpx.AsyncClient(base_url=base, timeout=60) as client:
                write = await client.post("/api/rooms", json={"title": "다음"}, headers=gm.auth)
                whole = await client.get(f"/api/rooms/{room_id}/transcript", headers=gm.auth)
            gc.collect()
            await asyncio.sleep(0.2)
            print(
                f"afterwards: a write {write.status_code}, a whole download {whole.status_code} "
                f"with {len(whole.json()['events'])} events; threads {before} -> "
                f"{threading.active_count()}; 'Task was destroyed' lines: {destroyed.count}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--cuts", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="transcript-tryout-") as data:
        asyncio.run(run(Path(data), args.events, args.cuts))


if __name__ == "__main__":
    main()
