"""SQL for the feeds: one statement per page, keyset-paged, reading card columns only.

A page is one Core statement: the geminis, their owners (a join) and whether the viewer liked or
saved each (EXISTS columns), read as plain rows outside any transaction (`Database.read_rows`): no
ORM objects, no BEGIN/COMMIT round trips (docs/adr/0014). Every feed kind
is `cards(viewer)` narrowed by `where`s, so a new filter is one more clause (`matching`).

On PostgreSQL the statement runs on the driver's connection, and the unfiltered feeds' statements
are built and compiled once per shape (the SQL text is the same whatever the values): building
the expression and SQLAlchemy's per-execution work (cache key, parameter and result processing)
were most of a page's CPU. SQLite runs it through SQLAlchemy.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
    tuple_,
)

from mygemini.core.db import Database, Row
from mygemini.gallery.filters import NO_FILTER, FeedFilter, like_pattern, query_grams
from mygemini.models import Follow, Like, User
from mygemini.models.gallery import Gemini, GeminiAttribute, GeminiNameGram, Save

# A row by column name: the driver's record (PostgreSQL) or SQLAlchemy's row mapping (SQLite).
Card = Row
CardQuery = Select[*tuple[Any, ...]]


def matching(wanted: FeedFilter) -> list[ColumnElement[bool]]:
    """What narrows a feed to the looks (one index range of gemini_attributes each) and the name
    (one index range of gemini_name_grams per piece; docs/adr/0013-gallery-discovery.md)."""
    clauses: list[ColumnElement[bool]] = [
        Gemini.id.in_(
            select(GeminiAttribute.gemini_id).where(
                GeminiAttribute.category == category, GeminiAttribute.option == option
            )
        )
        for category, option in wanted.attributes
    ]
    if wanted.name:
        clauses += [
            Gemini.id.in_(select(GeminiNameGram.gemini_id).where(GeminiNameGram.gram == gram))
            for gram in query_grams(wanted.name)
        ]
        if len(wanted.name) > 2:
            # The pieces narrow it down; the text itself decides. (Up to two characters the
            # piece is the text: no recheck, and the planner starts from the piece index.)
            clauses.append(func.lower(Gemini.name).like(like_pattern(wanted.name), escape="\\"))
    return clauses


def cards(viewer_id: Any) -> CardQuery:
    """A feed card per row: the gemini's face, its owner's, and the viewer's like and save."""
    if viewer_id is None:
        liked: ColumnElement[bool] = false()
        saved: ColumnElement[bool] = false()
    else:
        # Correlated to the gemini alone: the saved feed joins saves itself.
        liked = (
            exists().where(Like.user_id == viewer_id, Like.gemini_id == Gemini.id).correlate(Gemini)
        )
        saved = (
            exists().where(Save.user_id == viewer_id, Save.gemini_id == Gemini.id).correlate(Gemini)
        )
    return select(
        Gemini.id,
        Gemini.thumbnail_key,
        Gemini.name,
        Gemini.like_count,
        Gemini.visibility,
        Gemini.created_at,
        Gemini.published_at,
        User.nickname,
        User.avatar,
        liked.label("liked"),
        saved.label("saved"),
    ).join(User, User.id == Gemini.owner_id)


def latest_query(
    after: tuple[Any, Any] | None,
    limit: Any,
    *,
    followed_by: Any = None,
    wanted: FeedFilter = NO_FILTER,
    viewer_id: Any = None,
) -> CardQuery:
    """Public geminis, most recently published first (the plan test explains it)."""
    q = cards(viewer_id).where(Gemini.visibility == "public")
    if followed_by is not None:
        followed = select(Follow.followee_id).where(Follow.follower_id == followed_by)
        q = q.where(Gemini.owner_id.in_(followed))
    if after is not None:
        # A row-value comparison, so the index range starts at the cursor.
        q = q.where(tuple_(Gemini.published_at, Gemini.id) < tuple_(after[0], after[1]))
    q = q.where(*matching(wanted))
    return q.order_by(Gemini.published_at.desc(), Gemini.id.desc()).limit(limit)


