"""The stage of a tabletop room (Tabletop II): its backgrounds, character sheets, the commands
already done (by client_id), and life four-cuts with the memories of those pictured."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mygemini.models.base import Base, CreatedAt, utcnow


class RoomBackground(CreatedAt, Base):
    """A background a room used (a preset, one row per preset) or had drawn from a description
    (its generation job's status is mirrored here, so the history reads one table)."""

    __tablename__ = "room_backgrounds"
    __table_args__ = (
        UniqueConstraint("room_id", "preset"),
        UniqueConstraint("room_id", "created_by", "client_id"),
        Index("ix_room_backgrounds_generation", "generation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # preset | generated
    preset: Mapped[str | None] = mapped_column(String(24))
    description: Mapped[str | None] = mapped_column(String(200))
    # generating | ready | failed | cancelled (a preset is ready at once)
    status: Mapped[str] = mapped_column(String(16))
    # private: the room's members get signed URLs (a preset has none: it is drawn on request)
    image_key: Mapped[str | None] = mapped_column(String(255))
    generation_id: Mapped[int | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    client_id: Mapped[str | None] = mapped_column(String(64))


class RoomSheet(Base):
    """A member's character sheet in one room; stays when they leave, like their seat."""

    __tablename__ = "room_sheets"
    __table_args__ = (UniqueConstraint("room_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))
    hp: Mapped[int]
    hp_max: Mapped[int]
    stats: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")


class RoomCommand(CreatedAt, Base):
    """A stage command one person already ran in a room, by its client_id: the same id again
    changes nothing (the stage's state is not an event of the log)."""

    __tablename__ = "room_commands"
    __table_args__ = (UniqueConstraint("room_id", "user_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    command: Mapped[str] = mapped_column(String(24))


class LifeFourcut(Base):
    """What a life four-cut (a gallery `fourcuts` row of kind "life") is of: the room, the pose
    set, the scene behind it and the members pictured as the characters they had then."""

    __tablename__ = "life_fourcuts"
    __table_args__ = (
        UniqueConstraint("room_id", "requested_by", "client_id"),
        Index("ix_life_fourcuts_room", "room_id", "fourcut_id"),
    )

    fourcut_id: Mapped[int] = mapped_column(
        ForeignKey("fourcuts.id", ondelete="CASCADE"), primary_key=True
    )
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    client_id: Mapped[str | None] = mapped_column(String(64))
    pose_set: Mapped[str] = mapped_column(String(16))
    # a copy of the scene at the time (None: the default backdrop), so a later change of scene
    # or a deleted background does not change the picture being made
    background_key: Mapped[str | None] = mapped_column(String(255))
    background_preset: Mapped[str | None] = mapped_column(String(24))
    # [{"user_id", "nickname", "gemini_id", "name"}] in the order they stand
    members: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Memory(Base):
    """A life four-cut in the memories of one person pictured in it."""

    __tablename__ = "memories"
    __table_args__ = (
        UniqueConstraint("user_id", "fourcut_id"),
        Index("ix_memories_fourcut", "fourcut_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    fourcut_id: Mapped[int] = mapped_column(ForeignKey("fourcuts.id", ondelete="CASCADE"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
