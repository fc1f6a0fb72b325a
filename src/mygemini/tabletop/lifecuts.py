"""Life four-cuts."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.realtime import SocketCall
from mygemini.errors import AppError
from mygemini.tabletop.stage_messages import FourcutRequestIn, FourcutStarted


async def request(call: SocketCall, ctx: AppContext, body: FourcutRequestIn) -> FourcutStarted:
    raise AppError("Not built yet.")
