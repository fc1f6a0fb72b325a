"""Transactions on the driver (core/driver.py, `Database.on_driver`): what they write is what the
ORM would have written; an error rolls back all of it; a cancelled caller does not cut them
short; SQLite refuses work that awaits anything but its statements; a PostgreSQL connection
that died is answered as an outage and replaced."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import bindparam, exc, func, insert, select, text

from mygemini.core.db import Database
from mygemini.core.driver import AwaitedOutsideTheDriver, DriverStatement, DriverTx
from mygemini.models import Notification, User
from mygemini.notifications.repository import NotificationWrites
from tests.conftest import add_bare_person, bare_user, unique

_BACKEND = DriverStatement(text("SELECT pg_backend_pid()"))
_ONE = DriverStatement(text("SELECT 1"))
WHEN = datetime(2026, 12, 1, 3, 4, 5, 678901, tzinfo=UTC)


class Boom(Exception):
    pass


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


async def _someone(db: Database) -> int:
    return await add_bare_person(db, "drv")


async def _note(tx: DriverTx, user_id: int, payload: dict[str, Any]) -> int:
    # The notifications domain's own driver write: what a follow runs.
    return await NotificationWrites(tx).add(user_id, "follow.new", payload, WHEN)


async def _notes(db: Database, user_id: int) -> list[tuple[Any, ...]]:
    """(id, payload, created_at, read_at) of the person's notifications, read by the ORM."""
    n = Notification
    async with db.read_only() as uow:
        q = select(n.id, n.payload, n.created_at, n.read_at).where(n.user_id == user_id)
        return [tuple(row) for row in (await uow.session.execute(q.order_by(n.id))).all()]


async def test_what_it_writes_reads_back_as_the_orm_writes_it(db: Database) -> None:
    me = await _someone(db)
    payload = {"nickname": "별빛 ☆", "avatar_url": None, "n": [1, 2]}

    async def work(tx: DriverTx) -> list[int]:
        return [await _note(tx, me, payload), await _note(tx, me, {})]

    ids = await db.on_driver(work)
    notes = await _notes(db, me)
    assert notes == [(ids[0], payload, WHEN, None), (ids[1], {}, WHEN, None)]


async def test_an_error_rolls_back_every_statement(db: Database) -> None:
    me = await _someone(db)

    async def work(tx: DriverTx) -> None:
        await _note(tx, me, {"a": 1})
        raise Boom

    pushed: list[None] = []

    async def push(result: None) -> None:
        pushed.append(result)

    with pytest.raises(Boom):
        await db.on_driver(work, then=push)
    assert await _notes(db, me) == [] and pushed == []
    # Nothing left holding the write lock or the gate: the next write goes through.
    async with asyncio.timeout(5):
        await _someone(db)


async def test_a_cancelled_caller_does_not_cut_it_short(db: Database) -> None:
    me = await _someone(db)
    second_statement = asyncio.Event()
    sqlite = db.engine.dialect.name == "sqlite"

    async def work(tx: DriverTx) -> None:
        await _note(tx, me, {"step": 1})
        if not sqlite:  # PostgreSQL's statements really wait: cancel between the two
            second_statement.set()
            await asyncio.sleep(0.2)
        await _note(tx, me, {"step": 2})

    pushed: list[str] = []

    async def push(_: None) -> None:
        pushed.append("after commit")

    task = asyncio.create_task(db.on_driver(work, then=push))
    if sqlite:
        await asyncio.sleep(0)  # on its way to the connection's thread
    else:
        await second_statement.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [n[1] for n in await _notes(db, me)] == [{"step": 1}, {"step": 2}]
    # Committed, so its side effect went out, cancellation or not (as a unit of work's do).
    assert pushed == ["after commit"]
    async with asyncio.timeout(5):
        await _someone(db)


@pytest.mark.parametrize(
    ("pause", "refusal"),
    # A bare yield to the loop is caught as such; anything that needs the loop finds none on
    # the connection's thread. Either way the transaction is rolled back.
    [(0, AwaitedOutsideTheDriver), (0.01, RuntimeError)],
)
async def test_sqlite_refuses_work_that_awaits_anything_else(
    db: Database, pause: float, refusal: type[Exception]
) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's statements are awaited as any other")
    me = await _someone(db)

    async def work(tx: DriverTx) -> None:
        await _note(tx, me, {})
        await asyncio.sleep(pause)

    with pytest.raises(refusal):
        await db.on_driver(work)
    assert await _notes(db, me) == []
    async with asyncio.timeout(5):
        await _someone(db)


