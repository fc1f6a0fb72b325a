"""Notification payloads are typed per kind: the inbox item is a union by `kind` in the OpenAPI and
the socket schema, and the JSON a person's client receives keeps its shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from mygemini.core.realtime import ServerEvent
from mygemini.models import Notification
from tests.conftest import MakePerson, Person

KINDS = {
    "follow.new",
    "like.milestone",
    "ranking.top5",
    "generation.succeeded",
    "generation.failed",
    "fourcut.ready",
    "fourcut.failed",
    "wallet.purchase",
    "memory.saved",
}
WEB = Path(__file__).parents[2] / "web"


def test_the_inbox_item_is_a_union_by_kind_in_the_openapi(app: FastAPI) -> None:
    schemas = app.openapi()["components"]["schemas"]
    item = schemas["NotificationOut"]
    assert item["discriminator"]["propertyName"] == "kind"
    assert set(item["discriminator"]["mapping"]) == KINDS
    assert len(item["oneOf"]) == len(KINDS)
    follow = schemas["NewFollowerNotification"]["properties"]
    assert follow["kind"]["const"] == "follow.new"
    assert follow["payload"] == {"$ref": "#/components/schemas/NewFollower"}


def test_the_live_push_is_the_same_union() -> None:
    pushed = json.loads((WEB / "socket-schema.json").read_text())["components"]["schemas"]
    assert set(pushed["NotificationNew"]["discriminator"]["mapping"]) == KINDS


async def test_a_follow_notification_keeps_its_shape(make_person: MakePerson) -> None:
    star: Person = await make_person()
    fan: Person = await make_person()
    await fan.client.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
    [item] = (await star.client.get("/api/notifications", headers=star.auth)).json()["items"]
    assert set(item) == {"id", "kind", "payload", "created_at", "read"}
    assert (item["kind"], item["read"]) == ("follow.new", False)
    assert item["payload"] == {
        "nickname": fan.nickname,
        "avatar_url": item["payload"]["avatar_url"],
    }
    assert item["payload"]["avatar_url"].startswith("/api/avatars/")


async def test_the_push_of_a_follow_is_its_inbox_item_once_committed(
    make_person: MakePerson, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `notification.new` carries is the stored row as the inbox reads it back (id,
    created_at to the microsecond, payload); a repeated follow pushes nothing."""
    star: Person = await make_person()
    fan: Person = await make_person()
    realtime = app.state.ctx.realtime
    pushed: list[tuple[str, dict[str, Any], Any]] = []
    stored: list[int] = []

    async def push(message: ServerEvent, *, room: str | list[str] | None) -> None:
        # Sent after the commit: the row is there for another transaction to see.
        async with app.state.db.unit_of_work() as uow:
            stored.append(len((await uow.session.scalars(select(Notification))).all()))
        pushed.append((message.event, message.model_dump(mode="json"), room))

    monkeypatch.setattr(realtime, "push", push)
    for _ in range(2):
        r = await fan.client.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
        assert r.status_code == 204
    [item] = (await star.client.get("/api/notifications", headers=star.auth)).json()["items"]
    assert pushed == [("notification.new", item, f"user:{star.id}")]
    assert stored == [1]


async def test_a_row_of_an_unknown_kind_leaves_the_rest_of_the_inbox_readable(
    make_person: MakePerson, app: FastAPI
) -> None:
    star: Person = await make_person()
    fan: Person = await make_person()
    await fan.client.put(f"/api/users/{star.nickname}/follow", headers=fan.auth)
    async with app.state.db.unit_of_work() as uow:
        uow.session.add(Notification(user_id=star.id, kind="from.the.future", payload={"x": 1}))
    r = await star.client.get("/api/notifications", headers=star.auth)
    assert r.status_code == 200, r.text
    assert [n["kind"] for n in r.json()["items"]] == ["follow.new"]
