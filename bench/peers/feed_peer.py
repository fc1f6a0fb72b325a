"""The feed's peer: FastAPI + asyncpg, the same SQL the project runs for
`GET /api/feed?kind=latest`, the same JSON bytes, and nothing else (no auth, no ORM, no unit of
work, no middleware). What a hand-written service does with the same work, for feed_bench.py.

    PEER_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/helper_perf_bench \\
        .venv/bin/uvicorn --app-dir bench/peers feed_peer:app --port 8001
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg
from fastapi import FastAPI, Response

# The project's feed page: public geminis with their owners, newest first, keyset after the
# cursor (the same statement, see gallery/repository.py).
PAGE = """
SELECT g.id, g.thumbnail_key, g.name, g.like_count, g.published_at, g.created_at,
       u.nickname, u.avatar
FROM geminis g JOIN users u ON u.id = g.owner_id
WHERE g.visibility = 'public' {after}
ORDER BY g.published_at DESC, g.id DESC
LIMIT $1
"""
AFTER = "AND (g.published_at, g.id) < ($2, $3)"
pool: asyncpg.Pool | None = None
# The /media URL signature (what a private file's address carries): the bench gives both servers
# the same key and lifetime.
MEDIA_SECRET = os.environ.get("PEER_MEDIA_SECRET", "").encode()
SIGNED_SECONDS = int(os.environ.get("PEER_SIGNED_SECONDS", "3600"))


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    global pool
    dsn = os.environ["PEER_DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=16)
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan)


def _avatar_url(avatar: str | None) -> str | None:
    if avatar is None:
        return None
    if avatar.startswith("gemini:"):
        return f"/api/geminis/{avatar.removeprefix('gemini:')}/avatar"
    return f"/api/avatars/{avatar}.svg"


def _media_url(key: str) -> str:
    if key.startswith("public/"):
        return f"/media/{key}"
    step = max(1, SIGNED_SECONDS // 4)
    expires = (int(time.time()) // step) * step + SIGNED_SECONDS
    mac = hmac.new(MEDIA_SECRET, f"{key}\n{expires}".encode(), hashlib.sha256).digest()
    return f"/media/{key}?exp={expires}&sig={base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def _cursor(published: datetime, gid: int) -> str:
    raw = f"c{published.isoformat()}|{gid}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@app.get("/api/feed")
async def feed(kind: str = "latest", limit: int = 24, cursor: str | None = None) -> Response:
    assert pool is not None and kind == "latest"
    if cursor:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()[1:]
        at, gid = raw.rsplit("|", 1)
        rows = await pool.fetch(
            PAGE.format(after=AFTER), limit + 1, datetime.fromisoformat(at), int(gid)
        )
    else:
        rows = await pool.fetch(PAGE.format(after=""), limit + 1)
    page = rows[:limit]
    items: list[dict[str, Any]] = [
        {
            "id": r["id"],
            "thumbnail_url": _media_url(r["thumbnail_key"]),
            "name": r["name"],
            "owner": {"nickname": r["nickname"], "avatar_url": _avatar_url(r["avatar"])},
            "like_count": r["like_count"],
            "liked": False,
            "saved": False,
        }
        for r in page
    ]
    last = page[-1] if len(rows) > limit and page else None
    body = {
        "items": items,
        "next_cursor": _cursor(last["published_at"] or last["created_at"], last["id"])
        if last
        else None,
    }
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        media_type="application/json",
    )
