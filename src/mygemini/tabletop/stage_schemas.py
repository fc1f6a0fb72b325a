"""The stage's views (Tabletop II): scenes and their history, music, character sheets, the turn
order and life four-cut memories. Shared by the REST endpoints, the `/tabletop` acks and
events, and `room.enter`'s snapshot. Image addresses are handed out as the media rules say
(docs/adr/0006-media-access.md): a room's generated backgrounds and its four-cuts are private,
so their URLs are signed and expire; preset scenes are public."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

# The built-in scenes and tracks: their ids are part of the contract (the web names them too).
SceneId = Literal[
    "tavern",
    "forest",
    "castle_hall",
    "night_sky",
    "city_street",
    "beach",
    "dungeon",
    "library",
    "snowfield",
    "spaceship",
    "classroom",
    "shrine",
]
TrackId = Literal[
    "tavern_lute", "forest_breeze", "dungeon_drone", "night_waltz", "battle_drums", "rainy_cafe"
]
PoseSetId = Literal["sample", "shooting", "victory", "squad"]
BackgroundStatus = Literal["generating", "ready", "failed", "cancelled"]


class ScenePreset(BaseModel):
    id: SceneId
    name_ko: str
    name_en: str
    image_url: str


class BackgroundOut(BaseModel):
    """A background the room has used or generated: a preset scene, or one drawn from a
    description (`image_url` is None until it is ready)."""

    id: int
    kind: Literal["preset", "generated"]
    preset: SceneId | None
    description: str | None
    status: BackgroundStatus
    image_url: str | None
    by: str | None  # the nickname of who chose or described it (None once they are gone)
    created_at: datetime


class BackgroundPage(BaseModel):
    current: BackgroundOut | None
    items: list[BackgroundOut]  # newest first
    next_cursor: str | None


class TrackOut(BaseModel):
    kind: Literal["preset", "youtube"]
    id: str  # a TrackId, or a YouTube video id (11 characters)


class MusicState(BaseModel):
    """What the room hears. `position` is the second of the track reached at `started_at`
    (server time); while `playing`, the position is position + (now - started_at). The server
    sends it with `started_at` at the moment it is sent, so a client that seeks to `position`
    needs no clock of its own."""

    track: TrackOut | None
    playing: bool
    position: float
    started_at: datetime | None


class Stat(BaseModel):
    name: str
    value: int


class SheetOut(BaseModel):
    """A member's character sheet. Everyone sees the name and HP; `stats` and `notes` only
    the sheet's owner and the GM (None for everyone else)."""

    nickname: str
    name: str
    hp: int
    hp_max: int
    stats: list[Stat] | None
    notes: str | None


class TurnEntry(BaseModel):
    kind: Literal["member", "npc"]
    name: str  # the member's nickname, or the NPC's name
    initiative: int | None
    roll: str | None  # how the server's initiative roll went, e.g. "1d20 (14) = `14`"


class TurnOrder(BaseModel):
    entries: list[TurnEntry]  # in turn order
    current: int | None  # index into entries of whose turn it is (None: not started)
    round: int  # 0 before the first turn


class PicturedMember(BaseModel):
    nickname: str
    gemini_id: int | None  # None once that gemini was deleted
    name: str  # the character's name when the picture was taken


class MemoryOut(BaseModel):
    """A life four-cut, kept in the memories of everyone pictured."""

    id: int
    room_id: int
    room_title: str
    pose_set: PoseSetId
    caption: str
    members: list[PicturedMember]
    status: Literal["pending", "composing", "ready", "failed"]
    image_url: str | None  # the 2×2 grid
    strip_url: str | None  # the 1×4 strip
    created_at: datetime


class MemoryPage(BaseModel):
    items: list[MemoryOut]
    next_cursor: str | None
