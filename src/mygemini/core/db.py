"""Database engine and the unit of work: one transaction per request, job or socket event.

Services never commit. The boundary (the transactional route, a job runner, a socket
handler) opens a `UnitOfWork`, commits on success, rolls back on error, and only then releases
the side effects (socket emits, job enqueues, pushes) that were buffered with `after_commit`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

log = logging.getLogger(__name__)

SideEffect = Callable[[], Awaitable[None]]


class UnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._effects: list[SideEffect] = []

    def after_commit(self, effect: SideEffect) -> None:
        """Run `effect` once this unit of work has committed; dropped on rollback."""
        self._effects.append(effect)

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
        self._effects.clear()

    async def release_effects(self) -> None:
        effects, self._effects = self._effects, []
        for effect in effects:
            try:
                await effect()
            except Exception:
                # The data is committed; a failed push must not turn a success into an error.
                log.exception("side effect failed after commit")


def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
    # Take over BEGIN from the driver (see _sqlite_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


READ_ONLY = "mygemini_read_only"


def _sqlite_begin(conn: Any) -> None:
    if conn.get_execution_options().get(READ_ONLY):
        # A read needs no write lock: in WAL mode it neither waits for writers nor blocks them.
        conn.exec_driver_sql("BEGIN")
        return
    # IMMEDIATE takes the write lock up front. A deferred transaction that read first and then
    # writes fails at once with "database is locked" when another writer got in between; this
    # way concurrent requests queue on busy_timeout instead, and read-check-write rules (stars,
    # job limits) hold under concurrency on SQLite as row locks make them hold on PostgreSQL.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        kwargs: dict[str, Any] = {"echo": echo}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30}
        else:
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.url = url
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )

    @property
    def sync_engine(self) -> Engine:
        return self.engine.sync_engine

    def begin(self) -> UnitOfWork:
        return UnitOfWork(self.sessions())

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """Commit on success, roll back on error, then release side effects."""
        uow = self.begin()
        try:
            yield uow
            await uow.commit()
        except BaseException as exc:
            if getattr(exc, "commits", False):
                await uow.commit()
            else:
                await uow.rollback()
            raise
        finally:
            await uow.session.close()
        await uow.release_effects()

    @asynccontextmanager
    async def read_only(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work for reads alone: on SQLite it does not take the write lock, so many can
        run at once without queueing behind writers. Never write through it, and copy out what
        you need: closing rolls back."""
        uow = UnitOfWork(self._read_sessions())
        try:
            yield uow
        finally:
            await uow.rollback()
            await uow.session.close()

    async def dispose(self) -> None:
        await self.engine.dispose()
