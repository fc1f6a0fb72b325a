"""Ranking windows in Asia/Seoul: days start at local midnight, weeks on Monday."""

from __future__ import annotations

from datetime import UTC, datetime

from mygemini.gallery.windows import window_at

SEOUL = "Asia/Seoul"


def test_day_window_is_seoul_midnight_to_midnight() -> None:
    # 2026-11-26 14:59:59 UTC is 23:59:59 in Seoul; 15:00 UTC is the next Seoul day.
    before = window_at("daily", datetime(2026, 11, 26, 14, 59, 59, tzinfo=UTC), SEOUL)
    after = window_at("daily", datetime(2026, 11, 26, 15, 0, 0, tzinfo=UTC), SEOUL)
    assert before.start == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert before.end == after.start == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    assert after.end == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    assert after.previous(SEOUL) == before


def test_week_window_starts_monday_in_seoul() -> None:
    # Sunday 2026-11-29 23:30 Seoul (14:30 UTC) is still the week of Monday 2026-11-23.
    sunday_night = window_at("weekly", datetime(2026, 11, 29, 14, 30, tzinfo=UTC), SEOUL)
    assert sunday_night.start == datetime(2026, 11, 22, 15, 0, tzinfo=UTC)  # Mon 00:00 Seoul
    assert sunday_night.end == datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
    monday = window_at("weekly", datetime(2026, 11, 29, 15, 0, tzinfo=UTC), SEOUL)
    assert monday.start == sunday_night.end
    assert monday.previous(SEOUL) == sunday_night


def test_time_zone_is_a_setting() -> None:
    utc_day = window_at("daily", datetime(2026, 11, 26, 14, 59, tzinfo=UTC), "UTC")
    assert utc_day.start == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)
