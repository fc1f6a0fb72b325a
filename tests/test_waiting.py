"""The test suite's own `eventually`: it returns what the condition gave, and fails at its
deadline with a message that names what was awaited."""

from __future__ import annotations

import asyncio

import pytest

from tests.waiting import eventually


async def test_returns_the_first_truthy_result() -> None:
    calls = 0

    async def third_time() -> int | None:
        nonlocal calls
        calls += 1
        return calls if calls >= 3 else None

    assert await eventually(third_time, "the third call") == 3


async def test_fails_at_the_deadline_naming_what_was_awaited() -> None:
    async def never() -> int:
        return 0

    with pytest.raises(AssertionError, match=r"waited 0\.2 s for the moon; the last check gave 0"):
        await eventually(never, "the moon", within=0.2)


async def test_a_check_stuck_in_one_call_is_cut_off_at_the_deadline() -> None:
    async def stuck() -> bool:
        await asyncio.sleep(60)
        return True

    with pytest.raises(AssertionError, match=r"waited 0\.2 s for an answer"):
        await eventually(stuck, "an answer", within=0.2)


async def test_a_timeout_of_the_checks_own_is_not_mistaken_for_the_deadline() -> None:
    async def times_out() -> bool:
        raise TimeoutError("the check's own")

    with pytest.raises(TimeoutError, match="the check's own"):
        await eventually(times_out, "anything", within=5)


async def test_until_decides_and_the_last_value_is_reported() -> None:
    async def job() -> dict[str, str]:
        return {"status": "queued"}

    with pytest.raises(AssertionError, match=r"the last check gave \{'status': 'queued'\}"):
        await eventually(
            job, "the job to end", until=lambda body: body["status"] == "done", within=0.2
        )
