from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import StreamingResponse

from mygemini.auth import CurrentUser, ThrottledUser
from mygemini.core.context import Ctx
from mygemini.core.pagination import CursorParam, IdPath
from mygemini.core.transaction import TransactionalRoute, Uow
from mygemini.errors import error_responses
from mygemini.tabletop import service
from mygemini.tabletop import transcript as room_transcript
from mygemini.tabletop.schemas import (
    CharacterIn,
    InviteOut,
    JoinIn,
    RoomCreate,
    RoomDetail,
    RoomPage,
    Transcript,
)

router = APIRouter(route_class=TransactionalRoute, tags=["tabletop"])

LobbyLimit = Annotated[int, Query(ge=1, le=50, description="Page size (at most 50)")]
MARKDOWN = {"content": {"text/markdown": {"schema": {"type": "string"}}}}


@router.post("/rooms", status_code=201, responses=error_responses(401, 429))
async def create_room(body: RoomCreate, user: ThrottledUser, uow: Uow, ctx: Ctx) -> RoomDetail:
    """Open a room (public, or secret with a password); its creator is its GM."""
    return await service.create(uow, ctx, user, body)


@router.get("/rooms", responses=error_responses(400, 401))
async def lobby(
    user: CurrentUser, uow: Uow, cursor: CursorParam = None, limit: LobbyLimit = 20
) -> RoomPage:
    """Open rooms, newest first (never a password: a secret room only shows `secret`)."""
    return await service.lobby(uow, cursor, limit)


@router.get("/rooms/{room_id}", responses=error_responses(401, 404, 410))
async def read_room(room_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> RoomDetail:
    """A room and who is in it (members only: others see the lobby card, without members)."""
    return await service.read(uow, ctx, user, room_id)


@router.post(
    "/rooms/{room_id}/join",
    responses=error_responses(401, 403, 404, 409, 410, 429),
)
async def join_room(
    room_id: IdPath, body: JoinIn, user: ThrottledUser, uow: Uow, ctx: Ctx
) -> RoomDetail:
    """Take a seat: a secret room needs its password or an invite; joining twice is a no-op."""
    return await service.join(uow, ctx, user, room_id, body.password, body.invite, body.gemini_id)


@router.post("/rooms/{room_id}/character", responses=error_responses(401, 403, 404, 410))
async def choose_character(
    room_id: IdPath, body: CharacterIn, user: CurrentUser, uow: Uow, ctx: Ctx
) -> RoomDetail:
    """Play as one of my geminis."""
    return await service.set_character(uow, ctx, user, room_id, body.gemini_id)


@router.post(
    "/rooms/{room_id}/leave", status_code=204, responses=error_responses(401, 403, 404, 410)
)
async def leave_room(room_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> Response:
    """Give up my seat (a GM's role passes to whoever has been here longest)."""
    await service.leave(uow, ctx, user, room_id)
    return Response(status_code=204)


@router.post(
    "/rooms/{room_id}/invites",
    status_code=201,
    responses=error_responses(401, 403, 404, 410, 429),
)
async def invite(room_id: IdPath, user: ThrottledUser, uow: Uow, ctx: Ctx) -> InviteOut:
    """A link that lets someone join without the password, for 24 hours."""
    return await service.invite(uow, ctx, user, room_id)


@router.get(
    "/rooms/{room_id}/transcript",
    response_model=Transcript,
    responses={200: MARKDOWN, **error_responses(401, 403, 404, 429)},
)
async def transcript(
    room_id: IdPath,
    user: ThrottledUser,
    uow: Uow,
    ctx: Ctx,
    format: Literal["json", "md"] = "json",
) -> Response:
    """Everything I was allowed to see in the room, oldest first."""
    opened = await room_transcript.opening(uow, ctx, user, room_id)
    # The pages after the first are read and written after this request's unit of work has
    # ended (tabletop/transcript.py).
    if format == "md":
        return StreamingResponse(
            room_transcript.as_markdown(ctx, opened),
            media_type="text/markdown; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="room-{room_id}.md"'},
        )
    return StreamingResponse(room_transcript.as_json(ctx, opened), media_type="application/json")


@router.delete("/rooms/{room_id}", status_code=204, responses=error_responses(401, 403, 404, 410))
async def close_room(room_id: IdPath, user: CurrentUser, uow: Uow, ctx: Ctx) -> Response:
    """Close the room (GM only)."""
    await service.close(uow, ctx, user, room_id)
    return Response(status_code=204)
