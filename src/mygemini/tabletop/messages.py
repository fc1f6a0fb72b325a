"""The `/tabletop` socket events: what clients send (payload models, acks) and what the server
sends (`room.event`, `lobby.changed`). Exported by `mygemini socket-schema`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from mygemini.core.pagination import MAX_ID
from mygemini.core.realtime import ServerEvent
from mygemini.core.text import CleanText
from mygemini.tabletop.schemas import MemberOut, RoomEventOut, RoomOut
from mygemini.tabletop.stage_schemas import BackgroundOut, MusicState, SheetOut, TurnOrder

NAMESPACE = "/tabletop"

RoomId = Annotated[int, Field(ge=1, le=MAX_ID)]
# A command's own id, chosen by the client: the same id again returns what the first did.
ClientId = Annotated[str, Field(min_length=1, max_length=64)]
Nickname = Annotated[str, Field(min_length=1, max_length=20)]
Text = Annotated[CleanText, Field(min_length=1, max_length=2000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Command(_In):
    room_id: RoomId
    client_id: ClientId


class EnterIn(_In):
    room_id: RoomId
    # The last seq this client saw: events after it are replayed (none given: the last 100).
    last_seq: int | None = Field(default=None, ge=0, le=MAX_ID)


class Entered(BaseModel):
    room: RoomOut
    members: list[MemberOut]
    seq: int
    events: list[RoomEventOut]
    # The gap after `last_seq` was longer than a replay carries: `events` are its newest part.
    truncated: bool = False
    # The stage as it is now (Tabletop II): a late joiner sees and hears what everyone does.
    scene: BackgroundOut | None
    scene_by_anyone: bool
    music: MusicState
    sheets: list[SheetOut]
    turns: TurnOrder


class LeaveIn(_In):
    room_id: RoomId


class ChatIn(Command):
    channel: Literal["story", "info", "ooc"]
    text: Text


class WhisperIn(Command):
    to: Nickname
    text: Text


class DiceIn(Command):
    expr: str = Field(min_length=1, max_length=200)
    visibility: Literal["public", "gm", "self"] = "public"


class VoteStartIn(Command):
    question: CleanText = Field(min_length=1, max_length=200)
    options: list[Annotated[CleanText, Field(min_length=1, max_length=60)]] = Field(
        min_length=2, max_length=8
    )


class VoteCastIn(Command):
    vote_id: RoomId
    # The option's text, or its index (from 0) in the vote's options.
    option: Annotated[str, Field(min_length=1, max_length=60)] | Annotated[int, Field(ge=0, le=7)]


class VoteCloseIn(Command):
    vote_id: RoomId


class PickIn(Command):
    candidates: list[Nickname] = Field(min_length=1, max_length=8)


class MemberIn(Command):
    nickname: Nickname


class Done(BaseModel):
    """A command's ack: the event it stored (the same one again for a retried client_id)."""

    event: RoomEventOut


class RoomEventMessage(RoomEventOut, ServerEvent):
    """A stored event, sent only to those allowed to see it (in seq order per room)."""

    event = "room.event"
    namespace = NAMESPACE


class LobbyChanged(ServerEvent):
    """The lobby list changed (a room opened, filled, emptied or closed): fetch it again."""

    event = "lobby.changed"
    namespace = NAMESPACE

    room_id: int


class MemberPresence(ServerEvent):
    """A member's first connection entered the table (`online`), or their last one left, was
    kicked out or lapsed with a process that died. Sent to the seats online then; not stored
    and not in the log (presence is now, not history: `room.enter` and GET /api/rooms/{id}
    give `online` per member)."""

    event = "member.presence"
    namespace = NAMESPACE

    room_id: int
    nickname: str
    online: bool
