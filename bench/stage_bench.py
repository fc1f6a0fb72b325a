"""The stage's pictures, end to end on the built-in (vector) renderer, embedded mode: wall time
from the `/tabletop` command's ack to the push that says the picture is there.

    .venv/bin/python bench/stage_bench.py [--rounds 3] [--backend vector]

- background: `scene.generate` → `scene.generating` succeeded (one 960×540 job, stored, and
  the room's scene changed);
- life four-cut of 1..4 members: `fourcut.request` → `fourcut.ready` (4 × members cut-out
  jobs through the one queue, one render at a time, then the group shots over the scene and
  the 2×2 and 1×4 sheets).

SQLite, in-process jobs, real socket.io clients over a served app (the tests' own helpers).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from loadgen import migrated_sqlite  # noqa: E402
from tests.conftest import make_settings  # noqa: E402
from tests.live import serving  # noqa: E402
from tests.tabletop.conftest import Table, cid  # noqa: E402
from tests.tabletop.staging import party  # noqa: E402

from mygemini.app import create_app  # noqa: E402

WORDS = (
    "별이 가득한 밤하늘 아래 고요한 호수",
    "a misty pine forest at dawn",
    "old tavern by the sea",
)


def _drawn(job: int) -> Callable[[dict[str, Any]], bool]:
    return lambda d: bool(d["job_id"] == job and d["status"] == "succeeded")


def _composed(fourcut: int) -> Callable[[dict[str, Any]], bool]:
    return lambda d: bool(d["fourcut_id"] == fourcut)


def line(name: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return (
        f"| {name} | {len(ms)} | {statistics.median(ms):.0f} | {ms[-1]:.0f} |"
        if ms
        else f"| {name} | 0 | - | - |"
    )


async def run(args: argparse.Namespace) -> None:
    data = Path(tempfile.mkdtemp(prefix="mygemini-stage-bench-"))
    db_url = await migrated_sqlite(data)
    settings = make_settings(data, db_url, "", render={"backend": args.backend})
    app = create_app(settings)
    try:
        async with serving(app.state.ctx.realtime.asgi(app)) as base:
            table = Table(app, base)
            p = await party(table, 4)
            gm = p.seats[0]
            room = p.room_id
            await gm.ok(
                "scene.set",
                {
                    "room_id": room,
                    "client_id": cid(),
                    "background": {"kind": "preset", "id": "tavern"},
                },
            )
            backgrounds: list[float] = []
            for i in range(args.rounds):
                t0 = time.perf_counter()
                ack = await gm.ok(
                    "scene.generate",
                    {"room_id": room, "client_id": cid(), "description": WORDS[i % len(WORDS)]},
                )
                await gm.heard("scene.generating", _drawn(ack["job_id"]), within=300)
                backgrounds.append(time.perf_counter() - t0)
            cuts: dict[int, list[float]] = {}
            for size in range(1, 5):
                for _ in range(args.rounds):
                    t0 = time.perf_counter()
                    ack = await gm.ok(
                        "fourcut.request",
                        {
                            "room_id": room,
                            "client_id": cid(),
                            "members": [s.person.nickname for s in p.seats[:size]],
                            "pose_set": "sample",
                        },
                    )
                    await gm.heard("fourcut.ready", _composed(ack["fourcut_id"]), within=600)
                    cuts.setdefault(size, []).append(time.perf_counter() - t0)
            for seat in table.seats:
                await seat.sio.disconnect()
            for person in table.people:
                await person.client.aclose()
    finally:
        await app.state.ctx.jobs.shutdown()
        await app.state.ctx.db.dispose()
    print(f"renderer: {args.backend}, embedded (SQLite, in-process jobs), rounds: {args.rounds}")
    print("| what | n | median ms | max ms |")
    print("|---|---|---|---|")
    print(line("background 960x540 (1 job)", backgrounds))
    for size, times in cuts.items():
        print(line(f"life four-cut, {size} member(s) ({4 * size} jobs)", times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", default="vector")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
