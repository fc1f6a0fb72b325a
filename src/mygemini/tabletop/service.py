"""Rooms: the lobby, creating, joining (seats decided atomically), characters, leaving, invites,
closing; the event log (append with the next seq, emit to those allowed) and how events look."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from mygemini.accounts.avatars import avatar_url
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import decode_cursor, encode_cursor
from mygemini.core.security import (
    read_short_lived,
    sign_short_lived,
)
from mygemini.errors import Forbidden, TooManyRequests
from mygemini.gallery.errors import GeminiNotFound
from mygemini.models import Gemini, Room, RoomEvent, RoomMember, User
from mygemini.tabletop import errors
from mygemini.tabletop.messages import NAMESPACE, LobbyChanged, RoomEventMessage
from mygemini.tabletop.presence import online, seat_room
from mygemini.tabletop.repository import (
    EventRepository,
    MemberRepository,
    RoomRepository,
    audience_key,
)
from mygemini.tabletop.schemas import (
    Author,
    Character,
    InviteOut,
    MemberOut,
    Person,
    RoomCreate,
    RoomDetail,
    RoomEventOut,
    RoomOut,
    RoomPage,
)

GM, PLAYER = "gm", "player"
INVITE_AUDIENCE = "mygemini:room-invite"
INVITE_SECONDS = 24 * 3600
# Wrong passwords one person may try on one room per 15 minutes.
PASSWORD_TRIES = 10  # wrong passwords per person and room in 15 minutes
ROOM_PASSWORD_TRIES = 50  # from everyone together


# --- views -------------------------------------------------------------------------------


def character_of(ctx: AppContext, gemini: Gemini | None) -> Character | None:
    if gemini is None:
        return None
    # The thumbnail, never the original (it carries the recipe's seed); a private gemini's
    # through a short-lived signed URL.
    seconds = None if gemini.visibility == "public" else ctx.settings.storage.avatar_url_seconds
    return Character(
        gemini_id=gemini.id,
        name=gemini.name,
        image_url=ctx.storage.url(gemini.thumbnail_key, seconds=seconds),
    )


async def room_views(uow: UnitOfWork, rooms: Sequence[Room]) -> list[RoomOut]:
    repo = RoomRepository(uow.session)
    counts = await repo.player_counts([r.id for r in rooms])
    gms = await repo.users({r.gm_id for r in rooms if r.gm_id is not None})
    out = []
    for room in rooms:
        gm = gms.get(room.gm_id) if room.gm_id is not None else None
        out.append(
            RoomOut(
                id=room.id,
                title=room.title,
                concept=room.concept,
                secret=room.secret,
                max_players=room.max_players,
                players=counts.get(room.id, 0),
                gm=Person(nickname=gm.nickname, avatar_url=avatar_url(gm.avatar)) if gm else None,
                created_at=room.created_at,
            )
        )
    return out


async def members_view(uow: UnitOfWork, ctx: AppContext, room: Room) -> list[MemberOut]:
    repo = RoomRepository(uow.session)
    members = await MemberRepository(uow.session).present(room.id)
    users = await repo.users({m.user_id for m in members})
    geminis = await repo.geminis({m.gemini_id for m in members if m.gemini_id is not None})
    here = await online(ctx, room.id)
    out = []
    for m in members:
        user = users[m.user_id]
        out.append(
            MemberOut(
                nickname=user.nickname,
                avatar_url=avatar_url(user.avatar),
                role=GM if m.role == GM else PLAYER,
                character=character_of(ctx, geminis.get(m.gemini_id or 0)),
                online=m.user_id in here,
            )
        )
    return out


async def detail_view(uow: UnitOfWork, ctx: AppContext, room: Room) -> RoomDetail:
    (view,) = await room_views(uow, [room])
    return RoomDetail(**view.model_dump(), members=await members_view(uow, ctx, room))


async def event_views(
    uow: UnitOfWork, ctx: AppContext, events: Sequence[RoomEvent]
) -> list[RoomEventOut]:
    repo = RoomRepository(uow.session)
    users = await repo.users({e.author_id for e in events if e.author_id is not None})
    geminis = await repo.geminis({e.character_id for e in events if e.character_id is not None})
    out = []
    for e in events:
        user = users.get(e.author_id or 0)
        author = (
            Author(
                nickname=user.nickname,
                character=character_of(ctx, geminis.get(e.character_id or 0)),
            )
            if user is not None
            else None
        )
        out.append(
            RoomEventOut.model_validate(
                {
                    "room_id": e.room_id,
                    "seq": e.seq,
                    "kind": e.kind,
                    "author": author,
                    "payload": e.payload,
                    "at": e.created_at,
                }
            )
        )
    return out


# --- the log ------------------------------------------------------------------------------


async def append(
    uow: UnitOfWork,
    ctx: AppContext,
    room: Room,
    kind: str,
    author: RoomMember | None,
    payload: dict[str, Any] | Callable[[int], dict[str, Any]],
    *,
    audience: Sequence[int] | None = None,
    also_to: Sequence[int] = (),
    client_id: str | None = None,
    ref: int | None = None,
) -> RoomEvent:
    """Store an event with the room's next seq (the room's row is locked by the caller) and
    send it, after commit, to the seats allowed to see it: `audience`, or everyone present
    (plus `also_to`, e.g. the person just kicked). `payload` may be made from the seq."""
    seq = await RoomRepository(uow.session).next_seq(room)
    if callable(payload):
        payload = payload(seq)
    event = await EventRepository(uow.session).add(
        RoomEvent(
            room_id=room.id,
            seq=seq,
            kind=kind,
            author_id=author.user_id if author else None,
            character_id=author.gemini_id if author else None,
            audience=audience_key(audience) if audience is not None else None,
            payload=payload,
            client_id=client_id,
            ref=ref,
            created_at=ctx.clock(),
        )
    )
    if audience is not None:
        recipients = set(audience)
    else:
        present = await MemberRepository(uow.session).present(room.id)
        recipients = {m.user_id for m in present} | set(also_to)
    (view,) = await event_views(uow, ctx, [event])
    ctx.realtime.send(
        uow,
        RoomEventMessage(view.root),
        room=[seat_room(room.id, u) for u in sorted(recipients)],
    )
    return event


def lobby_changed(uow: UnitOfWork, ctx: AppContext, room: Room) -> None:
    ctx.realtime.send(uow, LobbyChanged(room_id=room.id), room=None)


# --- rooms --------------------------------------------------------------------------------


async def open_room(uow: UnitOfWork, ctx: AppContext, room_id: int, *, lock: bool) -> Room:
    repo = RoomRepository(uow.session)
    room = await (repo.lock(room_id) if lock else repo.get(room_id))
    if room is None:
        raise errors.RoomNotFound()
    if room.closed_at is not None:
        raise errors.RoomClosed()
    return room


async def member_of(uow: UnitOfWork, room: Room, user_id: int) -> RoomMember:
    member = await MemberRepository(uow.session).active(room.id, user_id)
    if member is None:
        raise errors.NotAMember()
    return member


async def create(uow: UnitOfWork, ctx: AppContext, user: User, body: RoomCreate) -> RoomDetail:
    password_hash = await ctx.passwords.hash(body.password) if body.password is not None else None
    room = await RoomRepository(uow.session).add(
        Room(
            title=body.title.strip() or body.title,
            concept=body.concept.strip(),
            max_players=body.max_players,
            secret=body.secret,
            password_hash=password_hash,
            gm_id=user.id,
            created_at=ctx.clock(),
        )
    )
    gm = await MemberRepository(uow.session).add(
        RoomMember(room_id=room.id, user_id=user.id, role=GM, joined_at=ctx.clock())
    )
    await append(uow, ctx, room, "member.joined", gm, {"nickname": user.nickname, "role": GM})
    lobby_changed(uow, ctx, room)
    return await detail_view(uow, ctx, room)


async def lobby(uow: UnitOfWork, cursor: str | None, limit: int) -> RoomPage:
    rows = await RoomRepository(uow.session).open_page(decode_cursor(cursor), limit + 1)
    page = list(rows[:limit])
    more = len(rows) > limit and bool(page)
    return RoomPage(
        items=await room_views(uow, page), next_cursor=encode_cursor(page[-1].id) if more else None
    )


async def read(uow: UnitOfWork, ctx: AppContext, user: User, room_id: int) -> RoomDetail:
    """A room for its members; for anyone else what the lobby shows (no members, so no
    characters — a private gemini's picture is signed for the table only), and closed rooms
    are gone for them."""
    room = await RoomRepository(uow.session).get(room_id)
    if room is None:
        raise errors.RoomNotFound()
    if await MemberRepository(uow.session).active(room.id, user.id) is not None:
        return await detail_view(uow, ctx, room)
    if room.closed_at is not None:
        raise errors.RoomClosed()
    (view,) = await room_views(uow, [room])
    return RoomDetail(**view.model_dump(), members=[])


async def _own_gemini(uow: UnitOfWork, user: User, gemini_id: int) -> Gemini:
    gemini = await uow.session.get(Gemini, gemini_id)
    if gemini is None or gemini.owner_id != user.id:
        raise GeminiNotFound()
    return gemini


async def _check_password(ctx: AppContext, room: Room, user: User, password: str | None) -> None:
    # Two windows of wrong guesses: one person's (10), and the room's from everyone (50), so a
    # password cannot be guessed with many accounts either. When the room's is spent, only an
    # invite lets people in until it clears: a nuisance an attacker can cause, which beats a
    # guessable room.
    mine = f"room-password:{room.id}:{user.id}"
    everyone = f"room-password:{room.id}"
    ticket, wait = await ctx.secret_guesses.take(mine, PASSWORD_TRIES)
    if ticket is None:
        raise TooManyRequests(
            "Too many wrong passwords for this room; try again later.",
            headers={"Retry-After": str(wait)},
        )
    room_ticket, room_wait = await ctx.secret_guesses.take(everyone, ROOM_PASSWORD_TRIES)
    if room_ticket is None:
        await ctx.secret_guesses.give_back(mine, ticket)
        raise TooManyRequests(
            "This room has had too many wrong passwords; ask the GM for an invite.",
            headers={"Retry-After": str(room_wait)},
        )
    if password is None or not await ctx.passwords.verify(room.password_hash, password):
        raise errors.WrongRoomPassword()  # both attempts stay counted
    await ctx.secret_guesses.give_back(mine, ticket)
    await ctx.secret_guesses.give_back(everyone, room_ticket)


def _invite(ctx: AppContext, token: str) -> tuple[int, float] | None:
    """The room an invite is for and when it was issued (epoch seconds), if it is valid."""
    claims = read_short_lived(token, ctx.settings.auth.jwt_secret, INVITE_AUDIENCE)
    room_id = claims.get("room") if claims else None
    issued = claims.get("at") if claims else None
    if not isinstance(room_id, int) or not isinstance(issued, int | float):
        return None
    return room_id, float(issued)


def _invited_since(invited: tuple[int, float] | None, member: RoomMember) -> bool:
    if invited is None or member.left_at is None:
        return False
    left = member.left_at if member.left_at.tzinfo else member.left_at.replace(tzinfo=UTC)
    return invited[1] >= left.timestamp()


async def join(
    uow: UnitOfWork,
    ctx: AppContext,
    user: User,
    room_id: int,
    password: str | None,
    invite: str | None,
    gemini_id: int | None,
) -> RoomDetail:
    room = await open_room(uow, ctx, room_id, lock=False)
    members = MemberRepository(uow.session)
    if await members.active(room.id, user.id) is not None:
        return await detail_view(uow, ctx, room)  # joining twice is a no-op
    gemini = await _own_gemini(uow, user, gemini_id) if gemini_id is not None else None
    invited = _invite(ctx, invite) if invite is not None else None
    if invite is not None:
        if invited is None or invited[0] != room.id:
            raise errors.InvalidInvite()
    elif room.secret:
        # Checked before the room's row is locked: argon2 takes a while.
        await _check_password(ctx, room, user, password)
    # The seat: decided under the room's row lock, one join at a time.
    room = await open_room(uow, ctx, room_id, lock=True)
    member = await members.of(room.id, user.id)
    if member is not None and member.left_at is None:
        return await detail_view(uow, ctx, room)
    if member is not None and member.kicked and not _invited_since(invited, member):
        # A kick means something: neither the password nor an open door nor an invite from
        # before the kick brings them back; an invite issued after it does.
        raise errors.KickedFromRoom()
    if await members.count(room.id) >= room.max_players:
        raise errors.RoomFull()
    now = ctx.clock()
    if member is None:
        member = await members.add(
            RoomMember(
                room_id=room.id,
                user_id=user.id,
                role=PLAYER,
                gemini_id=gemini.id if gemini else None,
                joined_at=now,
            )
        )
    else:
        # Back in the room: a new arrival (last in line for the GM role), same character
        # unless another is chosen.
        member.role, member.joined_at, member.left_at, member.kicked = PLAYER, now, None, False
        if gemini is not None:
            member.gemini_id = gemini.id
        await uow.session.flush()
    await append(
        uow, ctx, room, "member.joined", member, {"nickname": user.nickname, "role": PLAYER}
    )
    lobby_changed(uow, ctx, room)
    return await detail_view(uow, ctx, room)


async def set_character(
    uow: UnitOfWork, ctx: AppContext, user: User, room_id: int, gemini_id: int
) -> RoomDetail:
    room = await open_room(uow, ctx, room_id, lock=True)
    member = await member_of(uow, room, user.id)
    gemini = await _own_gemini(uow, user, gemini_id)
    member.gemini_id = gemini.id
    await uow.session.flush()
    await append(
        uow,
        ctx,
        room,
        "character.changed",
        member,
        {"nickname": user.nickname, "gemini_id": gemini.id, "name": gemini.name},
    )
    return await detail_view(uow, ctx, room)


async def depart(
    uow: UnitOfWork,
    ctx: AppContext,
    room: Room,
    member: RoomMember,
    user: User,
    *,
    kicked_by: tuple[RoomMember, User] | None = None,
    client_id: str | None = None,
) -> RoomEvent:
    """Take `member` out (left, or kicked by the GM): the GM role passes to the
    longest-present member, an empty room closes, and the member's seat hears nothing more."""
    member.left_at, member.kicked = ctx.clock(), kicked_by is not None
    was_gm = member.role == GM
    member.role = PLAYER
    await uow.session.flush()
    if kicked_by is None:
        event = await append(
            uow, ctx, room, "member.left", member, {"nickname": user.nickname}, also_to=[user.id]
        )
    else:
        gm, gm_user = kicked_by
        event = await append(
            uow,
            ctx,
            room,
            "member.kicked",
            gm,
            {"nickname": user.nickname, "by": gm_user.nickname},
            also_to=[user.id],
            client_id=client_id,
        )
    ctx.realtime.close_room(uow, seat_room(room.id, user.id), NAMESPACE)
    present = await MemberRepository(uow.session).present(room.id)
    if not present:
        room.closed_at = ctx.clock()
        await uow.session.flush()
        await append(uow, ctx, room, "room.closed", None, {})
    elif was_gm:
        await make_gm(uow, ctx, room, present[0], previous=user)
    lobby_changed(uow, ctx, room)
    return event


async def make_gm(
    uow: UnitOfWork,
    ctx: AppContext,
    room: Room,
    member: RoomMember,
    *,
    previous: User | None,
    by: RoomMember | None = None,
    client_id: str | None = None,
) -> RoomEvent:
    for m in await MemberRepository(uow.session).present(room.id):
        m.role = GM if m.id == member.id else PLAYER
    room.gm_id = member.user_id
    await uow.session.flush()
    new = await uow.session.get(User, member.user_id)
    assert new is not None
    return await append(
        uow,
        ctx,
        room,
        "gm.changed",
        by or member,
        {"from": previous.nickname if previous else None, "to": new.nickname},
        client_id=client_id,
    )


async def leave(uow: UnitOfWork, ctx: AppContext, user: User, room_id: int) -> None:
    room = await open_room(uow, ctx, room_id, lock=True)
    member = await member_of(uow, room, user.id)
    await depart(uow, ctx, room, member, user)


async def invite(uow: UnitOfWork, ctx: AppContext, user: User, room_id: int) -> InviteOut:
    room = await open_room(uow, ctx, room_id, lock=False)
    await member_of(uow, room, user.id)
    # `at`: when it was issued, to the microsecond and on the room's clock (`iat` is whole
    # seconds): a GM who kicks and then re-invites at once must be able to.
    token = sign_short_lived(
        {"room": room.id, "at": ctx.clock().timestamp()},
        ctx.settings.auth.jwt_secret,
        INVITE_SECONDS,
        INVITE_AUDIENCE,
    )
    base = ctx.settings.public_url.rstrip("/")
    return InviteOut(
        token=token,
        url=f"{base}/play/{room.id}?invite={token}",
        expires_at=datetime.now(UTC) + timedelta(seconds=INVITE_SECONDS),
    )


async def close(uow: UnitOfWork, ctx: AppContext, user: User, room_id: int) -> None:
    room = await RoomRepository(uow.session).lock(room_id)
    if room is None:
        raise errors.RoomNotFound()
    if room.closed_at is not None:
        raise errors.RoomClosed()
    member = await member_of(uow, room, user.id)
    if member.role != GM:
        raise Forbidden("Only the GM may close the room.")
    room.closed_at = ctx.clock()
    await uow.session.flush()
    await append(uow, ctx, room, "room.closed", member, {})
    lobby_changed(uow, ctx, room)
