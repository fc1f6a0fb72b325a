"""The stage's `/tabletop` commands (Tabletop II), on the same typed realtime layer, rate and
rules as the rest of the table: scenes, music, sheets, the turn order and life four-cuts."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.realtime import SocketCall
from mygemini.tabletop import lifecuts, music, scenes, sheets, turns
from mygemini.tabletop.messages import NAMESPACE
from mygemini.tabletop.stage_messages import (
    FourcutRequestIn,
    FourcutStarted,
    JobStarted,
    MusicDone,
    MusicSetIn,
    SceneAllowIn,
    SceneCancelIn,
    SceneDone,
    SceneGenerateIn,
    SceneSetIn,
    SheetDone,
    SheetUpdateIn,
    StageRules,
    TurnsDone,
    TurnsNextIn,
    TurnsRollIn,
    TurnsSetIn,
)


def register(ctx: AppContext) -> None:
    realtime = ctx.realtime

    @realtime.on(NAMESPACE, "scene.set", SceneSetIn, reply=SceneDone)
    async def scene_set(call: SocketCall, body: SceneSetIn) -> SceneDone:
        return await scenes.set_scene(call, ctx, body)

    @realtime.on(NAMESPACE, "scene.generate", SceneGenerateIn, reply=JobStarted)
    async def scene_generate(call: SocketCall, body: SceneGenerateIn) -> JobStarted:
        return await scenes.generate(call, ctx, body)

    @realtime.on(NAMESPACE, "scene.cancel", SceneCancelIn, reply=JobStarted)
    async def scene_cancel(call: SocketCall, body: SceneCancelIn) -> JobStarted:
        return await scenes.cancel(call, ctx, body)

    @realtime.on(NAMESPACE, "scene.allow", SceneAllowIn, reply=StageRules)
    async def scene_allow(call: SocketCall, body: SceneAllowIn) -> StageRules:
        return await scenes.allow(call, ctx, body)

    @realtime.on(NAMESPACE, "music.set", MusicSetIn, reply=MusicDone)
    async def music_set(call: SocketCall, body: MusicSetIn) -> MusicDone:
        return await music.set_music(call, ctx, body)

    @realtime.on(NAMESPACE, "sheet.update", SheetUpdateIn, reply=SheetDone)
    async def sheet_update(call: SocketCall, body: SheetUpdateIn) -> SheetDone:
        return await sheets.update(call, ctx, body)

    @realtime.on(NAMESPACE, "turns.set", TurnsSetIn, reply=TurnsDone)
    async def turns_set(call: SocketCall, body: TurnsSetIn) -> TurnsDone:
        return await turns.set_order(call, ctx, body)

    @realtime.on(NAMESPACE, "turns.next", TurnsNextIn, reply=TurnsDone)
    async def turns_next(call: SocketCall, body: TurnsNextIn) -> TurnsDone:
        return await turns.advance(call, ctx, body)

    @realtime.on(NAMESPACE, "turns.roll", TurnsRollIn, reply=TurnsDone)
    async def turns_roll(call: SocketCall, body: TurnsRollIn) -> TurnsDone:
        return await turns.roll(call, ctx, body)

    @realtime.on(NAMESPACE, "fourcut.request", FourcutRequestIn, reply=FourcutStarted)
    async def fourcut_request(call: SocketCall, body: FourcutRequestIn) -> FourcutStarted:
        return await lifecuts.request(call, ctx, body)
