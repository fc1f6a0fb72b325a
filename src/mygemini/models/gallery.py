"""Geminis (the pictures people own and share), likes, frozen ranking periods and four-cut
strips."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mygemini.models.base import Base, CreatedAt


class Gemini(CreatedAt, Base):
    __tablename__ = "geminis"
    __table_args__ = (
        Index("ix_geminis_owner_page", "owner_id", "id"),
        Index("ix_geminis_visibility_page", "visibility", "id"),
        # feeds: latest published, and popular
        Index("ix_geminis_public_latest", "visibility", "published_at", "id"),
        Index("ix_geminis_public_popular", "visibility", "like_count", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    image_key: Mapped[str] = mapped_column(String(255))
    thumbnail_key: Mapped[str] = mapped_column(String(255))
    # The picture without its recipe metadata, for viewers who are not told the seed.
    view_key: Mapped[str | None] = mapped_column(String(255))
    recipe: Mapped[dict[str, Any]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(BigInteger)
    backend: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(128))
    width: Mapped[int]
    height: Mapped[int]
    visibility: Mapped[str] = mapped_column(String(8), default="private", server_default="private")
    name: Mapped[str] = mapped_column(String(20), default="", server_default="")
    description: Mapped[str] = mapped_column(String(255), default="", server_default="")
    like_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Highest like milestone (1, 10, 100, ...) the owner was told about: storms never repeat one.
    like_milestone: Mapped[int] = mapped_column(default=0, server_default="0")
    share_seed: Mapped[bool] = mapped_column(default=False, server_default="0")
    published_at: Mapped[datetime | None]


class Like(CreatedAt, Base):
    __tablename__ = "likes"
    __table_args__ = (
        UniqueConstraint("user_id", "gemini_id"),
        # ranking windows scan likes by time; like lists by gemini
        Index("ix_likes_created_gemini", "created_at", "gemini_id"),
        Index("ix_likes_gemini", "gemini_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    gemini_id: Mapped[int] = mapped_column(ForeignKey("geminis.id", ondelete="CASCADE"))


class GeminiAttribute(Base):
    """One option of a gemini's recipe, one row per category: the feed's filter by look reads
    this index instead of every recipe's JSON. Written with the gemini (a recipe never changes)."""

    __tablename__ = "gemini_attributes"
    __table_args__ = (
        # "every gemini with hair_color=pink": the lookup is one index range per attribute
        Index("ix_gemini_attributes_lookup", "category", "option", "gemini_id"),
    )

    gemini_id: Mapped[int] = mapped_column(
        ForeignKey("geminis.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    option: Mapped[str] = mapped_column(String(40))


class Save(CreatedAt, Base):
    """A gemini someone bookmarked into their "saved" list."""

    __tablename__ = "saves"
    __table_args__ = (
        # the saved feed: my saves, newest first
        Index("ix_saves_user_page", "user_id", "created_at", "gemini_id"),
        Index("ix_saves_gemini", "gemini_id"),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    gemini_id: Mapped[int] = mapped_column(
        ForeignKey("geminis.id", ondelete="CASCADE"), primary_key=True
    )


class RankingSnapshot(CreatedAt, Base):
    """A closed period's TOP 5, frozen when the window closed."""

    __tablename__ = "ranking_snapshots"
    __table_args__ = (UniqueConstraint("period", "window_start", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(8))  # daily | weekly
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    position: Mapped[int]
    gemini_id: Mapped[int | None] = mapped_column(ForeignKey("geminis.id", ondelete="SET NULL"))
    score: Mapped[int]


class FourcutStatus(StrEnum):
    """pending (frames rendering) → composing → ready | failed; pending → failed when a frame
    ends without a picture; composing → failed when the composer fails or dies."""

    PENDING = "pending"
    COMPOSING = "composing"
    READY = "ready"
    FAILED = "failed"


# Not ended yet: what it cost comes back if its gemini is deleted.
FOURCUT_UNFINISHED = (FourcutStatus.PENDING, FourcutStatus.COMPOSING)


class Fourcut(CreatedAt, Base):
    """Four frames composed into one strip: an expression four-cut of one gemini (or, later, a
    life four-cut of a table party)."""

    __tablename__ = "fourcuts"
    __table_args__ = (Index("ix_fourcuts_gemini", "gemini_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # expression | life
    gemini_id: Mapped[int | None] = mapped_column(ForeignKey("geminis.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[FourcutStatus] = mapped_column(
        String(16), default=FourcutStatus.PENDING, server_default=FourcutStatus.PENDING.value
    )
    # why it was made: {"ranking": "daily", "window_start": ...} or {"ordered": true}
    reason: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    caption: Mapped[str] = mapped_column(String(80), default="", server_default="")
    frame_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    grid_key: Mapped[str | None] = mapped_column(String(255))
    strip_key: Mapped[str | None] = mapped_column(String(255))
    cost: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(String(255))
    finished_at: Mapped[datetime | None]
