"""Life four-cuts (인생네컷): up to four members of a table, each pictured as the character they
chose (never someone else's gemini as padding), in a pose set's four poses, over the room's
scene. Each member's cut-out in each frame is one job of the pipeline (purpose
`lifecut_frame`, free, ref "<four-cut id>/<frame>/<slot>"); the gallery's one composer stands
the cut-outs of a frame together over the scene (`frames` below) and lays the four frames out
as a 2×2 grid and a 1×4 strip with the room's title and the date. The strip is shown to the
room and kept in the memories of everyone pictured, with a notification."""

from __future__ import annotations

import asyncio
import io
from dataclasses import replace
from zoneinfo import ZoneInfo

from PIL import Image

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.realtime import SocketCall
from mygemini.gallery.fourcuts import StripKind
from mygemini.gallery.repository import FourcutRepository
from mygemini.models import (
    Fourcut,
    FourcutStatus,
    Gemini,
    Generation,
    LifeFourcut,
    Purpose,
    RoomBackground,
)
from mygemini.notifications import MemorySaved, notify
from mygemini.pipeline import submit
from mygemini.pipeline.repository import GenerationRepository
from mygemini.render.base import POSE_SETS, Pose, RenderRequest
from mygemini.render.group import GROUP_SIZE, backdrop, group_shot
from mygemini.studio.prompt import stored_request
from mygemini.tabletop import errors, presets
from mygemini.tabletop.play import present
from mygemini.tabletop.repository import RoomRepository
from mygemini.tabletop.stage import stage_turn, tell_room
from mygemini.tabletop.stage_messages import (
    FourcutRequestIn,
    FourcutStarted,
    LifecutProgress,
    LifecutReady,
)
from mygemini.tabletop.stage_repository import BackgroundRepository, LifeRepository

KIND = "life"
FRAMES = 4
# A frame's cell in the composed sheets (4:3, like GROUP_SIZE).
CELL = (320, 240)


async def request(call: SocketCall, ctx: AppContext, body: FourcutRequestIn) -> FourcutStarted:
    t = await stage_turn(call.uow, ctx, call.user_id, body, "fourcut.request")
    lives = LifeRepository(call.uow.session)
    if t.repeated:
        done = await lives.by_client(t.room.id, call.user_id, body.client_id)
        if done is None:
            raise errors.ClientIdUsed()
        return FourcutStarted(fourcut_id=done.fourcut_id)
    # Free, but up to 16 renders each: one four-cut on its way per person at a time.
    if await GenerationRepository(call.uow.session).count_unfinished(
        call.user_id, Purpose.LIFECUT_FRAME
    ):
        raise errors.TooManyFourcuts()
    # Who stands in the picture, each as their own chosen character, read now: leaving the
    # room (or choosing another character) later changes nothing in this picture.
    pictured: list[tuple[int, str, Gemini]] = []
    for nickname in body.members:
        member, user = await present(call.uow, t.room, nickname)  # MemberNotFound
        if any(uid == member.user_id for uid, _, _ in pictured):
            raise errors.DuplicateMembers()
        gemini = await call.uow.session.get(Gemini, member.gemini_id or 0)
        if gemini is None:
            raise errors.NoCharacter(f"{user.nickname} has not chosen a character.")
        pictured.append((member.user_id, user.nickname, gemini))
    scene = await _scene_of(call.uow, t.room.background_id, t.room.id)
    fourcut = await FourcutRepository(call.uow.session).add(
        Fourcut(
            kind=KIND,
            gemini_id=None,
            owner_id=call.user_id,
            cost=0,
            caption=_caption(ctx, t.room.title),
            reason={"room_id": t.room.id, "members": len(pictured)},
            status=FourcutStatus.PENDING,
        )
    )
    await lives.add(
        LifeFourcut(
            fourcut_id=fourcut.id,
            room_id=t.room.id,
            requested_by=call.user_id,
            client_id=body.client_id,
            pose_set=body.pose_set,
            background_key=scene.image_key if scene and scene.kind == "generated" else None,
            background_preset=scene.preset if scene and scene.kind == "preset" else None,
            members=[
                {"user_id": uid, "nickname": nick, "gemini_id": g.id, "name": g.name}
                for uid, nick, g in pictured
            ],
        )
    )
    for frame, pose in enumerate(POSE_SETS[body.pose_set]):
        for slot, (_, _, gemini) in enumerate(pictured):
            await submit(
                call.uow,
                ctx,
                owner=call.user_id,
                recipe={"gemini": gemini.recipe, "pose": pose.value},
                seed=gemini.seed,
                cost=0,
                purpose=Purpose.LIFECUT_FRAME,
                ref=f"{fourcut.id}/{frame}/{slot}",
            )
    await tell_room(
        call.uow,
        ctx,
        t.room.id,
        LifecutProgress(
            room_id=t.room.id,
            fourcut_id=fourcut.id,
            done=0,
            total=FRAMES * len(pictured),
            status="pending",
        ),
    )
    return FourcutStarted(fourcut_id=fourcut.id)


