"""The feed filtered by look (`attr`, every one must match) and by text in names (`q`), on every
kind, with keyset paging intact (issue 12, point 8)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from mygemini.studio.catalog import load_catalog
from tests.conftest import MakePerson, Person
from tests.gallery.conftest import PRESET, make_gemini

PINK = {**PRESET.attributes, "hair_color": "pink"}
PINK_HANBOK = {**PINK, "costume": "hanbok"}


async def _feed(person: Person, **params: Any) -> dict[str, Any]:
    r = await person.client.get("/api/feed", params=params, headers=person.auth)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _names(page: dict[str, Any]) -> list[str]:
    return [item["name"] for item in page["items"]]


def test_the_catalog_has_the_looks_these_tests_use() -> None:
    catalog = load_catalog()
    for category, option in (("hair_color", "pink"), ("costume", "hanbok")):
        found = catalog.category(category)
        assert found is not None and found.option(option) is not None
    assert PRESET.attributes["hair_color"] != "pink"
    assert PRESET.attributes["costume"] != "hanbok"


async def test_every_attr_must_match_on_every_public_kind(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    fan: Person = await make_person()
    await make_gemini(app, owner.id, name="plain")
    await make_gemini(app, owner.id, name="pink", attributes=PINK)
    await make_gemini(app, owner.id, name="pink hanbok", attributes=PINK_HANBOK)
    await make_gemini(app, owner.id, name="hidden pink", attributes=PINK, public=False)
    r = await fan.client.put(f"/api/users/{owner.nickname}/follow", headers=fan.auth)
    assert r.status_code in (200, 201, 204), r.text

    for kind in ("latest", "popular", "following"):
        everything = await _feed(fan, kind=kind)
        assert sorted(_names(everything)) == ["pink", "pink hanbok", "plain"], kind
        pink = await _feed(fan, kind=kind, attr="hair_color:pink")
        assert sorted(_names(pink)) == ["pink", "pink hanbok"], kind
        both = await _feed(fan, kind=kind, attr=["hair_color:pink", "costume:hanbok"])
        assert _names(both) == ["pink hanbok"], kind


async def test_name_search_finds_korean_and_any_case_and_takes_wildcards_literally(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    for name in ("별빛 소녀", "Star Girl", "moon", "100% moon", "달빛_소녀"):
        await make_gemini(app, owner.id, name=name)
    assert _names(await _feed(owner, q="빛")) == ["달빛_소녀", "별빛 소녀"]
    assert _names(await _feed(owner, q="별빛")) == ["별빛 소녀"]
    # A name typed decomposed (as macOS sends Hangul) finds the composed one.
    assert _names(await _feed(owner, q="\u1107\u1167\u11af")) == ["별빛 소녀"]
    assert _names(await _feed(owner, q="  STAR ")) == ["Star Girl"]
    assert _names(await _feed(owner, q="%")) == ["100% moon"]
    assert _names(await _feed(owner, q="_")) == ["달빛_소녀"]
    assert _names(await _feed(owner, q="MOON", kind="popular")) == ["100% moon", "moon"]
    # Blank search is no search.
    assert len((await _feed(owner, q="   "))["items"]) == 5


async def test_looks_and_name_together_page_by_keyset(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    expected = []
    for i in range(7):
        await make_gemini(app, owner.id, name=f"rose {i}", attributes=PINK)
        await make_gemini(app, owner.id, name=f"rose plain {i}")
        await make_gemini(app, owner.id, name=f"tulip {i}", attributes=PINK)
        expected.append(f"rose {i}")
    expected.reverse()  # newest first
    for kind in ("latest", "popular"):
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"kind": kind, "attr": "hair_color:pink", "q": "rose"}
            params["limit"] = 3
            if cursor:
                params["cursor"] = cursor
            page = await _feed(owner, **params)
            seen += _names(page)
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == expected, kind


async def test_unknown_looks_and_oversized_filters_are_refused_clearly(
    make_person: MakePerson, app: FastAPI
) -> None:
    person: Person = await make_person()

    async def refused(**params: Any) -> str:
        r = await person.client.get("/api/feed", params=params)
        assert r.status_code == 422, r.text
        detail: str = r.json()["detail"]
        return detail

    assert "no category 'wings'" in await refused(attr="wings:big")
    assert "'hair_color' has no option 'plaid'" in await refused(attr="hair_color:plaid")
    assert "one option of 'hair_color'" in await refused(attr=["hair_color:pink", "hair_color:red"])
    assert await refused(attr="hair_color")  # not category:option
    assert await refused(attr="Hair:Pink")
    many = [f"{c.id}:{c.options[0].id}" for c in load_catalog().categories][:9]
    assert len(many) == 9
    assert await refused(attr=many)
    assert await refused(q="x" * 41)
    # The same filter given twice is one filter.
    r = await person.client.get("/api/feed", params={"attr": ["hair_color:pink"] * 2})
    assert r.status_code == 200, r.text


async def test_a_renamed_gemini_is_found_by_its_new_name_only(
    make_person: MakePerson, app: FastAPI
) -> None:
    owner: Person = await make_person()
    gid = await make_gemini(app, owner.id, name="old name")
    r = await owner.client.patch(
        f"/api/geminis/{gid}", json={"name": "새 이름"}, headers=owner.auth
    )
    assert r.status_code == 200, r.text
    assert [i["id"] for i in (await _feed(owner, q="이름"))["items"]] == [gid]
    assert [i["id"] for i in (await _feed(owner, q="새"))["items"]] == [gid]
    assert (await _feed(owner, q="old"))["items"] == []
