"""Scenes: the room's background — a built-in preset, one the room used before, or a new one
drawn from a short description through the generation pipeline (purpose `background`, free,
960×540, no people). Stored: the room's current background and its history, so a late joiner
sees the scene at once; when a drawn one is ready, everyone's stage changes."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, split_page
from mygemini.core.realtime import SocketCall
from mygemini.core.storage import new_key
from mygemini.models import (
    Generation,
    GenerationStatus,
    Purpose,
    Room,
    RoomBackground,
    User,
)
from mygemini.pipeline import PurposeHandler, record_first_key, submit
from mygemini.pipeline import cancel as cancel_job
from mygemini.pipeline.repository import GenerationRepository
from mygemini.render.base import MAX_SEED, SCENE_SIZE, RenderRequest, RenderResult, Subject
from mygemini.render.png import plain_png
from mygemini.studio.prompt import find_blocked_word
from mygemini.tabletop import errors, presets
from mygemini.tabletop.repository import RoomRepository
from mygemini.tabletop.service import member_of
from mygemini.tabletop.stage import may_set_stage, must_be_gm, stage_turn, tell_room
from mygemini.tabletop.stage_messages import (
    JobStarted,
    PresetBackground,
    SceneAllowIn,
    SceneCancelIn,
    SceneChanged,
    SceneDone,
    SceneGenerateIn,
    SceneGenerating,
    SceneSetIn,
    StageRules,
    StageRulesChanged,
)
from mygemini.tabletop.stage_repository import BackgroundRepository
from mygemini.tabletop.stage_schemas import BackgroundOut, BackgroundPage

PRESET, GENERATED = "preset", "generated"
GENERATING, READY, FAILED, CANCELLED = "generating", "ready", "failed", "cancelled"
# Backgrounds one person may have on their way at once (they are free: this is the only bound).
MAX_DRAWING = 2


# --- views -----------------------------------------------------------------------------------


async def views(
    uow: UnitOfWork, ctx: AppContext, rows: Sequence[RoomBackground]
) -> list[BackgroundOut]:
    users = await RoomRepository(uow.session).users(
        {r.created_by for r in rows if r.created_by is not None}
    )
    out = []
    for r in rows:
        if r.kind == PRESET and r.preset:
            url: str | None = presets.image_url(r.preset)
        else:
            # A drawn background is the room's: a signed, expiring address (ADR 0006).
            url = ctx.storage.url(r.image_key) if r.image_key and r.status == READY else None
        by = users.get(r.created_by or 0)
        out.append(
            BackgroundOut.model_validate(
                {
                    "id": r.id,
                    "kind": r.kind,
                    "preset": r.preset,
                    "description": r.description,
                    "status": r.status,
                    "image_url": url,
                    "by": by.nickname if by else None,
                    "created_at": r.created_at,
                }
            )
        )
    return out


async def current(uow: UnitOfWork, ctx: AppContext, room: Room) -> BackgroundOut | None:
    if room.background_id is None:
        return None
    row = await BackgroundRepository(uow.session).of_room(room.id, room.background_id)
    if row is None:
        return None
    (view,) = await views(uow, ctx, [row])
    return view


async def history(
    uow: UnitOfWork, ctx: AppContext, user: User, room_id: int, cursor: str | None, limit: int
) -> BackgroundPage:
    room = await RoomRepository(uow.session).get(room_id)
    if room is None:
        raise errors.RoomNotFound()
    await member_of(uow, room, user.id)
    rows = await BackgroundRepository(uow.session).page(room.id, decode_cursor(cursor), limit + 1)
    page, next_cursor = split_page(rows, limit, lambda r: r.id)
    return BackgroundPage(
        current=await current(uow, ctx, room),
        items=await views(uow, ctx, page),
        next_cursor=next_cursor,
    )


async def _show(uow: UnitOfWork, ctx: AppContext, room: Room, row: RoomBackground) -> BackgroundOut:
    """Make `row` the room's scene and tell everyone present."""
    room.background_id = row.id
    await uow.session.flush()
    (view,) = await views(uow, ctx, [row])
    await tell_room(uow, ctx, room.id, SceneChanged(room_id=room.id, scene=view))
    return view


# --- commands --------------------------------------------------------------------------------


async def set_scene(call: SocketCall, ctx: AppContext, body: SceneSetIn) -> SceneDone:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "scene.set")
    if t.repeated:
        return SceneDone(scene=await current(call.uow, ctx, t.room))
    may_set_stage(t)
    repo = BackgroundRepository(call.uow.session)
    choice = body.background
    if isinstance(choice, PresetBackground):
        row = await repo.preset(t.room.id, choice.id)
        if row is None:
            row = await repo.add(
                RoomBackground(
                    room_id=t.room.id,
                    kind=PRESET,
                    preset=choice.id,
                    status=READY,
                    created_by=call.user_id,
                )
            )
    else:
        found = await repo.of_room(t.room.id, choice.id)
        if found is None or (choice.kind == GENERATED and found.kind != GENERATED):
            raise errors.BackgroundNotFound()
        if found.status != READY:
            raise errors.BackgroundNotReady()
        row = found
    return SceneDone(scene=await _show(call.uow, ctx, t.room, row))


