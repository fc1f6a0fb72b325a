from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from mygemini.notifications.kinds import NotificationOut


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None


class UnreadCount(BaseModel):
    unread: int


class MarkRead(BaseModel):
    # The schema says what `_one_of` checks: some ids, or `all: true`.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["ids"], "properties": {"ids": {"minItems": 1}}},
                {"required": ["all"], "properties": {"all": {"const": True}}},
            ]
        },
    )
    ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=200
    )
    # Optional (not just defaulted) so generated clients may send `{ids}` alone.
    # Strict: the schema says boolean, so `{"all": 0}` is refused rather than read as false.
    all: StrictBool | None = None

    @model_validator(mode="after")
    def _one_of(self) -> MarkRead:
        if not self.ids and not self.all:
            raise ValueError("give ids or all: true")
        return self
