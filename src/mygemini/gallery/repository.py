"""SQL for geminis, likes, saves, rankings and four-cuts (the feeds: feed_repository.py)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    String,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from mygemini.gallery.filters import (
    name_grams,
)
from mygemini.models import Fourcut, FourcutStatus, Like, RankingSnapshot, User
from mygemini.models.base import utcnow
from mygemini.models.gallery import Gemini, GeminiAttribute, GeminiNameGram, Save

_GEMINIS: Table = Gemini.__table__  # type: ignore[assignment]
_ATTRIBUTES: Table = GeminiAttribute.__table__  # type: ignore[assignment]
_NAME_GRAMS: Table = GeminiNameGram.__table__  # type: ignore[assignment]
_INSERT_GEMINI = insert(_GEMINIS).returning(_GEMINIS.c.id)
_INSERT_ATTRIBUTES = insert(_ATTRIBUTES)
_INSERT_NAME_GRAMS = insert(_NAME_GRAMS)

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


@functools.cache
def _insert_gemini_with_attributes(columns: tuple[str, ...]) -> Select[Any]:
    """PostgreSQL: insert a gemini (these columns, bound by name) and its attribute index (the
    `categories` and `options` arrays, pairwise) in one statement; the new id."""
    new_gemini = (
        insert(_GEMINIS)
        .values({c: bindparam(c, type_=_GEMINIS.c[c].type) for c in columns})
        .returning(_GEMINIS.c.id)
        .cte("new_gemini")
    )
    pairs = select(
        func.unnest(bindparam("categories", type_=ARRAY(String))).label("category"),
        func.unnest(bindparam("options", type_=ARRAY(String))).label("option"),
    ).subquery("pairs")
    index = (
        insert(_ATTRIBUTES)
        .from_select(
            ["gemini_id", "category", "option"],
            # One new gemini, each of its pairs (a join on true: no cartesian-product warning).
            select(new_gemini.c.id, pairs.c.category, pairs.c.option).select_from(
                new_gemini.join(pairs, true())
            ),
        )
        .cte("new_attributes")
    )
    return select(new_gemini.c.id).add_cte(index)


class GeminiRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, gemini: Gemini) -> Gemini:
        """Store a new gemini and index its recipe's attributes (a recipe never changes) and its
        name; `gemini` with its id. Core statements (a job's succeed transaction runs this once
        per picture: the ORM's bookkeeping cost more than the round trips), so `gemini` is not
        added to the session: only its id is filled in."""
        values = {
            c.key: getattr(gemini, c.key)
            for c in _GEMINIS.c
            if c.key in gemini.__dict__ and getattr(gemini, c.key) is not None
        }
        pairs = recipe_attributes(gemini.recipe)
        if pairs and self.session.get_bind().dialect.name == "postgresql":
            # The gemini and its attribute index in one statement: one round trip of the six
            # in a job's success transaction.
            with_index = {
                **values,
                "categories": [category for category, _ in pairs],
                "options": [option for _, option in pairs],
            }
            statement = _insert_gemini_with_attributes(tuple(values))
            inserted = await self.session.execute(statement, with_index)
            gemini.id = gemini_id = int(inserted.scalar_one())
        else:
            gemini.id = gemini_id = (
                await self.session.execute(_INSERT_GEMINI, values)
            ).scalar_one()
            attributes = [
                {"gemini_id": gemini_id, "category": category, "option": option}
                for category, option in pairs
            ]
            if attributes:
                await self.session.execute(_INSERT_ATTRIBUTES, attributes)
        grams = [{"gemini_id": gemini_id, "gram": gram} for gram in name_grams(gemini.name or "")]
        if grams:  # a new gemini has no name yet, so usually none
            await self.session.execute(_INSERT_NAME_GRAMS, grams)
        return gemini

    async def index_name(self, gemini: Gemini) -> None:
        """(Re)write the name search's pieces of `gemini`'s current name."""
        await self.session.execute(
            delete(GeminiNameGram).where(GeminiNameGram.gemini_id == gemini.id)
        )
        self.session.add_all(
            GeminiNameGram(gemini_id=gemini.id, gram=gram) for gram in name_grams(gemini.name)
        )
        await self.session.flush()

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

    async def clear_avatars(self, gemini_id: int) -> None:
        await self.session.execute(
            update(User)
            .where(User.avatar == f"gemini:{gemini_id}")
            .values(avatar=None)
            .execution_options(synchronize_session=False)
        )


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

    async def get_fresh(self, fourcut_id: int) -> Fourcut | None:
        return await self.session.scalar(
            select(Fourcut)
            .where(Fourcut.id == fourcut_id)
            .execution_options(populate_existing=True)
        )

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
        # Since composing began: a four-cut whose frames queued for long is not stale for it.
        q = select(Fourcut).where(
            Fourcut.status == FourcutStatus.COMPOSING,
            func.coalesce(Fourcut.composing_at, Fourcut.created_at) < before,
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
        return await self._move(
            fourcut_id, FourcutStatus.PENDING, status=FourcutStatus.COMPOSING, composing_at=utcnow()
        )

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
