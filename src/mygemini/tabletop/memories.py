"""Life four-cut memories."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.errors import AppError
from mygemini.models import User
from mygemini.tabletop.stage_schemas import MemoryOut, MemoryPage


async def mine(
    uow: UnitOfWork, ctx: AppContext, user: User, cursor: str | None, limit: int
) -> MemoryPage:
    raise AppError("Not built yet.")


async def read(uow: UnitOfWork, ctx: AppContext, user: User, memory_id: int) -> MemoryOut:
    raise AppError("Not built yet.")
