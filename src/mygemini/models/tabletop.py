"""Tabletop rooms, their members and their append-only event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mygemini.models.base import Base, CreatedAt, utcnow


class Room(CreatedAt, Base):
    __tablename__ = "rooms"
    # the lobby: open rooms, newest first
    __table_args__ = (Index("ix_rooms_open_page", "closed_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(60))
    concept: Mapped[str] = mapped_column(String(200), default="", server_default="")
    max_players: Mapped[int]
    secret: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # argon2, only for secret rooms; never leaves the server.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    gm_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The seq of the room's latest event: bumped under the room's row lock in the transaction
    # that stores the event, so seqs have no gaps and no duplicates.
    last_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    closed_at: Mapped[datetime | None]
    # The stage (Tabletop II): the current background (a room_backgrounds row; no foreign key,
    # the two tables refer to each other), whether players may change scene and music, the
    # music's state and the turn order, as they are now.
    background_id: Mapped[int | None]
    scene_by_anyone: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    music: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    turns: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class RoomMember(Base):
    """One person's seat in a room. The row stays when they leave (or are kicked): `left_at`
    says they are out, and joining again takes the seat back."""

    __tablename__ = "room_members"
    __table_args__ = (
        UniqueConstraint("room_id", "user_id"),
        Index("ix_room_members_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(8))  # gm | player
    gemini_id: Mapped[int | None] = mapped_column(ForeignKey("geminis.id", ondelete="SET NULL"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]
    kicked: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class RoomEvent(CreatedAt, Base):
    """An event of a room's log, stored before anyone sees it.

    `audience` is who may see it, decided when it was written: NULL for every member, else the
    user ids as ",3,17," (a LIKE filter on every database) — a whisper's sender and recipient, a
    GM roll's roller and GM, a private roll's roller. Live delivery, replay and export all read it.
    """

    __tablename__ = "room_events"
    __table_args__ = (
        UniqueConstraint("room_id", "seq"),
        # a retried command finds what it did the first time
        UniqueConstraint("room_id", "author_id", "client_id"),
        Index("ix_room_events_ref", "room_id", "ref", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(24))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # the author's character when it happened
    character_id: Mapped[int | None] = mapped_column(ForeignKey("geminis.id", ondelete="SET NULL"))
    audience: Mapped[str | None] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    client_id: Mapped[str | None] = mapped_column(String(64))
    # the event this one is about (a ballot's or a closing's vote: the vote's seq)
    ref: Mapped[int | None]
