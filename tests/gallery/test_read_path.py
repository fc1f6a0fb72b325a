"""The read path's shape (docs/adr/0014): a feed page is one statement, a signed-in read loads
no account row, and a live ranking is counted once however many ask at the same moment. The
statements are watched on the app's own engine; nothing is timed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from sqlalchemy import event

from mygemini.config import Settings
from tests.conftest import MakePerson, Person, client_for
from tests.gallery.conftest import make_gemini

QUIET = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@asynccontextmanager
async def statements(app: FastAPI) -> AsyncIterator[list[str]]:
    """The SQL the app runs meanwhile, transaction control left out: every statement SQLAlchemy
    executes, and on PostgreSQL every one the driver sends (feed pages go to it directly)."""
    seen: list[str] = []

    def keep(statement: str) -> None:
        if not statement.lstrip().upper().startswith(QUIET):
            seen.append(statement)

    def record(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        keep(statement)

    def logged(query: Any) -> None:
        keep(query.query)

    def watch(dbapi_conn: Any, *_: Any) -> None:

        dbapi_conn.driver_connection.add_query_logger(logged)

    def unwatch(dbapi_conn: Any, *_: Any) -> None:
        dbapi_conn.driver_connection.remove_query_logger(logged)

    engines = app.state.db.sync_engines  # units of work, plain reads
    postgres = engines[0].dialect.name == "postgresql"
    # SQLAlchemy's statements (prepared ones, which the driver's log leaves out) and, on
    # PostgreSQL, the driver's own.
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
        if postgres:
            event.listen(engine.pool, "checkout", watch)
            event.listen(engine.pool, "checkin", unwatch)
    try:
        yield seen
        # The driver hands its log to the loop (call_soon): let it through.
        await asyncio.sleep(0.05)
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
            if postgres:
                event.remove(engine.pool, "checkout", watch)
                event.remove(engine.pool, "checkin", unwatch)


async def test_a_signed_in_feed_page_is_one_statement_and_reads_no_account(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    viewer: Person = await make_person()
    ids = [await make_gemini(app, owner.id) for _ in range(3)]
    r = await viewer.client.put(f"/api/geminis/{ids[1]}/like", headers=viewer.auth)
    assert r.status_code == 200
    for kind in ("latest", "popular", "following", "saved"):
        async with statements(app) as seen:
            r = await viewer.client.get(f"/api/feed?kind={kind}&limit=2", headers=viewer.auth)
        assert r.status_code == 200, r.text
        assert len(seen) == 1, (kind, seen)
        assert "password_hash" not in seen[0], seen[0]
    async with statements(app) as seen:
        r = await viewer.client.get("/api/feed?kind=latest&limit=60", headers=viewer.auth)
    page = {i["id"]: i for i in r.json()["items"]}
    assert [page[i]["liked"] for i in ids] == [False, True, False]
    assert page[ids[0]]["owner"]["nickname"] == owner.nickname
    assert len(seen) == 1 and "password_hash" not in seen[0]


async def test_a_live_ranking_asked_by_many_at_once_is_counted_once(
    make_person: MakePerson, app: FastAPI, settings: Settings
) -> None:
    settings.ranking_cache_seconds = 30
    owner: Person = await make_person()
    gid = await make_gemini(app, owner.id)
    fan: Person = await make_person()
    assert (await fan.client.put(f"/api/geminis/{gid}/like", headers=fan.auth)).status_code == 200
    clients = [client_for(app, ip=f"10.3.0.{i + 1}") for i in range(12)]
    try:
        async with statements(app) as seen:
            answers = await asyncio.gather(*(c.get("/api/rankings/daily") for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    assert {r.status_code for r in answers} == {200}
    assert all(r.json()["items"][0]["gemini"]["id"] == gid for r in answers)
    counts = [s for s in seen if "count(likes.id)" in s]
    assert len(counts) == 1, counts
