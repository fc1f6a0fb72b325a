"""Gallery: geminis (the images people own), visibility, likes, rankings and four-cuts."""

from __future__ import annotations

import logging

from mygemini.core.context import AppContext, Periodic
from mygemini.models import Purpose
from mygemini.pipeline import register_purpose

log = logging.getLogger(__name__)


def register(ctx: AppContext) -> None:
    """Portraits and four-cut frames are the gallery's generation purposes; closing ranking
    windows and failing dead four-cut composers are its periodic work."""
    from mygemini.gallery import fourcuts, portraits, rankings

    register_purpose(Purpose.PORTRAIT, portraits.HANDLER)
    register_purpose(Purpose.FOURCUT_FRAME, fourcuts.FRAME_HANDLER)
    fourcuts.register_strip_kind("expression", fourcuts.EXPRESSION)

    async def close_windows() -> None:
        for window in await rankings.close_windows(ctx):
            log.info("froze the %s TOP 5 of %s", window.period, window.start.isoformat())

    async def fail_stale_composing() -> None:
        await fourcuts.fail_stale_composing(ctx)

    ctx.periodic.append(Periodic("gallery.close_windows", close_windows))
    ctx.periodic.append(Periodic("gallery.fail_stale_composing", fail_stale_composing))
