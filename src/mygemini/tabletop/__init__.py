"""Tabletop: rooms (lobby, secret rooms, invites), membership, the `/tabletop` socket events,
server dice, votes and random picks, and an append-only event log per room."""

from __future__ import annotations

from mygemini.core.context import AppContext


def register(ctx: AppContext) -> None:
    """The table's socket events (and their rate limit) on this process's realtime server."""
    from mygemini.tabletop import sockets

    sockets.register(ctx)
