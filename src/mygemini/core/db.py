"""Database engine and the unit of work: one transaction per request, job or socket event.

Services never commit. The boundary (the transactional route, a job runner, a socket
handler) opens a `UnitOfWork`, commits on success, rolls back on error, and only then releases
the side effects (socket emits, job enqueues, pushes) that were buffered with `after_commit`.

Ending a transaction is never abandoned half-way: a task cancelled while it commits, rolls back or
returns its connection finishes that first and only then sees its cancellation, and a connection
the pool has to discard (a statement cut off by a cancellation, a failed reset) is rolled back
before it is closed. A SQLite connection closed inside a transaction while one of its statements
is still alive keeps the database's write lock until that statement is freed: every later write
then waits for `busy_timeout` and fails, for good.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from typing import Any, TypeVar

import asyncpg
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql import Select
from sqlalchemy.util import greenlet_spawn

from mygemini.core import driver, sqlite
from mygemini.core.driver import DriverWork

log = logging.getLogger(__name__)

SideEffect = Callable[[], Awaitable[None]]
T = TypeVar("T")


async def to_completion(awaitable: Awaitable[T]) -> T:
    """Await `awaitable` to its end even if this task is cancelled meanwhile (once, or again and
    again as an AnyIO cancel scope does), then let the cancellation through."""
    task = asyncio.ensure_future(awaitable)
    cancelled: asyncio.CancelledError | None = None
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError as error:
            if task.cancelled():
                raise  # the work itself was cancelled, not only its waiter
            cancelled = error
    if cancelled is not None:
        if task.exception() is not None:
            log.warning("failed while its task was being cancelled", exc_info=task.exception())
        raise cancelled
    return task.result()


async def _kept(awaitable: Awaitable[T], into: list[T]) -> T:
    """`awaitable`'s result, also put in `into`: there even if the awaiting task is cancelled."""
    result = await awaitable
    into.append(result)
    return result


async def _side_effect(effect: Callable[[T], Awaitable[None]], result: T) -> None:
    try:
        await effect(result)
    except Exception:
        # The data is committed; a failed push must not turn a success into an error.
        log.exception("side effect failed after commit")


class UnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._effects: list[SideEffect] = []
        self.committed = False

    def after_commit(self, effect: SideEffect) -> None:
        """Run `effect` once this unit of work has committed; dropped on rollback."""
        self._effects.append(effect)

    async def commit(self) -> None:
        await to_completion(self.session.commit())

    async def rollback(self) -> None:
        self._effects.clear()
        await to_completion(self.session.rollback())

    async def _end(self, *, commit: bool) -> None:
        """Commit or roll back, then give the connection back: all of it, or the error."""
        try:
            if commit:
                await self.session.commit()
                self.committed = True
            else:
                self._effects.clear()
                await self.session.rollback()
        finally:
            await self.session.close()

    async def release_effects(self) -> None:
        effects, self._effects = self._effects, []
        for effect in effects:
            try:
                await effect()
            except Exception:
                # The data is committed; a failed push must not turn a success into an error.
                log.exception("side effect failed after commit")


# Every SQLite connection's settings: the pool's (below) and the driver writer's.
_SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA busy_timeout=10000",
    "PRAGMA synchronous=NORMAL",
)


def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
    # Take over BEGIN from the driver (see _sqlite_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    for pragma in _SQLITE_PRAGMAS:
        cur.execute(pragma)
    cur.close()


def _prepare_writer(db: sqlite3.Connection) -> None:
    for pragma in _SQLITE_PRAGMAS:
        db.execute(pragma)


def _rollback_before_discard(dbapi_conn: Any, _: Any, __: BaseException | None) -> None:
    # The pool is about to close a connection it gave up on, possibly inside a transaction: a
    # statement was cut off by a cancellation (SQLAlchemy then invalidates the connection) or
    # the reset on return failed. SQLite would keep the write lock for as long as that cut-off
    # statement lives (see the module docstring), so roll back first. The rollback is queued on
    # the connection's thread ahead of the close even if this await is cancelled in its turn.
    try:
        dbapi_conn.rollback()
    except Exception:
        # Outside the event loop's greenlet (garbage collection) nothing can be awaited; the
        # pool closes the connection anyway.
        log.warning("could not roll back a discarded connection", exc_info=True)


