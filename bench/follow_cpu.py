"""CPU of one `PUT /api/users/{nickname}/follow` in the app alone: follows sent one after another
straight into the ASGI app (`create_asgi`: the middlewares, socket.io's wrapper, the route, the
unit of work, the notification and its push) with no server, no client and no socket, so the
process's CPU per follow is the app's own. For profiling the follow path without a load
generator and 400 sockets sharing the cores (`py-spy record --gil -- python bench/follow_cpu.py`).

    .venv/bin/python bench/follow_cpu.py [--follows 1000]                  # SQLite, temporary
    .venv/bin/python bench/follow_cpu.py --database postgresql+asyncpg://postgres@127.0.0.1:5432/x

Nobody is connected, so the push's emit reaches no socket (push_bench.py measures the pushes).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SECRET = "bench-follow-jwt-secret-0123456789abcdef-0123456789"
INSERT = (
    "INSERT INTO users (nickname, nickname_key, bio, onboarded, created_at, updated_at) "
    "VALUES ({0}, {1}, '', {2}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


async def add_people(database: str, data_dir: str, count: int) -> list[tuple[int, str]]:
    tag = f"f{os.getpid()}x"
    rows = [(f"{tag}{i}", f"{tag}{i}") for i in range(count)]
    if database:
        conn = await asyncpg.connect(database.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await conn.executemany(INSERT.format("$1", "$2", "true"), rows)
            got = await conn.fetch(
                "SELECT id, nickname FROM users WHERE nickname LIKE $1 ORDER BY id", f"{tag}%"
            )
        finally:
            await conn.close()
        return [(int(r[0]), str(r[1])) for r in got]

    def write() -> list[tuple[int, str]]:
        with sqlite3.connect(Path(data_dir) / "mygemini.db", timeout=30) as db:
            db.executemany(INSERT.format("?", "?", "1"), rows)
            found = db.execute(
                "SELECT id, nickname FROM users WHERE nickname LIKE ? ORDER BY id", (f"{tag}%",)
            ).fetchall()
        return [(int(i), str(n)) for i, n in found]

    # In a thread: the app's own loops may hold the write lock for a moment, and they need this
    # event loop to finish their transaction.
    return await asyncio.to_thread(write)


async def put(app: Any, path: str, token: str) -> int:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "PUT",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [*headers, (b"content-length", b"0")],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    await app(scope, receive, send)
    return int(sent[0]["status"])


async def run(args: argparse.Namespace, data_dir: str) -> None:
    from mygemini.app import create_asgi
    from mygemini.core.security import create_access_token

    app = create_asgi()
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    lifespan = asyncio.create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, inbox.get, outbox.put)
    )
    await inbox.put({"type": "lifespan.startup"})
    assert (await outbox.get())["type"] == "lifespan.startup.complete"
    try:
        warm = 20
        people = await add_people(args.database, data_dir, 2 * (args.follows + warm))
        fans, stars = people[: len(people) // 2], people[len(people) // 2 :]
        pairs = [
            (create_access_token(f, SECRET, 60), f"/api/users/{nick}/follow")
            for (f, _), (_, nick) in zip(fans, stars, strict=True)
        ]
        for token, path in pairs[:warm]:
            assert await put(app, path, token) == 204
        cpu, wall = time.process_time(), time.perf_counter()
        for token, path in pairs[warm:]:
            status = await put(app, path, token)
            assert status == 204, status
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        await lifespan
    print(
        f"{args.follows} follows one at a time: {1000 * cpu / args.follows:.3f} ms CPU, "
        f"{1000 * wall / args.follows:.3f} ms wall each (load average {os.getloadavg()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--database", default="", help="empty: SQLite in a temporary data dir")
    parser.add_argument("--follows", type=int, default=1000)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="follow-cpu-")
    os.environ.update(
        {
            "MYGEMINI_DATA_DIR": data_dir,
            "MYGEMINI_LOG_LEVEL": "WARNING",
            "MYGEMINI_STUDIO__WARM_PREVIEWS": "false",
            "MYGEMINI_AUTH__JWT_SECRET": SECRET,
        }
    )
    if args.database:
        os.environ["MYGEMINI_DATABASE_URL"] = args.database
    from mygemini.cli import migrate

    try:
        migrate()
        asyncio.run(run(args, data_dir))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
