"""A long room's transcript: CPU, the longest the event loop was held, and the memory it took.

    .venv/bin/python bench/transcript_bench.py [--events 20000]

Embedded (SQLite in a temporary data dir), in process: one person opens a room, `--events` chat
events (~300 bytes of Korean text each) are written straight into its log, then the transcript
is downloaded as JSON and as Markdown through the ASGI app while a ticker task sleeps 5 ms at a
time; the longest gap between its ticks is how long the event loop (in the embedded default,
the whole app: API, sockets and jobs) was held at once. The RSS is the process's, client
included (the response body it collects is part of the growth), sampled at each tick.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, update

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from loadgen import migrated_sqlite, rss_mib  # noqa: E402
from tests.conftest import make_settings, sign_up  # noqa: E402

from mygemini.app import create_app  # noqa: E402
from mygemini.core.heap import freeze_start_up_heap  # noqa: E402
from mygemini.models import Room, RoomEvent  # noqa: E402


class Ticker:
    """Sleeps 5 ms at a time until stopped: the longest gap between its ticks, beyond the 5 ms,
    is the longest the event loop was held; it also keeps the highest RSS it saw."""

    def __init__(self) -> None:
        self.held = 0.0
        self.rss = rss_mib(os.getpid())
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            self.held = max(self.held, now - last - 0.005)
            self.rss = max(self.rss, rss_mib(os.getpid()))
            last = now

    async def stop(self) -> None:
        self._stop.set()
        await self._task


async def run(events: int) -> None:
    with tempfile.TemporaryDirectory(prefix="transcript-bench-") as data:
        await measure(Path(data), events)


async def measure(data: Path, events: int) -> None:
    url = await migrated_sqlite(data)
    app = create_app(make_settings(data, url, "", studio={"warm_previews": False}))
    async with app.router.lifespan_context(app):
        gm = await sign_up(app)
        r = await gm.client.post("/api/rooms", json={"title": "긴 밤"}, headers=gm.auth)
        room_id = r.json()["id"]
        ctx = app.state.ctx
        async with ctx.db.unit_of_work() as uow:
            start = await uow.session.scalar(
                select(func.max(RoomEvent.seq)).where(RoomEvent.room_id == room_id)
            )
            first = (start or 0) + 1
            uow.session.add_all(
                RoomEvent(
                    room_id=room_id,
                    seq=first + i,
                    kind="chat",
                    author_id=gm.id,
                    payload={"channel": "story", "text": f"{i}번째 밤, 모닥불 곁에서 " * 12},
                )
                for i in range(events)
            )
            await uow.session.execute(
                update(Room).where(Room.id == room_id).values(last_seq=first + events - 1)
            )
        gc.collect()
        # As `mygemini serve` does after start-up (core/heap.py): the collector's full passes
        # then walk only what requests make.
        freeze_start_up_heap()
        print(f"{events} events written; RSS {rss_mib(os.getpid()):.0f} MiB", flush=True)
        for fmt in ("json", "md"):
            gc.collect()
            start = rss_mib(os.getpid())
            ticker = Ticker()
            cpu, wall = time.process_time(), time.perf_counter()
            r = await gm.client.get(
                f"/api/rooms/{room_id}/transcript?format={fmt}", headers=gm.auth, timeout=600
            )
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            await ticker.stop()
            print(
                f"{fmt:<4} {r.status_code} {len(r.content) / 1e6:5.1f} MB  CPU {cpu:5.2f} s  "
                f"wall {wall:5.2f} s  loop held at most {ticker.held * 1000:5.0f} ms  "
                f"RSS {start:.0f} MiB, at most +{ticker.rss - start:.0f} during the download",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--events", type=int, default=20000)
    asyncio.run(run(parser.parse_args().events))


if __name__ == "__main__":
    main()
