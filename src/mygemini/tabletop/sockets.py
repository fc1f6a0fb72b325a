"""The `/tabletop` namespace: each client event goes through the typed realtime layer
(authenticated connection, validated payload, one unit of work, error ack, emits after commit)
behind a per-person command rate."""

from __future__ import annotations

from mygemini.core.context import AppContext
from mygemini.core.ratelimit import spend
from mygemini.core.realtime import SocketCall
from mygemini.tabletop import play, stage_sockets
from mygemini.tabletop.messages import (
    NAMESPACE,
    ChatIn,
    DiceIn,
    Done,
    Entered,
    EnterIn,
    LeaveIn,
    MemberIn,
    PickIn,
    VoteCastIn,
    VoteCloseIn,
    VoteStartIn,
    WhisperIn,
)
from mygemini.tabletop.presence import TablePresence


def register(ctx: AppContext) -> None:
    realtime = ctx.realtime
    realtime.namespace(NAMESPACE)

    async def rate(user_id: int) -> None:
        await spend(ctx.command_rate, f"tabletop:{user_id}", "table commands")

    realtime.guard(NAMESPACE, rate)
    presence = TablePresence(ctx)
    realtime.on_departure(NAMESPACE, presence.disconnected)

    @realtime.on(NAMESPACE, "room.enter", EnterIn, reply=Entered)
    async def enter(call: SocketCall, body: EnterIn) -> Entered:
        return await play.enter(call, ctx, presence, body)

    @realtime.on(NAMESPACE, "room.leave", LeaveIn)
    async def leave(call: SocketCall, body: LeaveIn) -> None:
        await play.leave(call, ctx, presence, body.room_id)

    @realtime.on(NAMESPACE, "chat.send", ChatIn, reply=Done)
    async def chat(call: SocketCall, body: ChatIn) -> Done:
        return await play.chat(call, ctx, body)

    @realtime.on(NAMESPACE, "chat.whisper", WhisperIn, reply=Done)
    async def whisper(call: SocketCall, body: WhisperIn) -> Done:
        return await play.whisper(call, ctx, body)

    @realtime.on(NAMESPACE, "dice.roll", DiceIn, reply=Done)
    async def roll(call: SocketCall, body: DiceIn) -> Done:
        return await play.roll(call, ctx, body)

    @realtime.on(NAMESPACE, "vote.start", VoteStartIn, reply=Done)
    async def vote_start(call: SocketCall, body: VoteStartIn) -> Done:
        return await play.vote_start(call, ctx, body)

    @realtime.on(NAMESPACE, "vote.cast", VoteCastIn, reply=Done)
    async def vote_cast(call: SocketCall, body: VoteCastIn) -> Done:
        return await play.vote_cast(call, ctx, body)

    @realtime.on(NAMESPACE, "vote.close", VoteCloseIn, reply=Done)
    async def vote_close(call: SocketCall, body: VoteCloseIn) -> Done:
        return await play.vote_close(call, ctx, body)

    @realtime.on(NAMESPACE, "pick.random", PickIn, reply=Done)
    async def pick(call: SocketCall, body: PickIn) -> Done:
        return await play.pick(call, ctx, body)

    @realtime.on(NAMESPACE, "member.kick", MemberIn, reply=Done)
    async def kick(call: SocketCall, body: MemberIn) -> Done:
        return await play.kick(call, ctx, body)

    @realtime.on(NAMESPACE, "gm.transfer", MemberIn, reply=Done)
    async def transfer(call: SocketCall, body: MemberIn) -> Done:
        return await play.transfer(call, ctx, body)

    stage_sockets.register(ctx)