async def test_sqlite_refuses_a_driver_transaction_inside_the_tasks_writing_unit_of_work(
    db: Database,
) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's driver transaction is a connection of its own")
    me = await _someone(db)

    async def work(tx: DriverTx) -> int:
        return await _note(tx, me, {})

    # It would wait for the write lock its own unit of work holds: refused at once, not
    # "database is locked" after the gate's wait and SQLite's busy timeout.
    async with asyncio.timeout(5):
        with pytest.raises(RuntimeError, match="while this task holds the write gate"):
            async with db.unit_of_work() as uow:
                uow.session.add(bare_user(unique("drv")))
                await uow.session.flush()
                await db.on_driver(work)
        # The rollback gave the gate back: the next writer gets it. A read-only unit of work
        # never holds it.
        async with db.read_only() as uow:
            await uow.session.scalar(select(func.count()).select_from(User))
            assert await db.on_driver(work) > 0
    assert len(await _notes(db, me)) == 1


async def test_sqlite_refuses_a_writing_unit_of_work_inside_the_tasks_own(db: Database) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's units of work are connections of their own")
    # Refused at once: it would wait for the gate and the write lock its own outer unit holds
    # (20 s, then "database is locked"). The outer unit rolls back with it.
    async with asyncio.timeout(5):
        with pytest.raises(RuntimeError, match="a writing unit of work while this task holds"):
            async with db.unit_of_work() as outer:
                outer.session.add(bare_user(unique("nestout")))
                await outer.session.flush()
                async with db.unit_of_work() as inner:
                    inner.session.add(bare_user(unique("nestin")))
                    await inner.session.flush()
        # Both gave the gate back: the next unit of work of this task writes.
        async with db.unit_of_work() as uow:
            uow.session.add(bare_user(unique("nestafter")))
    async with db.read_only() as uow:
        names = set(await uow.session.scalars(select(User.nickname)))
    assert not any(n.startswith(("nestout", "nestin")) for n in names)
    assert any(n.startswith("nestafter") for n in names)


async def test_a_dead_postgres_connection_is_an_outage_then_replaced(
    db: Database, database_url: str
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's connections")
    me = await _someone(db)

    async def backend(tx: DriverTx) -> int:
        row = await tx.fetchrow(_BACKEND, {})
        assert row is not None
        return int(row[0])

    pids = {await db.on_driver(backend) for _ in range(3)}
    admin = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        for pid in pids:  # every pooled connection this test used
            await admin.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()

    async def write(tx: DriverTx) -> int:
        return await _note(tx, me, {"after": True})

    with pytest.raises(exc.OperationalError):
        for _ in range(len(pids)):
            await db.on_driver(write)
    # The broken connections were dropped: writes go through again.
    for _ in range(len(pids) + 1):
        await db.on_driver(write)
    async with db.read_only() as uow:
        count = await uow.session.scalar(select(func.count()).where(Notification.user_id == me))
    assert count is not None and count >= len(pids) + 1


async def test_a_broken_constraint_is_sqlalchemys_integrity_error(db: Database) -> None:
    # Nobody has this id: the foreign key refuses it (on SQLite only with the pragmas every
    # connection gets, the driver's own included).
    async def work(tx: DriverTx) -> int:
        return await _note(tx, 987_654, {})

    with pytest.raises(exc.IntegrityError):
        await db.on_driver(work)
    async with asyncio.timeout(5):
        await _someone(db)


async def test_an_unreachable_sqlite_file_is_an_outage_until_it_is_there(tmp_path: Path) -> None:
    folder = tmp_path / "later"
    db = Database(f"sqlite+aiosqlite:///{folder}/mygemini.db")
    try:

        async def work(tx: DriverTx) -> Any:
            return await tx.fetchrow(_ONE, {})

        with pytest.raises(exc.OperationalError):
            await db.on_driver(work)
        folder.mkdir()
        assert await db.on_driver(work) == (1,)
    finally:
        await db.dispose()


async def test_a_failed_side_effect_is_logged_not_raised(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    me = await _someone(db)

    async def work(tx: DriverTx) -> int:
        return await _note(tx, me, {})

    async def push(_: int) -> None:
        raise ConnectionError("the message service is down")

    note_id = await db.on_driver(work, then=push)
    assert [n[0] for n in await _notes(db, me)] == [note_id]
    assert "side effect failed after commit" in caplog.text


def test_a_statement_with_values_worked_out_per_execution_is_refused(db: Database) -> None:
    # `created_at` left out: SQLAlchemy would call its Python-side default on each execution.
    no_time = DriverStatement(
        insert(Notification).values(user_id=bindparam("user_id"), kind=bindparam("kind"))
    )
    with pytest.raises(ValueError, match="not a statement for the driver"):
        no_time.compiled(db.engine.dialect)


async def test_a_sqlite_uri_url_writes_to_the_same_file(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's URLs")
    path = database_url.removeprefix("sqlite+aiosqlite:///")
    db = Database(f"sqlite+aiosqlite:///file:{path}?uri=true")
    try:
        me = await _someone(db)

        async def work(tx: DriverTx) -> int:
            return await _note(tx, me, {"uri": True})

        note_id = await db.on_driver(work)
        assert [n[:2] for n in await _notes(db, me)] == [(note_id, {"uri": True})]
    finally:
        await db.dispose()


def test_an_in_memory_sqlite_database_is_refused() -> None:
    for url in ("sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:"):
        with pytest.raises(ValueError, match="not in memory"):
            Database(url)
