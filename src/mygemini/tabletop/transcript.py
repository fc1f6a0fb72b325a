"""A room's transcript: everything one member was allowed to see, oldest first, as JSON or
Markdown, written out page by page (ADR 0023).

A room's log has no end: a busy table writes thousands of events a night, and a member can add
5 a second for as long as they like. Built whole, 20,000 events held the event loop (in the
embedded default, the whole app) for ~1 s and grew the process by ~40 MiB. Here a page at a time
is read (the first in the request's unit of work, the others each in a read of their own),
turned into text and sent; no page's rows or models outlive it and no connection is held while
the client downloads. The log is read up to where it stood when the request came
(`Room.last_seq`): events written meanwhile belong to the next download.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork, to_completion
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


@dataclass(frozen=True)
class Opening:
    """What the request itself reads: whose transcript of which room, where the log stood, the
    page size and the first page."""

    room: RoomOut
    viewer_id: int
    upto_seq: int
    page: int
    first: list[RoomEventOut]


async def opening(
    uow: UnitOfWork, ctx: AppContext, user: User, room_id: int, page: int = PAGE
) -> Opening:
    """The room as this member sees it, the last seq the transcript goes up to, and its first
    page (404 for a room that is not there, 403 for someone who is not a member). The first page
    is read here, in the request's unit of work: a room whose log fits in one page is answered
    from one transaction, and a failure on it is still an error status, not a cut body."""
    room = await RoomRepository(uow.session).get(room_id)
    if room is None:
        raise errors.RoomNotFound()
    await member_of(uow, room, user.id)
    (view,) = await room_views(uow, [room])
    first = await _page(uow, ctx, user.id, room.id, 0, room.last_seq, page)
    return Opening(view, user.id, room.last_seq, page, first)


async def pages(ctx: AppContext, opened: Opening) -> AsyncIterator[list[RoomEventOut]]:
    """The events the viewer may see up to `opened.upto_seq`, oldest first, a page at a time:
    the first as `opening` read it, each later one in a read-only unit of work of its own. A
    short page is the last."""
    views = opened.first
    while True:
        if views:
            yield views
        if len(views) < opened.page:
            return
        # A client that goes away cancels the download; a page being read is read to its end
        # first (cancelled inside a query, the read's connection was torn down, not returned).
        views = await to_completion(_later_page(ctx, opened, views[-1].root.seq))


async def _later_page(ctx: AppContext, opened: Opening, after_seq: int) -> list[RoomEventOut]:
    async with ctx.db.read_only() as uow:
        return await _page(
            uow, ctx, opened.viewer_id, opened.room.id, after_seq, opened.upto_seq, opened.page
        )


async def _page(
    uow: UnitOfWork,
    ctx: AppContext,
    viewer_id: int,
    room_id: int,
    after_seq: int,
    upto_seq: int,
    page: int,
) -> list[RoomEventOut]:
    events = await EventRepository(uow.session).page(room_id, viewer_id, after_seq, upto_seq, page)
    return await event_views(uow, ctx, events)


async def as_json(ctx: AppContext, opened: Opening) -> AsyncIterator[bytes]:
    """The `Transcript` document (tabletop/schemas.py), written as it is read."""
    yield b'{"room":' + RoomOut.__pydantic_serializer__.to_json(opened.room, by_alias=True)
    yield b',"events":['
    first = True
    async for batch in pages(ctx, opened):
        items = b",".join(
            RoomEventOut.__pydantic_serializer__.to_json(item, by_alias=True) for item in batch
        )
        yield items if first else b"," + items
        first = False
    yield b"]}"


async def as_markdown(ctx: AppContext, opened: Opening) -> AsyncIterator[bytes]:
    head = [f"# {opened.room.title}", ""]
    if opened.room.concept:
        head += [f"_{opened.room.concept}_", ""]
    yield ("\n".join(head) + "\n").encode()
    async for batch in pages(ctx, opened):
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
