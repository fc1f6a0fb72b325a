"""SQL for geminis, likes, feeds, rankings and four-cuts. Feeds use keyset pagination."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.gallery.filters import NO_FILTER, FeedFilter, like_pattern
from mygemini.models import Follow, Fourcut, FourcutStatus, Like, RankingSnapshot, User
from mygemini.models.gallery import Gemini, GeminiAttribute, Save

# What the attribute index keeps of a recipe: the catalog's ids are short slugs.
_SLUG_MAX = 40


def recipe_attributes(recipe: dict[str, object]) -> list[tuple[str, str]]:
    """The (category, option) pairs of a recipe that the attribute index holds."""
    attributes = recipe.get("attributes")
    if not isinstance(attributes, dict):
        return []
    return [
        (k, v)
        for k, v in attributes.items()
        if isinstance(k, str) and isinstance(v, str) and 0 < len(k) <= _SLUG_MAX >= len(v) > 0
    ]


def matching(wanted: FeedFilter) -> list[ColumnElement[bool]]:
    """What narrows a feed to the looks (one index range of gemini_attributes each) and the name
    (a trigram index on PostgreSQL, a scan on SQLite; docs/adr/0013-gallery-discovery.md)."""
    clauses: list[ColumnElement[bool]] = [
        Gemini.id.in_(
            select(GeminiAttribute.gemini_id).where(
                GeminiAttribute.category == category, GeminiAttribute.option == option
            )
        )
        for category, option in wanted.attributes
    ]
    if wanted.name:
        clauses.append(func.lower(Gemini.name).like(like_pattern(wanted.name), escape="\\"))
    return clauses


class GeminiRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, gemini: Gemini) -> Gemini:
        """Store a new gemini and index its recipe's attributes (a recipe never changes)."""
        self.session.add(gemini)
        await self.session.flush()
        self.session.add_all(
            GeminiAttribute(gemini_id=gemini.id, category=category, option=option)
            for category, option in recipe_attributes(gemini.recipe)
        )
        await self.session.flush()
        return gemini

    async def get(self, gemini_id: int) -> Gemini | None:
        return await self.session.get(Gemini, gemini_id)

    async def get_fresh(self, gemini_id: int) -> Gemini | None:
        return await self.session.scalar(
            select(Gemini).where(Gemini.id == gemini_id).execution_options(populate_existing=True)
        )

    async def many(self, ids: Sequence[int]) -> Sequence[Gemini]:
        if not ids:
            return []
        return (await self.session.scalars(select(Gemini).where(Gemini.id.in_(ids)))).all()

    async def delete(self, gemini: Gemini) -> None:
        await self.session.delete(gemini)
        await self.session.flush()

    async def owned_page(
        self, owner_id: int, before: int | None, limit: int, *, public_only: bool = False
    ) -> Sequence[Gemini]:
        q = select(Gemini).where(Gemini.owner_id == owner_id)
        if public_only:
            q = q.where(Gemini.visibility == "public")
        if before is not None:
            q = q.where(Gemini.id < before)
        return (await self.session.scalars(q.order_by(Gemini.id.desc()).limit(limit))).all()

    async def latest(
        self,
        after: tuple[datetime, int] | None,
        limit: int,
        *,
        followed_by: int | None = None,
        wanted: FeedFilter = NO_FILTER,
    ) -> Sequence[Gemini]:
        """Public geminis, most recently published first."""
        q = latest_query(after, limit, followed_by=followed_by, wanted=wanted)
        return (await self.session.scalars(q)).all()

    async def popular(
        self, after: tuple[int, int] | None, limit: int, *, wanted: FeedFilter = NO_FILTER
    ) -> Sequence[Gemini]:
        """Public geminis, most liked first."""
        q = select(Gemini).where(Gemini.visibility == "public")
        if after is not None:
            q = q.where(tuple_(Gemini.like_count, Gemini.id) < tuple_(after[0], after[1]))
        q = q.where(*matching(wanted))
        q = q.order_by(Gemini.like_count.desc(), Gemini.id.desc()).limit(limit)
        return (await self.session.scalars(q)).all()

    async def owners(self, owner_ids: set[int]) -> dict[int, User]:
        if not owner_ids:
            return {}
        rows = await self.session.scalars(select(User).where(User.id.in_(owner_ids)))
        return {u.id: u for u in rows}

    async def clear_avatars(self, gemini_id: int) -> None:
        await self.session.execute(
            update(User)
            .where(User.avatar == f"gemini:{gemini_id}")
            .values(avatar=None)
            .execution_options(synchronize_session=False)
        )


