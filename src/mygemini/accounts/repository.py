"""SQL for accounts, refresh-token families and follows."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.core.driver import DriverStatement, DriverTx
from mygemini.models import Follow, OAuthIdentity, OAuthStateUse, RefreshToken, User
from mygemini.models.base import UTCDateTime


class NewFollow(NamedTuple):
    """A follow just written: whom, and the follower as its notification shows them."""

    followee_id: int
    nickname: str
    avatar: str | None


class Someone(NamedTuple):
    """The columns of a person a follow needs: no ORM object, no password hash."""

    id: int
    nickname: str
    nickname_key: str
    avatar: str | None


# Built once: a follow runs these Core statements without the ORM (the follow is on the path of
# every `notification.new` push; bench/push_bench.py).
_PAIR = select(User.id, User.nickname, User.nickname_key, User.avatar).where(
    or_(User.id == bindparam("me"), User.nickname_key == bindparam("key"))
)
# The whole of a new follow in one statement (PostgreSQL and SQLite alike): the row, if both
# people exist, differ and no such follow is there yet, and what the notification says about the
# follower. No row back: nothing was written, and `profiles.follow` asks why.
_FOLLOW = text(
    "INSERT INTO follows (follower_id, followee_id, created_at) "
    "SELECT f.id, t.id, :now FROM users AS f, users AS t "
    "WHERE f.id = :me AND t.nickname_key = :key AND t.id <> f.id "
    "ON CONFLICT (follower_id, followee_id) DO NOTHING "
    "RETURNING followee_id, "
    "(SELECT nickname FROM users WHERE users.id = follows.follower_id), "
    "(SELECT avatar FROM users WHERE users.id = follows.follower_id)"
).bindparams(bindparam("now", type_=UTCDateTime()))
_UNFOLLOW = delete(Follow).where(
    Follow.follower_id == bindparam("me"), Follow.followee_id == bindparam("target")
)


_FOLLOW_ON_DRIVER = DriverStatement(_FOLLOW)


class FollowWrites:
    """A follow's write, in a transaction on the driver (`Database.on_driver`, ADR 0020)."""

    def __init__(self, tx: DriverTx) -> None:
        self.tx = tx

    async def follow(self, follower_id: int, followee_key: str, now: datetime) -> NewFollow | None:
        """Insert the follow of the person whose nickname key is `followee_key` if absent (race
        safe); None when no row was written: either person missing, the same person, or the
        follow there already."""
        params = {"me": follower_id, "key": followee_key, "now": now}
        row = await self.tx.fetchrow(_FOLLOW_ON_DRIVER, params)
        return None if row is None else NewFollow(int(row[0]), str(row[1]), row[2])


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def by_email(self, email: str) -> User | None:
        return await self.session.scalar(select(User).where(User.email == email))

    async def by_nickname(self, nickname_key: str) -> User | None:
        return await self.session.scalar(select(User).where(User.nickname_key == nickname_key))

    async def nickname_taken(self, nickname_key: str, *, except_id: int | None = None) -> bool:
        q = select(User.id).where(User.nickname_key == nickname_key)
        if except_id is not None:
            q = q.where(User.id != except_id)
        return await self.session.scalar(q) is not None

    async def add(self, user: User) -> User:
        self.session.add(user)
        await self.session.flush()
        return user

    async def identity(self, provider: str, subject: str) -> OAuthIdentity | None:
        return await self.session.scalar(
            select(OAuthIdentity).where(
                OAuthIdentity.provider == provider, OAuthIdentity.subject == subject
            )
        )

    async def pair(self, me: int, key: str) -> tuple[Someone | None, Someone | None]:
        """(the person `me`, the person whose nickname key is `key`) in one round trip; either
        None when there is nobody; the same person twice when `key` is `me`'s own."""
        conn = await self.session.connection()
        rows = (await conn.execute(_PAIR, {"me": me, "key": key})).all()
        people = [Someone(*row) for row in rows]
        return (
            next((p for p in people if p.id == me), None),
            next((p for p in people if p.nickname_key == key), None),
        )

    async def add_identity(self, identity: OAuthIdentity) -> None:
        self.session.add(identity)
        await self.session.flush()


class OAuthStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, state: str, expires_at: datetime, now: datetime) -> bool:
        """Record that `state` came back; False when it had come back before (race-safe)."""
        await self.session.execute(delete(OAuthStateUse).where(OAuthStateUse.expires_at < now))
        dialect = self.session.get_bind().dialect.name
        ins = pg_insert(OAuthStateUse) if dialect == "postgresql" else sqlite_insert(OAuthStateUse)
        stmt = ins.values(state=state, expires_at=expires_at).on_conflict_do_nothing(
            index_elements=["state"]
        )
        result = await self.session.execute(stmt)
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


class RefreshTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, token: RefreshToken) -> RefreshToken:
        self.session.add(token)
        await self.session.flush()
        return token

    async def by_digest(self, digest: str) -> RefreshToken | None:
        return await self.session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == digest)
        )

    async def mark_rotated(self, token_id: int, now: datetime) -> bool:
        """Atomically claim a live token for rotation; False if someone used it already."""
        result = await self.session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.id == token_id,
                RefreshToken.rotated_at.is_(None),
                RefreshToken.revoked_at.is_(None),
            )
            .values(rotated_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def sessions_opened(self, user_id: int) -> int:
        """How many sessions (token families: one per sign-up or sign-in) the person opened."""
        q = select(func.count(func.distinct(RefreshToken.family_id))).where(
            RefreshToken.user_id == user_id
        )
        return int(await self.session.scalar(q) or 0)

    async def revoke_family(self, family_id: str, now: datetime) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )


class FollowRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def unfollow(self, follower_id: int, followee_id: int) -> None:
        conn = await self.session.connection()
        await conn.execute(_UNFOLLOW, {"me": follower_id, "target": followee_id})

    async def is_following(self, follower_id: int, followee_id: int) -> bool:
        q = select(Follow.id).where(
            Follow.follower_id == follower_id, Follow.followee_id == followee_id
        )
        return await self.session.scalar(q) is not None

    async def counts(self, user_id: int) -> tuple[int, int]:
        """(followers, following) in one round trip."""
        followers = (
            select(func.count()).select_from(Follow).where(Follow.followee_id == user_id)
        ).scalar_subquery()
        following = (
            select(func.count()).select_from(Follow).where(Follow.follower_id == user_id)
        ).scalar_subquery()
        row = (await self.session.execute(select(followers, following))).one()
        return int(row[0]), int(row[1])

    async def page(
        self, user_id: int, *, followers: bool, before: int | None, limit: int
    ) -> list[tuple[int, User]]:
        """(follow id, person) newest first: followers of `user_id`, or whom it follows."""
        own, other = (
            (Follow.followee_id, Follow.follower_id)
            if followers
            else (Follow.follower_id, Follow.followee_id)
        )
        cond = own == user_id
        if before is not None:
            cond = and_(cond, Follow.id < before)
        q = (
            select(Follow.id, User)
            .join(User, User.id == other)
            .where(cond)
            .order_by(Follow.id.desc())
            .limit(limit)
        )
        return [(row[0], row[1]) for row in (await self.session.execute(q)).all()]
