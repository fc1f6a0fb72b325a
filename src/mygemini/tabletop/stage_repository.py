"""Queries of the stage's tables: backgrounds, sheets, commands done, life four-cuts and
memories."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.models import (
    Fourcut,
    FourcutStatus,
    LifeFourcut,
    Memory,
    RoomBackground,
    RoomCommand,
    RoomSheet,
)


class BackgroundRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, background: RoomBackground) -> RoomBackground:
        self.session.add(background)
        await self.session.flush()
        return background

    async def of_room(self, room_id: int, background_id: int) -> RoomBackground | None:
        row = await self.session.get(RoomBackground, background_id)
        return row if row is not None and row.room_id == room_id else None

    async def get(self, background_id: int) -> RoomBackground | None:
        return await self.session.get(RoomBackground, background_id)

    async def preset(self, room_id: int, preset: str) -> RoomBackground | None:
        return await self.session.scalar(
            select(RoomBackground).where(
                RoomBackground.room_id == room_id, RoomBackground.preset == preset
            )
        )

    async def by_client(self, room_id: int, user_id: int, client_id: str) -> RoomBackground | None:
        return await self.session.scalar(
            select(RoomBackground).where(
                RoomBackground.room_id == room_id,
                RoomBackground.created_by == user_id,
                RoomBackground.client_id == client_id,
            )
        )

    async def by_generation(self, generation_id: int) -> RoomBackground | None:
        return await self.session.scalar(
            select(RoomBackground).where(RoomBackground.generation_id == generation_id)
        )

    async def page(self, room_id: int, before: int | None, limit: int) -> Sequence[RoomBackground]:
        q = select(RoomBackground).where(RoomBackground.room_id == room_id)
        if before is not None:
            q = q.where(RoomBackground.id < before)
        return (await self.session.scalars(q.order_by(RoomBackground.id.desc()).limit(limit))).all()


class SheetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def of_room(self, room_id: int) -> dict[int, RoomSheet]:
        rows = await self.session.scalars(select(RoomSheet).where(RoomSheet.room_id == room_id))
        return {row.user_id: row for row in rows}

    async def get(self, room_id: int, user_id: int) -> RoomSheet | None:
        return await self.session.scalar(
            select(RoomSheet).where(RoomSheet.room_id == room_id, RoomSheet.user_id == user_id)
        )

    async def add(self, sheet: RoomSheet) -> RoomSheet:
        self.session.add(sheet)
        await self.session.flush()
        return sheet


class CommandRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def done(self, room_id: int, user_id: int, client_id: str) -> bool:
        found = await self.session.scalar(
            select(RoomCommand.id).where(
                RoomCommand.room_id == room_id,
                RoomCommand.user_id == user_id,
                RoomCommand.client_id == client_id,
            )
        )
        return found is not None

    async def record(self, room_id: int, user_id: int, client_id: str, command: str) -> None:
        self.session.add(
            RoomCommand(room_id=room_id, user_id=user_id, client_id=client_id, command=command)
        )
        await self.session.flush()


class LifeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, life: LifeFourcut) -> LifeFourcut:
        self.session.add(life)
        await self.session.flush()
        return life

    async def get(self, fourcut_id: int) -> LifeFourcut | None:
        return await self.session.get(LifeFourcut, fourcut_id)

    async def by_client(self, room_id: int, user_id: int, client_id: str) -> LifeFourcut | None:
        return await self.session.scalar(
            select(LifeFourcut).where(
                LifeFourcut.room_id == room_id,
                LifeFourcut.requested_by == user_id,
                LifeFourcut.client_id == client_id,
            )
        )

    async def save_memory(self, user_id: int, fourcut_id: int) -> None:
        self.session.add(Memory(user_id=user_id, fourcut_id=fourcut_id))
        await self.session.flush()

    async def memories(
        self, user_id: int, before: int | None, limit: int
    ) -> Sequence[tuple[Fourcut, LifeFourcut]]:
        """A person's memories (ready life four-cuts they are pictured in), newest first."""
        q = (
            select(Fourcut, LifeFourcut)
            .join(Memory, Memory.fourcut_id == Fourcut.id)
            .join(LifeFourcut, LifeFourcut.fourcut_id == Fourcut.id)
            .where(Memory.user_id == user_id, Fourcut.status == FourcutStatus.READY)
        )
        if before is not None:
            q = q.where(Fourcut.id < before)
        rows = await self.session.execute(q.order_by(Fourcut.id.desc()).limit(limit))
        return [(f, life) for f, life in rows.all()]
