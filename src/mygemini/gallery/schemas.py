from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from mygemini.core.text import CleanText
from mygemini.models.gallery import FourcutStatus

Visibility = Literal["public", "private"]


class Owner(BaseModel):
    nickname: str
    avatar_url: str | None


class Keyword(BaseModel):
    category: str
    option: str
    label: str


class GeminiOut(BaseModel):
    id: int
    owner: Owner
    name: str
    description: str
    visibility: Visibility
    image_url: str
    thumbnail_url: str
    width: int
    height: int
    recipe: dict[str, Any]
    # the recipe's options as labels in the caller's language
    keywords: list[Keyword]
    # Only for the owner, or when the owner shares it.
    seed: int | None
    share_seed: bool
    backend: str
    model: str
    like_count: int
    liked: bool
    # in the viewer's "saved" list
    saved: bool
    is_mine: bool
    created_at: datetime
    published_at: datetime | None


class GeminiUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: CleanText | None = Field(default=None, max_length=20)
    description: CleanText | None = Field(default=None, max_length=255)
    visibility: Visibility | None = None
    # Strict: the schema says boolean, so `0` or `"yes"` is refused rather than guessed at.
    share_seed: StrictBool | None = None


class FeedItem(BaseModel):
    id: int
    thumbnail_url: str
    name: str
    owner: Owner
    # likes from people other than the owner (an owner cannot like their own gemini)
    like_count: int
    liked: bool
    # in the viewer's "saved" list (false for anonymous viewers)
    saved: bool


class GeminiCard(FeedItem):
    """A feed card plus what only the owner's own list needs."""

    visibility: Visibility
    created_at: datetime


class GeminiPage(BaseModel):
    items: list[GeminiCard]
    next_cursor: str | None


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str | None


class LikeOut(BaseModel):
    liked: bool
    like_count: int


class SaveOut(BaseModel):
    saved: bool


class RecipeOut(BaseModel):
    attributes: dict[str, str]
    extra_prompt: str | None
    seed: int | None


class AvatarIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gemini_id: int = Field(ge=1, le=2**31 - 1)


class PeriodOut(BaseModel):
    start: datetime
    end: datetime


class RankedItem(BaseModel):
    position: int
    gemini: FeedItem | None
    score: int
    fourcut: FourcutOut | None = None


class RankingOut(BaseModel):
    period: PeriodOut
    frozen: bool
    items: list[RankedItem]


class FourcutOut(BaseModel):
    id: int
    kind: str
    status: FourcutStatus
    gemini_id: int | None
    caption: str
    grid_url: str | None
    strip_url: str | None
    frame_urls: list[str]
    created_at: datetime


class FourcutList(BaseModel):
    items: list[FourcutOut]


class FourcutPage(BaseModel):
    items: list[FourcutOut]
    next_cursor: str | None


RankedItem.model_rebuild()