async def generate(call: SocketCall, ctx: AppContext, body: SceneGenerateIn) -> JobStarted:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "scene.generate")
    repo = BackgroundRepository(call.uow.session)
    if t.repeated:
        done = await repo.by_client(t.room.id, call.user_id, body.client_id)
        if done is None or done.generation_id is None:
            raise errors.ClientIdUsed()
        return JobStarted(job_id=done.generation_id)
    may_set_stage(t)
    drawing = await GenerationRepository(call.uow.session).count_unfinished(
        call.user_id, Purpose.BACKGROUND
    )
    if drawing >= MAX_DRAWING:
        raise errors.TooManyBackgrounds()
    description = body.description.strip()
    if not description:
        raise errors.BackgroundNotReady("Describe the place in a few words.")
    # The same words the studio refuses in an extra prompt: a scene reaches the same renderer and
    # is shown to the whole table.
    blocked = find_blocked_word(description)
    if blocked is not None:
        raise errors.RejectedDescription(
            f"The description contains a word that is not allowed: {blocked!r}"
        )
    row = await repo.add(
        RoomBackground(
            room_id=t.room.id,
            kind=GENERATED,
            description=description,
            status=GENERATING,
            created_by=call.user_id,
            client_id=body.client_id,
        )
    )
    job = await submit(
        call.uow,
        ctx,
        owner=call.user_id,
        recipe={"description": description, "room_id": t.room.id},
        seed=secrets.randbelow(MAX_SEED + 1),
        cost=0,
        purpose=Purpose.BACKGROUND,
        ref=str(row.id),
    )
    row.generation_id = job.id
    await call.uow.session.flush()
    await _tell_progress(call.uow, ctx, row, job)
    return JobStarted(job_id=job.id)


async def cancel(call: SocketCall, ctx: AppContext, body: SceneCancelIn) -> JobStarted:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "scene.cancel")
    row = await BackgroundRepository(call.uow.session).by_generation(body.job_id)
    if row is None or row.room_id != t.room.id:
        raise errors.JobNotFound()
    if row.created_by != call.user_id and not t.is_gm:
        raise errors.NotYourJob()
    job = await GenerationRepository(call.uow.session).get(body.job_id)
    if not t.repeated and job is not None and row.status == GENERATING:
        await cancel_job(call.uow, ctx, job)
    return JobStarted(job_id=body.job_id)


async def allow(call: SocketCall, ctx: AppContext, body: SceneAllowIn) -> StageRules:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "scene.allow")
    if not t.repeated:
        must_be_gm(t)
        t.room.scene_by_anyone = body.anyone
        await call.uow.session.flush()
        await tell_room(
            call.uow,
            ctx,
            t.room.id,
            StageRulesChanged(room_id=t.room.id, scene_by_anyone=body.anyone),
        )
    return StageRules(scene_by_anyone=t.room.scene_by_anyone)


# --- the `background` purpose's handler -------------------------------------------------------


async def _tell_progress(
    uow: UnitOfWork,
    ctx: AppContext,
    row: RoomBackground,
    job: Generation,
    status: GenerationStatus | None = None,
) -> None:
    status = status or job.status
    await tell_room(
        uow,
        ctx,
        row.room_id,
        SceneGenerating.model_validate(
            {
                "room_id": row.room_id,
                "job_id": job.id,
                "background_id": row.id,
                "description": row.description or "",
                "status": str(status),
                "progress": 1.0 if status == GenerationStatus.SUCCEEDED else job.progress,
            }
        ),
    )


def _request(generation: Generation) -> RenderRequest:
    # The person's words as they are; SD backends wrap them in the background prompt and its
    # negative (render/sd_prompt.py), the built-in renderer draws what it recognises.
    return RenderRequest(
        prompt=str(generation.recipe.get("description", "")),
        negative_prompt="",
        seed=generation.seed,
        subject=Subject.SCENE,
        width=SCENE_SIZE[0],
        height=SCENE_SIZE[1],
    )


async def _store(
    ctx: AppContext, generation: Generation, request: RenderRequest, result: RenderResult
) -> tuple[str, ...]:
    key = new_key("backgrounds", "png", public=False)
    png = await asyncio.to_thread(plain_png, result.image.convert("RGB"))
    await ctx.storage.put(key, png, "image/png")
    return (key,)


async def _row(uow: UnitOfWork, generation: Generation) -> RoomBackground | None:
    return await BackgroundRepository(uow.session).by_generation(generation.id)


async def _succeeded(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    keys: tuple[str, ...],
    result: RenderResult,
) -> None:
    row = await _row(uow, generation)
    if row is None:
        return
    row.status, row.image_key = READY, keys[0]
    await uow.session.flush()
    await _tell_progress(uow, ctx, row, generation, GenerationStatus.SUCCEEDED)
    background_id = row.id

    async def show() -> None:
        # Its own transaction, after the job's: a command holding the room's lock may be
        # waiting on this job's row (scene.cancel), so the job's transaction never waits on
        # the room's.
        async with ctx.db.unit_of_work() as later:
            drawn = await BackgroundRepository(later.session).get(background_id)
            if drawn is None or drawn.status != READY:
                return
            room = await RoomRepository(later.session).lock(drawn.room_id)
            if room is not None and room.closed_at is None:
                await _show(later, ctx, room, drawn)

    uow.after_commit(show)


async def _ended(
    uow: UnitOfWork,
    ctx: AppContext,
    generation: Generation,
    status: GenerationStatus,
    error: str | None,
) -> None:
    row = await _row(uow, generation)
    if row is None:
        return
    row.status = CANCELLED if status == GenerationStatus.CANCELLED else FAILED
    await uow.session.flush()
    await _tell_progress(uow, ctx, row, generation, status)


async def _progressed(uow: UnitOfWork, ctx: AppContext, generation: Generation) -> None:
    row = await _row(uow, generation)
    if row is not None:
        await _tell_progress(uow, ctx, row, generation)


HANDLER = PurposeHandler(
    build_request=_request,
    store=_store,
    record=record_first_key,
    succeeded=_succeeded,
    failed=_ended,
    cancelled=_ended,
    progressed=_progressed,
)
