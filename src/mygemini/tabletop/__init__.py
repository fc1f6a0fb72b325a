"""Tabletop: rooms (lobby, secret rooms, invites), membership, the `/tabletop` socket events,
server dice, votes and random picks, and an append-only event log per room; the stage (scenes,
music, sheets, the turn order, life four-cuts and memories)."""

from __future__ import annotations

from mygemini.core.context import AppContext


def register(ctx: AppContext) -> None:
    """The table's socket events (and their rate limit) on this process's realtime server, and
    the stage's generation purposes: backgrounds, and life four-cut frames composed by the
    gallery's one four-cut composer."""
    from mygemini.gallery.fourcuts import register_strip_kind, strip_job_handler
    from mygemini.models import Purpose
    from mygemini.pipeline import register_purpose
    from mygemini.tabletop import lifecuts, scenes, sockets

    register_purpose(Purpose.BACKGROUND, scenes.HANDLER)
    register_purpose(Purpose.LIFECUT_FRAME, strip_job_handler(lifecuts.frame_request))
    register_strip_kind(lifecuts.KIND, lifecuts.LIFE)
    sockets.register(ctx)
