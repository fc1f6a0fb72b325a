"""SQLite's driver with one thread hop per statement (core/sqlite.py) answers as aiosqlite does:
rows of RETURNING and SELECT, counts of changed rows, many rows at once, and errors that roll the
unit of work back and leave the database writable."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, exc, text

from mygemini.core.db import Database
from mygemini.core.sqlite import OneHopConnection, connect


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's driver")
    database = Database(database_url)
    yield database
    await database.dispose()


async def test_statements_answer_as_before(db: Database) -> None:
    async with db.unit_of_work() as uow:
        s = uow.session
        await s.execute(text("CREATE TABLE hop (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
        got = await s.execute(text("INSERT INTO hop (name) VALUES ('a') RETURNING id, name"))
        assert [tuple(r) for r in got.all()] == [(1, "a")]
        await s.execute(text("INSERT INTO hop (name) VALUES (:n)"), [{"n": "b"}, {"n": "c"}])
        changed = await s.execute(text("UPDATE hop SET name = name || '!' WHERE id > 1"))
        assert changed.rowcount == 2  # type: ignore[attr-defined]
        rows = await s.execute(text("SELECT name FROM hop ORDER BY id"))
        assert rows.scalars().all() == ["a", "b!", "c!"]
        streamed = await s.stream(text("SELECT id FROM hop ORDER BY id"))
        assert [r[0] async for r in streamed] == [1, 2, 3]
        assert (await s.execute(text("SELECT 1 WHERE 0"))).all() == []


async def test_an_error_rolls_back_and_the_database_stays_writable(db: Database) -> None:
    async with db.unit_of_work() as uow:
        await uow.session.execute(text("CREATE TABLE once (name TEXT UNIQUE)"))
        await uow.session.execute(text("INSERT INTO once VALUES ('x')"))
    with pytest.raises(exc.IntegrityError):
        async with db.unit_of_work() as uow:
            await uow.session.execute(text("INSERT INTO once VALUES ('y')"))
            await uow.session.execute(text("INSERT INTO once VALUES ('x')"))
    async with db.unit_of_work() as uow:
        await uow.session.execute(text("INSERT INTO once VALUES ('z')"))
        names = await uow.session.execute(text("SELECT name FROM once ORDER BY name"))
        assert names.scalars().all() == ["x", "z"]


async def test_a_transaction_begins_with_its_first_statement(db: Database) -> None:
    async with db.unit_of_work() as uow:
        await uow.session.execute(text("CREATE TABLE later (name TEXT UNIQUE)"))
    # One that ran nothing ends without a trace, and the next still begins as it should.
    async with db.unit_of_work() as uow:
        await uow.session.connection()
    with pytest.raises(RuntimeError):
        async with db.unit_of_work() as uow:
            await uow.session.execute(text("INSERT INTO later VALUES ('gone')"))
            raise RuntimeError("rolled back")
    async with db.read_only() as uow:
        assert (await uow.session.execute(text("SELECT count(*) FROM later"))).scalar() == 0


async def test_a_lone_statement_commits_in_its_own_hop_and_fails_whole(db: Database) -> None:
    async with db.unit_of_work() as uow:
        await uow.session.execute(text("CREATE TABLE lone (name TEXT UNIQUE)"))
    async with db.lone_statement() as uow:
        got = await uow.session.execute(text("INSERT INTO lone VALUES ('a') RETURNING name"))
        assert got.scalar() == "a"
    with pytest.raises(exc.IntegrityError):
        async with db.lone_statement() as uow:
            await uow.session.execute(text("INSERT INTO lone VALUES ('b'), ('a')"))
    # The failed one left nothing (not even its first row) and no transaction open.
    async with db.lone_statement() as uow:
        await uow.session.execute(text("INSERT INTO lone VALUES ('c')"))
    async with db.unit_of_work() as uow:
        names = await uow.session.execute(text("SELECT name FROM lone ORDER BY name"))
        assert names.scalars().all() == ["a", "c"]


@pytest.mark.parametrize("lone", [False, True])
async def test_a_first_statement_cut_off_in_its_hop_leaves_the_database_writable(
    db: Database, lone: bool
) -> None:
    """Its BEGIN went with it: the ROLLBACK after the cancellation must queue behind the
    statement, not be skipped because SQLite had no transaction yet when it was decided."""
    async with db.unit_of_work() as uow:
        await uow.session.execute(text("CREATE TABLE cut (n INTEGER)"))
    loop = asyncio.get_running_loop()
    running = asyncio.Event()

    def under_way() -> int:
        if not running.is_set():
            loop.call_soon_threadsafe(running.set)
        return 1

    async def writer() -> None:
        async with db.lone_statement() if lone else db.unit_of_work() as uow:
            conn = await uow.session.connection()

            def install(sync: Connection) -> None:
                driver = sync.connection.dbapi_connection
                assert driver is not None
                driver.create_function("under_way", 0, under_way)

            await conn.run_sync(install)
            await conn.execute(
                text(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
                    " WHERE x < 300000) INSERT INTO cut SELECT x FROM c WHERE under_way()"
                )
            )

    task = asyncio.create_task(writer())
    await running.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with asyncio.timeout(5), db.unit_of_work() as uow:
        await uow.session.execute(text("INSERT INTO cut VALUES (-1)"))
    async with db.read_only() as uow:
        rows = (await uow.session.execute(text("SELECT count(*) FROM cut"))).scalar()
    # A lone statement runs alone, as on PostgreSQL: cut off, it may still have committed.
    assert rows == 1 or (lone and rows == 300001)


def test_a_database_that_cannot_open_leaves_no_thread_behind(tmp_path: Path) -> None:
    """A connection that fails to open has stopped its thread by the time the error arrives,
    so the event loop may close at once: before, the thread then died on the closed loop."""
    died: list[BaseException | None] = []
    previous = threading.excepthook
    threading.excepthook = lambda args: died.append(args.exc_value)
    try:
        for _ in range(20):
            conn = connect(tmp_path / "missing" / "x.db")

            async def attempt(conn: OneHopConnection = conn) -> None:
                with pytest.raises(sqlite3.OperationalError):
                    await conn

            asyncio.run(attempt())  # the loop is closed as soon as the attempt ends
            conn._thread.join(5)
            assert not conn._thread.is_alive()
    finally:
        threading.excepthook = previous
    assert died == []
