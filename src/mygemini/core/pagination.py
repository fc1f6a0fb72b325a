"""Keyset pagination: an opaque cursor over a monotonically decreasing integer key."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel

from mygemini.errors import BadRequest

T = TypeVar("T")


# Row ids are 32-bit integers on every database.
MAX_ID = 2**31 - 1


class InvalidCursor(BadRequest):
    default_detail = "The cursor is not valid."


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"k{key}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("k"):
            raise ValueError
        key = int(raw[1:])
    except ValueError as exc:
        raise InvalidCursor() from exc
    if not 0 <= key <= MAX_ID:
        raise InvalidCursor()
    return key


IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="A row id")]
CURSOR_MAX_LENGTH = 64
CursorParam = Annotated[
    str | None, Query(max_length=CURSOR_MAX_LENGTH, description="Opaque cursor from a page")
]
LimitParam = Annotated[int, Query(ge=1, le=100, description="Page size (at most 100)")]


def encode_keys(*keys: int | str) -> str:
    """A cursor over a composite sort key, e.g. (published_at iso, id)."""
    raw = "|".join(str(k) for k in keys)
    return base64.urlsafe_b64encode(f"c{raw}".encode()).decode().rstrip("=")


def decode_keys(cursor: str | None, count: int) -> list[str] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except ValueError as exc:
        raise InvalidCursor() from exc
    parts = raw[1:].split("|")
    if not raw.startswith("c") or len(parts) != count:
        raise InvalidCursor()
    return parts


R = TypeVar("R")


def split_page(
    rows: Sequence[R], limit: int, key: Callable[[R], int]
) -> tuple[list[R], str | None]:
    """Rows were fetched with `limit + 1`: keep `limit`, and a cursor only if one was left over."""
    page = list(rows[:limit])
    more = len(rows) > limit and bool(page)
    return page, encode_cursor(key(page[-1])) if more else None
