"""The turn order."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.realtime import SocketCall
from mygemini.errors import AppError
from mygemini.tabletop.stage_messages import TurnsDone, TurnsNextIn, TurnsRollIn, TurnsSetIn


async def set_order(call: SocketCall, ctx: AppContext, body: TurnsSetIn) -> TurnsDone:
    raise AppError("Not built yet.")


async def advance(call: SocketCall, ctx: AppContext, body: TurnsNextIn) -> TurnsDone:
    raise AppError("Not built yet.")


async def roll(call: SocketCall, ctx: AppContext, body: TurnsRollIn) -> TurnsDone:
    raise AppError("Not built yet.")
