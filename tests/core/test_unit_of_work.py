"""The unit of work under cancellation: a task cancelled inside a transaction (in the middle of a
statement, or again and again as an AnyIO cancel scope does) leaves no transaction open, so the
database stays writable for everyone else."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import anyio
import pytest
from sqlalchemy import Connection, select, text

from mygemini.core.db import Database
from mygemini.models import User
from tests.conftest import bare_user, unique

# SQLite waits 10 s (busy_timeout) for a lock before it gives up; a write within this bound
# means nobody holds it.
WRITABLE_WITHIN = 5.0


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


async def _write_within_bound(db: Database, nickname: str) -> None:
    async with asyncio.timeout(WRITABLE_WITHIN):
        async with db.unit_of_work() as uow:
            uow.session.add(bare_user(nickname))


async def _nicknames(db: Database) -> set[str]:
    async with db.unit_of_work() as uow:
        return set((await uow.session.scalars(select(User.nickname))).all())


async def _writer_stuck_in_a_statement(db: Database, running: asyncio.Event) -> None:
    """Takes the write lock (an insert), then runs a slow statement; `running` is set once that
    statement is under way."""
    async with db.unit_of_work() as uow:
        uow.session.add(bare_user(unique("cut")))
        await uow.session.flush()
        conn = await uow.session.connection()
        if db.engine.dialect.name == "sqlite":
            # A function the statement calls on its first row tells us it is running; the rest
            # of the rows keep it busy while the cancellation lands.
            loop = asyncio.get_running_loop()
            signalled: list[bool] = []

            def under_way() -> int:
                if not signalled:
                    signalled.append(True)
                    loop.call_soon_threadsafe(running.set)
                return 1

            def install(sync: Connection) -> None:
                driver = sync.connection.dbapi_connection
                assert driver is not None
                driver.create_function("under_way", 0, under_way)

            await conn.run_sync(install)
            slow = (
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000)"
                " SELECT count(*) FROM c WHERE under_way()"
            )
        else:
            running.set()  # the statement's first await is as good a place as any to cut it
            slow = "SELECT pg_sleep(0.5)"
        await conn.execute(text(slow))


async def test_a_task_cancelled_mid_statement_leaves_the_database_writable(db: Database) -> None:
    running = asyncio.Event()
    task = asyncio.create_task(_writer_stuck_in_a_statement(db, running))
    await running.wait()
    task.cancel()
    # Kept, as a logged or stored error keeps it in a server: its traceback holds the cut-off
    # statement alive, which is what kept SQLite's write lock.
    with pytest.raises(asyncio.CancelledError) as cancelled:
        await task
    assert cancelled.value is not None

    after = unique("after")
    await _write_within_bound(db, after)
    names = await _nicknames(db)
    assert after in names and not any(n.startswith("cut") for n in names)


async def test_a_cancel_scope_cancelling_again_and_again_leaves_the_database_writable(
    db: Database,
) -> None:
    """Starlette cancels a request's handler through an AnyIO cancel scope (a client that went
    away): every await inside a cancelled scope is cancelled again, rollback and close too."""
    running = asyncio.Event()
    scope = anyio.CancelScope()
    errors: list[BaseException] = []

    async def request() -> None:
        with scope:
            try:
                await _writer_stuck_in_a_statement(db, running)
            except BaseException as error:
                errors.append(error)  # kept, as above
                raise

    task = asyncio.create_task(request())
    await running.wait()
    scope.cancel()
    await task
    assert scope.cancelled_caught and errors

    after = unique("after")
    await _write_within_bound(db, after)
    names = await _nicknames(db)
    assert after in names and not any(n.startswith("cut") for n in names)


async def test_a_cancelled_commit_still_commits_and_releases_its_effects(db: Database) -> None:
    """Cancelled while committing: the commit finishes, what it promised after commit is done,
    and only then does the cancellation go on."""
    released: list[str] = []
    nickname = unique("kept")
    committing = asyncio.Event()

    async def effect() -> None:
        released.append(nickname)

    async def writer() -> None:
        async with db.unit_of_work() as uow:
            uow.session.add(bare_user(nickname))
            uow.after_commit(effect)
            await uow.session.flush()
            # Leaving the block commits; the cancellation below lands inside that commit.
            committing.set()

    task = asyncio.create_task(writer())
    await committing.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert nickname in await _nicknames(db)
    assert released == [nickname]
    await _write_within_bound(db, unique("after"))
