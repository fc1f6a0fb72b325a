"""Generation jobs: the job row is the truth (docs/adr/0007-generation-pipeline.md)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from mygemini.models.base import Base, CreatedAt, utcnow


class GenerationStatus(StrEnum):
    """queued → running → succeeded | failed | cancelled; running → queued when the sweeper
    takes a dead worker's job back; queued → cancelled | failed without ever running."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


UNFINISHED = (GenerationStatus.QUEUED, GenerationStatus.RUNNING)


class Purpose(StrEnum):
    """What a job's picture is for; the domain that registered the purpose's handler decides
    how it is stored and what happens when the job ends."""

    # A new gemini a person ordered in the studio.
    PORTRAIT = "portrait"
    # One frame of a four-cut strip (ref: "<fourcut id>/<frame>").
    FOURCUT_FRAME = "fourcut_frame"
    # A room's background drawn from a description (ref: the room_backgrounds row id).
    BACKGROUND = "background"
    # One member's cut-out in one frame of a life four-cut (ref: "<fourcut id>/<frame>/<slot>").
    LIFECUT_FRAME = "lifecut_frame"


class Generation(CreatedAt, Base):
    __tablename__ = "generations"
    __table_args__ = (
        Index("ix_generations_status_id", "status", "id"),
        Index("ix_generations_user_page", "user_id", "id"),
        Index("ix_generations_purpose_ref", "purpose", "ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[Purpose] = mapped_column(
        String(16), default=Purpose.PORTRAIT, server_default=Purpose.PORTRAIT.value
    )
    # What the job is part of, in the purpose's own terms (None for a portrait).
    ref: Mapped[str | None] = mapped_column(String(64))
    recipe: Mapped[dict[str, Any]] = mapped_column(JSON)
    seed: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[GenerationStatus] = mapped_column(
        String(16), default=GenerationStatus.QUEUED, server_default=GenerationStatus.QUEUED.value
    )
    progress: Mapped[float] = mapped_column(default=0.0, server_default="0")
    cost: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    cancel_requested: Mapped[bool] = mapped_column(default=False, server_default="0")
    gemini_id: Mapped[int | None] = mapped_column(ForeignKey("geminis.id", ondelete="SET NULL"))
    renderer: Mapped[str | None] = mapped_column(String(32))
    # A stored image that is not a gemini of its own (a four-cut frame).
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
