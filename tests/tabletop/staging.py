"""A served app for the stage's tests: with a worker process in the scaled-out pass (the stage's
pictures are jobs of the pipeline), and a party of members who chose their characters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import Person
from tests.gallery.conftest import make_gemini
from tests.live import serving
from tests.pushes import listening
from tests.studio.conftest import studio_app
from tests.tabletop.conftest import Seat, Table


@asynccontextmanager
async def stage_table(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    *,
    render: dict[str, Any] | None = None,
    jobs: dict[str, Any] | None = None,
    worker: bool = True,
) -> AsyncIterator[Table]:
    async with (
        studio_app(
            tmp_path, database_url, redis_url, render=render, jobs=jobs, worker=worker
        ) as app,
        serving(app.state.ctx.realtime.asgi(app)) as base,
    ):
        t = Table(app, base)
        try:
            yield t
        finally:
            for seat in t.seats:
                if seat.sio.connected:
                    await seat.sio.disconnect()
            for p in t.people:
                await p.client.aclose()


@dataclass
class Party:
    room: dict[str, Any]
    people: list[Person]  # the GM first
    seats: list[Seat]
    geminis: list[int]  # each person's chosen character, in the same order

    @property
    def room_id(self) -> int:
        return int(self.room["id"])


async def party(table: Table, size: int, *, names: tuple[str, ...] = ()) -> Party:
    """A room whose GM and `size - 1` players each chose one of their own geminis, all seated."""
    people = [await table.person() for _ in range(size)]
    geminis = []
    for i, p in enumerate(people):
        name = names[i] if i < len(names) else f"Hero {i}"
        geminis.append(await make_gemini(table.app, p.id, name=name, public=False))
    room = await table.open_room(people[0])
    r = await people[0].client.post(
        f"/api/rooms/{room['id']}/character", json={"gemini_id": geminis[0]}, headers=people[0].auth
    )
    assert r.status_code == 200, r.text
    for p, g in zip(people[1:], geminis[1:], strict=True):
        await table.join(p, room["id"], gemini_id=g)
    seats = [(await table.seated(p, room["id"]))[0] for p in people]
    await listening(table.app)  # scaled out, the worker's pushes come through Redis
    return Party(room, people, seats, geminis)
