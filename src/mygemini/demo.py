"""`mygemini demo`: fill a database quickly with people, geminis (real portraits from the built-in
renderer, reused across rows) and likes, for demos and benchmarks."""

from __future__ import annotations

import io
import logging
import random
import time
from collections import Counter
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select, text

from mygemini.app import build_context
from mygemini.config import Settings
from mygemini.models import Follow, Like, User, Wallet
from mygemini.models.base import utcnow
from mygemini.models.gallery import Gemini
from mygemini.render.factory import preview_renderer
from mygemini.render.png import make_thumbnail
from mygemini.studio.catalog import load_catalog, random_recipe
from mygemini.studio.prompt import build_render_request

log = logging.getLogger(__name__)
PASSWORD = "demo-password-1"
PORTRAITS = 24
CHUNK = 5000


async def _portraits(settings: Settings, count: int, rng: random.Random) -> list[dict[str, Any]]:
    ctx = build_context(settings)
    catalog = load_catalog()
    out = []
    for i in range(count):
        recipe = random_recipe(catalog, rng)
        seed = rng.randrange(2**32)
        request = build_render_request(catalog, recipe, seed=seed)
        image = preview_renderer().render(request).image
        buf = io.BytesIO()
        image.save(buf, "PNG")
        keys = (f"demo/{i}.png", f"demo/{i}.webp")
        await ctx.storage.put(keys[0], buf.getvalue(), "image/png")
        await ctx.storage.put(keys[1], make_thumbnail(image), "image/webp")
        out.append({"keys": keys, "recipe": {"attributes": dict(recipe.attributes)}, "seed": seed})
    await ctx.db.dispose()
    return out


async def fill(settings: Settings, users: int, geminis: int, likes: int, seed: int = 42) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    portraits = await _portraits(settings, min(PORTRAITS, max(1, geminis)), rng)
    ctx = build_context(settings)
    db = ctx.db
    password_hash = await ctx.passwords.hash(PASSWORD)
    async with db.unit_of_work() as uow:
        first = int(
            await uow.session.scalar(select(text("coalesce(max(id), 0)")).select_from(User)) or 0
        )
    now = utcnow()
    user_ids = list(range(first + 1, first + users + 1))
    rows = [
        {
            "id": uid,
            "email": f"demo{uid}@example.com",
            "password_hash": password_hash,
            "nickname": f"demo_{uid}",
            "nickname_key": f"demo_{uid}",
            "bio": "",
            "avatar": rng.choice(["aries", "leo"]),
            "onboarded": True,
            "updated_at": now,
            "created_at": now,
        }
        for uid in user_ids
    ]
    await _insert(db, User, rows)
    await _insert(db, Wallet, [{"user_id": uid, "balance": 0} for uid in user_ids])
    await _sync_sequence(db, "users")

    pairs: set[tuple[int, int]] = set()
    follows = min(users * 5, users * (users - 1))
    while len(pairs) < follows:
        a, b = rng.sample(user_ids, 2) if users > 1 else (0, 0)
        if a == b:
            break
        pairs.add((a, b))
    await _insert(
        db, Follow, [{"follower_id": a, "followee_id": b, "created_at": now} for a, b in pairs]
    )

    async with db.unit_of_work() as uow:
        gfirst = int(
            await uow.session.scalar(select(text("coalesce(max(id), 0)")).select_from(Gemini)) or 0
        )
    gemini_ids = list(range(gfirst + 1, gfirst + geminis + 1))
    liked: set[tuple[int, int]] = set()
    likes = min(likes, users * geminis)
    while len(liked) < likes:
        liked.add((rng.choice(user_ids), rng.choice(gemini_ids)))
    counts = Counter(g for _, g in liked)
    grows = []
    for i, gid in enumerate(gemini_ids):
        p = portraits[i % len(portraits)]
        published = now - timedelta(minutes=geminis - i)
        grows.append(
            {
                "id": gid,
                "owner_id": rng.choice(user_ids),
                "image_key": p["keys"][0],
                "thumbnail_key": p["keys"][1],
                # demo portraits are saved without metadata: the original is the view copy
                "view_key": p["keys"][0],
                "recipe": p["recipe"],
                "seed": p["seed"],
                "backend": "vector",
                "model": "demo",
                "width": 512,
                "height": 680,
                "visibility": "public" if rng.random() < 0.9 else "private",
                "name": f"Gemini {gid}",
                "description": "",
                "like_count": counts.get(gid, 0),
                "like_milestone": 0,
                "share_seed": False,
                "published_at": published,
                "created_at": published,
            }
        )
    await _insert(db, Gemini, grows)
    await _sync_sequence(db, "geminis")
    span = 14 * 24 * 3600
    await _insert(
        db,
        Like,
        [
            {
                "user_id": u,
                "gemini_id": g,
                "created_at": now - timedelta(seconds=rng.randrange(span)),
            }
            for u, g in liked
        ],
    )
    await db.dispose()
    log.info(
        "demo: %d people, %d geminis, %d likes, %d follows in %.1f s (password %r)",
        users,
        geminis,
        len(liked),
        len(pairs),
        time.perf_counter() - started,
        PASSWORD,
    )


async def _insert(db: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), CHUNK):
        async with db.unit_of_work() as uow:
            await uow.session.execute(insert(model), rows[i : i + CHUNK])


async def _sync_sequence(db: Any, table: str) -> None:
    """Explicit ids leave PostgreSQL's sequence behind; move it past them."""
    if db.engine.dialect.name != "postgresql":
        return
    assert table in ("users", "geminis")  # fixed names, never user input
    sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
    async with db.unit_of_work() as uow:
        await uow.session.execute(text(sql))