class FeedRepository:
    """Each method is one statement on a connection of its own (`Database.read_rows`)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def _rows(self, q: CardQuery, values: Mapping[str, Any] | None = None) -> Sequence[Card]:
        return await self.db.read_rows(q, values)

    async def latest(
        self,
        after: tuple[datetime, int] | None,
        limit: int,
        *,
        viewer_id: int | None,
        followed_by: int | None = None,
        wanted: FeedFilter = NO_FILTER,
    ) -> Sequence[Card]:
        if wanted != NO_FILTER:
            q = latest_query(
                after, limit, followed_by=followed_by, wanted=wanted, viewer_id=viewer_id
            )
            return await self._rows(q)
        shape = _latest_shape(after is not None, viewer_id is not None, followed_by is not None)
        values: dict[str, Any] = {
            "limit": limit,
            "viewer_id": viewer_id,
            "followed_by": followed_by,
        }
        if after is not None:
            values |= {"after_at": after[0], "after_id": after[1]}
        return await self._rows(shape, values)

    async def popular(
        self,
        after: tuple[int, int] | None,
        limit: int,
        *,
        viewer_id: int | None,
        wanted: FeedFilter = NO_FILTER,
    ) -> Sequence[Card]:
        """Public geminis, most liked first."""
        if wanted != NO_FILTER:
            return await self._rows(popular_query(after, limit, viewer_id=viewer_id, wanted=wanted))
        shape = _popular_shape(after is not None, viewer_id is not None)
        values: dict[str, Any] = {"limit": limit, "viewer_id": viewer_id}
        if after is not None:
            values |= {"after_likes": after[0], "after_id": after[1]}
        return await self._rows(shape, values)

    async def saved(
        self,
        user_id: int,
        after: tuple[datetime, int] | None,
        limit: int,
        *,
        wanted: FeedFilter = NO_FILTER,
    ) -> Sequence[Card]:
        """The person's saved geminis they may still see (public ones, and their own), most
        recently saved first; `saved_at` is when."""
        q = (
            cards(user_id)
            .add_columns(Save.created_at.label("saved_at"))
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
        return await self._rows(q)

    async def owned(
        self,
        owner_id: int,
        before: int | None,
        limit: int,
        *,
        viewer_id: int | None,
        public_only: bool,
    ) -> Sequence[Card]:
        """A person's geminis, newest first (public ones only unless `public_only` is off)."""
        shape = _owned_shape(before is not None, viewer_id is not None, public_only)
        values = {"owner_id": owner_id, "before": before, "limit": limit, "viewer_id": viewer_id}
        return await self._rows(shape, values)

    async def by_ids(self, ids: Sequence[int], *, viewer_id: int | None) -> Sequence[Card]:
        """The cards of these geminis, public ones only (in no particular order)."""
        if not ids:
            return []
        q = cards(viewer_id).where(Gemini.id.in_(ids), Gemini.visibility == "public")
        return await self._rows(q)


def popular_query(
    after: tuple[Any, Any] | None,
    limit: Any,
    *,
    viewer_id: Any = None,
    wanted: FeedFilter = NO_FILTER,
) -> CardQuery:
    """Public geminis, most liked first."""
    q = cards(viewer_id).where(Gemini.visibility == "public")
    if after is not None:
        q = q.where(tuple_(Gemini.like_count, Gemini.id) < tuple_(after[0], after[1]))
    q = q.where(*matching(wanted))
    return q.order_by(Gemini.like_count.desc(), Gemini.id.desc()).limit(limit)


# The unfiltered feeds' statements, one per shape, with their values as named parameters: built
# and compiled once, not per page.


@functools.cache
def _latest_shape(after: bool, viewer: bool, following: bool) -> CardQuery:
    return latest_query(
        # Typed: the column's type decides how a time is bound (SQLite compares stored text).
        (
            bindparam("after_at", type_=Gemini.published_at.type),
            bindparam("after_id", type_=Integer),
        )
        if after
        else None,
        bindparam("limit"),
        followed_by=bindparam("followed_by") if following else None,
        viewer_id=bindparam("viewer_id") if viewer else None,
    )


@functools.cache
def _popular_shape(after: bool, viewer: bool) -> CardQuery:
    return popular_query(
        (bindparam("after_likes", type_=Integer), bindparam("after_id", type_=Integer))
        if after
        else None,
        bindparam("limit"),
        viewer_id=bindparam("viewer_id") if viewer else None,
    )


@functools.cache
def _owned_shape(before: bool, viewer: bool, public_only: bool) -> CardQuery:
    q = cards(bindparam("viewer_id") if viewer else None).where(
        Gemini.owner_id == bindparam("owner_id")
    )
    if public_only:
        q = q.where(Gemini.visibility == "public")
    if before:
        q = q.where(Gemini.id < bindparam("before", type_=Integer))
    return q.order_by(Gemini.id.desc()).limit(bindparam("limit"))
