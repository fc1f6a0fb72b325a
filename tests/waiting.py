"""Waiting on a condition instead of sleeping a guessed time: poll until it holds, fail with what
was awaited (and what was last seen) at the deadline."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

T = TypeVar("T")


@overload
async def eventually(
    check: Callable[[], Awaitable[T | None]],
    what: str,
    *,
    within: float = ...,
    interval: float = ...,
) -> T: ...


@overload
async def eventually(
    check: Callable[[], Awaitable[T]],
    what: str,
    *,
    until: Callable[[T], bool],
    within: float = ...,
    interval: float = ...,
) -> T: ...


async def eventually(
    check: Callable[[], Awaitable[Any]],
    what: str,
    *,
    until: Callable[[Any], bool] = bool,
    within: float = 30.0,
    interval: float = 0.05,
) -> Any:
    """Await `check()` every `interval` seconds until `until` holds for what it returns (by
    default: until that is truthy); return that.

    `check` may raise (an `AssertionError` for "this will never happen now") to end the wait at
    once. At the deadline: `AssertionError` naming `what` and the last value seen. A `check`
    stuck in one call is cut off at the deadline too.
    """
    last: Any = None
    try:
        async with asyncio.timeout(within) as deadline:
            # Polling is the point here: what is awaited sets no event (another process, a
            # row, a file), and this is the one place that polls for the suite.
            while not until(last := await check()):  # noqa: ASYNC110
                await asyncio.sleep(interval)
            return last
    except TimeoutError:
        if not deadline.expired():
            raise
        raise AssertionError(
            f"waited {within:g} s for {what}; the last check gave {last!r}"
        ) from None
