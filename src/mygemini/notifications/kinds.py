"""Every kind of notification, declared once: what its payload carries (`notify` takes one) and
the inbox item that carries it. The inbox and the live push answer the same discriminated union
(`NotificationOut`, by `kind`), so the web's types come from the OpenAPI, not from a copy.

The kinds live here, not in the domains that send them: notifications imports no domain
(docs/adr/0008-boundaries.md). A new kind is a payload and an item below."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, Field, RootModel


class Payload(BaseModel):
    """What one kind of notification says; `kind` names it in the inbox."""

    kind: ClassVar[str]


class NewFollower(Payload):
    """Someone started following me."""

    kind = "follow.new"
    nickname: str
    avatar_url: str | None


class LikeMilestone(Payload):
    """One of my geminis reached a number of likes."""

    kind = "like.milestone"
    gemini_id: int
    name: str
    likes: int


class RankingTop5(Payload):
    """One of my geminis made a closed window's TOP 5 (a four-cut of it is on its way)."""

    kind = "ranking.top5"
    gemini_id: int
    name: str
    ranking: Literal["daily", "weekly"]
    # When the window opened, as ISO 8601 with its offset (Asia/Seoul by default).
    window_start: str
    position: int


class GenerationSucceeded(Payload):
    """My summoning is done: the new gemini."""

    kind = "generation.succeeded"
    generation_id: int
    gemini_id: int


class GenerationFailed(Payload):
    """My summoning failed (its stars were refunded)."""

    kind = "generation.failed"
    generation_id: int
    error: str | None


class FourcutReady(Payload):
    """A four-cut of my gemini is composed (the gemini may be gone meanwhile)."""

    kind = "fourcut.ready"
    fourcut_id: int
    gemini_id: int | None


class FourcutFailed(Payload):
    """A four-cut of my gemini could not be made (its stars were refunded)."""

    kind = "fourcut.failed"
    fourcut_id: int
    gemini_id: int | None


class StarsPurchased(Payload):
    """A star purchase was approved and credited: the new balance."""

    kind = "wallet.purchase"
    order_id: int
    stars: int
    balance: int


class MemorySaved(Payload):
    """A life four-cut I am pictured in was taken at a table: it is in my memories."""

    kind = "memory.saved"
    memory_id: int
    room_id: int
    room_title: str


class _Item(BaseModel):
    """An inbox item; each kind narrows `kind` and `payload`."""

    id: int
    kind: str
    payload: Payload
    created_at: datetime
    read: bool


class NewFollowerNotification(_Item):
    kind: Literal["follow.new"]
    payload: NewFollower


class LikeMilestoneNotification(_Item):
    kind: Literal["like.milestone"]
    payload: LikeMilestone


class RankingTop5Notification(_Item):
    kind: Literal["ranking.top5"]
    payload: RankingTop5


class GenerationSucceededNotification(_Item):
    kind: Literal["generation.succeeded"]
    payload: GenerationSucceeded


class GenerationFailedNotification(_Item):
    kind: Literal["generation.failed"]
    payload: GenerationFailed


class FourcutReadyNotification(_Item):
    kind: Literal["fourcut.ready"]
    payload: FourcutReady


class FourcutFailedNotification(_Item):
    kind: Literal["fourcut.failed"]
    payload: FourcutFailed


class StarsPurchasedNotification(_Item):
    kind: Literal["wallet.purchase"]
    payload: StarsPurchased


class MemorySavedNotification(_Item):
    kind: Literal["memory.saved"]
    payload: MemorySaved


NotificationItem = Annotated[
    NewFollowerNotification
    | LikeMilestoneNotification
    | RankingTop5Notification
    | GenerationSucceededNotification
    | GenerationFailedNotification
    | FourcutReadyNotification
    | FourcutFailedNotification
    | StarsPurchasedNotification
    | MemorySavedNotification,
    Field(discriminator="kind"),
]


class NotificationOut(RootModel[NotificationItem]):
    """One notification of my inbox; `kind` says which payload it carries."""
