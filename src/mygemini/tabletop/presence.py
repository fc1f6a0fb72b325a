"""Who is at the table now: the connections that entered it (`room.enter`) and have not left,
disconnected, or been taken out of their seat (a kick), in every API process.

The store (core/presence) is shared with Redis; this process adds and removes its own
connections, refreshes them every heartbeat (a third of the TTL) while it has any, and sweeps
the entries other processes left behind when they died. Whoever learns that a member came online
or went offline tells the table with `member.presence`.
"""

from __future__ import annotations

import asyncio
import logging

from mygemini.core.context import AppContext
from mygemini.models import User
from mygemini.tabletop.messages import NAMESPACE, MemberPresence

log = logging.getLogger(__name__)


def table_group(room_id: int) -> str:
    return f"table:{room_id}"


def _room_of(group: str) -> int:
    return int(group.split(":", 1)[1])


def seat_room(room_id: int, user_id: int) -> str:
    """The socket.io room of one person's connections that entered one table: every event of
    the table is sent to the seats of those who may see it, so a seat closed (kick, leave)
    hears nothing more, in every API process."""
    return f"table:{room_id}:{user_id}"


async def online(ctx: AppContext, room_id: int) -> set[int]:
    """The members with a live connection at the table, in any process."""
    return await ctx.presence.online(table_group(room_id))


class TablePresence:
    """This process's side of presence: its connections at tables, and the heartbeat."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        # sid -> the (room, person) it entered
        self._here: dict[str, set[tuple[int, int]]] = {}
        self._beat: asyncio.Task[None] | None = None

    @property
    def interval(self) -> float:
        return self.ctx.settings.presence_ttl_seconds / 3

    async def entered(self, room_id: int, user_id: int, sid: str) -> None:
        self._here.setdefault(sid, set()).add((room_id, user_id))
        if self._beat is None or self._beat.done():
            self._beat = asyncio.create_task(self._heartbeat())
        if await self.ctx.presence.add(table_group(room_id), user_id, sid):
            await self._tell(room_id, user_id, online=True)

    async def left(self, room_id: int, user_id: int, sid: str) -> None:
        entries = self._here.get(sid, set())
        entries.discard((room_id, user_id))
        if not entries:
            self._here.pop(sid, None)
        if not self._here and self._beat is not None and self._beat is not asyncio.current_task():
            # Nobody here: no heartbeat left pending (the next `entered` starts one).
            self._beat.cancel()
            self._beat = None
        if await self.ctx.presence.remove(table_group(room_id), user_id, sid):
            await self._tell(room_id, user_id, online=False)

    async def disconnected(self, sid: str) -> None:
        for room_id, user_id in list(self._here.get(sid, ())):
            await self.left(room_id, user_id, sid)

    async def _tell(self, room_id: int, user_id: int, *, online: bool) -> None:
        async with self.ctx.db.read_only() as uow:
            user = await uow.session.get(User, user_id)
            nickname = user.nickname if user is not None else None
        if nickname is None:
            return
        listeners = await self.ctx.presence.online(table_group(room_id))
        await self.ctx.realtime.push(
            MemberPresence(room_id=room_id, nickname=nickname, online=online),
            room=[seat_room(room_id, u) for u in sorted(listeners)],
        )

    async def beat(self) -> None:
        """One heartbeat: let go of connections no longer in their seat (kicked, closed),
        refresh the others, sweep what dead processes left."""
        for sid, entries in list(self._here.items()):
            for room_id, user_id in list(entries):
                if not self.ctx.realtime.present_here(seat_room(room_id, user_id), NAMESPACE, sid):
                    await self.left(room_id, user_id, sid)
                elif await self.ctx.presence.add(table_group(room_id), user_id, sid):
                    # It had lapsed (this process stalled past the TTL) and was swept.
                    await self._tell(room_id, user_id, online=True)
        for group, user_id in await self.ctx.presence.sweep():
            await self._tell(_room_of(group), user_id, online=False)

    async def _heartbeat(self) -> None:
        # Runs while this process has connections at a table; the next `entered` starts it again.
        while self._here:
            await asyncio.sleep(self.interval)
            try:
                await self.beat()
            except Exception:
                log.warning("table presence: heartbeat failed", exc_info=True)
