"""What the room endpoints take and answer. No model here has a password hash, and the only
password is the one a person types (RoomCreate, JoinIn)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StrictBool, model_validator

from mygemini.core.pagination import MAX_ID
from mygemini.core.text import CleanText

Role = Literal["gm", "player"]
GeminiId = Annotated[int, Field(ge=1, le=MAX_ID)]


class RoomCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: CleanText = Field(min_length=1, max_length=60)
    concept: CleanText = Field(default="", max_length=200)
    max_players: int = Field(default=8, ge=2, le=8)
    secret: StrictBool = False
    password: str | None = Field(default=None, min_length=4, max_length=64)

    @model_validator(mode="after")
    def password_with_secret(self) -> RoomCreate:
        if self.secret and self.password is None:
            raise ValueError("a secret room needs a password")
        if not self.secret and self.password is not None:
            raise ValueError("only a secret room has a password")
        return self


class JoinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str | None = Field(default=None, max_length=64)
    invite: str | None = Field(default=None, max_length=1000)
    gemini_id: GeminiId | None = None


class CharacterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gemini_id: GeminiId


class Person(BaseModel):
    nickname: str
    avatar_url: str | None


class Character(BaseModel):
    """The gemini a member plays as: its portrait and name speak for them."""

    gemini_id: int
    name: str
    image_url: str


class RoomOut(BaseModel):
    id: int
    title: str
    concept: str
    secret: bool
    max_players: int
    players: int
    gm: Person | None
    created_at: datetime


class MemberOut(BaseModel):
    nickname: str
    avatar_url: str | None
    role: Role
    character: Character | None
    online: bool


class RoomDetail(RoomOut):
    members: list[MemberOut]


class RoomPage(BaseModel):
    items: list[RoomOut]
    next_cursor: str | None


class InviteOut(BaseModel):
    token: str
    url: str
    expires_at: datetime


class Author(BaseModel):
    nickname: str
    character: Character | None


# --- the log's events, one model per kind ----------------------------------------------------


class ChatPayload(BaseModel):
    channel: Literal["story", "info", "ooc"]
    text: str


class WhisperPayload(BaseModel):
    to: str
    text: str


class DieFace(BaseModel):
    sides: int  # 100 for d%
    face: int
    kept: bool  # False for a die a keep/drop rule set aside


class DicePayload(BaseModel):
    expr: str
    total: int
    detail: str  # d20's rendering, e.g. "1d20 (14) + 5 = `19`"
    dice: list[DieFace]
    visibility: Literal["public", "gm", "self"]


class VoteStartedPayload(BaseModel):
    vote_id: int  # the seq of this event
    question: str
    options: list[str]


class VoteCastPayload(BaseModel):
    """A ballot: seen by its voter alone."""

    vote_id: int
    option: str


class TallyLine(BaseModel):
    option: str
    votes: int


class VoteClosedPayload(BaseModel):
    vote_id: int
    question: str
    tally: list[TallyLine]
    winners: list[str]  # none when nobody voted; several on a tie
    ballots: int


class PickPayload(BaseModel):
    candidates: list[str]
    picked: str


class MemberJoinedPayload(BaseModel):
    nickname: str
    role: Role


class MemberLeftPayload(BaseModel):
    nickname: str


class MemberKickedPayload(BaseModel):
    nickname: str
    by: str


class GmChangedPayload(BaseModel):
    # `from` is a Python keyword: the field is `from_`, its name on the wire `from`.
    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)

    from_: str | None = Field(alias="from")  # None when nobody held the role
    to: str


class CharacterChangedPayload(BaseModel):
    nickname: str
    gemini_id: int
    name: str


class RoomClosedPayload(BaseModel):
    pass


class _Event(BaseModel):
    room_id: int
    seq: int
    author: Author | None  # None for what the room itself did (closing when emptied)
    at: datetime


class ChatEvent(_Event):
    kind: Literal["chat"]
    payload: ChatPayload


class WhisperEvent(_Event):
    kind: Literal["whisper"]
    payload: WhisperPayload


class DiceEvent(_Event):
    kind: Literal["dice"]
    payload: DicePayload


class VoteStartedEvent(_Event):
    kind: Literal["vote.started"]
    payload: VoteStartedPayload


class VoteCastEvent(_Event):
    kind: Literal["vote.cast"]
    payload: VoteCastPayload


class VoteClosedEvent(_Event):
    kind: Literal["vote.closed"]
    payload: VoteClosedPayload


class PickEvent(_Event):
    kind: Literal["pick"]
    payload: PickPayload


class MemberJoinedEvent(_Event):
    kind: Literal["member.joined"]
    payload: MemberJoinedPayload


class MemberLeftEvent(_Event):
    kind: Literal["member.left"]
    payload: MemberLeftPayload


class MemberKickedEvent(_Event):
    kind: Literal["member.kicked"]
    payload: MemberKickedPayload


class GmChangedEvent(_Event):
    kind: Literal["gm.changed"]
    payload: GmChangedPayload


class CharacterChangedEvent(_Event):
    kind: Literal["character.changed"]
    payload: CharacterChangedPayload


class RoomClosedEvent(_Event):
    kind: Literal["room.closed"]
    payload: RoomClosedPayload


RoomEventItem = Annotated[
    ChatEvent
    | WhisperEvent
    | DiceEvent
    | VoteStartedEvent
    | VoteCastEvent
    | VoteClosedEvent
    | PickEvent
    | MemberJoinedEvent
    | MemberLeftEvent
    | MemberKickedEvent
    | GmChangedEvent
    | CharacterChangedEvent
    | RoomClosedEvent,
    Field(discriminator="kind"),
]


class RoomEventOut(RootModel[RoomEventItem]):
    """One stored event of a room's log, as a viewer allowed to see it gets it: `kind` says
    which payload it carries. The JSON is the stored payload as it was written."""


class Transcript(BaseModel):
    room: RoomOut
    events: list[RoomEventOut]
