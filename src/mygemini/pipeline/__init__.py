"""The generation pipeline: jobs that turn a recipe into a picture for some purpose.

It claims, beats, cancels, sweeps, refunds exactly once and drops the files of a job taken
away; what a picture is for, how it is stored and what happens when its job ends belong to the
domain that registered the purpose's handler (`register_purpose`). It imports no consumer
(docs/adr/0007-generation-pipeline.md).
"""

from __future__ import annotations

from mygemini.core.context import AppContext, Periodic
from mygemini.pipeline import worker
from mygemini.pipeline.purposes import (
    PurposeHandler,
    Recorded,
    record_first_key,
    register_purpose,
)
from mygemini.pipeline.service import cancel, discard, emit_finished, submit
from mygemini.pipeline.sweeper import sweep

__all__ = [
    "PurposeHandler",
    "Recorded",
    "cancel",
    "discard",
    "emit_finished",
    "record_first_key",
    "register",
    "register_purpose",
    "submit",
]


def register(ctx: AppContext) -> None:
    """The render job and the sweeper."""
    worker.register(ctx)

    async def sweep_jobs() -> None:
        await sweep(ctx)

    ctx.periodic.append(Periodic("pipeline.sweep", sweep_jobs))
