"""Sign-up, login and the rotating refresh-token families."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from mygemini.accounts import errors
from mygemini.accounts.repository import RefreshTokenRepository, UserRepository
from mygemini.accounts.rules import (
    is_strong_password,
    is_valid_nickname,
    nickname_key,
    normalize_nickname,
)
from mygemini.accounts.schemas import LoginIn, SignupIn
from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.core.pagination import MAX_ID
from mygemini.core.security import (
    create_access_token,
    new_opaque_token,
    token_digest,
)
from mygemini.models import RefreshToken, User
from mygemini.models.base import utcnow


@dataclass
class IssuedSession:
    user: User
    access_token: str
    refresh_token: str


def check_nickname(raw: str) -> str:
    nickname = normalize_nickname(raw)
    if not is_valid_nickname(nickname):
        raise errors.InvalidNickname()
    return nickname


def raise_for_unique_violation(exc: IntegrityError) -> None:
    """Translate a lost race on a unique column into the same 409 the pre-check gives."""
    text = str(exc.orig)
    if "nickname_key" in text:
        raise errors.NicknameTaken() from exc
    if "email" in text:
        raise errors.EmailTaken() from exc
    raise exc


async def signup(uow: UnitOfWork, ctx: AppContext, data: SignupIn) -> IssuedSession:
    nickname = check_nickname(data.nickname)
    if not is_strong_password(data.password):
        raise errors.WeakPassword()
    # Hash before the first query: on SQLite the first statement takes the write lock, and
    # argon2 is slow on purpose.
    password_hash = await ctx.passwords.hash(data.password)
    users = UserRepository(uow.session)
    email = data.email.lower()
    if await users.by_email(email) is not None:
        raise errors.EmailTaken()
    if await users.nickname_taken(nickname_key(nickname)):
        raise errors.NicknameTaken()
    user = User(
        email=email,
        password_hash=password_hash,
        nickname=nickname,
        nickname_key=nickname_key(nickname),
    )
    try:
        await users.add(user)
    except IntegrityError as exc:
        raise_for_unique_violation(exc)
    return await open_session(uow, ctx, user)


async def login(uow: UnitOfWork, ctx: AppContext, data: LoginIn, ip: str) -> IssuedSession:
    email = data.email.lower()
    keys = _throttle_keys(email, ip)
    tickets = await _count_attempt(ctx, keys)
    # Read the hash in a read-only unit of its own: no transaction (on SQLite: no write lock) is
    # held while argon2 works, and a burst of failed logins writes nothing to the database.
    async with ctx.db.read_only() as lookup:
        found = await UserRepository(lookup.session).by_email(email)
        found_id, stored = (found.id, found.password_hash) if found else (None, None)
    ok = await ctx.passwords.verify(stored, data.password)
    # A hash made at another cost than the configured one is made again at it, once, at the
    # account's next login (before any query: no write lock held while argon2 works).
    renewed = None
    if ok and stored is not None and ctx.passwords.needs_rehash(stored):
        renewed = await ctx.passwords.hash(data.password)
    user = await UserRepository(uow.session).get(found_id) if found_id and ok else None
    if user is None or not ok:
        # The attempt was counted as a failure up front; it stays counted.
        raise errors.InvalidCredentials()
    if renewed is not None:
        user.password_hash = renewed
    # The account's slate is wiped; the IP only gets this attempt back (others behind it may
    # still be guessing).
    await ctx.login_failures.clear(keys[0][0])
    await ctx.login_failures.clear(keys[1][0])
    await ctx.login_failures.give_back(keys[2][0], tickets[2])
    return await open_session(uow, ctx, user)


def _throttle_keys(email: str, ip: str) -> list[tuple[str, str]]:
    """The windows an attempt counts in, as (key, which limit): (account, IP), account, IP."""
    return [(f"acct-ip:{email}|{ip}", "pair"), (f"acct:{email}", "account"), (f"ip:{ip}", "ip")]


async def _count_attempt(ctx: AppContext, keys: list[tuple[str, str]]) -> list[str]:
    """Count this attempt in every window before the password is checked.

    Counting after the check let simultaneous attempts all pass the check first. Returns the
    tickets in `keys`' order; raises `TooManyAttempts` (with the wait) when any window is spent,
    giving back what it had counted in the others.
    """
    auth = ctx.settings.auth
    limits = {
        "pair": auth.login_max_failures,
        "account": auth.login_max_failures_per_account,
        "ip": auth.login_max_failures_per_ip,
    }
    tickets: list[str] = []
    for key, which in keys:
        ticket, wait = await ctx.login_failures.take(key, limits[which])
        if ticket is None:
            for (taken, _), given in zip(keys, tickets, strict=False):
                await ctx.login_failures.give_back(taken, given)
            minutes = -(-wait // 60)
            raise errors.TooManyAttempts(
                f"Too many failed logins; try again in {minutes} min.", retry_after=wait
            )
        tickets.append(ticket)
    return tickets


async def may_connect(uow: UnitOfWork, user_id: int) -> bool:
    """Whether the person of a valid access token may open a socket: they must still exist.

    Access tokens carry no version and there is no "log out everywhere" yet, so existence is
    what can be checked; HTTP requests check the same (`optional_user`).
    """
    if not 0 < user_id <= MAX_ID:
        return False
    return await UserRepository(uow.session).get(user_id) is not None


def access_token_for(ctx: AppContext, user_id: int) -> str:
    auth = ctx.settings.auth
    return create_access_token(user_id, auth.jwt_secret, auth.access_token_minutes)


async def _issue_refresh(
    uow: UnitOfWork, ctx: AppContext, user_id: int, family_id: str, parent_id: int | None
) -> str:
    token = new_opaque_token()
    await RefreshTokenRepository(uow.session).add(
        RefreshToken(
            user_id=user_id,
            family_id=family_id,
            parent_id=parent_id,
            token_hash=token_digest(token),
            expires_at=utcnow() + timedelta(days=ctx.settings.auth.refresh_token_days),
        )
    )
    return token


async def open_session(uow: UnitOfWork, ctx: AppContext, user: User) -> IssuedSession:
    """A fresh refresh-token family plus an access token."""
    refresh = await _issue_refresh(uow, ctx, user.id, str(uuid.uuid4()), None)
    return IssuedSession(user, access_token_for(ctx, user.id), refresh)


async def rotate(uow: UnitOfWork, ctx: AppContext, presented: str | None) -> tuple[str, str]:
    """Trade a live refresh token for (access token, next refresh token).

    A token that was already rotated (or belongs to a revoked family) means it leaked: the whole
    family is revoked, so the thief and the owner both have to log in again.
    """
    if not presented:
        raise errors.InvalidRefreshToken()
    tokens = RefreshTokenRepository(uow.session)
    token = await tokens.by_digest(token_digest(presented))
    if token is None:
        raise errors.InvalidRefreshToken()
    now = utcnow()
    if token.rotated_at is not None or token.revoked_at is not None:
        await tokens.revoke_family(token.family_id, now)
        raise errors.RefreshTokenReused()
    if token.expires_at <= now:
        raise errors.InvalidRefreshToken()
    if not await tokens.mark_rotated(token.id, now):
        # Lost a race with another use of the same token: treat it as reuse too.
        await tokens.revoke_family(token.family_id, now)
        raise errors.RefreshTokenReused()
    refresh = await _issue_refresh(uow, ctx, token.user_id, token.family_id, token.id)
    return access_token_for(ctx, token.user_id), refresh


async def logout(uow: UnitOfWork, presented: str | None) -> None:
    if not presented:
        return
    tokens = RefreshTokenRepository(uow.session)
    token = await tokens.by_digest(token_digest(presented))
    if token is not None:
        await tokens.revoke_family(token.family_id, utcnow())