def _caption(ctx: AppContext, title: str) -> str:
    day = ctx.clock().astimezone(ZoneInfo(ctx.settings.ranking_tz))
    return f"{title} · {day:%Y.%m.%d}"[:80]


async def _scene_of(
    uow: UnitOfWork, background_id: int | None, room_id: int
) -> RoomBackground | None:
    if background_id is None:
        return None
    return await BackgroundRepository(uow.session).of_room(room_id, background_id)


# --- the jobs: one member's cut-out in one pose ------------------------------------------------


def frame_request(generation: Generation) -> RenderRequest:
    """The member's own recipe and seed (so it is their character), in the frame's pose, cut
    out to stand over the scene."""
    base = stored_request(generation.recipe["gemini"], generation.seed)
    return replace(base, pose=Pose(generation.recipe["pose"]), cutout=True)


# --- the kind of four-cut, for the gallery's composer ----------------------------------------


def _refs(fourcut: Fourcut) -> list[str]:
    members = int(fourcut.reason.get("members", 0))
    return [f"{fourcut.id}/{f}/{s}" for f in range(FRAMES) for s in range(members)]


async def _background(ctx: AppContext, key: str | None, preset: str | None) -> Image.Image:
    if key:
        data = await ctx.storage.get(key)
        if data is not None:
            return Image.open(io.BytesIO(data))
    if preset:
        return await presets.picture(preset)
    return backdrop()


async def _frames(ctx: AppContext, fourcut_id: int, images: list[Image.Image]) -> list[Image.Image]:
    async with ctx.db.read_only() as uow:
        life = await LifeRepository(uow.session).get(fourcut_id)
        if life is None:
            raise RuntimeError(f"life four-cut {fourcut_id} has no details")
        members, key, preset = len(life.members), life.background_key, life.background_preset
    scene = await _background(ctx, key, preset)

    def compose() -> list[Image.Image]:
        return [
            group_shot(scene, images[f * members : (f + 1) * members], GROUP_SIZE)
            for f in range(FRAMES)
        ]

    return await asyncio.to_thread(compose)


async def _progressed(
    uow: UnitOfWork, ctx: AppContext, fourcut: Fourcut, done: int, total: int
) -> None:
    life = await LifeRepository(uow.session).get(fourcut.id)
    if life is None:
        return
    status = "composing" if fourcut.status == FourcutStatus.COMPOSING else "pending"
    await tell_room(
        uow,
        ctx,
        life.room_id,
        LifecutProgress(
            room_id=life.room_id, fourcut_id=fourcut.id, done=done, total=total, status=status
        ),
    )


async def _ready(uow: UnitOfWork, ctx: AppContext, fourcut: Fourcut) -> None:
    """Into the memories of everyone pictured (present or not), each told; the room sees it."""
    lives = LifeRepository(uow.session)
    life = await lives.get(fourcut.id)
    if life is None:
        return
    room = await RoomRepository(uow.session).get(life.room_id)
    title = room.title if room else ""
    for member in life.members:
        await lives.save_memory(int(member["user_id"]), fourcut.id)
        await notify(
            uow,
            ctx.realtime,
            int(member["user_id"]),
            MemorySaved(memory_id=fourcut.id, room_id=life.room_id, room_title=title),
        )
    if fourcut.grid_key and fourcut.strip_key:
        await tell_room(
            uow,
            ctx,
            life.room_id,
            LifecutReady(
                room_id=life.room_id,
                fourcut_id=fourcut.id,
                image_url=ctx.storage.url(fourcut.grid_key),
                strip_url=ctx.storage.url(fourcut.strip_key),
            ),
        )


async def _failed(uow: UnitOfWork, ctx: AppContext, fourcut: Fourcut) -> None:
    life = await LifeRepository(uow.session).get(fourcut.id)
    if life is None:
        return
    total = len(_refs(fourcut))
    await tell_room(
        uow,
        ctx,
        life.room_id,
        LifecutProgress(
            room_id=life.room_id, fourcut_id=fourcut.id, done=0, total=total, status="failed"
        ),
    )


LIFE = StripKind(
    purpose=Purpose.LIFECUT_FRAME,
    refs=_refs,
    frames=_frames,
    ready=_ready,
    failed=_failed,
    progressed=_progressed,
    cell=CELL,
)
