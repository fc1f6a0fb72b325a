"""Profiles and follows: the social half of accounts."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, exists, false, func, select
from sqlalchemy.exc import IntegrityError

from mygemini.accounts import errors
from mygemini.accounts.avatars import STARTER_AVATARS, avatar_url
from mygemini.accounts.repository import (
    FollowRepository,
    FollowWrites,
    RefreshTokenRepository,
    Someone,
    UserRepository,
)
from mygemini.accounts.rules import is_valid_nickname, nickname_key, normalize_nickname
from mygemini.accounts.schemas import Me, MeUpdate, PersonCard, Profile
from mygemini.accounts.service import check_nickname, raise_for_unique_violation
from mygemini.auth import Viewer
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.driver import DriverTx
from mygemini.core.pagination import Page, decode_cursor, split_page
from mygemini.errors import Unauthorized
from mygemini.models import Follow, User
from mygemini.models.base import utcnow
from mygemini.notifications import NewFollower, Stored, push_stored, store

# How many stars `Me` shows: the wallet's reader, wired at start-up by `domains.register_all`.
# Accounts does not import the wallet (docs/adr/0008-boundaries.md).
StarsReader = Callable[[UnitOfWork, int], Awaitable[int]]
_stars: list[StarsReader] = []


def show_stars_with(reader: StarsReader) -> None:
    """Register (or replace: every app built in one process registers the same) the reader."""
    _stars[:] = [reader]


async def _stars_of(uow: UnitOfWork, user_id: int) -> int:
    if not _stars:
        raise LookupError("no stars reader is registered (domains.register_all was not run)")
    return await _stars[0](uow, user_id)


async def me(uow: UnitOfWork, user: User) -> Me:
    followers, following = await FollowRepository(uow.session).counts(user.id)
    return Me(
        id=user.id,
        email=user.email,
        nickname=user.nickname,
        bio=user.bio,
        avatar=user.avatar,
        avatar_url=avatar_url(user.avatar),
        onboarded=user.onboarded,
        returning=await RefreshTokenRepository(uow.session).sessions_opened(user.id) > 1,
        followers=followers,
        following=following,
        stars=await _stars_of(uow, user.id),
    )


async def update_me(uow: UnitOfWork, user: User, change: MeUpdate) -> Me:
    users = UserRepository(uow.session)
    if change.nickname is not None:
        nickname = check_nickname(change.nickname)
        if await users.nickname_taken(nickname_key(nickname), except_id=user.id):
            raise errors.NicknameTaken()
        user.nickname, user.nickname_key = nickname, nickname_key(nickname)
    if change.bio is not None:
        user.bio = change.bio.strip()
    if change.avatar is not None:
        if change.avatar not in STARTER_AVATARS:
            raise errors.UnknownAvatar()
        user.avatar = change.avatar
        # Choosing a portrait is the last step of onboarding.
        user.onboarded = True
    try:
        await uow.session.flush()
    except IntegrityError as exc:
        raise_for_unique_violation(exc)
    return await me(uow, user)


async def person(uow: UnitOfWork, nickname: str) -> User:
    if not is_valid_nickname(normalize_nickname(nickname)):
        raise errors.UserNotFound()  # no query for what cannot be anybody's nickname
    user = await UserRepository(uow.session).by_nickname(nickname_key(nickname))
    if user is None:
        raise errors.UserNotFound()
    return user


@functools.cache
def _profile_shape(viewer: bool) -> Select[Any]:
    """A person by nickname key with both follow counts and, for a viewer, whether they follow:
    one statement (built once per shape)."""
    followers = (
        select(func.count())
        .select_from(Follow)
        .where(Follow.followee_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    following = (
        select(func.count())
        .select_from(Follow)
        .where(Follow.follower_id == User.id)
        .correlate(User)
        .scalar_subquery()
    )
    is_following: ColumnElement[bool] = (
        exists()
        .where(Follow.follower_id == bindparam("viewer_id"), Follow.followee_id == User.id)
        .correlate(User)
        if viewer
        else false()
    )
    return select(
        User.id,
        User.nickname,
        User.bio,
        User.avatar,
        followers.label("followers"),
        following.label("following"),
        is_following.label("is_following"),
    ).where(User.nickname_key == bindparam("key"))


async def profile(ctx: AppContext, nickname: str, viewer: Viewer | None) -> Profile:
    """A person's public profile: one statement on a read connection, no ORM session (the row
    and its password hash are never loaded)."""
    if not is_valid_nickname(normalize_nickname(nickname)):
        raise errors.UserNotFound()  # no query for what cannot be anybody's nickname
    values = {"key": nickname_key(nickname), "viewer_id": viewer.id if viewer else None}
    rows = await ctx.db.read_rows(_profile_shape(viewer is not None), values)
    if not rows:
        raise errors.UserNotFound()
    row = rows[0]
    return Profile(
        id=row["id"],
        nickname=row["nickname"],
        bio=row["bio"],
        avatar_url=avatar_url(row["avatar"]),
        followers=int(row["followers"]),
        following=int(row["following"]),
        is_following=bool(row["is_following"]),
        is_me=viewer is not None and viewer.id == row["id"],
    )


async def _pair(uow: UnitOfWork, me_id: int, nickname: str) -> tuple[Someone, Someone]:
    """The person asking (401 if the token's person is gone) and the one named (404), in one
    query, without loading either as an ORM object; 400 when they are the same."""
    # What cannot be anybody's nickname has no key to look for ("" is nobody's).
    key = nickname_key(nickname) if is_valid_nickname(normalize_nickname(nickname)) else ""
    me_, target = await UserRepository(uow.session).pair(me_id, key)
    if me_ is None:
        raise Unauthorized("The access token is invalid or expired.")
    if target is None:
        raise errors.UserNotFound()
    if target.id == me_.id:
        raise errors.CannotFollowSelf()
    return me_, target


async def follow(ctx: AppContext, me_id: int, nickname: str) -> None:
    """`me_id` follows `nickname` (idempotent: only a new follow notifies, once).

    The follow row and its notification are one transaction on the driver (ADR 0020): the
    follow is the write behind every `notification.new` push."""
    if is_valid_nickname(normalize_nickname(nickname)):
        key = nickname_key(nickname)
        now = utcnow()

        async def follow_and_store(tx: DriverTx) -> Stored | None:
            new = await FollowWrites(tx).follow(me_id, key, now)
            if new is None:
                return None
            follower = NewFollower(nickname=new.nickname, avatar_url=avatar_url(new.avatar))
            return await store(tx, new.followee_id, follower, now)

        async def push(stored: Stored | None) -> None:
            if stored is not None:
                await push_stored(ctx.realtime, stored)

        if await ctx.db.on_driver(follow_and_store, then=push) is not None:
            return
    # Nothing written: 401, 404 or 400 from here, or it was a follow already.
    async with ctx.db.read_only() as uow:
        await _pair(uow, me_id, nickname)


async def unfollow(uow: UnitOfWork, me_id: int, nickname: str) -> None:
    """`me_id` stops following `nickname` (idempotent)."""
    me_, target = await _pair(uow, me_id, nickname)
    await FollowRepository(uow.session).unfollow(me_.id, target.id)


async def people(
    uow: UnitOfWork, nickname: str, *, followers: bool, cursor: str | None, limit: int
) -> Page[PersonCard]:
    user = await person(uow, nickname)
    rows = await FollowRepository(uow.session).page(
        user.id, followers=followers, before=decode_cursor(cursor), limit=limit + 1
    )
    page, next_cursor = split_page(rows, limit, lambda row: row[0])
    return Page[PersonCard](
        items=[
            PersonCard(nickname=u.nickname, avatar_url=avatar_url(u.avatar), bio=u.bio)
            for _, u in page
        ],
        next_cursor=next_cursor,
    )
