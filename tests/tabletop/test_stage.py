"""The stage (Tabletop II) through `/tabletop` events and HTTP: scenes (presets, the room's
history, who may change them), music with YouTube ids, sheets (everyone sees names and HP; the
owner and the GM the rest), the turn order with the server's initiative, and the snapshot a
late joiner gets."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

from tests.gallery.conftest import make_gemini
from tests.tabletop.conftest import cid
from tests.tabletop.staging import party, stage_table


async def test_the_preset_scenes_are_listed_and_drawn(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        someone = await table.person()
        r = await someone.client.get("/api/scenes/presets")
        assert r.status_code == 200
        presets = r.json()
        assert [p["id"] for p in presets] == [
            "tavern",
            "forest",
            "castle_hall",
            "night_sky",
            "city_street",
            "beach",
            "dungeon",
            "library",
            "snowfield",
            "spaceship",
            "classroom",
            "shrine",
        ]
        assert all(p["name_ko"] and p["name_en"] for p in presets)
        picture = await someone.client.get(presets[0]["image_url"])
        assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
        assert "public" in picture.headers["cache-control"]
        assert Image.open(io.BytesIO(picture.content)).size == (960, 540)
        assert (await someone.client.get("/api/scenes/presets/moon.png")).status_code == 422


async def test_the_gm_sets_the_stage_and_a_late_joiner_sees_and_hears_it(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        p = await party(table, 2)
        gm, player = p.seats
        room = p.room_id
        ack = await gm.ok(
            "scene.set",
            {"room_id": room, "client_id": cid(), "background": {"kind": "preset", "id": "tavern"}},
        )
        assert ack["scene"]["preset"] == "tavern" and ack["scene"]["status"] == "ready"
        changed = await player.heard("scene.changed")
        assert changed["scene"]["id"] == ack["scene"]["id"]
        assert changed["scene"]["image_url"] == "/api/scenes/presets/tavern.png"
        music = await gm.ok(
            "music.set",
            {
                "room_id": room,
                "client_id": cid(),
                "track": {"kind": "youtube", "id": "https://youtu.be/dQw4w9WgXcQ?t=42"},
                "playing": True,
                "position": 42.0,
            },
        )
        assert music["music"]["track"] == {"kind": "youtube", "id": "dQw4w9WgXcQ"}
        assert (await player.heard("music.changed"))["music"]["playing"] is True
        await gm.ok(
            "sheet.update",
            {
                "room_id": room,
                "client_id": cid(),
                "nickname": player.person.nickname,
                "patch": {"hp": 7, "hp_max": 12, "stats": [{"name": "STR", "value": 3}]},
            },
        )
        await gm.ok(
            "turns.set",
            {
                "room_id": room,
                "client_id": cid(),
                "entries": [
                    {"kind": "member", "name": player.person.nickname},
                    {"kind": "npc", "name": "Goblin", "initiative": 4},
                ],
            },
        )
        await gm.ok("turns.next", {"room_id": room, "client_id": cid()})

        late = await table.person()
        await table.join(late, room)
        _, entered = await table.seated(late, room)
        assert entered["scene"]["preset"] == "tavern"
        heard = entered["music"]
        assert heard["track"]["id"] == "dQw4w9WgXcQ" and heard["playing"] is True
        # The place reached by now: never before where it was set.
        assert heard["position"] >= 42.0
        assert datetime.fromisoformat(heard["started_at"])
        sheets = {s["nickname"]: s for s in entered["sheets"]}
        assert sheets[player.person.nickname]["hp"] == 7
        assert sheets[player.person.nickname]["hp_max"] == 12
        # Names and HP for everyone; stats and notes only for the owner and the GM.
        assert sheets[player.person.nickname]["stats"] is None
        assert sheets[late.nickname]["stats"] == [] and sheets[late.nickname]["hp"] == 10
        assert entered["turns"]["current"] == 0 and entered["turns"]["round"] == 1
        assert [e["name"] for e in entered["turns"]["entries"]] == [
            player.person.nickname,
            "Goblin",
        ]


async def test_only_the_gm_changes_the_scene_unless_the_gm_allows_everyone(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        p = await party(table, 2)
        gm, player = p.seats
        room = p.room_id
        forest = {"kind": "preset", "id": "forest"}
        refused = await player.call(
            "scene.set", {"room_id": room, "client_id": cid(), "background": forest}
        )
        assert refused["ok"] is False and refused["error"] == "NotTheGm"
        refused = await player.call(
            "music.set",
            {
                "room_id": room,
                "client_id": cid(),
                "track": {"kind": "preset", "id": "rainy_cafe"},
                "playing": True,
            },
        )
        assert refused["error"] == "NotTheGm"
        refused = await player.call(
            "scene.allow", {"room_id": room, "client_id": cid(), "anyone": True}
        )
        assert refused["error"] == "NotTheGm"
        await gm.ok("scene.allow", {"room_id": room, "client_id": cid(), "anyone": True})
        assert (await player.heard("scene.rules"))["scene_by_anyone"] is True
        done = await player.ok(
            "scene.set", {"room_id": room, "client_id": cid(), "background": forest}
        )
        assert done["scene"]["preset"] == "forest" and done["scene"]["by"] == player.person.nickname
        # The same preset again is the same background of the room's history.
        again = await gm.ok(
            "scene.set", {"room_id": room, "client_id": cid(), "background": forest}
        )
        assert again["scene"]["id"] == done["scene"]["id"]
        history = await gm.person.client.get(
            f"/api/rooms/{room}/backgrounds", headers=gm.person.auth
        )
        assert history.status_code == 200
        assert history.json()["current"]["preset"] == "forest"
        assert [b["preset"] for b in history.json()["items"]] == ["forest"]


async def test_outsiders_other_rooms_and_bad_input_are_refused(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        p = await party(table, 2)
        gm, player = p.seats
        room = p.room_id
        other = await party(table, 1)
        theirs = await other.seats[0].ok(
            "scene.set",
            {
                "room_id": other.room_id,
                "client_id": cid(),
                "background": {"kind": "preset", "id": "beach"},
            },
        )
        # Another room's background, by its id, is no background of this room.
        refused = await gm.call(
            "scene.set",
            {
                "room_id": room,
                "client_id": cid(),
                "background": {"kind": "room", "id": theirs["scene"]["id"]},
            },
        )
        assert refused["error"] == "BackgroundNotFound"
        # Someone outside the room may neither command it nor read its history.
        outsider = other.seats[0]
        commands: list[tuple[str, dict[str, Any]]] = [
            ("scene.set", {"background": {"kind": "preset", "id": "beach"}}),
            ("scene.generate", {"description": "a castle"}),
            ("music.set", {"track": None, "playing": False}),
            ("turns.next", {}),
            ("fourcut.request", {"members": [gm.person.nickname], "pose_set": "sample"}),
        ]
        for event, body in commands:
            ack = await outsider.call(event, {"room_id": room, "client_id": cid(), **body})
            assert ack["ok"] is False and ack["error"] == "NotAMember", (event, ack)
        r = await outsider.person.client.get(
            f"/api/rooms/{room}/backgrounds", headers=outsider.person.auth
        )
        assert r.status_code == 403
        for bad in (
            "https://vimeo.com/123456789",
            "https://www.youtube.com/watch?v=short",
            "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
            "javascript:alert(1)//dQw4w9WgXcQ",
        ):
            ack = await gm.call(
                "music.set",
                {
                    "room_id": room,
                    "client_id": cid(),
                    "track": {"kind": "youtube", "id": bad},
                    "playing": True,
                },
            )
            assert ack["error"] in ("InvalidYoutubeLink", "ValidationError"), (bad, ack)
        bad_input: list[tuple[str, dict[str, Any]]] = [
            ("scene.set", {"background": {"kind": "preset", "id": "moon"}}),
            ("scene.generate", {"description": ""}),
            ("scene.generate", {"description": "x" * 201}),
            ("music.set", {"track": {"kind": "preset", "id": "polka"}, "playing": True}),
            ("music.set", {"track": None, "playing": True, "position": -1}),
            ("sheet.update", {"nickname": player.person.nickname, "patch": {"hp_max": 0}}),
            ("sheet.update", {"nickname": player.person.nickname, "patch": {"mana": 3}}),
            ("turns.set", {"entries": [{"kind": "boss", "name": "x"}]}),
            ("turns.next", {"step": 2}),
            ("fourcut.request", {"members": [], "pose_set": "sample"}),
            ("fourcut.request", {"members": ["a", "b", "c", "d", "e"], "pose_set": "sample"}),
            ("fourcut.request", {"members": [gm.person.nickname], "pose_set": "yoga"}),
        ]
        for event, body in bad_input:
            ack = await gm.call(event, {"room_id": room, "client_id": cid(), **body})
            assert ack["ok"] is False and ack["error"] == "ValidationError", (event, body, ack)


async def test_sheets_are_edited_by_their_owner_and_the_gm_and_seen_by_all(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        p = await party(table, 3, names=("Narrator", "Aria", "Bram"))
        gm, aria, bram = p.seats
        room = p.room_id
        refused = await bram.call(
            "sheet.update",
            {
                "room_id": room,
                "client_id": cid(),
                "nickname": aria.person.nickname,
                "patch": {"hp": 1},
            },
        )
        assert refused["error"] == "NotYourSheet"
        mine = await aria.ok(
            "sheet.update",
            {
                "room_id": room,
                "client_id": cid(),
                "nickname": aria.person.nickname,
                "patch": {
                    "hp": 99,
                    "notes": "afraid of spiders",
                    "stats": [{"name": "DEX", "value": 4}],
                },
            },
        )
        # A new sheet is named after the character; HP never goes above its maximum.
        assert mine["sheet"]["name"] == "Aria" and mine["sheet"]["hp"] == 10
        assert mine["sheet"]["notes"] == "afraid of spiders"
        to_gm = await gm.heard("sheet.changed")
        to_bram = await bram.heard("sheet.changed")
        assert to_gm["sheet"]["notes"] == "afraid of spiders" and to_gm["sheet"]["stats"]
        assert to_bram["sheet"]["name"] == "Aria" and to_bram["sheet"]["hp"] == 10
        assert to_bram["sheet"]["notes"] is None and to_bram["sheet"]["stats"] is None
        await gm.ok(
            "sheet.update",
            {
                "room_id": room,
                "client_id": cid(),
                "nickname": aria.person.nickname,
                "patch": {"hp": 4, "name": "Aria the Bold"},
            },
        )
        assert (await bram.heard("sheet.changed"))["sheet"]["hp"] == 4
        unknown = await gm.call(
            "sheet.update",
            {"room_id": room, "client_id": cid(), "nickname": "nobody", "patch": {"hp": 1}},
        )
        assert unknown["error"] == "MemberNotFound"


async def test_the_gm_runs_the_turn_order_with_the_servers_dice(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        p = await party(table, 2)
        gm, player = p.seats
        room = p.room_id
        refused = await player.call("turns.roll", {"room_id": room, "client_id": cid()})
        assert refused["error"] == "NotTheGm"
        empty = await gm.call("turns.next", {"room_id": room, "client_id": cid()})
        assert empty["error"] == "EmptyTurnOrder"
        stranger = await gm.call(
            "turns.set",
            {"room_id": room, "client_id": cid(), "entries": [{"kind": "member", "name": "zed"}]},
        )
        assert stranger["error"] == "MemberNotFound"
        twice = await gm.call(
            "turns.set",
            {
                "room_id": room,
                "client_id": cid(),
                "entries": [{"kind": "npc", "name": "Orc"}, {"kind": "npc", "name": "orc"}],
            },
        )
        assert twice["error"] == "InvalidTurnOrder"
        await gm.ok(
            "turns.set",
            {
                "room_id": room,
                "client_id": cid(),
                "entries": [
                    {"kind": "member", "name": gm.person.nickname},
                    {"kind": "member", "name": player.person.nickname},
                    {"kind": "npc", "name": "Orc"},
                ],
            },
        )
        rolled = await gm.ok("turns.roll", {"room_id": room, "client_id": cid(), "expr": "1d20+2"})
        entries = rolled["turns"]["entries"]
        assert len(entries) == 3 and all(3 <= e["initiative"] <= 22 for e in entries)
        assert [e["initiative"] for e in entries] == sorted(
            (e["initiative"] for e in entries), reverse=True
        )
        assert all("1d20" in e["roll"] for e in entries)
        heard = await player.heard("turns.changed", lambda d: d["turns"]["entries"][0]["roll"])
        assert heard["turns"]["entries"] == entries
        # The same client_id again moves the turn once, not twice.
        step = cid()
        first = await gm.ok("turns.next", {"room_id": room, "client_id": step})
        again = await gm.ok("turns.next", {"room_id": room, "client_id": step})
        assert first["turns"]["current"] == again["turns"]["current"] == 0
        for _ in range(3):
            last = await gm.ok("turns.next", {"room_id": room, "client_id": cid()})
        assert last["turns"]["current"] == 0 and last["turns"]["round"] == 2
        back = await gm.ok("turns.next", {"room_id": room, "client_id": cid(), "step": -1})
        assert back["turns"]["current"] == 2 and back["turns"]["round"] == 1
        bad = await gm.call("turns.roll", {"room_id": room, "client_id": cid(), "expr": "1d0"})
        assert bad["error"] == "InvalidDice"


async def test_the_usual_youtube_link_shapes_keep_only_the_video_id(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        p = await party(table, 1)
        (gm,) = p.seats
        for link in (
            "dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1&index=2",
            "youtube.com/watch?v=dQw4w9WgXcQ",
            "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://music.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ?start=3",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/live/dQw4w9WgXcQ",
        ):
            ack = await gm.ok(
                "music.set",
                {
                    "room_id": p.room_id,
                    "client_id": cid(),
                    "track": {"kind": "youtube", "id": link},
                    "playing": False,
                    "position": 3,
                },
            )
            assert ack["music"]["track"]["id"] == "dQw4w9WgXcQ", link
            assert ack["music"]["position"] == 3.0 and ack["music"]["playing"] is False


async def test_a_gemini_of_someone_else_never_stands_in(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    """A member with no character is refused, not padded with another person's gemini."""
    async with stage_table(tmp_path, database_url, redis_url, worker=False) as table:
        p = await party(table, 1)
        (gm,) = p.seats
        newcomer = await table.person()
        await make_gemini(table.app, newcomer.id, name="Unchosen")
        await table.join(newcomer, p.room_id)
        ack = await gm.call(
            "fourcut.request",
            {
                "room_id": p.room_id,
                "client_id": cid(),
                "members": [gm.person.nickname, newcomer.nickname],
                "pose_set": "sample",
            },
        )
        assert ack["error"] == "NoCharacter"
        twice = await gm.call(
            "fourcut.request",
            {
                "room_id": p.room_id,
                "client_id": cid(),
                "members": [gm.person.nickname, gm.person.nickname.upper()],
                "pose_set": "sample",
            },
        )
        assert twice["error"] == "DuplicateMembers"
        # A client_id already used for another command starts nothing.
        used = cid()
        await gm.ok("turns.set", {"room_id": p.room_id, "client_id": used, "entries": []})
        for event, body in (
            ("scene.generate", {"description": "a castle"}),
            ("fourcut.request", {"members": [gm.person.nickname], "pose_set": "sample"}),
        ):
            ack = await gm.call(event, {"room_id": p.room_id, "client_id": used, **body})
            assert ack["error"] == "ClientIdUsed", (event, ack)
