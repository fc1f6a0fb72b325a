"""The stage's REST endpoints (Tabletop II): a room's backgrounds, the preset scenes and their
pictures, and life four-cut memories."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from mygemini.auth import CurrentUser
from mygemini.core.context import Ctx
from mygemini.core.pagination import CursorParam, IdPath
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import error_responses
from mygemini.tabletop import memories, presets, scenes
from mygemini.tabletop.stage_schemas import (
    BackgroundPage,
    MemoryOut,
    MemoryPage,
    SceneId,
    ScenePreset,
)

router = APIRouter(route_class=TransactionalRoute, tags=["tabletop"])

PageLimit = Annotated[int, Query(ge=1, le=50, description="Page size (at most 50)")]


@router.get("/rooms/{room_id}/backgrounds", responses=error_responses(400, 401, 403, 404))
async def room_backgrounds(
    room_id: IdPath,
    user: CurrentUser,
    uow: Uow,
    ctx: Ctx,
    cursor: CursorParam = None,
    limit: PageLimit = 20,
) -> BackgroundPage:
    """The room's current background and every one it has used or generated, newest first
    (members only)."""
    return await scenes.history(uow, ctx, user, room_id, cursor, limit)


@router.get("/scenes/presets")
async def scene_presets() -> list[ScenePreset]:
    """The built-in scenes, with their names in Korean and English. Public."""
    return presets.catalog()


@router.get(
    "/scenes/presets/{scene_id}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, **error_responses(404)},
)
async def scene_preset_image(scene_id: SceneId) -> Response:
    """A built-in scene, drawn by the built-in renderer (960×540). Public and cached."""
    return Response(
        await presets.image(scene_id),
        media_type="image/png",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/me/memories", tags=["me"], responses=error_responses(400, 401))
async def my_memories(
    user: CurrentUser, uow: Uow, ctx: Ctx, cursor: CursorParam = None, limit: PageLimit = 20
) -> MemoryPage:
    """The life four-cuts I am pictured in, newest first ("TRPG memories")."""
    return await memories.mine(uow, ctx, user, cursor, limit)


@router.get("/memories/{memory_id}", responses=error_responses(401, 404))
async def read_memory(memory_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> MemoryOut:
    """A life four-cut, for those pictured in it and the room's members (404 for others)."""
    return await memories.read(uow, ctx, user, memory_id)
