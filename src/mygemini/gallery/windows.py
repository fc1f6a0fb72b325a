"""Ranking windows: days and weeks (starting Monday) in the ranking time zone, as UTC instants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Period = Literal["daily", "weekly"]


@dataclass(frozen=True)
class Window:
    period: Period
    start: datetime  # inclusive, UTC
    end: datetime  # exclusive, UTC

    def previous(self, tz: str) -> Window:
        return window_at(self.period, self.start - timedelta(microseconds=1), tz)


def window_at(period: Period, instant: datetime, tz: str) -> Window:
    """The window of `period` that contains `instant`."""
    zone = ZoneInfo(tz)
    local = instant.astimezone(zone)
    day = local.date()
    if period == "weekly":
        day -= timedelta(days=day.weekday())  # back to Monday
    length = timedelta(days=7 if period == "weekly" else 1)
    # Build local midnights from dates (not by adding hours) so DST zones stay right.
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + length, time(0), tzinfo=zone)
    return Window(period, start.astimezone(UTC), end.astimezone(UTC))
