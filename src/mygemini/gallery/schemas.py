from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel


class Owner(BaseModel):
    nickname: str
    avatar_url: str | None


class GeminiOut(BaseModel):
    id: int
    owner: Owner
    name: str
    description: str
    visibility: Literal["public", "private"]
    image_url: str
    thumbnail_url: str
    width: int
    height: int
    recipe: dict[str, Any]
    # Only for the owner, or when the owner shares it.
    seed: int | None
    backend: str
    model: str
    like_count: int
    is_mine: bool
    created_at: datetime


class GeminiCard(BaseModel):
    id: int
    thumbnail_url: str
    name: str
    visibility: Literal["public", "private"]
    like_count: int
    created_at: datetime


class GeminiPage(BaseModel):
    items: list[GeminiCard]
    next_cursor: str | None
