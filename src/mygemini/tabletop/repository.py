"""Queries of rooms, their members and their event log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from mygemini.models import Gemini, Room, RoomEvent, RoomMember, User


def audience_key(user_ids: Sequence[int]) -> str:
    return "," + ",".join(str(u) for u in sorted(set(user_ids))) + ","


def visible_to(user_id: int) -> Any:
    return or_(RoomEvent.audience.is_(None), RoomEvent.audience.like(f"%,{user_id},%"))


class RoomRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, room: Room) -> Room:
        self.session.add(room)
        await self.session.flush()
        return room

    async def get(self, room_id: int) -> Room | None:
        return await self.session.get(Room, room_id)

    async def lock(self, room_id: int) -> Room | None:
        """The room, its row locked until the transaction ends (PostgreSQL; SQLite's writers
        are serialised by BEGIN IMMEDIATE): seats and seqs are decided one at a time."""
        result = await self.session.execute(
            select(Room)
            .where(Room.id == room_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        return result.scalar_one_or_none()

    async def next_seq(self, room: Room) -> int:
        seq = (
            await self.session.execute(
                update(Room.__table__)  # type: ignore[arg-type]
                .where(Room.__table__.c.id == room.id)
                .values(last_seq=Room.__table__.c.last_seq + 1)
                .returning(Room.__table__.c.last_seq)
            )
        ).scalar_one()
        set_committed_value(room, "last_seq", seq)
        return int(seq)

    async def open_page(self, before_id: int | None, limit: int) -> Sequence[Room]:
        query = select(Room).where(Room.closed_at.is_(None))
        if before_id is not None:
            query = query.where(Room.id < before_id)
        rows = await self.session.scalars(query.order_by(Room.id.desc()).limit(limit))
        return rows.all()

    async def player_counts(self, room_ids: Sequence[int]) -> dict[int, int]:
        if not room_ids:
            return {}
        rows = await self.session.execute(
            select(RoomMember.room_id, func.count())
            .where(RoomMember.room_id.in_(room_ids), RoomMember.left_at.is_(None))
            .group_by(RoomMember.room_id)
        )
        return {room_id: int(count) for room_id, count in rows.all()}

    async def users(self, user_ids: set[int]) -> dict[int, User]:
        if not user_ids:
            return {}
        rows = await self.session.scalars(select(User).where(User.id.in_(user_ids)))
        return {u.id: u for u in rows}

    async def geminis(self, gemini_ids: set[int]) -> dict[int, Gemini]:
        if not gemini_ids:
            return {}
        rows = await self.session.scalars(select(Gemini).where(Gemini.id.in_(gemini_ids)))
        return {g.id: g for g in rows}


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of(self, room_id: int, user_id: int) -> RoomMember | None:
        """The person's seat row, in the room or not (left, kicked)."""
        result = await self.session.execute(
            select(RoomMember)
            .where(RoomMember.room_id == room_id, RoomMember.user_id == user_id)
            .execution_options(populate_existing=True)
        )
        return result.scalar_one_or_none()

    async def active(self, room_id: int, user_id: int) -> RoomMember | None:
        member = await self.of(room_id, user_id)
        return member if member is not None and member.left_at is None else None

    async def present(self, room_id: int) -> Sequence[RoomMember]:
        """Who is in the room now, longest present first."""
        rows = await self.session.scalars(
            select(RoomMember)
            .where(RoomMember.room_id == room_id, RoomMember.left_at.is_(None))
            .order_by(RoomMember.joined_at, RoomMember.id)
            .execution_options(populate_existing=True)
        )
        return rows.all()

    async def count(self, room_id: int) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(RoomMember)
            .where(RoomMember.room_id == room_id, RoomMember.left_at.is_(None))
        )
        return int(count or 0)

    async def add(self, member: RoomMember) -> RoomMember:
        self.session.add(member)
        await self.session.flush()
        return member


class EventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, event: RoomEvent) -> RoomEvent:
        self.session.add(event)
        await self.session.flush()
        return event

    async def by_client(self, room_id: int, author_id: int, client_id: str) -> RoomEvent | None:
        return await self.session.scalar(
            select(RoomEvent).where(
                RoomEvent.room_id == room_id,
                RoomEvent.author_id == author_id,
                RoomEvent.client_id == client_id,
            )
        )

    async def at(self, room_id: int, seq: int) -> RoomEvent | None:
        return await self.session.scalar(
            select(RoomEvent).where(RoomEvent.room_id == room_id, RoomEvent.seq == seq)
        )

    async def after(
        self, room_id: int, viewer_id: int, after_seq: int, limit: int
    ) -> Sequence[RoomEvent]:
        """The newest `limit` visible events after `after_seq`, oldest first."""
        newest = await self.session.scalars(
            select(RoomEvent)
            .where(RoomEvent.room_id == room_id, RoomEvent.seq > after_seq, visible_to(viewer_id))
            .order_by(RoomEvent.seq.desc())
            .limit(limit)
        )
        return list(reversed(newest.all()))

    async def page(
        self, room_id: int, viewer_id: int, after_seq: int, upto_seq: int, limit: int
    ) -> Sequence[RoomEvent]:
        """The first `limit` visible events with `after_seq < seq <= upto_seq`, oldest first."""
        rows = await self.session.scalars(
            select(RoomEvent)
            .where(
                RoomEvent.room_id == room_id,
                RoomEvent.seq > after_seq,
                RoomEvent.seq <= upto_seq,
                visible_to(viewer_id),
            )
            .order_by(RoomEvent.seq)
            .limit(limit)
        )
        return rows.all()

    async def latest(self, room_id: int, viewer_id: int, limit: int) -> list[RoomEvent]:
        rows = await self.session.scalars(
            select(RoomEvent)
            .where(RoomEvent.room_id == room_id, visible_to(viewer_id))
            .order_by(RoomEvent.seq.desc())
            .limit(limit)
        )
        return list(reversed(rows.all()))

    async def referring(self, room_id: int, ref: int, kind: str) -> Sequence[RoomEvent]:
        rows = await self.session.scalars(
            select(RoomEvent)
            .where(RoomEvent.room_id == room_id, RoomEvent.ref == ref, RoomEvent.kind == kind)
            .order_by(RoomEvent.seq)
        )
        return rows.all()
