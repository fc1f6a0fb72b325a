"""The stage's `/tabletop` events (Tabletop II): what clients send to change the scene, the
music, sheets and the turn order or to take a life four-cut, their acks, and what the server
pushes. State changes are pushed as the whole new state (`scene.changed` carries the scene), so
a client never adds up deltas; `room.enter`'s snapshot carries the same states. Like every
table command each carries a `client_id`: the same one again changes nothing and answers the
state as it is."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from mygemini.core.pagination import MAX_ID
from mygemini.core.realtime import ServerEvent
from mygemini.core.text import CleanText
from mygemini.tabletop.messages import NAMESPACE, Command, Nickname, _In
from mygemini.tabletop.stage_schemas import (
    BackgroundOut,
    MusicState,
    PoseSetId,
    SceneId,
    SheetOut,
    TrackId,
    TurnOrder,
)

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]

# --- the scene -------------------------------------------------------------------------------


class PresetBackground(_In):
    kind: Literal["preset"]
    id: SceneId


class StoredBackground(_In):
    """One of the room's earlier backgrounds (`room`), or one generated for it (`generated`):
    its id in GET /api/rooms/{id}/backgrounds."""

    kind: Literal["room", "generated"]
    id: RowId


BackgroundRef = Annotated[PresetBackground | StoredBackground, Field(discriminator="kind")]


class SceneSetIn(Command):
    background: BackgroundRef


class SceneGenerateIn(Command):
    # Korean or English, a short description of a place (no people are drawn).
    description: CleanText = Field(min_length=1, max_length=200)


class SceneCancelIn(Command):
    job_id: RowId


class SceneAllowIn(Command):
    """The GM lets everyone (or only the GM) change the scene and the music."""

    anyone: bool


class SceneDone(BaseModel):
    scene: BackgroundOut | None


class JobStarted(BaseModel):
    job_id: int


class StageRules(BaseModel):
    scene_by_anyone: bool


# --- music -----------------------------------------------------------------------------------


class PresetTrack(_In):
    kind: Literal["preset"]
    id: TrackId


class YoutubeTrack(_In):
    kind: Literal["youtube"]
    # A YouTube link (watch, youtu.be, shorts, embed, music...) or a bare 11-character video id;
    # only the id is kept.
    id: str = Field(min_length=11, max_length=300)


TrackRef = Annotated[PresetTrack | YoutubeTrack, Field(discriminator="kind")]


class MusicSetIn(Command):
    track: TrackRef | None  # None: silence
    playing: bool
    position: float = Field(default=0.0, ge=0, le=24 * 3600)


class MusicDone(BaseModel):
    music: MusicState


# --- character sheets ------------------------------------------------------------------------


class StatIn(_In):
    name: CleanText = Field(min_length=1, max_length=16)
    value: int = Field(ge=-999, le=999)


class SheetPatch(_In):
    """Only the fields given change."""

    name: CleanText | None = Field(default=None, min_length=1, max_length=40)
    hp: int | None = Field(default=None, ge=-9999, le=9999)
    hp_max: int | None = Field(default=None, ge=1, le=9999)
    stats: list[StatIn] | None = Field(default=None, max_length=6)
    notes: CleanText | None = Field(default=None, max_length=2000)


class SheetUpdateIn(Command):
    nickname: Nickname  # whose sheet (the owner and the GM may edit it)
    patch: SheetPatch


class SheetDone(BaseModel):
    sheet: SheetOut


# --- the turn order --------------------------------------------------------------------------


class TurnEntryIn(_In):
    kind: Literal["member", "npc"]
    # a present member's nickname, or an NPC's name
    name: CleanText = Field(min_length=1, max_length=30)
    initiative: int | None = Field(default=None, ge=-99, le=999)


class TurnsSetIn(Command):
    entries: list[TurnEntryIn] = Field(max_length=20)


class TurnsNextIn(Command):
    step: Literal[1, -1] = 1  # next (1) or previous (-1) turn


class TurnsRollIn(Command):
    """Initiative for everyone in the order, rolled by the server, and the order sorted by it."""

    expr: str = Field(default="1d20", min_length=1, max_length=40)


class TurnsDone(BaseModel):
    turns: TurnOrder


# --- life four-cut ---------------------------------------------------------------------------


class FourcutRequestIn(Command):
    members: list[Nickname] = Field(min_length=1, max_length=4)
    pose_set: PoseSetId


class FourcutStarted(BaseModel):
    fourcut_id: int


# --- what the server pushes to everyone present ----------------------------------------------


class SceneChanged(ServerEvent):
    event = "scene.changed"
    namespace = NAMESPACE

    room_id: int
    scene: BackgroundOut | None


class SceneGenerating(ServerEvent):
    """A background being drawn for the room: its progress (0..1), then how it ended."""

    event = "scene.generating"
    namespace = NAMESPACE

    room_id: int
    job_id: int
    background_id: int  # its row in GET /api/rooms/{id}/backgrounds
    description: str
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    progress: float


class StageRulesChanged(ServerEvent):
    event = "scene.rules"
    namespace = NAMESPACE

    room_id: int
    scene_by_anyone: bool


class MusicChanged(ServerEvent):
    event = "music.changed"
    namespace = NAMESPACE

    room_id: int
    music: MusicState


class SheetChanged(ServerEvent):
    """A sheet changed: its owner and the GM get it whole, everyone else its name and HP."""

    event = "sheet.changed"
    namespace = NAMESPACE

    room_id: int
    sheet: SheetOut


class TurnsChanged(ServerEvent):
    event = "turns.changed"
    namespace = NAMESPACE

    room_id: int
    turns: TurnOrder


class LifecutProgress(ServerEvent):
    """A life four-cut on its way: pictures done of all it needs, then composing or failed."""

    event = "fourcut.progress"
    namespace = NAMESPACE

    room_id: int
    fourcut_id: int
    done: int
    total: int
    status: Literal["pending", "composing", "failed"]


class LifecutReady(ServerEvent):
    """The strip is composed: `image_url` the 2×2 grid, `strip_url` the 1×4 strip (signed)."""

    event = "fourcut.ready"
    namespace = NAMESPACE

    room_id: int
    fourcut_id: int
    image_url: str
    strip_url: str
