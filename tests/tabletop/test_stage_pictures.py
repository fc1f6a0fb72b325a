"""The stage's pictures through the one generation pipeline: backgrounds drawn from Korean and
English descriptions (and one cancelled), and life four-cuts — each member pictured as their own
character even after leaving, composed once (also when a worker is killed mid-frame), shown to
the room and kept in the memories of those pictured only."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import func, select

from mygemini.gallery.fourcuts import compose_when_complete
from mygemini.models import Generation, Memory, Notification
from mygemini.models.base import utcnow
from mygemini.models.gallery import Gemini
from mygemini.pipeline.sweeper import sweep
from tests.conftest import Person
from tests.pushes import listening
from tests.tabletop.conftest import Seat, cid
from tests.tabletop.staging import party, stage_table
from tests.waiting import eventually
from tests.workers import spawn_worker


async def _jobs(app: FastAPI, purpose: str) -> list[Generation]:
    async with app.state.db.read_only() as uow:
        rows = list(
            await uow.session.scalars(
                select(Generation).where(Generation.purpose == purpose).order_by(Generation.id)
            )
        )
        uow.session.expunge_all()  # read after the session ends
        return rows


async def _count(app: FastAPI, query: Any) -> int:
    async with app.state.db.read_only() as uow:
        return int(await uow.session.scalar(query) or 0)


async def _png(person: Person, url: str) -> Image.Image:
    r = await person.client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return Image.open(io.BytesIO(r.content))


async def _drawn(seat: Seat, job_id: int) -> dict[str, Any]:
    """The scene.generating push that ends job `job_id`."""
    return await seat.heard(
        "scene.generating",
        lambda d: d["job_id"] == job_id and d["status"] in ("succeeded", "failed", "cancelled"),
        within=60,
    )


def _showing(background_id: int) -> Callable[[dict[str, Any]], bool]:
    return lambda d: bool(d["scene"]["id"] == background_id)


async def test_backgrounds_are_drawn_from_korean_and_english_words_for_everyone(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url) as table:
        p = await party(table, 2)
        gm, player = p.seats
        room = p.room_id
        scenes = []
        for words in ("별이 가득한 밤하늘 아래 고요한 호수", "a misty pine forest at dawn"):
            client_id = cid()
            ack = await gm.ok(
                "scene.generate", {"room_id": room, "client_id": client_id, "description": words}
            )
            again = await gm.ok(
                "scene.generate", {"room_id": room, "client_id": client_id, "description": words}
            )
            assert again["job_id"] == ack["job_id"]  # a retry starts nothing new
            ended = await _drawn(player, ack["job_id"])
            assert ended["status"] == "succeeded" and ended["description"] == words
            changed = await player.heard("scene.changed", _showing(ended["background_id"]))
            scene = changed["scene"]
            assert scene["kind"] == "generated" and scene["description"] == words
            # The room's own picture: a signed, expiring address, never a guessable one.
            assert "sig=" in scene["image_url"]
            assert (await _png(player.person, scene["image_url"])).size == (960, 540)
            scenes.append(scene)
        jobs = await _jobs(table.app, "background")
        assert [j.recipe["description"] for j in jobs] == [s["description"] for s in scenes]
        assert all(j.cost == 0 and j.status == "succeeded" for j in jobs)
        r = await player.person.client.get(
            f"/api/rooms/{room}/backgrounds", headers=player.person.auth
        )
        page = r.json()
        assert page["current"]["id"] == scenes[1]["id"]
        assert [b["id"] for b in page["items"]] == [scenes[1]["id"], scenes[0]["id"]]
        # An earlier one comes back by its id; a late joiner sees it at once.
        await gm.ok(
            "scene.set",
            {
                "room_id": room,
                "client_id": cid(),
                "background": {"kind": "generated", "id": scenes[0]["id"]},
            },
        )
        late = await table.person()
        await table.join(late, room)
        _, entered = await table.seated(late, room)
        assert entered["scene"]["id"] == scenes[0]["id"] and entered["scene"]["image_url"]


async def test_a_description_with_a_blocked_word_draws_nothing(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        p = await party(table, 2)
        gm, _ = p.seats
        room = p.room_id
        # The studio's list, with the same tricks folded: spacing in Korean, symbols in English.
        for words in ("a N.U.D.E figure by the lake", "야 한 그림이 걸린 여관", "ｎｓｆｗ tavern"):
            ack = await gm.call(
                "scene.generate", {"room_id": room, "client_id": cid(), "description": words}
            )
            assert ack["ok"] is False and ack["error"] == "RejectedDescription", (words, ack)
        assert await _jobs(table.app, "background") == []
        r = await gm.person.client.get(f"/api/rooms/{room}/backgrounds", headers=gm.person.auth)
        assert r.status_code == 200 and r.json()["items"] == []
        # An innocent description still goes through.
        ack = await gm.ok(
            "scene.generate",
            {"room_id": room, "client_id": cid(), "description": "a quiet tavern at night"},
        )
        assert [j.id for j in await _jobs(table.app, "background")] == [ack["job_id"]]


async def test_a_cancelled_background_changes_nothing(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    slow = {"backend": "noop", "noop_seconds": 30.0}
    async with stage_table(tmp_path, database_url, redis_url, render=slow) as table:
        p = await party(table, 2)
        gm, player = p.seats
        room = p.room_id
        ack = await gm.ok(
            "scene.generate", {"room_id": room, "client_id": cid(), "description": "dragon lair"}
        )
        job = ack["job_id"]
        await player.heard(
            "scene.generating", lambda d: d["job_id"] == job and d["status"] == "running"
        )
        refused = await player.call(
            "scene.cancel", {"room_id": room, "client_id": cid(), "job_id": job}
        )
        assert refused["error"] == "NotYourJob"
        unknown = await gm.call(
            "scene.cancel", {"room_id": room, "client_id": cid(), "job_id": job + 1000}
        )
        assert unknown["error"] == "JobNotFound"
        await gm.ok("scene.cancel", {"room_id": room, "client_id": cid(), "job_id": job})
        ended = await _drawn(player, job)
        assert ended["status"] == "cancelled"
        page = (
            await gm.person.client.get(f"/api/rooms/{room}/backgrounds", headers=gm.person.auth)
        ).json()
        assert page["current"] is None
        [drawn] = page["items"]
        assert drawn["status"] == "cancelled" and drawn["image_url"] is None
        notready = await gm.call(
            "scene.set",
            {
                "room_id": room,
                "client_id": cid(),
                "background": {"kind": "room", "id": drawn["id"]},
            },
        )
        assert notready["error"] == "BackgroundNotReady"
        [row] = await _jobs(table.app, "background")
        assert row.status == "cancelled" and row.result_key is None


async def _ready(seat: Seat, fourcut_id: int) -> dict[str, Any]:
    return await seat.heard("fourcut.ready", lambda d: d["fourcut_id"] == fourcut_id, within=90)


async def _memories(person: Person) -> list[dict[str, Any]]:
    r = await person.client.get("/api/me/memories", headers=person.auth)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def _notified(app: FastAPI, user_id: int) -> int:
    return await _count(
        app,
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.kind == "memory.saved"),
    )


async def test_a_life_fourcut_of_three_is_shown_to_the_room_and_kept_by_those_pictured(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url) as table:
        p = await party(table, 4, names=("Narrator", "Aria", "Bram", "Cole"))
        gm, aria, bram, cole = p.seats
        room = p.room_id
        await gm.ok(
            "scene.set",
            {"room_id": room, "client_id": cid(), "background": {"kind": "preset", "id": "tavern"}},
        )
        pictured = [gm, aria, bram]
        client_id = cid()
        body = {
            "room_id": room,
            "client_id": client_id,
            "members": [s.person.nickname for s in pictured],
            "pose_set": "victory",
        }
        ack = await aria.ok("fourcut.request", body)
        assert (await aria.ok("fourcut.request", body))["fourcut_id"] == ack["fourcut_id"]
        fourcut_id = ack["fourcut_id"]
        progress = await cole.heard("fourcut.progress", lambda d: d["fourcut_id"] == fourcut_id)
        assert progress["total"] == 12
        ready = await _ready(cole, fourcut_id)
        strip = await _png(cole.person, ready["strip_url"])
        grid = await _png(cole.person, ready["image_url"])
        assert strip.height > strip.width and grid.width > grid.height
        # Each member's jobs are their own character's recipe and seed, in the set's poses.
        jobs = await _jobs(table.app, "lifecut_frame")
        assert len(jobs) == 12 and all(j.cost == 0 and j.status == "succeeded" for j in jobs)
        async with table.app.state.db.read_only() as uow:
            geminis = {g: await uow.session.get(Gemini, g) for g in p.geminis}
            uow.session.expunge_all()
        for job in jobs:
            _, frame, slot = (job.ref or "").split("/")
            gemini = geminis[p.geminis[int(slot)]]
            assert gemini is not None
            assert job.recipe["gemini"] == gemini.recipe and job.seed == gemini.seed
            assert job.recipe["pose"] == ("fist_pump", "arms_up", "peace", "thumbs_up")[int(frame)]
        for seat in pictured:
            [memory] = await _memories(seat.person)
            assert memory["id"] == fourcut_id and memory["pose_set"] == "victory"
            assert [m["name"] for m in memory["members"]] == ["Narrator", "Aria", "Bram"]
            assert memory["caption"].startswith("The Keep")
            assert await _notified(table.app, seat.person.id) == 1
        assert await _memories(cole.person) == []
        assert await _notified(table.app, cole.person.id) == 0
        # The room's members may look at it; nobody else knows it exists.
        seen = await cole.person.client.get(f"/api/memories/{fourcut_id}", headers=cole.person.auth)
        assert seen.status_code == 200 and seen.json()["status"] == "ready"
        stranger = await table.person()
        r = await stranger.client.get(f"/api/memories/{fourcut_id}", headers=stranger.auth)
        assert r.status_code == 404
        r = await stranger.client.get("/api/memories/999999", headers=stranger.auth)
        assert r.status_code == 404
        # Composing again (a job's success seen twice) makes nothing a second time.
        await compose_when_complete(table.app.state.ctx, fourcut_id)
        assert await _notified(table.app, aria.person.id) == 1
        assert (
            await _count(
                table.app,
                select(func.count()).select_from(Memory).where(Memory.fourcut_id == fourcut_id),
            )
            == 3
        )


async def test_members_who_left_keep_their_chosen_character(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    slow = {"backend": "noop", "noop_seconds": 0.5}
    async with stage_table(tmp_path, database_url, redis_url, render=slow) as table:
        p = await party(table, 3, names=("Narrator", "Aria", "Bram"))
        gm, aria, bram = p.seats
        room = p.room_id
        ack = await gm.ok(
            "fourcut.request",
            {
                "room_id": room,
                "client_id": cid(),
                "members": [aria.person.nickname, bram.person.nickname],
                "pose_set": "squad",
            },
        )
        fourcut_id = ack["fourcut_id"]
        # One four-cut on its way per person (eight half-second renders are still queued).
        busy = await gm.call(
            "fourcut.request",
            {
                "room_id": room,
                "client_id": cid(),
                "members": [gm.person.nickname],
                "pose_set": "sample",
            },
        )
        assert busy["error"] == "TooManyFourcuts"
        for seat in (aria, bram):
            r = await seat.person.client.post(f"/api/rooms/{room}/leave", headers=seat.person.auth)
            assert r.status_code == 204
        await _ready(gm, fourcut_id)
        for seat, name in ((aria, "Aria"), (bram, "Bram")):
            [memory] = await _memories(seat.person)
            assert memory["id"] == fourcut_id
            assert [m["name"] for m in memory["members"]] == ["Aria", "Bram"]
            # Pictured: still theirs to see, though they are no longer in the room.
            r = await seat.person.client.get(
                f"/api/memories/{fourcut_id}", headers=seat.person.auth
            )
            assert r.status_code == 200 and name in [m["name"] for m in r.json()["members"]]
        jobs = await _jobs(table.app, "lifecut_frame")
        async with table.app.state.db.read_only() as uow:
            seeds = [(await uow.session.get(Gemini, g)).seed for g in p.geminis[1:]]
        assert sorted({j.seed for j in jobs}) == sorted(seeds)
        assert [m["nickname"] for m in (await _memories(gm.person))] == []


async def test_a_worker_killed_mid_frame_still_completes_the_strip_once(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    if not redis_url:
        pytest.skip("needs Redis and a separate worker process; runs in the scaled-out pass")
    async with stage_table(
        tmp_path,
        database_url,
        redis_url,
        render={"backend": "noop", "noop_seconds": 3.0},
        jobs={"heartbeat_timeout_seconds": 1.0},
        worker=False,
    ) as table:
        settings = table.app.state.ctx.settings
        doomed = await spawn_worker(settings)
        p = await party(table, 1, names=("Solo",))
        (gm,) = p.seats
        ack = await gm.ok(
            "fourcut.request",
            {
                "room_id": p.room_id,
                "client_id": cid(),
                "members": [gm.person.nickname],
                "pose_set": "sample",
            },
        )
        fourcut_id = ack["fourcut_id"]

        async def running() -> bool:
            return any(j.status == "running" for j in await _jobs(table.app, "lifecut_frame"))

        await eventually(running, "a frame being rendered", within=30)
        doomed.kill()
        await doomed.wait()
        stale = timedelta(seconds=settings.jobs.heartbeat_timeout_seconds + 0.5)
        report = await sweep(table.app.state.ctx, now=utcnow() + stale)
        assert report.requeued >= 1
        rescuer = await spawn_worker(settings)
        try:
            await listening(table.app)
            await _ready(gm, fourcut_id)
        finally:
            rescuer.kill()
            await rescuer.wait()
        jobs = await _jobs(table.app, "lifecut_frame")
        assert len(jobs) == 4 and all(j.status == "succeeded" for j in jobs)
        assert max(j.attempts for j in jobs) == 2
        [memory] = await _memories(gm.person)
        assert memory["id"] == fourcut_id and memory["status"] == "ready"
        assert await _notified(table.app, gm.person.id) == 1
