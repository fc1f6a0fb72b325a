"""What the pipeline pushes to a person's sockets while their generation jobs run."""

from __future__ import annotations

from typing import Literal

from mygemini.core.realtime import ServerEvent
from mygemini.models.pipeline import GenerationStatus


class GenerationProgress(ServerEvent):
    """A queued or running generation moved: its progress (0..1) and place in the queue."""

    event = "generation.progress"

    id: int
    progress: float
    position: int


class GenerationFinished(ServerEvent):
    """A generation ended; `gemini_id` is the picture it made when it succeeded.

    `notification_id` is the inbox notification that tells of it (none for a cancel): a client
    that shows the result to the person marks that one read (`POST /api/notifications/read`), so
    a summon watched to its end does not ring the bell as well."""

    event = "generation.finished"

    id: int
    status: Literal[GenerationStatus.SUCCEEDED, GenerationStatus.FAILED, GenerationStatus.CANCELLED]
    gemini_id: int | None
    notification_id: int | None = None
