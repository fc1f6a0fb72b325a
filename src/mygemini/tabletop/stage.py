"""The stage as one person at the table sees it now: `room.enter`'s snapshot."""

from __future__ import annotations

from dataclasses import dataclass

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.models import Room
from mygemini.tabletop.stage_schemas import BackgroundOut, MusicState, SheetOut, TurnOrder


@dataclass(frozen=True)
class Stage:
    scene: BackgroundOut | None
    scene_by_anyone: bool
    music: MusicState
    sheets: list[SheetOut]
    turns: TurnOrder


async def snapshot(uow: UnitOfWork, ctx: AppContext, room: Room, viewer_id: int) -> Stage:
    return Stage(
        scene=None,
        scene_by_anyone=False,
        music=MusicState(track=None, playing=False, position=0.0, started_at=None),
        sheets=[],
        turns=TurnOrder(entries=[], current=None, round=0),
    )
