"""Keyset pagination: an opaque cursor over a monotonically decreasing integer key."""

from __future__ import annotations

import base64
from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from mygemini.errors import BadRequest

T = TypeVar("T")


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
        return int(raw[1:])
    except ValueError as exc:
        raise InvalidCursor() from exc


CursorParam = Annotated[str | None, Query(max_length=64, description="Opaque cursor from a page")]
LimitParam = Annotated[int, Query(ge=1, le=100, description="Page size (at most 100)")]
