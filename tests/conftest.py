"""Shared fixtures: a migrated database per test (SQLite, or PostgreSQL + Redis when the
`MYGEMINI_TEST_DATABASE_URL` / `MYGEMINI_TEST_REDIS_URL` variables are set), the app, clients."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import asyncpg
import boto3
import httpx
import pytest
import redis.asyncio as redis
from alembic import command
from fastapi import FastAPI
from moto.server import ThreadedMotoServer

from mygemini.app import create_app
from mygemini.config import (
    AuthSettings,
    JobSettings,
    RenderSettings,
    Settings,
    StorageSettings,
    StudioSettings,
)
from mygemini.core.db import Database
from mygemini.migrations import alembic_config
from mygemini.models import Base, User
from tests.live import free_port

PG_URL = os.environ.get("MYGEMINI_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("MYGEMINI_TEST_REDIS_URL", "")
TEST_SECRET = "test-secret-" + "x" * 40
PASSWORD = "correct horse 1"
_counter = itertools.count(1)
# argon2id at its lowest cost (~1 ms, not ~100 ms): the suite hashes thousands of throwaway
# passwords, and at the real cost that was half its CPU. tests/accounts/test_password_cost.py
# checks the real cost by default and production's refusal of anything lower.
LIGHT_PASSWORD_HASHING = {
    "password_time_cost": 1,
    "password_memory_kib": 1024,
    "password_parallelism": 1,
}


def backend_name() -> str:
    return "postgresql" if PG_URL else "sqlite"


def _plain_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(_plain_dsn(PG_URL))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


# The fixtures through which a test reaches the database and Redis of the pass it runs in.
_STORE_FIXTURES = frozenset({"database_template", "database_url", "redis_url"})
_LEFT_TO_THE_EMBEDDED_PASS = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The scaled-out pass runs what reaches PostgreSQL or Redis: a test that reaches neither
    (a renderer, a prompt, dice) runs the same in both passes and has run in the embedded one."""
    if not (PG_URL or REDIS_URL):
        return
    kept: list[pytest.Item] = []
    same_in_both: list[pytest.Item] = []
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        reaches = _STORE_FIXTURES.intersection(fixtures) or item.get_closest_marker("store")
        (kept if reaches else same_in_both).append(item)
    if same_in_both:
        config.hook.pytest_deselected(items=same_in_both)
        items[:] = kept
        config.stash[_LEFT_TO_THE_EMBEDDED_PASS] = True


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A selection (`-k`, paths) of only such tests leaves the scaled-out pass nothing to run:
    # that is success, not pytest's "no tests collected".
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and session.config.stash.get(
        _LEFT_TO_THE_EMBEDDED_PASS, False
    ):
        session.exitstatus = pytest.ExitCode.OK


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database for the whole run: a SQLite file to copy, or a PostgreSQL database."""
    if PG_URL:
        name = f"mygemini_test_{uuid.uuid4().hex[:10]}"
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
        url = _with_database(PG_URL, name)
        command.upgrade(alembic_config(url), "head")
        yield url
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        command.upgrade(alembic_config(f"sqlite+aiosqlite:///{path}"), "head")
        yield str(path)


_emptying: list[str] = []


async def _emptying_sql(conn: asyncpg.Connection) -> str:
    """Empties every table and restarts every id, as TRUNCATE ... RESTART IDENTITY would. DELETE
    on a test's few rows takes ~2 ms where TRUNCATE's new files and fsync take ~35 ms, per test."""
    if not _emptying:
        sequences = await conn.fetch(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        )
        tables = reversed(Base.metadata.sorted_tables)  # our own names: children before parents
        deletes = "".join(f'DELETE FROM "{t.name}";' for t in tables)  # noqa: S608
        restarts = "".join(f'ALTER SEQUENCE "{r[0]}" RESTART;' for r in sequences)
        _emptying.append(f"BEGIN;{deletes}{restarts}COMMIT;")
    return _emptying[0]


@pytest.fixture
async def database_url(database_template: str, tmp_path: Path) -> AsyncIterator[str]:
    if PG_URL:
        conn = await asyncpg.connect(_plain_dsn(database_template))
        try:
            await conn.execute(await _emptying_sql(conn))
        finally:
            await conn.close()
        yield database_template
    else:
        path = tmp_path / "mygemini.db"
        shutil.copy(database_template, path)
        yield f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def redis_url() -> AsyncIterator[str]:
    if not REDIS_URL:
        yield ""
        return
    client = redis.Redis.from_url(REDIS_URL)
    await client.flushdb()
    await client.aclose()
    yield REDIS_URL


def make_settings(
    data_dir: Path,
    database_url: str,
    redis_url: str,
    *,
    render: dict[str, Any] | None = None,
    studio: dict[str, Any] | None = None,
    jobs: dict[str, Any] | None = None,
    **auth: Any,
) -> Settings:
    return Settings(
        env="test",
        data_dir=data_dir,
        database_url=database_url,
        redis_url=redis_url,
        # each test its own Redis names (job stream, socket.io channel, keys), so a test's worker
        # only sees that test's jobs and pushes never cross tests sharing one Redis
        redis_prefix=f"mygemini:test:{uuid.uuid4().hex[:8]}",
        ranking_cache_seconds=0,
        public_url="http://testserver",
        web_dist=data_dir / "no-web-build",
        auth=AuthSettings(jwt_secret=TEST_SECRET, **{**LIGHT_PASSWORD_HASHING, **auth}),
        render=RenderSettings(**{"backend": "noop", **(render or {})}),
        studio=StudioSettings(**(studio or {})),
        jobs=JobSettings(**{"heartbeat_interval_seconds": 0.2, **(jobs or {})}),
    )


@pytest.fixture
def settings(tmp_path: Path, database_url: str, redis_url: str) -> Settings:
    return make_settings(tmp_path, database_url, redis_url)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    yield application
    await application.state.ctx.db.dispose()


def client_for(app: FastAPI, ip: str = "127.0.0.1") -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(ip, 40000)), base_url="http://testserver"
    )


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c


@dataclass
class Person:
    """A signed-up account and a client that carries its refresh cookie."""

    client: httpx.AsyncClient
    token: str
    id: int
    email: str
    nickname: str
    password: str = PASSWORD

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


def bare_user(nickname: str) -> User:
    """A person's row as it is written straight to the database: no sign-up, no wallet row. For
    tests below the HTTP surface."""
    return User(email=f"{nickname}@example.com", nickname=nickname, nickname_key=nickname)


async def add_bare_person(db: Database, prefix: str) -> int:
    """A `bare_user` with a fresh nickname, committed; its id."""
    async with db.unit_of_work() as uow:
        user = bare_user(unique(prefix))
        uow.session.add(user)
        await uow.session.flush()
        return user.id


async def sign_up(app: FastAPI, nickname: str | None = None, *, onboard: bool = True) -> Person:
    c = client_for(app)
    nick = nickname or unique("star_")
    email = f"{nick.replace(' ', '_').lower()}@example.com"
    r = await c.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "nickname": nick}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    person = Person(c, body["access_token"], body["user"]["id"], email, nick)
    if onboard:
        r = await c.patch("/api/me", json={"avatar": "aries"}, headers=person.auth)
        assert r.status_code == 200, r.text
    return person


@pytest.fixture
async def people(app: FastAPI) -> AsyncIterator[list[Person]]:
    """Call `await make()`-style: the list collects people so their clients close at the end."""
    made: list[Person] = []
    yield made
    for p in made:
        await p.client.aclose()


class MakePerson(Protocol):
    """What the `make_person` fixture gives: sign someone up (closed at the test's end)."""

    async def __call__(self, nickname: str | None = None, *, onboard: bool = True) -> Person: ...


@pytest.fixture
def make_person(app: FastAPI, people: list[Person]) -> MakePerson:
    async def make(nickname: str | None = None, *, onboard: bool = True) -> Person:
        person = await sign_up(app, nickname, onboard=onboard)
        people.append(person)
        return person

    return make


def s3_bucket(endpoint: str, **extra: Any) -> StorageSettings:
    """Storage settings for the moto bucket the `s3_endpoint` fixture creates."""
    return StorageSettings(
        backend="s3",
        s3_bucket="mygemini-test",
        s3_endpoint_url=endpoint,
        s3_access_key_id="test",
        s3_secret_access_key="test",
        **extra,
    )


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).create_bucket(Bucket="mygemini-test")
    yield url
    server.stop()
