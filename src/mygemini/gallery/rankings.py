"""Daily and weekly TOP 5: live scores for the open window, frozen snapshots for closed ones.

Score = likes received inside the window that still exist (an unlike removes its like), only
public geminis count, highest first, a tie goes to whoever reached the score first. When a window
closes the scheduler freezes its TOP 5, tells the winners, and orders their expression four-cuts
(free).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError

from mygemini.core.context import AppContext
from mygemini.core.db import UnitOfWork
from mygemini.gallery import fourcuts
from mygemini.gallery.feeds import feed_items
from mygemini.gallery.repository import FourcutRepository, GeminiRepository, RankingRepository
from mygemini.gallery.schemas import PeriodOut, RankedItem, RankingOut
from mygemini.gallery.windows import Period, Window, window_at
from mygemini.models import RankingSnapshot, User
from mygemini.notifications import RankingTop5, notify

log = logging.getLogger(__name__)
TOP = 5
PERIODS: tuple[Period, ...] = ("daily", "weekly")


async def ranking(
    uow: UnitOfWork, ctx: AppContext, period: Period, which: str, viewer: User | None
) -> RankingOut:
    tz = ctx.settings.ranking_tz
    window = window_at(period, ctx.clock(), tz)
    if which == "previous":
        window = window.previous(tz)
    ranks = RankingRepository(uow.session)
    snapshot = await ranks.snapshot(period, window.start)
    rows: list[tuple[int | None, int]]
    if snapshot:
        rows = [(s.gemini_id, s.score) for s in snapshot if s.position > 0]
    else:
        rows = [(gid, score) for gid, score in await live_top(uow, ctx, window)]
    ids = [gid for gid, _ in rows if gid is not None]
    # A winner deleted or made private since shows as an empty place, not someone else's.
    shown = {
        g.id: g for g in await GeminiRepository(uow.session).many(ids) if g.visibility == "public"
    }
    cards = {c.id: c for c in await feed_items(uow, ctx, list(shown.values()), viewer)}
    strips = await FourcutRepository(uow.session).latest_ready(list(shown))
    items = []
    for position, (gid, score) in enumerate(rows, start=1):
        ready = strips.get(gid) if gid is not None else None
        strip = fourcuts.view(ctx, ready) if ready is not None else None
        items.append(
            RankedItem(
                position=position,
                gemini=cards.get(gid) if gid is not None else None,
                score=score,
                fourcut=strip,
            )
        )
    return RankingOut(
        period=PeriodOut(start=window.start, end=window.end), frozen=bool(snapshot), items=items
    )


async def live_top(uow: UnitOfWork, ctx: AppContext, window: Window) -> list[tuple[int, int]]:
    """The open window's TOP 5. Counting a week of likes is too heavy for every page view, so
    the result is shared for `ranking_cache_seconds` (the board is "live" to within that)."""

    async def compute() -> list[list[int]]:
        top = await RankingRepository(uow.session).top(window.start, window.end, TOP)
        return [[gid, score] for gid, score in top]

    ttl = ctx.settings.ranking_cache_seconds
    if ttl <= 0:
        return [(g, s) for g, s in await compute()]
    key = f"ranking:{window.period}:{window.start.isoformat()}"
    cached = await ctx.cache.get_or_compute(key, ttl, compute)
    return [(int(g), int(s)) for g, s in cached]


async def close_windows(ctx: AppContext) -> list[Window]:
    """Freeze every closed window that has no snapshot yet (the latest one per period).
    Safe to run from several schedulers at once: the snapshot's unique key lets one win."""
    closed = []
    for period in PERIODS:
        previous = window_at(period, ctx.clock(), ctx.settings.ranking_tz).previous(
            ctx.settings.ranking_tz
        )
        try:
            if await _freeze(ctx, previous):
                closed.append(previous)
        except IntegrityError:
            log.info("another scheduler froze %s %s first", period, previous.start)
    return closed


async def _freeze(ctx: AppContext, window: Window) -> bool:
    async with ctx.db.unit_of_work() as uow:
        ranks = RankingRepository(uow.session)
        if await ranks.has_snapshot(window.period, window.start):
            return False
        top = await ranks.top(window.start, window.end, TOP)
        rows = [
            RankingSnapshot(
                period=window.period,
                window_start=window.start,
                window_end=window.end,
                position=position,
                gemini_id=gid,
                score=score,
            )
            for position, (gid, score) in enumerate(top, start=1)
        ]
        if not rows:
            # An empty period is frozen too, so it is not recomputed every minute.
            rows = [
                RankingSnapshot(
                    period=window.period,
                    window_start=window.start,
                    window_end=window.end,
                    position=0,
                    gemini_id=None,
                    score=0,
                )
            ]
        await ranks.add(rows)
        geminis = GeminiRepository(uow.session)
        label = "TOP 5 of the day" if window.period == "daily" else "TOP 5 of the week"
        for row in rows:
            if row.gemini_id is None:
                continue
            gemini = await geminis.get(row.gemini_id)
            if gemini is None:
                continue
            reason = {
                "ranking": window.period,
                "window_start": window.start.isoformat(),
                "position": row.position,
            }
            await notify(
                uow,
                ctx.realtime,
                gemini.owner_id,
                RankingTop5(
                    gemini_id=gemini.id,
                    name=gemini.name,
                    ranking=window.period,
                    window_start=window.start.isoformat(),
                    position=row.position,
                ),
            )
            caption = f"{gemini.name or 'mygemini'} · {label} #{row.position}"
            await fourcuts.order(uow, ctx, gemini, cost=0, caption=caption, reason=reason)
    return True
