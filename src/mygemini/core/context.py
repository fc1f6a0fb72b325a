"""What services need from the running process, built once per process by the app or worker."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from mygemini.config import Settings
from mygemini.core.cache import Cache, MemoryCache
from mygemini.core.db import Database
from mygemini.core.jobs import JobQueue
from mygemini.core.presence import MemoryPresence, PresenceStore
from mygemini.core.ratelimit import (
    FailureWindow,
    MemoryFailureWindow,
    MemoryTokenBucket,
    TokenBucket,
)
from mygemini.core.realtime import Realtime
from mygemini.core.security import Passwords
from mygemini.core.storage import Storage
from mygemini.core.transaction import resolve_directly
from mygemini.models.base import utcnow
from mygemini.render.base import Renderer
from mygemini.render.factory import make_renderer


@dataclass(frozen=True)
class Periodic:
    """One step of a domain's periodic work (the scheduler runs each in turn, every tick)."""

    name: str
    run: Callable[[], Awaitable[object]]


@dataclass
class AppContext:
    settings: Settings
    db: Database
    realtime: Realtime
    login_failures: FailureWindow
    storage: Storage
    jobs: JobQueue
    passwords: Passwords
    # How many renders this process runs at once (render.concurrency).
    render_slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(1))
    cache: Cache = field(default_factory=MemoryCache)
    _renderer: Renderer | None = None
    # Rankings and likes read time from here, so tests can drive it.
    clock: Callable[[], datetime] = utcnow
    # Wrong guesses of secrets other than login passwords (a secret room's password), per key,
    # in a 15-minute window; shared by every API process when Redis is configured.
    secret_guesses: FailureWindow = field(default_factory=lambda: MemoryFailureWindow(15 * 60))
    # Per-person rate of real-time commands: bursts of 20, 5 a second sustained.
    command_rate: TokenBucket = field(default_factory=lambda: MemoryTokenBucket(20, 5.0))
    # Who is connected to which table: this process's (embedded) or every process's (Redis).
    presence: PresenceStore = field(default_factory=MemoryPresence)
    # What the domains registered at start-up (domains.register_all).
    periodic: list[Periodic] = field(default_factory=list)

    def renderer(self) -> Renderer:
        """The configured renderer, built on first use (weights load only where jobs run)."""
        if self._renderer is None:
            self._renderer = make_renderer(self.settings.render)
        return self._renderer


async def get_context(request: Request) -> AppContext:  # async: no thread pool hop
    ctx: AppContext = request.app.state.ctx
    return ctx


Ctx = Annotated[AppContext, Depends(get_context)]
resolve_directly(get_context, get_context)
