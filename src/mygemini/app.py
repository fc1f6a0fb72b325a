"""The application factory: FastAPI (HTTP + OpenAPI) with socket.io in the same ASGI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from redis.asyncio import Redis

from mygemini import __version__
from mygemini.accounts.endpoints import router as accounts_router
from mygemini.config import Settings, get_settings
from mygemini.core.context import AppContext
from mygemini.core.db import Database
from mygemini.core.endpoints import router as core_router
from mygemini.core.logging import RequestIdMiddleware
from mygemini.core.ratelimit import FailureWindow, MemoryFailureWindow, RedisFailureWindow
from mygemini.core.realtime import Realtime
from mygemini.core.spa import mount_spa
from mygemini.errors import install_error_handlers


def build_context(settings: Settings) -> AppContext:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    window = settings.auth.login_window_seconds
    failures: FailureWindow
    if settings.redis_url:
        failures = RedisFailureWindow(Redis.from_url(settings.redis_url), window)
    else:
        failures = MemoryFailureWindow(window)
    return AppContext(
        settings=settings,
        db=Database(settings.resolved_database_url),
        realtime=Realtime(redis_url=settings.redis_url, jwt_secret=settings.auth.jwt_secret),
        login_failures=failures,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    """The HTTP application alone (what the tests drive over ASGI)."""
    settings = settings or get_settings()
    ctx = build_context(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await ctx.db.dispose()

    app = FastAPI(
        title="mygemini",
        version=__version__,
        description="Meet another you: design a persona, share it, play with it.",
        lifespan=lifespan,
    )
    app.state.ctx = ctx
    app.state.db = ctx.db
    install_error_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(core_router, prefix="/api")
    app.include_router(accounts_router, prefix="/api")
    mount_spa(app, settings.web_dist)
    return app


def create_asgi(settings: Settings | None = None) -> Any:
    """HTTP plus socket.io at /socket.io/ — what `mygemini serve` runs."""
    app = create_app(settings)
    ctx: AppContext = app.state.ctx
    return ctx.realtime.asgi(app)
