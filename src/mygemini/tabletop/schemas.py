"""What the room endpoints take and answer. No model here has a password hash, and the only
password is the one a person types (RoomCreate, JoinIn)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

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


class RoomEventOut(BaseModel):
    """One stored event of a room's log, as a viewer allowed to see it gets it. `payload` by
    `kind`: chat {channel, text}; whisper {to, text}; dice {expr, total, detail, dice: [{sides,
    face, kept}], visibility}; vote.started {vote_id, question, options}; vote.cast {vote_id,
    option} (its voter only); vote.closed {vote_id, question, tally: [{option, votes}],
    winners, ballots}; pick {candidates, picked}; member.joined {nickname, role}; member.left
    {nickname}; member.kicked {nickname, by}; gm.changed {from, to}; character.changed
    {nickname, gemini_id, name}; room.closed {}."""

    room_id: int
    seq: int
    kind: str
    author: Author | None
    payload: dict[str, Any]
    at: datetime


class Transcript(BaseModel):
    room: RoomOut
    events: list[RoomEventOut]
