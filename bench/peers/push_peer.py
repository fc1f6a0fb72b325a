"""The push's peer: Starlette + python-socketio, what a hand-written service does for
`PUT /api/users/{nickname}/follow` → `notification.new`: check the bearer token, one INSERT (the
notification, with both people looked up inside it), then emit to the followed person's room.
No ORM, no unit of work, no middleware, no idempotent follow row. For push_bench.py.

    PEER_DATABASE_URL=sqlite:///tmp/x/mygemini.db PEER_JWT_SECRET=... \\
        .venv/bin/uvicorn --app-dir bench/peers push_peer:app --port 8002

With PEER_REDIS_URL set, emits go through python-socketio's Redis manager. The socket accepts
`auth: {token}` like ours and joins the room `user:<id>`. The database is the bench's own (its
`users` table); the notifications go to a `peer_notifications` table of its own.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import aiosqlite
import asyncpg
import jwt
import socketio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

URL = os.environ.get("PEER_DATABASE_URL", "")
SECRET = os.environ.get("PEER_JWT_SECRET", "")
TABLE = """CREATE TABLE IF NOT EXISTS peer_notifications (
    id {serial} PRIMARY KEY, user_id INTEGER NOT NULL, kind VARCHAR(40) NOT NULL,
    payload TEXT NOT NULL, created_at TIMESTAMP NOT NULL)"""
INSERT = """INSERT INTO peer_notifications (user_id, kind, payload, created_at)
SELECT t.id, 'follow.new', {payload}, {now} FROM users t, users f
WHERE t.nickname_key = {nick} AND f.id = {me} AND t.id <> f.id
RETURNING id, user_id, payload"""


class Database:
    """One of SQLite (aiosqlite, one connection in autocommit) or PostgreSQL (asyncpg pool)."""

    sqlite: aiosqlite.Connection | None = None
    pool: asyncpg.Pool | None = None

    async def open(self) -> None:
        if URL.startswith("postgresql"):
            dsn = URL.replace("postgresql+asyncpg://", "postgresql://")
            self.pool = await asyncpg.create_pool(dsn, min_size=2, max_size=16)
            await self.pool.execute(TABLE.format(serial="BIGSERIAL"))
        else:
            path = URL.split(":///", 1)[1]
            self.sqlite = await aiosqlite.connect(path, isolation_level=None)
            await self.sqlite.execute("PRAGMA journal_mode=WAL")
            await self.sqlite.execute("PRAGMA busy_timeout=30000")
            await self.sqlite.execute(TABLE.format(serial="INTEGER"))

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
        if self.sqlite is not None:
            await self.sqlite.close()

    async def notify_follow(self, me: int, nickname: str) -> tuple[int, int, str] | None:
        """The notification row for `me` following `nickname`, or None if nobody to notify."""
        now = datetime.now(UTC).replace(tzinfo=None)
        if self.pool is not None:
            sql = INSERT.format(
                payload="json_build_object('nickname', f.nickname, 'avatar_url', NULL)::text",
                now="$1",
                nick="$2",
                me="$3",
            )
            row = await self.pool.fetchrow(sql, now, nickname.casefold(), me)
            return None if row is None else (row[0], row[1], row[2])
        assert self.sqlite is not None
        sql = INSERT.format(
            payload="json_object('nickname', f.nickname, 'avatar_url', NULL)",
            now="?",
            nick="?",
            me="?",
        )
        async with self.sqlite.execute(sql, (now, nickname.casefold(), me)) as cursor:
            got = await cursor.fetchone()
        return None if got is None else (got[0], got[1], got[2])


db = Database()
# With PEER_REDIS_URL the emit goes through Redis pub/sub, as ours does with Redis configured.
REDIS = os.environ.get("PEER_REDIS_URL", "")
sio = socketio.AsyncServer(
    async_mode="asgi",
    cors_allowed_origins=[],
    client_manager=socketio.AsyncRedisManager(REDIS, channel="push-peer") if REDIS else None,
)


def user_of(token: object) -> int | None:
    if not isinstance(token, str):
        return None
    try:
        claims: dict[str, Any] = jwt.decode(token, SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    return int(claims["sub"]) if claims.get("typ") == "access" else None


async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
    user_id = user_of(auth.get("token") if isinstance(auth, dict) else None)
    if user_id is None:
        raise socketio.exceptions.ConnectionRefusedError("authentication required")
    await sio.enter_room(sid, f"user:{user_id}")
    return True


sio.on("connect", connect)


async def follow(request: Request) -> Response:
    header = request.headers.get("authorization", "")
    me = user_of(header.removeprefix("Bearer "))
    if me is None:
        return Response(status_code=401)
    row = await db.notify_follow(me, request.path_params["nickname"])
    if row is None:
        return Response(status_code=404)
    note_id, user_id, payload = row
    await sio.emit(
        "notification.new",
        {
            "id": note_id,
            "kind": "follow.new",
            "payload": json.loads(payload),
            "created_at": datetime.now(UTC).isoformat(),
            "read": False,
        },
        room=f"user:{user_id}",
    )
    return Response(status_code=204)


async def alive(_: Request) -> Response:
    return Response(b"{}", media_type="application/json")


@asynccontextmanager
async def lifespan(_: Starlette) -> AsyncIterator[None]:
    await db.open()
    yield
    await db.close()


http = Starlette(
    routes=[
        Route("/api/users/{nickname}/follow", follow, methods=["PUT"]),
        Route("/api/feed", alive),
    ],
    lifespan=lifespan,
)
app = socketio.ASGIApp(sio, other_asgi_app=http, socketio_path="socket.io")