def _refuse_open_transaction(dbapi_conn: Any, _: Any, __: Any) -> None:
    # Never hand out a connection still inside a transaction (a reset that did not happen):
    # the pool discards it (SQLite's rolled back first, above) and opens another.
    driver = dbapi_conn.driver_connection
    try:
        if hasattr(driver, "is_in_transaction"):
            in_transaction = bool(driver.is_in_transaction())  # asyncpg
        else:
            in_transaction = bool(driver.in_transaction)  # aiosqlite
    except ValueError as error:  # aiosqlite: closed underneath us
        raise exc.DisconnectionError("connection closed") from error
    if in_transaction:
        log.warning("discarding a pooled connection that was still inside a transaction")
        raise exc.DisconnectionError("connection returned to the pool inside a transaction")


# asyncpg's errors that mean the connection (or the server) is gone, not the statement wrong.
_POSTGRES_GONE = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    ConnectionError,
)

# ... and what its connect raises when the server is there but will not take us now.
_POSTGRES_REFUSED = (OSError, asyncpg.TooManyConnectionsError)

READ_ONLY = "mygemini_read_only"
# A unit of work for one statement (`Database.lone_statement`).
LONE = "mygemini_lone"
# Connections per process: API processes x (POOL_SIZE + POOL_OVERFLOW) + workers must stay under
# the server's max_connections (PostgreSQL's default is 100). No overflow: an overflow connection
# is closed again as soon as it is given back, so under a steady load above the pool size every
# burst connected and disconnected (176 backends came and went in 6 s for two processes at
# 1,000 requests a second, each connect costing both sides CPU). The same 20 at most, kept.
POOL_SIZE = 20
POOL_OVERFLOW = 0
# Plain reads (`Database.reads`, `read_rows`) have a pool of their own: a request holding a unit
# of work's connection may read a page on the side (a person's geminis, a ranking's cards), and
# with one shared pool enough such requests at once would each hold one connection while waiting
# for a second, stalling everyone until the pool timeout. Reads hold theirs for one statement.
READ_POOL_SIZE = 10
POOL_TIMEOUT_SECONDS = 30  # SQLAlchemy's default: a burst waits its turn rather than failing
POOL_RECYCLE_SECONDS = 1800


