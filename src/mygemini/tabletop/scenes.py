"""Scenes: the room's background (a preset, an earlier one, or one generated from words)."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.realtime import SocketCall
from mygemini.errors import AppError
from mygemini.models import User
from mygemini.tabletop.stage_messages import (
    JobStarted,
    SceneAllowIn,
    SceneCancelIn,
    SceneDone,
    SceneGenerateIn,
    SceneSetIn,
    StageRules,
)
from mygemini.tabletop.stage_schemas import BackgroundPage


async def set_scene(call: SocketCall, ctx: AppContext, body: SceneSetIn) -> SceneDone:
    raise AppError("Not built yet.")


async def generate(call: SocketCall, ctx: AppContext, body: SceneGenerateIn) -> JobStarted:
    raise AppError("Not built yet.")


async def cancel(call: SocketCall, ctx: AppContext, body: SceneCancelIn) -> JobStarted:
    raise AppError("Not built yet.")


async def allow(call: SocketCall, ctx: AppContext, body: SceneAllowIn) -> StageRules:
    raise AppError("Not built yet.")


async def history(
    uow: UnitOfWork, ctx: AppContext, user: User, room_id: int, cursor: str | None, limit: int
) -> BackgroundPage:
    raise AppError("Not built yet.")
