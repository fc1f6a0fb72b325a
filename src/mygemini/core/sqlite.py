"""aiosqlite with one thread hop per statement, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs every call on the connection's own thread and wakes the event loop for each
answer. SQLAlchemy's adapter makes four such calls per statement (create the cursor, execute,
fetch the rows, close), each a queue put, a thread wake-up and a loop wake-up: on a follow (BEGIN,
two statements, COMMIT) that was a dozen round trips between the threads, a third of the request's
CPU on SQLite (bench/push_bench.py). Here a statement is one call: the thread creates the cursor,
executes, reads every row and closes it; the loop side answers fetches from those rows. The
adapter fetches every row of a statement up front anyway (server-side cursors aside, which get
them from the same list).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import weakref
from collections import deque
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.util.concurrency import await_, in_greenlet

T = TypeVar("T")
_Description = tuple[tuple[str, None, None, None, None, None, None], ...]


class _Ready:
    """What `Connection.cursor()` returns in aiosqlite: awaitable, and an async context."""

    def __init__(self, cursor: OneHopCursor) -> None:
        self._cursor = cursor

    def __await__(self) -> Generator[Any, None, OneHopCursor]:
        if False:  # pragma: no cover - makes this a generator; nothing to wait for
            yield
        return self._cursor

    async def __aenter__(self) -> OneHopCursor:
        return self._cursor

    async def __aexit__(self, *_: object) -> None:
        await self._cursor.close()


class OneHopCursor(aiosqlite.Cursor):
    """A cursor whose statement runs to its end in one call on the connection's thread."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        super().__init__(conn, None)  # type: ignore[arg-type]  # the sqlite3 cursor lives per call
        self._rows: deque[Any] = deque()
        self._description: _Description | None = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    async def _run(
        self, call: Callable[[sqlite3.Cursor], object], *, script: bool = False
    ) -> OneHopCursor:
        conn: OneHopConnection = self._conn  # type: ignore[assignment]
        # The transaction's BEGIN, if it has not been sent yet, goes in this same hop (a script
        # would commit it at once: it goes alone first).
        begin, conn.pending_begin = conn.pending_begin, None
        commit = conn.lone and begin is not None and not script
        if script and begin is not None:
            await conn._execute(conn._conn.execute, begin)  # type: ignore[no-untyped-call]
            begin = None

        def statement(db: sqlite3.Connection) -> tuple[Any, ...]:
            if begin is not None:
                db.execute(begin)
            cursor = db.cursor()
            try:
                call(cursor)
                description = cursor.description
                rows = cursor.fetchall() if description else []
                # Read after the rows: sqlite3 counts the rows of a RETURNING statement as they
                # are fetched.
                outcome = description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()
            if commit:
                # A lone statement's transaction ends with it (see OneHopConnection.lone): the
                # COMMIT that follows finds nothing to do and costs no hop.
                db.execute("COMMIT")
            return outcome

        got = await on_thread(self._conn, statement)
        # Only once the hop is back: a statement cut off while in flight may still COMMIT or
        # not, so the ROLLBACK that follows must queue behind it (see OneHopConnection).
        conn.ended_in_hop = commit
        self._description, rows, self._rowcount, self._lastrowid = got
        self._rows = deque(rows)
        return self

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> OneHopCursor:
        params: Any = [] if parameters is None else parameters
        return await self._run(lambda c: c.execute(sql, params))

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> OneHopCursor:
        params: Any = parameters
        return await self._run(lambda c: c.executemany(sql, params))

    async def executescript(self, sql_script: str) -> OneHopCursor:
        return await self._run(lambda c: c.executescript(sql_script), script=True)

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        count = min(self._arraysize if size is None else size, len(self._rows))
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> Sequence[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows

    async def close(self) -> None:
        self._rows.clear()

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    @property
    def description(self) -> _Description:
        return self._description  # type: ignore[return-value]  # None before/without rows

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn._conn


class OneHopConnection(aiosqlite.Connection):
    """aiosqlite's connection, whose transactions begin in the hop of their first statement.

    `begin_with` keeps the transaction's BEGIN instead of sending it at once (a hop of its
    own: a third of a lone statement's, a sixth of a job's succeed transaction); the first
    statement sends it ahead of itself in the same call, and a transaction that ran no
    statement ends without a hop. With `lone` (one statement, a transaction of its own:
    `Database.lone_statement`) that statement's COMMIT goes in the same call too, as on
    PostgreSQL the statement runs alone: BEGIN, the statement and COMMIT are one hop, and a
    second statement would run in a transaction of its own.
    """

    pending_begin: str | None = None
    lone = False
    ended_in_hop = False

    def cursor(self) -> _Ready:  # type: ignore[override]
        return _Ready(OneHopCursor(self))

    async def _connect(self) -> OneHopConnection:
        """As aiosqlite's, but a connection that cannot open waits for its thread to stop.
        aiosqlite queues the stop and returns at once; its thread then reports the stop to this
        event loop, which may be closed by then (a test's, a process shutting down): the thread
        died with "Event loop is closed" after every test of an unreachable database."""
        if self._connection is None:
            opened = asyncio.get_running_loop().create_future()
            self._tx.put_nowait((opened, self._connector))
            try:
                self._connection = await opened
            except Exception:
                stopped = self.stop()
                if stopped is not None:
                    await stopped
                raise
            except BaseException:  # cancelled: give the cancellation back without waiting
                self.stop()
                raise
        return self

    def begin_with(self, sql: str, *, lone: bool = False) -> None:
        self.pending_begin, self.lone = sql, lone

    def _nothing_to_end(self) -> bool:
        """Whether the transaction has nothing for COMMIT or ROLLBACK to do: its BEGIN was never
        sent, or a lone statement's hop came back having committed it. Known from our own
        bookkeeping, never from asking SQLite: a statement cut off by a cancellation may still
        be running on the connection's thread, and then the ROLLBACK must be queued behind it
        (a connection closed inside a transaction keeps the write lock: core/db.py)."""
        nothing = self.pending_begin is not None or self.ended_in_hop
        self.pending_begin, self.lone, self.ended_in_hop = None, False, False
        return nothing

    async def commit(self) -> None:
        if not self._nothing_to_end():
            await super().commit()

    async def rollback(self) -> None:
        if not self._nothing_to_end():
            await super().rollback()


async def on_thread(conn: aiosqlite.Connection, call: Callable[[sqlite3.Connection], T]) -> T:
    """`call(sqlite3 connection)` on the connection's own thread, in one hop."""
    result: T = await conn._execute(call, conn._conn)  # type: ignore[no-untyped-call]
    return result


def connect(database: str | Path, *, iter_chunk_size: int = 64, **kwargs: Any) -> OneHopConnection:
    """`aiosqlite.connect`, with one thread hop per statement; for SQLAlchemy's
    `connect_args={"async_creator_fn": connect}` (it passes what it would give aiosqlite)."""
    conn = OneHopConnection(partial(sqlite3.connect, str(database), **kwargs), iter_chunk_size)
    # As SQLAlchemy does for aiosqlite's own: a forgotten connection must not keep the process.
    conn._thread.daemon = True
    return conn


# SQLITE_BUSY and SQLITE_LOCKED, with their extended codes (the low byte is the primary code).
_BUSY = frozenset(code for code in range(1 << 12) if code & 0xFF in (5, 6))


class DriverWriter:
    """This process's own connection for transactions on the driver (core/driver.py).

    Each call is a whole transaction run in one hop on the connection's thread, so calls never
    interleave on it (its thread takes them one after another) and one connection serves every
    such write of the process. The pool's checkout, reset and return cost more CPU than the
    transaction itself (bench/push_bench.py). Opened on first use with `prepare` (the pragmas
    every connection gets); dropped after an error that may have left it unusable, and opened
    again by the next call."""

    def __init__(
        self, path: str, prepare: Callable[[sqlite3.Connection], None], *, uri: bool = False
    ) -> None:
        self._path = path  # as the pool's connections open it (core/db.py)
        self._uri = uri
        self._prepare = prepare
        self._conn: OneHopConnection | None = None

    async def run(self, call: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._conn or await self._open()
        try:
            return await on_thread(conn, call)
        except sqlite3.OperationalError as error:
            # Disk I/O and the like: the next write starts on a fresh connection. Locked past
            # busy_timeout says nothing about the connection: it is kept.
            if error.sqlite_errorcode not in _BUSY and self._conn is conn:
                self._conn = None
                with contextlib.suppress(Exception):  # the error to raise is the first one
                    await conn.close()
            raise

    async def _open(self) -> OneHopConnection:
        conn = connect(self._path, timeout=30, isolation_level=None, uri=self._uri)
        await conn
        try:
            await on_thread(conn, self._prepare)
        except BaseException:
            await conn.close()
            raise
        if self._conn is not None:  # another task opened one meanwhile: use that
            await conn.close()
            return self._conn
        self._conn = conn
        return conn

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()


# As long as SQLite's own busy_timeout (core/db.py): a writer that waited this long goes on to
# SQLite's busy handler, which then fails as it always did ("database is locked").
GATE_WAIT_SECONDS = 10.0


class WriteGate:
    """One write transaction of this process at a time, queued on the event loop.

    SQLite lets one writer in; the others wait in its busy handler, which sleeps 1, 2, 5, 10 ...
    up to 100 ms between tries. Under a burst (200 follows at once, bench/push_bench.py) the lock
    sat free while every waiter slept, and most of a push's latency was that. Queued here, the
    next writer begins the moment the previous one has given its connection back to the pool.
    Other processes (a CLI next to the server) still meet SQLite's own busy wait.

    `enter` runs in the engine's `begin` event of a write transaction; the gate is let go when
    that connection goes back to the pool, is invalidated, closed or detached.
    """

    def __init__(self) -> None:
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._held: dict[Any, asyncio.Lock] = {}
        # The task whose unit of work holds each connection's gate.
        self._holders: dict[Any, asyncio.Task[Any] | None] = {}

    def enter(self, conn: Connection) -> None:
        if not in_greenlet():
            return  # not on an event loop: SQLite's busy wait alone
        record = conn.connection._connection_record
        if record in self._held:
            return  # a second transaction before the connection went back: held already
        self._refuse_a_holder("a writing unit of work")
        lock = self._lock()
        if await_(_acquire(lock)):
            self._held[record] = lock
            self._holders[record] = asyncio.current_task()

    @asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        """Hold the gate around a write that does not go through SQLAlchemy's `begin` event
        (core/driver.py's transactions); past the wait, on to SQLite's busy wait as `enter`."""
        self._refuse_a_holder("a driver transaction")
        lock = self._lock()
        acquired = await _acquire(lock)
        try:
            yield
        finally:
            if acquired:
                lock.release()

    def _refuse_a_holder(self, what: str) -> None:
        """Raise if the running task holds the gate already (a writing unit of work, or a
        connection of one not yet given back). It holds SQLite's write lock with it: BEGIN
        IMMEDIATE rides with a transaction's first statement (ADR 0019), so the gate and the lock
        are taken together. A second writer of the same task would wait for itself — the gate's
        wait, then SQLite's busy timeout, then "database is locked", 20 s in all — so it is
        refused at once instead."""
        task = asyncio.current_task()
        if task is not None and task in self._holders.values():
            raise RuntimeError(
                f"{what} while this task holds the write gate (a writing unit of work, or a "
                "connection not yet given back)"
            )

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    def leave(self, _: Any, record: Any, *__: Any) -> None:
        self._holders.pop(record, None)
        lock = self._held.pop(record, None)
        if lock is not None:
            lock.release()

    def install(self, engine: Engine) -> None:
        """Let go of the gate at every way a connection leaves its holder (after
        `core.db._rollback_before_discard` on invalidation: listeners run in order)."""
        for name in ("checkin", "invalidate", "close", "detach"):
            event.listen(engine.pool, name, self.leave)


async def _acquire(lock: asyncio.Lock) -> bool:
    try:
        async with asyncio.timeout(GATE_WAIT_SECONDS):
            await lock.acquire()
    except TimeoutError:
        return False
    return True
