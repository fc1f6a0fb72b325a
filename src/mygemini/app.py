"""The application factory: FastAPI (HTTP + OpenAPI) with socket.io in the same ASGI app."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from mygemini import __version__
from mygemini.accounts import service as accounts_service
from mygemini.accounts.endpoints import router as accounts_router
from mygemini.config import Settings, get_settings
from mygemini.core.bodylimit import BodyLimitMiddleware
from mygemini.core.cache import Cache, MemoryCache, RedisCache
from mygemini.core.context import AppContext
from mygemini.core.db import Database
from mygemini.core.endpoints import router as core_router
from mygemini.core.headers import SecurityHeaders, media_origins
from mygemini.core.heap import freeze_start_up_heap
from mygemini.core.jobs import JobQueue
from mygemini.core.logging import RequestIdMiddleware
from mygemini.core.media import mount_media
from mygemini.core.presence import MemoryPresence, PresenceStore, RedisPresence
from mygemini.core.ratelimit import (
    FailureWindow,
    MemoryFailureWindow,
    MemoryTokenBucket,
    RedisFailureWindow,
    RedisTokenBucket,
    TokenBucket,
)
from mygemini.core.realtime import Realtime
from mygemini.core.redis import connection_options, make_redis, redis_key
from mygemini.core.routing import narrow_route_matching
from mygemini.core.security import Passwords, load_or_create_secret
from mygemini.core.spa import mount_spa
from mygemini.core.storage import LocalStorage, make_storage
from mygemini.domains import register_all
from mygemini.errors import install_error_handlers
from mygemini.gallery.endpoints import router as gallery_router
from mygemini.notifications.endpoints import router as notifications_router
from mygemini.openapi import install_openapi
from mygemini.pipeline.sweeper import sweep
from mygemini.scheduler import resend_forever, run_forever
from mygemini.studio import previews
from mygemini.studio.endpoints import router as studio_router
from mygemini.tabletop.endpoints import router as tabletop_router
from mygemini.tabletop.stage_endpoints import router as stage_router
from mygemini.wallet.endpoints import router as wallet_router

# Wrong secret guesses (room passwords) counted per 15 minutes; real-time commands per person:
# bursts of 20, 5 a second sustained.
GUESS_WINDOW = 15 * 60
COMMAND_BURST = 20
COMMAND_RATE = 5.0


def build_context(settings: Settings, *, write_only_realtime: bool = False) -> AppContext:
    """Everything a process needs; `write_only_realtime` for workers (emit through Redis)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not settings.auth.jwt_secret:
        # Not production (the settings refuse that): a random secret of this data directory, so
        # restarts keep sessions and no secret published anywhere signs our tokens.
        settings.auth.jwt_secret = load_or_create_secret(settings.secret_file)
    window = settings.auth.login_window_seconds
    failures: FailureWindow
    guesses: FailureWindow
    command_rate: TokenBucket
    cache: Cache
    presence: PresenceStore
    if settings.redis_url:
        redis = make_redis(settings)
        failures = RedisFailureWindow(redis, window, redis_key(settings, "fail", ""))
        guesses = RedisFailureWindow(redis, GUESS_WINDOW, redis_key(settings, "guess", ""))
        command_rate = RedisTokenBucket(
            redis, COMMAND_BURST, COMMAND_RATE, redis_key(settings, "cmd", "")
        )
        cache = RedisCache(redis, redis_key(settings, "cache", ""))
        presence = RedisPresence(
            redis, redis_key(settings, "presence"), settings.presence_ttl_seconds
        )
    else:
        failures = MemoryFailureWindow(window)
        guesses = MemoryFailureWindow(GUESS_WINDOW)
        command_rate = MemoryTokenBucket(COMMAND_BURST, COMMAND_RATE)
        cache = MemoryCache()
        presence = MemoryPresence()
    db = Database(settings.resolved_database_url)
    ctx = AppContext(
        settings=settings,
        db=db,
        realtime=Realtime(
            redis_url=settings.redis_url,
            jwt_secret=settings.auth.jwt_secret,
            write_only=write_only_realtime,
            channel=redis_key(settings, "socketio"),
            redis_options=connection_options(settings) if settings.redis_url else None,
            db=db,
        ),
        login_failures=failures,
        secret_guesses=guesses,
        command_rate=command_rate,
        storage=make_storage(settings),
        jobs=JobQueue(settings),
        passwords=Passwords(
            time_cost=settings.auth.password_time_cost,
            memory_kib=settings.auth.password_memory_kib,
            parallelism=settings.auth.password_parallelism,
        ),
        render_slots=asyncio.Semaphore(max(1, settings.render.concurrency)),
        cache=cache,
        presence=presence,
    )
    register_all(ctx)

    async def may_connect(user_id: int) -> bool:
        # A read: on SQLite it must not queue behind writers for the write lock.
        async with ctx.db.read_only() as uow:
            return await accounts_service.may_connect(uow, user_id)

    ctx.realtime.admit_with(may_connect)
    return ctx


