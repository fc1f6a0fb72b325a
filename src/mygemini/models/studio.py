"""Generation jobs (the job row is the truth) and the geminis they produce."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from mygemini.models.base import Base, CreatedAt, utcnow

UNFINISHED = ("queued", "running")


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


class Generation(CreatedAt, Base):
    __tablename__ = "generations"
    __table_args__ = (
        Index("ix_generations_status_id", "status", "id"),
        Index("ix_generations_user_page", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # portrait (a new gemini) | fourcut_frame (one frame of a four-cut strip)
    kind: Mapped[str] = mapped_column(String(16), default="portrait", server_default="portrait")
    fourcut_id: Mapped[int | None] = mapped_column(ForeignKey("fourcuts.id", ondelete="CASCADE"))
    frame: Mapped[int | None]
    recipe: Mapped[dict[str, Any]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(BigInteger)
    # queued | running | succeeded | failed | cancelled
    status: Mapped[str] = mapped_column(String(16), default="queued", server_default="queued")
    progress: Mapped[float] = mapped_column(default=0.0, server_default="0")
    cost: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    cancel_requested: Mapped[bool] = mapped_column(default=False, server_default="0")
    gemini_id: Mapped[int | None] = mapped_column(ForeignKey("geminis.id", ondelete="SET NULL"))
    renderer: Mapped[str | None] = mapped_column(String(32))
    # A four-cut frame's stored image (portraits become geminis instead).
    result_key: Mapped[str | None] = mapped_column(String(255))
    worker: Mapped[str | None] = mapped_column(String(64))
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the broker last accepted this job's message, and in which of the broker's lives
    # (`JobQueue.epoch`); None while it has not (yet). A queued job unsent, or sent to a broker
    # that has since restarted (and may have lost it), is sent again.
    sent_at: Mapped[datetime | None]
    sent_epoch: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