def _sqlite_begin(gate: sqlite.WriteGate, conn: Any) -> None:
    options = conn.get_execution_options()
    driver = conn.connection.driver_connection
    if options.get(READ_ONLY):
        # A read needs no write lock: in WAL mode it neither waits for writers nor blocks them.
        if isinstance(driver, sqlite.OneHopConnection):
            driver.begin_with("BEGIN")  # sent with the first statement (core/sqlite.py)
        else:
            conn.exec_driver_sql("BEGIN")
        return
    # This process's writers queue on the event loop, not in SQLite's sleeping busy handler.
    gate.enter(conn)
    # IMMEDIATE takes the write lock up front. A deferred transaction that read first and then
    # writes fails at once with "database is locked" when another writer got in between; this
    # way concurrent requests queue on busy_timeout instead, and read-check-write rules (stars,
    # job limits) hold under concurrency on SQLite as row locks make them hold on PostgreSQL.
    if isinstance(driver, sqlite.OneHopConnection):
        driver.begin_with("BEGIN IMMEDIATE", lone=bool(options.get(LONE)))
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        kwargs: dict[str, Any] = {"echo": echo}
        if url.startswith("sqlite"):
            database = make_url(url).database or ""
            if not database or ":memory:" in database or "mode=memory" in url:
                raise ValueError("mygemini keeps SQLite in a file, not in memory")
            # One thread hop per statement instead of four (core/sqlite.py).
            kwargs["connect_args"] = {"timeout": 30, "async_creator_fn": sqlite.connect}
            # A steady pool here too (an in-memory database was refused above). SQLAlchemy's
            # default (5, and 10 overflow connections closed again on return) opened and closed
            # a connection every two or three jobs under a burst: jobs waiting for the write gate
            # hold theirs, and each new one is a thread, a file open and four PRAGMAs, each a
            # hop.
            kwargs.update(
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
                pool_timeout=POOL_TIMEOUT_SECONDS,
            )
        else:
            # A steady pool: POOL_SIZE connections stay open, none are opened for a burst and
            # closed again on return (under steady load that was a connect and a disconnect per
            # request, and with several processes "too many clients"); a burst waits. No
            # pre-ping: it was one more round trip per checkout; a connection that died (a
            # database restart) fails its one statement, SQLAlchemy sees the disconnect and
            # empties the pool, and the next checkout connects afresh.
            kwargs.update(
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
                pool_timeout=POOL_TIMEOUT_SECONDS,
                pool_recycle=POOL_RECYCLE_SECONDS,
                pool_pre_ping=False,
            )
        self.url = url
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if url.startswith("sqlite"):
            # The file exactly as the pool's connections open it (an absolute path, a URI).
            args, options = self.engine.dialect.create_connect_args(make_url(url))
            uri = bool(options.get("uri"))
            self._writer = sqlite.DriverWriter(str(args[0]), _prepare_writer, uri=uri)
        if not url.startswith("sqlite"):
            kwargs["pool_size"] = READ_POOL_SIZE
        self._read_engine: AsyncEngine = create_async_engine(url, **kwargs)
        self._gate = gate = sqlite.WriteGate()
        for engine in (self.engine, self._read_engine):
            if url.startswith("sqlite"):
                event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
                event.listen(engine.sync_engine, "begin", partial(_sqlite_begin, gate))
                event.listen(engine.sync_engine.pool, "invalidate", _rollback_before_discard)
                gate.install(engine.sync_engine)
            event.listen(engine.sync_engine.pool, "checkout", _refuse_open_transaction)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )
        # One statement, committed as it runs (see `lone_statement`). PostgreSQL: autocommit,
        # the statement alone in one round trip. SQLite keeps its own BEGIN (see _sqlite_begin;
        # SQLAlchemy's autocommit level would take it away again on the connection's return),
        # which is sent with the statement and its COMMIT in one hop (core/sqlite.py).
        self._lone_sessions = async_sessionmaker(
            self.engine.execution_options(
                **({LONE: True} if url.startswith("sqlite") else {"isolation_level": "AUTOCOMMIT"})
            ),
            expire_on_commit=False,
        )
        # Plain reads. SQLite: a read transaction, which takes no lock. PostgreSQL: statements
        # sent on the driver's connection run alone, one round trip each (no BEGIN, no COMMIT).
        self._reads = self._read_engine.execution_options(**{READ_ONLY: url.startswith("sqlite")})

    @property
    def sync_engine(self) -> Engine:
        return self.engine.sync_engine

    @property
    def sync_engines(self) -> tuple[Engine, Engine]:
        """Both pools' engines: units of work, then plain reads (for watching the SQL)."""
        return self.engine.sync_engine, self._read_engine.sync_engine

    def begin(self) -> UnitOfWork:
        return UnitOfWork(self.sessions())

    def unit_of_work(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """Commit on success, roll back on error (a cancellation included), then release side
        effects. The commit or rollback and the connection's return run to their end even when
        the task is cancelled meanwhile; the cancellation is raised after them."""
        return self._unit(self.begin())

    def lone_statement(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """A unit of work for ONE writing statement, which is a transaction of its own: on
        PostgreSQL it runs without BEGIN and COMMIT (two round trips of three), so a second
        statement would not be atomic with the first. Side effects as `unit_of_work`'s."""
        return self._unit(UnitOfWork(self._lone_sessions()))

    @asynccontextmanager
    async def _unit(self, uow: UnitOfWork) -> AsyncIterator[UnitOfWork]:
        try:
            yield uow
        except BaseException as error:
            await to_completion(uow._end(commit=getattr(error, "commits", False)))
            raise
        try:
            await to_completion(uow._end(commit=True))
        except asyncio.CancelledError:
            # Cancelled while committing: what committed is done, so its effects still go out.
            if uow.committed:
                await uow.release_effects()
            raise
        await uow.release_effects()

    async def on_driver(
        self, work: DriverWork[T], then: Callable[[T], Awaitable[None]] | None = None
    ) -> T:
        """Run `work`'s statements in one transaction on the driver's connection, without the
        ORM (core/driver.py): for hot writes of a few Core statements. Committed when it
        returns, rolled back if it raises; it runs to its end even if this task is cancelled
        meanwhile, as a unit of work's end does. `then(result)` is its side effect (a push):
        run once it has committed, even if the task was cancelled meanwhile, and a failure of
        it is logged, not raised, as a unit of work's effects. Never call it inside a writing
        unit of work: on SQLite it would wait for that unit's write lock, so a task that holds
        the write gate (a writing unit of work, or its connection not yet given back) is
        refused (RuntimeError)."""
        committed: list[T] = []
        try:
            result = await self._on_driver(work, committed)
        except asyncio.CancelledError:
            if committed and then is not None:
                await _side_effect(then, committed[0])
            raise
        if then is not None:
            await _side_effect(then, result)
        return result

    async def _on_driver(self, work: DriverWork[T], committed: list[T]) -> T:
        dialect = self.engine.dialect
        if dialect.name == "sqlite":
            # Queued at the gate with the unit of work's writers; then the process's one
            # connection for these writes (core/sqlite.py DriverWriter), no pool.
            async with self._gate.held():
                try:
                    call = driver.in_sqlite_transaction(work, dialect)
                    return await to_completion(_kept(self._writer.run(call), committed))
                except sqlite3.Error as error:
                    # As SQLAlchemy raises them: OperationalError (locked, I/O) is an outage,
                    # IntegrityError a constraint the caller may expect.
                    raise exc.DBAPIError.instance(None, None, error, sqlite3.Error) from error
        raw = await self._driver_connection()
        pg: Any = raw.driver_connection
        try:
            transaction = driver.in_postgres_transaction(work, pg, dialect)
            result = await to_completion(_kept(transaction, committed))
        except Exception as error:
            # A connection that died (or whose ROLLBACK failed after it did, which asyncpg
            # reports as a client error) is an outage, and closed for the next checkout to
            # connect afresh; a statement's own error is not.
            if isinstance(error, _POSTGRES_GONE) or pg.is_closed() or pg.is_in_transaction():
                await to_completion(greenlet_spawn(raw.invalidate, error))
                raise exc.OperationalError(None, None, error) from error
            await to_completion(greenlet_spawn(raw.close))
            if isinstance(error, asyncpg.IntegrityConstraintViolationError):
                raise exc.IntegrityError(None, None, error) from error
            if isinstance(error, asyncpg.PostgresError):
                raise exc.DBAPIError(None, None, error) from error
            raise
        except BaseException:
            await to_completion(greenlet_spawn(raw.close))
            raise
        await to_completion(greenlet_spawn(raw.close))
        return result

    async def _driver_connection(self) -> PoolProxiedConnection:
        try:
            return await self.engine.raw_connection()
        except (sqlite3.Error, *_POSTGRES_GONE, *_POSTGRES_REFUSED) as error:
            # The driver's own connect failing, unwrapped here (`engine.connect` wraps it).
            raise exc.OperationalError(None, None, error) from error

    @asynccontextmanager
    async def read_only(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work for reads alone: on SQLite it does not take the write lock, so many can
        run at once without queueing behind writers. Never write through it, and copy out what
        you need: closing rolls back."""
        uow = UnitOfWork(self._read_sessions())
        try:
            yield uow
        finally:
            await to_completion(uow._end(commit=False))

    @asynccontextmanager
    async def reads(self) -> AsyncIterator[AsyncConnection]:
        """A connection for Core reads that need neither the ORM nor a transaction (a feed page
        is one statement; on PostgreSQL run on its driver connection, see
        gallery/feed_repository.py). Never write through it. Given back even if the task is
        cancelled."""
        conn = await self._reads.connect()
        try:
            yield conn
        finally:
            await to_completion(conn.close())

    async def read_rows(
        self, q: Select[Any], values: Mapping[str, Any] | None = None
    ) -> Sequence[Row]:
        """The rows of one Core SELECT (see `read_rows`) on a pooled connection taken for it
        alone. On PostgreSQL the pool's connection is used as it is: no SQLAlchemy connection
        around it, which cost as much CPU as the statement itself. Given back even if the task
        is cancelled."""
        if self.engine.dialect.name != "postgresql":
            async with self.reads() as conn:
                return await read_rows(conn, q, values)
        sql, args = _statement(q, self.engine.dialect, values)
        raw = await self._read_engine.raw_connection()
        try:
            driver: Any = raw.driver_connection
            records: Sequence[Row] = await driver.fetch(sql, *args)
            return records
        finally:
            # Checked in (and reset) as SQLAlchemy does it, which may await the driver.
            await to_completion(greenlet_spawn(raw.close))

    async def dispose(self) -> None:
        if self.url.startswith("sqlite"):
            await self._writer.close()
        await self.engine.dispose()
        await self._read_engine.dispose()


# A row by column name: the driver's record (PostgreSQL) or a plain dict (SQLite).
Row = Mapping[str, Any]
_Compiled = tuple[str, tuple[str, ...], dict[str, Any]]
# Shapes by identity; each entry keeps its statement, so an id is never reused while it is here
# and a statement that is not the one kept is compiled afresh. Bounded in case a caller passes
# `values` with statements built per call.
_COMPILED: dict[tuple[int, str], tuple[Select[Any], _Compiled]] = {}
_COMPILED_MAX = 512


def _compiled(q: Select[Any], dialect: Any, *, shape: bool) -> _Compiled:
    """The SQL text, its parameters in order and the values fixed in it; kept for a shape."""
    key = (id(q), dialect.name)
    kept = _COMPILED.get(key) if shape else None
    if kept is not None and kept[0] is q:
        return kept[1]
    compiled = q.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    hit = (compiled.string, tuple(compiled.positiontup or ()), dict(compiled.params))
    if shape:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = (q, hit)
    return hit


def _statement(
    q: Select[Any], dialect: Any, values: Mapping[str, Any] | None
) -> tuple[str, list[Any]]:
    """The SQL text and its arguments in order, for the driver."""
    sql, names, fixed = _compiled(q, dialect, shape=values is not None)
    return sql, [values[n] if values and n in values else fixed[n] for n in names]


async def read_rows(
    conn: AsyncConnection, q: Select[Any], values: Mapping[str, Any] | None = None
) -> Sequence[Row]:
    """The rows of a Core SELECT on a `Database.reads` connection, by column name.

    With `values`, `q` is a *shape*: a statement built once (kept for the process, e.g. with
    functools.cache) whose bind parameters are named in `values`; it is compiled once. On
    PostgreSQL the SQL runs on the driver's connection: building the expression and SQLAlchemy's
    per-execution work (cache key, parameter and result processing) were most of a read's CPU.
    SQLite runs it through SQLAlchemy.
    """
    if conn.dialect.name != "postgresql":
        params = {k: v for k, v in (values or {}).items() if v is not None}
        result = await conn.execute(q, params)
        return [dict(row._mapping) for row in result.all()]
    sql, args = _statement(q, conn.dialect, values)
    # Outside any transaction: the driver runs a lone statement in its own.
    raw = await conn.get_raw_connection()
    driver: Any = raw.driver_connection
    records: Sequence[Row] = await driver.fetch(sql, *args)
    return records
