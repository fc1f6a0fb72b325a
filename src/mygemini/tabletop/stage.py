"""What every stage command shares (the room under its lock, the person's seat, a client_id
already used, who may change the stage, who hears of it) and the stage as one person at the
table sees it now: `room.enter`'s snapshot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.realtime import ServerEvent
from mygemini.models import Room, RoomMember, User
from mygemini.tabletop import errors
from mygemini.tabletop.messages import Command
from mygemini.tabletop.presence import seat_room
from mygemini.tabletop.repository import MemberRepository
from mygemini.tabletop.service import GM, member_of, open_room
from mygemini.tabletop.stage_repository import CommandRepository
from mygemini.tabletop.stage_schemas import BackgroundOut, MusicState, SheetOut, TurnOrder


@dataclass
class StageTurn:
    """One stage command's view of the table, read under the room's row lock. `repeated`: this
    person already ran a command with this client_id here, so nothing changes."""

    room: Room
    member: RoomMember
    user: User
    repeated: bool

    @property
    def is_gm(self) -> bool:
        return self.member.role == GM


async def stage_turn(
    uow: UnitOfWork, ctx: AppContext, user_id: int, body: Command, command: str
) -> StageTurn:
    room = await open_room(uow, ctx, body.room_id, lock=True)
    member = await member_of(uow, room, user_id)
    user = await uow.session.get(User, user_id)
    assert user is not None
    commands = CommandRepository(uow.session)
    repeated = await commands.done(room.id, user_id, body.client_id)
    if not repeated:
        # Recorded first: if the command then fails, the transaction takes this back too.
        await commands.record(room.id, user_id, body.client_id, command)
    return StageTurn(room, member, user, repeated)


def may_set_stage(t: StageTurn) -> None:
    """The scene and the music: the GM's, or everyone's when the GM allows it."""
    if not t.is_gm and not t.room.scene_by_anyone:
        raise errors.NotTheGm("Only the GM may change the scene and the music here.")


def must_be_gm(t: StageTurn) -> None:
    if not t.is_gm:
        raise errors.NotTheGm()


async def present_ids(uow: UnitOfWork, room_id: int) -> list[int]:
    return [m.user_id for m in await MemberRepository(uow.session).present(room_id)]


def tell(
    uow: UnitOfWork, ctx: AppContext, room_id: int, user_ids: Sequence[int], message: ServerEvent
) -> None:
    """Send `message` (after commit) to these people's seats at the table."""
    ctx.realtime.send(uow, message, room=[seat_room(room_id, u) for u in sorted(set(user_ids))])


async def tell_room(uow: UnitOfWork, ctx: AppContext, room_id: int, message: ServerEvent) -> None:
    """Send `message` (after commit) to everyone present."""
    tell(uow, ctx, room_id, await present_ids(uow, room_id), message)


@dataclass(frozen=True)
class Stage:
    scene: BackgroundOut | None
    scene_by_anyone: bool
    music: MusicState
    sheets: list[SheetOut]
    turns: TurnOrder


async def snapshot(uow: UnitOfWork, ctx: AppContext, room: Room, viewer_id: int) -> Stage:
    # Imported here: these modules import this one for the helpers above.
    from mygemini.tabletop import music, scenes, sheets, turns

    return Stage(
        scene=await scenes.current(uow, ctx, room),
        scene_by_anyone=room.scene_by_anyone,
        music=music.state(ctx, room),
        sheets=await sheets.of_room(uow, room, viewer_id),
        turns=turns.state(room),
    )