def create_app(settings: Settings | None = None) -> FastAPI:
    """The HTTP application alone (what the tests drive over ASGI)."""
    settings = settings or get_settings()
    ctx = build_context(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        sweeper: asyncio.Task[None] | None = None
        stop_loops = asyncio.Event()
        warming = None
        if settings.studio.warm_previews:
            warming = asyncio.create_task(previews.warm(settings.data_dir / "previews"))
        if ctx.jobs.in_process:
            # Embedded: this process is the worker too. Jobs queued before a restart were only
            # in memory, so hand them all to the broker again, then keep sweeping.
            await ctx.jobs.startup()
            await sweep(ctx, requeue_all_queued=True)
            sweeper = asyncio.create_task(run_forever(ctx, stop_loops))
        # Every process re-sends queued jobs the broker never got (or lost), within seconds.
        resender = asyncio.create_task(resend_forever(ctx, stop_loops))
        yield
        if warming is not None:
            # Drawing previews holds no transaction: cancelling it is safe.
            warming.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await warming
        # The loops are stopped, not cancelled: each ends its transaction first.
        stop_loops.set()
        for task in (resender, sweeper):
            if task is not None:
                with contextlib.suppress(Exception):
                    await task
        await ctx.jobs.shutdown()
        await ctx.db.dispose()

    app = FastAPI(
        title="mygemini",
        version=__version__,
        description="Meet another you: design a persona, share it, play with it.",
        lifespan=lifespan,
        # Our own /docs (core/spa.py) serves Swagger UI from the web build; FastAPI's pages
        # would load it from a CDN.
        docs_url=None,
        redoc_url=None,
        **_without_telemetry(),
    )
    app.state.ctx = ctx
    app.state.db = ctx.db
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(RequestIdMiddleware)
    # Outermost of ours: every response, errors included, carries the security headers.
    app.add_middleware(
        SecurityHeaders, settings=settings, media_origins=media_origins(settings, ctx.storage)
    )
    routers = (
        core_router,
        accounts_router,
        wallet_router,
        studio_router,
        gallery_router,
        notifications_router,
        tabletop_router,
        stage_router,
    )
    for router in routers:
        app.include_router(router, prefix="/api")
    if isinstance(ctx.storage, LocalStorage):
        mount_media(app, ctx.storage)
    mount_spa(app, settings.web_dist)
    install_openapi(app)
    narrow_route_matching(app)
    return app


def _without_telemetry() -> dict[str, Any]:
    """FastAPI's OpenTelemetry hooks switched off where this FastAPI has them (0.16x), unless
    the environment sets OpenTelemetry up (`OTEL_*`, `FASTAPI_OTEL_AUTO_CONFIGURE`): we configure
    no provider ourselves, yet with the hooks on every request asked whether one had appeared
    since (~2 % of a follow's CPU, bench/README.md)."""
    if "telemetry" not in inspect.signature(FastAPI).parameters:
        return {}
    if any(k.startswith("OTEL_") or k == "FASTAPI_OTEL_AUTO_CONFIGURE" for k in os.environ):
        return {}
    return {"telemetry": {"tracing": False, "metrics": False, "logs": False}}


def serve_asgi() -> Any:
    """What `mygemini serve` runs: `create_asgi`, then start-up's heap frozen (core/heap.py;
    not in `create_asgi`, which tests call too)."""
    asgi = create_asgi()
    freeze_start_up_heap()
    return asgi


def create_asgi(settings: Settings | None = None) -> Any:
    """HTTP plus socket.io at /socket.io/ — what `mygemini serve` runs."""
    app = create_app(settings)
    ctx: AppContext = app.state.ctx
    # The app's own middleware covers its responses; this covers socket.io's as well (headers
    # already present are left as they are, so nothing is doubled).
    return SecurityHeaders(
        ctx.realtime.asgi(app),
        settings=ctx.settings,
        media_origins=media_origins(ctx.settings, ctx.storage),
    )
