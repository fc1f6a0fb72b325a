"""What the pipeline asks of the domain that owns a purpose. The owner registers one handler per
purpose at start-up; the pipeline calls it and imports no consumer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.models.pipeline import Generation, GenerationStatus, Purpose
from mygemini.render.base import RenderRequest, RenderResult

# The request to render for a job (its recipe and seed, in the renderer's terms).
BuildRequest = Callable[[Generation], RenderRequest]
# Store what the renderer made; the keys written, in the handler's own order. Runs outside any
# transaction; the pipeline deletes these keys when the job was taken away meanwhile.
Store = Callable[[AppContext, Generation, RenderRequest, RenderResult], Awaitable[tuple[str, ...]]]


@dataclass(frozen=True)
class Recorded:
    """What the job's row points at once it succeeded: the gemini it made, or its one file."""

    gemini_id: int | None = None
    result_key: str | None = None


# Inside the transaction that marks the job succeeded, BEFORE its row is: write what the row
# points at and say what to record (`keys` from Store). The guarded update that marks the job
# succeeded records it in the same statement; if the job was taken away meanwhile, the whole
# transaction rolls back with what this wrote. As it runs before the job's row is locked, it
# must only add rows of its own (no lock another transaction could hold while it waits for
# the job's row); anything that updates shared rows belongs in `succeeded`.
Record = Callable[
    [UnitOfWork, AppContext, Generation, tuple[str, ...], RenderResult], Awaitable[Recorded]
]
# Inside the transaction that marks the job succeeded, after its row is (`keys` from Store;
# the job given as it is now, what `record` returned included).
Succeeded = Callable[
    [UnitOfWork, AppContext, Generation, tuple[str, ...], RenderResult], Awaitable[None]
]
# Inside the transaction that ends the job failed or cancelled, after its refund.
Ended = Callable[
    [UnitOfWork, AppContext, Generation, GenerationStatus, str | None], Awaitable[None]
]

# Inside the transaction that records a running job's progress (claimed, or a heartbeat that
# saw it move), for a purpose whose progress more people than the owner watch.
Progressed = Callable[[UnitOfWork, AppContext, Generation], Awaitable[None]]


@dataclass(frozen=True)
class PurposeHandler:
    build_request: BuildRequest
    store: Store
    succeeded: Succeeded
    failed: Ended
    cancelled: Ended
    progressed: Progressed | None = None
    record: Record | None = None


async def record_first_key(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    keys: tuple[str, ...],
    result: RenderResult,
) -> Recorded:
    """`record` for a purpose whose job stores one file and records its key."""
    return Recorded(result_key=keys[0])


class UnknownPurpose(LookupError):
    pass


_handlers: dict[Purpose, PurposeHandler] = {}


def register_purpose(purpose: Purpose, handler: PurposeHandler) -> None:
    """Register (or replace: every app built in one process registers the same) a handler."""
    _handlers[purpose] = handler


def handler_for(purpose: str) -> PurposeHandler:
    try:
        return _handlers[Purpose(purpose)]
    except (KeyError, ValueError) as exc:
        raise UnknownPurpose(f"no handler is registered for purpose {purpose!r}") from exc
