"""Music: the room's track and where it is."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.realtime import SocketCall
from mygemini.errors import AppError
from mygemini.tabletop.stage_messages import MusicDone, MusicSetIn


async def set_music(call: SocketCall, ctx: AppContext, body: MusicSetIn) -> MusicDone:
    raise AppError("Not built yet.")
