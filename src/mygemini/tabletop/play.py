"""What happens at the table: entering (with the replay of what was missed), chat, whispers,
dice, votes, random picks, kicks and GM hand-overs. Every command re-reads the room, the
person's seat and role under the room's row lock, and a command whose client_id was already
used by this person in this room returns what it stored then and changes nothing."""

from __future__ import annotations

import contextlib
import random
from collections import Counter

from mygemini.accounts.rules import nickname_key
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.realtime import SocketCall
from mygemini.models import Room, RoomEvent, RoomMember, User
from mygemini.tabletop import dice, errors, stage
from mygemini.tabletop.messages import (
    NAMESPACE,
    ChatIn,
    Command,
    DiceIn,
    Done,
    Entered,
    EnterIn,
    MemberIn,
    PickIn,
    VoteCastIn,
    VoteCloseIn,
    VoteStartIn,
    WhisperIn,
)
from mygemini.tabletop.presence import TablePresence, seat_room
from mygemini.tabletop.repository import EventRepository, MemberRepository, RoomRepository
from mygemini.tabletop.service import (
    GM,
    append,
    depart,
    event_views,
    lobby_changed,
    make_gm,
    member_of,
    members_view,
    open_room,
    room_views,
)

REPLAY_WITHOUT_SEQ = 100
# A reconnect replays the gap, but not without bound: a client thousands of events behind (or
# one asking from 0 again and again) gets the newest ones and `truncated`; the transcript has
# the rest.
REPLAY_MAX = 1000
_system = random.SystemRandom()


async def enter(
    call: SocketCall, ctx: AppContext, presence: TablePresence, body: EnterIn
) -> Entered:
    room = await open_room(call.uow, ctx, body.room_id, lock=False)
    await member_of(call.uow, room, call.user_id)  # NotAMember: the socket joins nothing
    # Into the seat before reading the log: an event committed meanwhile is then both live and
    # in the replay (clients drop seqs they have), never in neither.
    seat = seat_room(room.id, call.user_id)
    await ctx.realtime.enter_room(call.sid, seat, NAMESPACE)
    try:
        # Online before the members are read, so this person is online in their own list.
        await presence.entered(room.id, call.user_id, call.sid)
        events = EventRepository(call.uow.session)
        rows = (
            await events.latest(room.id, call.user_id, REPLAY_WITHOUT_SEQ)
            if body.last_seq is None
            else await events.after(room.id, call.user_id, body.last_seq, REPLAY_MAX + 1)
        )
        truncated = len(rows) > REPLAY_MAX
        rows = rows[-REPLAY_MAX:]
        (view,) = await room_views(call.uow, [room])
        now = await stage.snapshot(call.uow, ctx, room, call.user_id)
        return Entered(
            room=view,
            members=await members_view(call.uow, ctx, room),
            seq=room.last_seq,
            events=await event_views(call.uow, ctx, rows),
            truncated=truncated,
            scene=now.scene,
            scene_by_anyone=now.scene_by_anyone,
            music=now.music,
            sheets=now.sheets,
            turns=now.turns,
        )
    except BaseException:
        await ctx.realtime.leave_room(call.sid, seat, NAMESPACE)
        # What failed may be the presence store itself: the first error is the one to tell.
        with contextlib.suppress(Exception):
            await presence.left(room.id, call.user_id, call.sid)
        raise


async def leave(call: SocketCall, ctx: AppContext, presence: TablePresence, room_id: int) -> None:
    """This connection stops hearing the table; the seat is kept (giving it up is REST's
    `POST /api/rooms/{id}/leave`)."""
    await ctx.realtime.leave_room(call.sid, seat_room(room_id, call.user_id), NAMESPACE)
    await presence.left(room_id, call.user_id, call.sid)


class _Turn:
    """One command's view of the table, read under the room's row lock."""

    def __init__(self, room: Room, member: RoomMember, user: User, done: RoomEvent | None):
        self.room, self.member, self.user, self.done = room, member, user, done


async def _turn(uow: UnitOfWork, ctx: AppContext, user_id: int, body: Command) -> _Turn:
    room = await open_room(uow, ctx, body.room_id, lock=True)
    member = await member_of(uow, room, user_id)
    user = await uow.session.get(User, user_id)
    assert user is not None
    done = await EventRepository(uow.session).by_client(room.id, user_id, body.client_id)
    return _Turn(room, member, user, done)


async def _done(uow: UnitOfWork, ctx: AppContext, event: RoomEvent) -> Done:
    (view,) = await event_views(uow, ctx, [event])
    return Done(event=view)


async def present(uow: UnitOfWork, room: Room, nickname: str) -> tuple[RoomMember, User]:
    """The member present in `room` by `nickname` (case-insensitively, like sign-in)."""
    members = await MemberRepository(uow.session).present(room.id)
    users = await RoomRepository(uow.session).users({m.user_id for m in members})
    key = nickname_key(nickname.strip())
    for m in members:
        user = users[m.user_id]
        if user.nickname_key == key:
            return m, user
    raise errors.MemberNotFound()


