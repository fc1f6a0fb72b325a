"""The name of the render job and the one way to queue it (after commit)."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork

RENDER_JOB = "studio.render_generation"


def enqueue_render(uow: UnitOfWork, ctx: AppContext, generation_id: int) -> None:
    ctx.jobs.enqueue_after_commit(uow, RENDER_JOB, generation_id)
