"""A room's transcript: everything one member was allowed to see, oldest first, as JSON or
Markdown, written out page by page.

A room's log has no end: a busy table writes thousands of events a night, and a member can add
5 a second for as long as they like. Built whole, 20,000 events held ~400 MiB and the event loop
for seconds (in the embedded default, the whole app). Here a page at a time is read in a short
read of its own, turned into text and sent; no page's rows or models outlive it and no
connection is held while the client downloads. The log is read up to where it stood when the
request came (`Room.last_seq`): events written meanwhile belong to the next download.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.models import User
from mygemini.tabletop import errors
from mygemini.tabletop.repository import EventRepository, RoomRepository
from mygemini.tabletop.schemas import (
    ChatPayload,
    DicePayload,
    RoomEventOut,
    RoomOut,
    WhisperPayload,
)
from mygemini.tabletop.service import event_views, member_of, room_views

# Events read, turned into text and sent at a time: small enough that a page holds the event
# loop for milliseconds, large enough that the queries stay few.
PAGE = 200


async def opening(uow: UnitOfWork, user: User, room_id: int) -> tuple[RoomOut, int]:
    """The room as this member sees it, and the last seq the transcript goes up to (404 for a
    room that is not there, 403 for someone who is not a member)."""
    room = await RoomRepository(uow.session).get(room_id)
    if room is None:
        raise errors.RoomNotFound()
    await member_of(uow, room, user.id)
    (view,) = await room_views(uow, [room])
    return view, room.last_seq


async def pages(
    ctx: AppContext, viewer_id: int, room_id: int, upto_seq: int, page: int = PAGE
) -> AsyncIterator[list[RoomEventOut]]:
    """The events `viewer_id` may see up to `upto_seq`, oldest first, `page` at a time; each
    page read in its own read-only unit of work."""
    after = 0
    while after < upto_seq:
        async with ctx.db.read_only() as uow:
            events = await EventRepository(uow.session).page(
                room_id, viewer_id, after, upto_seq, page
            )
            if not events:
                return
            after = events[-1].seq
            views = await event_views(uow, ctx, events)
        yield views


async def as_json(room: RoomOut, events: AsyncIterator[list[RoomEventOut]]) -> AsyncIterator[bytes]:
    """The `Transcript` document (tabletop/schemas.py), written as it is read."""
    yield b'{"room":' + RoomOut.__pydantic_serializer__.to_json(room, by_alias=True)
    yield b',"events":['
    first = True
    async for batch in events:
        items = b",".join(
            RoomEventOut.__pydantic_serializer__.to_json(item, by_alias=True) for item in batch
        )
        yield items if first else b"," + items
        first = False
    yield b"]}"


async def as_markdown(
    room: RoomOut, events: AsyncIterator[list[RoomEventOut]]
) -> AsyncIterator[bytes]:
    head = [f"# {room.title}", ""]
    if room.concept:
        head += [f"_{room.concept}_", ""]
    yield ("\n".join(head) + "\n").encode()
    async for batch in events:
        yield "".join(_markdown_line(item) + "\n" for item in batch).encode()


def _markdown_line(item: RoomEventOut) -> str:
    e = item.root
    who = e.author.nickname if e.author else "—"
    p = e.payload
    if isinstance(p, ChatPayload):
        body = f"[{p.channel}] {p.text}"
    elif isinstance(p, WhisperPayload):
        body = f"(whisper to {p.to}) {p.text}"
    elif isinstance(p, DicePayload):
        body = f"rolls {p.expr} ({p.visibility}): {p.detail}"
    else:
        fields = p.model_dump(mode="json", by_alias=True)
        body = f"{e.kind} {fields}" if fields else e.kind
    return f"- `#{e.seq}` {e.at:%Y-%m-%d %H:%M:%S} **{who}**: {body}"