def latest_query(
    after: tuple[datetime, int] | None,
    limit: int,
    *,
    followed_by: int | None = None,
    wanted: FeedFilter = NO_FILTER,
) -> Select[Gemini]:
    """The latest feed's statement (the plan test explains it)."""
    q = select(Gemini).where(Gemini.visibility == "public")
    if followed_by is not None:
        followed = select(Follow.followee_id).where(Follow.follower_id == followed_by)
        q = q.where(Gemini.owner_id.in_(followed))
    if after is not None:
        # A row-value comparison, so the index range starts at the cursor.
        q = q.where(tuple_(Gemini.published_at, Gemini.id) < tuple_(after[0], after[1]))
    q = q.where(*matching(wanted))
    return q.order_by(Gemini.published_at.desc(), Gemini.id.desc()).limit(limit)


class SaveRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_id: int, gemini_id: int, at: datetime) -> bool:
        """True when a new save was written (race-safe, idempotent)."""
        dialect = self.session.get_bind().dialect.name
        ins = pg_insert(Save) if dialect == "postgresql" else sqlite_insert(Save)
        stmt = ins.values(
            user_id=user_id, gemini_id=gemini_id, created_at=at
        ).on_conflict_do_nothing(index_elements=["user_id", "gemini_id"])
        result = await self.session.execute(stmt)
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def remove(self, user_id: int, gemini_id: int) -> bool:
        result = await self.session.execute(
            delete(Save).where(Save.user_id == user_id, Save.gemini_id == gemini_id)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def saved_ids(self, user_id: int, gemini_ids: Sequence[int]) -> set[int]:
        if not gemini_ids:
            return set()
        rows = await self.session.scalars(
            select(Save.gemini_id).where(Save.user_id == user_id, Save.gemini_id.in_(gemini_ids))
        )
        return set(rows)

    async def page(
        self,
        user_id: int,
        after: tuple[datetime, int] | None,
        limit: int,
        *,
        wanted: FeedFilter = NO_FILTER,
    ) -> list[tuple[Gemini, datetime]]:
        """The person's saved geminis they may still see (public ones, and their own), with when
        each was saved, most recently saved first."""
        q = (
            select(Gemini, Save.created_at)
            .join(Save, Save.gemini_id == Gemini.id)
            .where(
                Save.user_id == user_id,
                or_(Gemini.visibility == "public", Gemini.owner_id == user_id),
            )
        )
        if after is not None:
            q = q.where(tuple_(Save.created_at, Save.gemini_id) < tuple_(after[0], after[1]))
        q = q.where(*matching(wanted))
        q = q.order_by(Save.created_at.desc(), Save.gemini_id.desc()).limit(limit)
        return [(g, at) for g, at in (await self.session.execute(q)).all()]


class LikeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_id: int, gemini_id: int, at: datetime) -> bool:
        """True when a new like row was written (race-safe, idempotent)."""
        dialect = self.session.get_bind().dialect.name
        ins = pg_insert(Like) if dialect == "postgresql" else sqlite_insert(Like)
        stmt = ins.values(
            user_id=user_id, gemini_id=gemini_id, created_at=at
        ).on_conflict_do_nothing(index_elements=["user_id", "gemini_id"])
        result = await self.session.execute(stmt)
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def remove(self, user_id: int, gemini_id: int) -> bool:
        result = await self.session.execute(
            delete(Like).where(Like.user_id == user_id, Like.gemini_id == gemini_id)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def bump(self, gemini_id: int, delta: int) -> int:
        """Change the cached count in one statement (exact under concurrency); the new count."""
        result = await self.session.execute(
            update(Gemini)
            .where(Gemini.id == gemini_id)
            .values(like_count=Gemini.like_count + delta)
            .returning(Gemini.like_count)
            .execution_options(synchronize_session=False)
        )
        return int(result.scalar_one())

    async def liked_ids(self, user_id: int, gemini_ids: Sequence[int]) -> set[int]:
        if not gemini_ids:
            return set()
        rows = await self.session.scalars(
            select(Like.gemini_id).where(Like.user_id == user_id, Like.gemini_id.in_(gemini_ids))
        )
        return set(rows)

    async def claim_milestone(self, gemini_id: int, milestone: int) -> bool:
        """Record that `milestone` was announced; False if it (or a higher one) already was."""
        result = await self.session.execute(
            update(Gemini)
            .where(Gemini.id == gemini_id, Gemini.like_milestone < milestone)
            .values(like_milestone=milestone)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


class RankingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def top(self, start: datetime, end: datetime, limit: int = 5) -> list[tuple[int, int]]:
        """(gemini id, likes inside [start, end)) for public geminis, highest first; a tie goes to
        the gemini that reached its score first (its latest counted like is the earliest)."""
        score = func.count(Like.id).label("score")
        reached = func.max(Like.created_at).label("reached")
        q = (
            select(Like.gemini_id, score, reached)
            .join(Gemini, Gemini.id == Like.gemini_id)
            .where(
                Like.created_at >= start,
                Like.created_at < end,
                Gemini.visibility == "public",
                # An owner's like never counts (refused today; rows from before stay out too).
                Like.user_id != Gemini.owner_id,
            )
            .group_by(Like.gemini_id)
            .order_by(score.desc(), reached.asc(), Like.gemini_id.asc())
            .limit(limit)
        )
        return [(int(r[0]), int(r[1])) for r in (await self.session.execute(q)).all()]

    async def snapshot(self, period: str, start: datetime) -> Sequence[RankingSnapshot]:
        q = (
            select(RankingSnapshot)
            .where(RankingSnapshot.period == period, RankingSnapshot.window_start == start)
            .order_by(RankingSnapshot.position)
        )
        return (await self.session.scalars(q)).all()

    async def has_snapshot(self, period: str, start: datetime) -> bool:
        q = select(func.count()).where(
            RankingSnapshot.period == period, RankingSnapshot.window_start == start
        )
        return bool(await self.session.scalar(q))

    async def add(self, rows: Sequence[RankingSnapshot]) -> None:
        self.session.add_all(rows)
        await self.session.flush()


class FourcutRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, fourcut: Fourcut) -> Fourcut:
        self.session.add(fourcut)
        await self.session.flush()
        return fourcut

    async def get(self, fourcut_id: int) -> Fourcut | None:
        return await self.session.get(Fourcut, fourcut_id)

    async def of_gemini(self, gemini_id: int) -> Sequence[Fourcut]:
        q = select(Fourcut).where(Fourcut.gemini_id == gemini_id).order_by(Fourcut.id.desc())
        return (await self.session.scalars(q)).all()

    async def of_owner(
        self, owner_id: int, before: int | None, limit: int, *, public_only: bool
    ) -> Sequence[Fourcut]:
        """A person's ready four-cuts, newest first (of public geminis unless it is them)."""
        q = (
            select(Fourcut)
            .join(Gemini, Gemini.id == Fourcut.gemini_id)
            .where(Fourcut.owner_id == owner_id, Fourcut.status == FourcutStatus.READY)
        )
        if public_only:
            q = q.where(Gemini.visibility == "public")
        if before is not None:
            q = q.where(Fourcut.id < before)
        return (await self.session.scalars(q.order_by(Fourcut.id.desc()).limit(limit))).all()

    async def stale_composing(self, before: datetime) -> Sequence[Fourcut]:
        q = select(Fourcut).where(
            Fourcut.status == FourcutStatus.COMPOSING, Fourcut.created_at < before
        )
        return (await self.session.scalars(q)).all()

    async def latest_ready(self, gemini_ids: Sequence[int]) -> dict[int, Fourcut]:
        """The newest ready four-cut of each gemini, in one query."""
        if not gemini_ids:
            return {}
        q = (
            select(Fourcut)
            .where(Fourcut.gemini_id.in_(gemini_ids), Fourcut.status == FourcutStatus.READY)
            .order_by(Fourcut.id.desc())
        )
        out: dict[int, Fourcut] = {}
        for f in await self.session.scalars(q):
            if f.gemini_id is not None:
                out.setdefault(f.gemini_id, f)
        return out

    # The four-cut's state changes, each from the state it must be in: of two callers racing for
    # the same change, one wins (True) and the other changes nothing.

    async def start_composing(self, fourcut_id: int) -> bool:
        """pending → composing: all four frames are in."""
        return await self._move(fourcut_id, FourcutStatus.PENDING, status=FourcutStatus.COMPOSING)

    async def finish(
        self,
        fourcut_id: int,
        *,
        grid_key: str,
        strip_key: str,
        frame_keys: list[str],
        now: datetime,
    ) -> bool:
        """composing → ready, with the composed files."""
        return await self._move(
            fourcut_id,
            FourcutStatus.COMPOSING,
            status=FourcutStatus.READY,
            grid_key=grid_key,
            strip_key=strip_key,
            frame_keys=frame_keys,
            finished_at=now,
        )

    async def fail(self, fourcut_id: int, from_status: FourcutStatus, now: datetime) -> bool:
        """pending | composing → failed."""
        assert from_status in (FourcutStatus.PENDING, FourcutStatus.COMPOSING)
        return await self._move(
            fourcut_id, from_status, status=FourcutStatus.FAILED, finished_at=now
        )

    async def _move(self, fourcut_id: int, from_status: FourcutStatus, **values: object) -> bool:
        result = await self.session.execute(
            update(Fourcut)
            .where(Fourcut.id == fourcut_id, Fourcut.status == from_status)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]
