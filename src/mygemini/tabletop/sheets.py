"""Character sheets."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.realtime import SocketCall
from mygemini.errors import AppError
from mygemini.tabletop.stage_messages import SheetDone, SheetUpdateIn


async def update(call: SocketCall, ctx: AppContext, body: SheetUpdateIn) -> SheetDone:
    raise AppError("Not built yet.")