async def chat(call: SocketCall, ctx: AppContext, body: ChatIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        t.done = await append(
            call.uow,
            ctx,
            t.room,
            "chat",
            t.member,
            {"channel": body.channel, "text": body.text},
            client_id=body.client_id,
        )
    return await _done(call.uow, ctx, t.done)


async def whisper(call: SocketCall, ctx: AppContext, body: WhisperIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        target, user = await present(call.uow, t.room, body.to)
        if target.user_id == call.user_id:
            raise errors.CannotTargetSelf()
        t.done = await append(
            call.uow,
            ctx,
            t.room,
            "whisper",
            t.member,
            {"to": user.nickname, "text": body.text},
            audience=[call.user_id, target.user_id],
            client_id=body.client_id,
        )
    return await _done(call.uow, ctx, t.done)


async def roll(call: SocketCall, ctx: AppContext, body: DiceIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        try:
            result = dice.roll(body.expr)
        except dice.RollRefused as exc:
            raise errors.InvalidDice(str(exc)) from exc
        audience: list[int] | None = None
        if body.visibility == "self":
            audience = [call.user_id]
        elif body.visibility == "gm":
            audience = [call.user_id] + ([t.room.gm_id] if t.room.gm_id else [])
        t.done = await append(
            call.uow,
            ctx,
            t.room,
            "dice",
            t.member,
            {
                "expr": result.expr,
                "total": result.total,
                "detail": result.detail,
                "dice": [{"sides": d.sides, "face": d.face, "kept": d.kept} for d in result.dice],
                "visibility": body.visibility,
            },
            audience=audience,
            client_id=body.client_id,
        )
    return await _done(call.uow, ctx, t.done)


async def vote_start(call: SocketCall, ctx: AppContext, body: VoteStartIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        options = [o.strip() for o in body.options]
        if len(set(options)) != len(options) or not all(options):
            raise errors.NotAnOption("The options must be different and not blank.")
        # The vote's id is the seq of the event that started it.
        t.done = await append(
            call.uow,
            ctx,
            t.room,
            "vote.started",
            t.member,
            lambda seq: {"vote_id": seq, "question": body.question.strip(), "options": options},
            client_id=body.client_id,
        )
    return await _done(call.uow, ctx, t.done)


async def _open_vote(uow: UnitOfWork, room: Room, vote_id: int) -> RoomEvent:
    events = EventRepository(uow.session)
    vote = await events.at(room.id, vote_id)
    if vote is None or vote.kind != "vote.started":
        raise errors.VoteNotFound()
    if await events.referring(room.id, vote_id, "vote.closed"):
        raise errors.VoteClosed()
    return vote


async def vote_cast(call: SocketCall, ctx: AppContext, body: VoteCastIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        vote = await _open_vote(call.uow, t.room, body.vote_id)
        options: list[str] = vote.payload["options"]
        option = body.option
        if isinstance(option, int):
            option = options[option] if option < len(options) else ""
        if option not in options:
            raise errors.NotAnOption()
        # A ballot is seen by its voter alone; the latest ballot of each member counts.
        t.done = await append(
            call.uow,
            ctx,
            t.room,
            "vote.cast",
            t.member,
            {"vote_id": vote.seq, "option": option},
            audience=[call.user_id],
            client_id=body.client_id,
            ref=vote.seq,
        )
    return await _done(call.uow, ctx, t.done)


async def vote_close(call: SocketCall, ctx: AppContext, body: VoteCloseIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        vote = await _open_vote(call.uow, t.room, body.vote_id)
        if t.member.role != GM and vote.author_id != call.user_id:
            raise errors.NotTheVoteStarter()
        ballots: dict[int, str] = {}
        for ballot in await EventRepository(call.uow.session).referring(
            t.room.id, vote.seq, "vote.cast"
        ):
            if ballot.author_id is not None:
                ballots[ballot.author_id] = ballot.payload["option"]
        counts = Counter(ballots.values())
        options: list[str] = vote.payload["options"]
        tally = [{"option": o, "votes": counts.get(o, 0)} for o in options]
        best = max(counts.values(), default=0)
        t.done = await append(
            call.uow,
            ctx,
            t.room,
            "vote.closed",
            t.member,
            {
                "vote_id": vote.seq,
                "question": vote.payload["question"],
                "tally": tally,
                "winners": [o for o in options if best and counts.get(o, 0) == best],
                "ballots": len(ballots),
            },
            client_id=body.client_id,
            ref=vote.seq,
        )
    return await _done(call.uow, ctx, t.done)


async def pick(call: SocketCall, ctx: AppContext, body: PickIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        names: list[str] = []
        for nickname in body.candidates:
            _, user = await present(call.uow, t.room, nickname)
            if user.nickname not in names:
                names.append(user.nickname)
        t.done = await append(
            call.uow,
            ctx,
            t.room,
            "pick",
            t.member,
            {"candidates": names, "picked": _system.choice(names)},
            client_id=body.client_id,
        )
    return await _done(call.uow, ctx, t.done)


async def kick(call: SocketCall, ctx: AppContext, body: MemberIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        if t.member.role != GM:
            raise errors.NotTheGm()
        target, user = await present(call.uow, t.room, body.nickname)
        if target.user_id == call.user_id:
            raise errors.CannotTargetSelf()
        t.done = await depart(
            call.uow,
            ctx,
            t.room,
            target,
            user,
            kicked_by=(t.member, t.user),
            client_id=body.client_id,
        )
    return await _done(call.uow, ctx, t.done)


async def transfer(call: SocketCall, ctx: AppContext, body: MemberIn) -> Done:
    t = await _turn(call.uow, ctx, call.user_id, body)
    if t.done is None:
        if t.member.role != GM:
            raise errors.NotTheGm()
        target, _ = await present(call.uow, t.room, body.nickname)
        if target.user_id == call.user_id:
            raise errors.CannotTargetSelf()
        t.done = await make_gm(
            call.uow, ctx, t.room, target, previous=t.user, by=t.member, client_id=body.client_id
        )
        lobby_changed(call.uow, ctx, t.room)  # the lobby shows the GM
    return await _done(call.uow, ctx, t.done)
