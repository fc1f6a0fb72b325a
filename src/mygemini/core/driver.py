"""A few statements in one transaction on the database driver itself, for hot writes.

A follow is two small INSERTs, yet through the ORM unit of work it cost ~2.5 ms of CPU: the
session, its transaction bookkeeping and SQLAlchemy's per-connection and per-statement events
were most of it (bench/push_bench.py, ADR 0020). `Database.on_driver(work)` runs
`async def work(tx: DriverTx)` in one transaction on the pool's driver connection: statements
are SQLAlchemy Core statements compiled once per dialect (`DriverStatement`), their values
converted by the columns' own bind processors, so what lands in a row is what the ORM would have
written.

The same `work` serves both databases:
- PostgreSQL (asyncpg): BEGIN, the statements, COMMIT on the connection, awaited as usual.
- SQLite: the whole transaction runs in ONE call on the connection's thread (one hop instead of
  one per statement). `work` is driven there as a plain coroutine: its statements are
  synchronous calls in disguise, so it never suspends, and it must not await anything else
  (`drive` refuses it).

Rows come back as the driver gives them (tuples of plain values, no result processing): read
ints and text from them, not datetimes or JSON. A statement that fails raises the driver's own
error inside `work` (SQLAlchemy's once out of `on_driver`); do not carry on after one: PostgreSQL
has aborted the transaction where SQLite has not. On SQLite `work` runs on another thread,
without the request's context variables (log fields): compute what needs them before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy.engine import Dialect
from sqlalchemy.sql.expression import Executable

T = TypeVar("T")
_Processor = Callable[[Any], Any] | None


class DriverStatement:
    """A Core statement built once (module level) and run on the driver: compiled once per
    dialect into its SQL text, its parameters' order and their bind processors."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...], tuple[_Processor, ...]]] = {}

    def compiled(self, dialect: Dialect) -> tuple[str, tuple[str, ...], tuple[_Processor, ...]]:
        got = self._compiled.get(dialect.name)
        if got is None:
            compiled = self.statement.compile(dialect=dialect)  # type: ignore[attr-defined]
            if (
                compiled.insert_prefetch
                or compiled.update_prefetch
                or compiled.literal_execute_params
                or compiled.post_compile_params
            ):
                # Values SQLAlchemy would work out per execution (Python-side defaults,
                # expanding IN lists): give them as parameters instead.
                raise ValueError(f"not a statement for the driver: {compiled.string}")
            names = tuple(compiled.positiontup or ())
            binds = {b.key: b for b in compiled.binds.values()}
            processors = tuple(
                binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names
            )
            got = self._compiled[dialect.name] = (compiled.string, names, processors)
        return got

    def sql_and_args(self, dialect: Dialect, values: Mapping[str, Any]) -> tuple[str, list[Any]]:
        sql, names, processors = self.compiled(dialect)
        args = [
            values[n] if p is None else p(values[n]) for n, p in zip(names, processors, strict=True)
        ]
        return sql, args


class DriverTx(Protocol):
    """One transaction's statements on the driver (`Database.on_driver`)."""

    async def fetchrow(
        self, statement: DriverStatement, values: Mapping[str, Any]
    ) -> Sequence[Any] | None:
        """Run `statement`; its first row (RETURNING, SELECT), or None."""
        ...


DriverWork = Callable[[DriverTx], Coroutine[Any, Any, T]]


class PostgresTx:
    def __init__(self, conn: Any, dialect: Dialect) -> None:
        self._conn = conn  # asyncpg.Connection
        self._dialect = dialect

    async def fetchrow(
        self, statement: DriverStatement, values: Mapping[str, Any]
    ) -> Sequence[Any] | None:
        sql, args = statement.sql_and_args(self._dialect, values)
        row: Sequence[Any] | None = await self._conn.fetchrow(sql, *args)
        return row


class SqliteTx:
    """Statements on the sqlite3 connection, called from its own thread."""

    def __init__(self, db: sqlite3.Connection, dialect: Dialect) -> None:
        self._db = db
        self._dialect = dialect

    async def fetchrow(
        self, statement: DriverStatement, values: Mapping[str, Any]
    ) -> Sequence[Any] | None:
        sql, args = statement.sql_and_args(self._dialect, values)
        cursor = self._db.execute(sql, args)
        try:
            row: Sequence[Any] | None = cursor.fetchone()
            # RETURNING rows are written as they are read: step the statement to its end.
            cursor.fetchall()
        finally:
            cursor.close()
        return row


class AwaitedOutsideTheDriver(RuntimeError):
    """Work given to `Database.on_driver` awaited something that is not one of its statements."""


def drive(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends (SqliteTx's statements are synchronous) to its end,
    here and now, on this thread."""
    try:
        work.send(None)
    except StopIteration as done:
        value: T = done.value
        return value
    work.close()
    raise AwaitedOutsideTheDriver("work on the SQLite driver may await only its statements")


def in_sqlite_transaction(
    work: DriverWork[T], dialect: Dialect
) -> Callable[[sqlite3.Connection], T]:
    """`work` as one transaction for the sqlite3 connection's thread: BEGIN IMMEDIATE (the write
    lock up front, as core/db.py's units of work take it), the work, COMMIT; ROLLBACK on any
    error."""

    def transaction(db: sqlite3.Connection) -> T:
        db.execute("BEGIN IMMEDIATE")
        try:
            result = drive(work(SqliteTx(db, dialect)))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return result

    return transaction


async def in_postgres_transaction(work: DriverWork[T], conn: Any, dialect: Dialect) -> T:
    """`work` in BEGIN ... COMMIT on an asyncpg connection; rolled back on any error."""
    async with conn.transaction():
        return await work(PostgresTx(conn, dialect))
