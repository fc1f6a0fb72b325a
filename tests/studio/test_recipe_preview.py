"""The live recipe preview over HTTP: `POST /api/studio/preview {attributes}` → image/webp."""

from __future__ import annotations

import asyncio
import io

import httpx
from fastapi import FastAPI
from PIL import Image

from mygemini.studio import previews
from mygemini.studio.catalog import load_catalog
from tests.catalog import category_named, preset_recipe
from tests.conftest import MakePerson, client_for

URL = "/api/studio/preview"
RECIPE = preset_recipe("space_cadet")["attributes"]


async def test_the_whole_recipe_is_drawn_at_preview_size_then_served_from_the_cache(
    make_person: MakePerson,
) -> None:
    me = await make_person()
    first = await me.client.post(URL, json={"attributes": RECIPE}, headers=me.auth)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "image/webp"
    image = Image.open(io.BytesIO(first.content))
    assert image.format == "WEBP" and image.size == previews.RECIPE_PREVIEW_SIZE
    cached = len(previews._recipes)
    again = await me.client.post(
        URL, json={"attributes": dict(reversed(RECIPE.items()))}, headers=me.auth
    )
    assert again.status_code == 200 and again.content == first.content
    assert len(previews._recipes) == cached  # the same recipe, in any order: one cache entry


async def test_each_choice_shows_in_the_preview(make_person: MakePerson) -> None:
    me = await make_person()
    hair = category_named(load_catalog(), "hair_color")
    pictures = set()
    for option in hair.options[:3]:
        r = await me.client.post(
            URL, json={"attributes": {**RECIPE, "hair_color": option.id}}, headers=me.auth
        )
        assert r.status_code == 200, r.text
        pictures.add(r.content)
    assert len(pictures) == 3


async def test_a_recipe_still_being_picked_is_completed(make_person: MakePerson) -> None:
    me = await make_person()
    r = await me.client.post(URL, json={"attributes": {}}, headers=me.auth)
    assert r.status_code == 200 and r.headers["content-type"] == "image/webp"
    # a female hair style left over after switching to male is dropped, not refused
    r = await me.client.post(
        URL, json={"attributes": {**RECIPE, "gender": "male"}}, headers=me.auth
    )
    assert r.status_code == 200, r.text


async def test_unknown_categories_options_and_fields_are_refused(make_person: MakePerson) -> None:
    me = await make_person()
    for body in (
        {"attributes": {**RECIPE, "wings": "big"}},
        {"attributes": {**RECIPE, "hair_color": "plaid"}},
        {"attributes": RECIPE, "seed": 7},  # the preview's seed is fixed: a summon's is its own
        {"attributes": RECIPE, "extra_prompt": "holding a paper lantern"},
        {"attributes": {f"c{i}": "x" for i in range(40)}},
        {},
    ):
        r = await me.client.post(URL, json=body, headers=me.auth)
        assert r.status_code == 422, (body, r.text)
        assert r.headers["content-type"].startswith("application/json")


async def test_needs_a_person_and_is_rate_limited_per_person(
    app: FastAPI, make_person: MakePerson
) -> None:
    async with client_for(app) as anonymous:
        assert (await anonymous.post(URL, json={"attributes": RECIPE})).status_code == 401
    me, other = await make_person(), await make_person()
    answers = [
        await me.client.post(URL, json={"attributes": RECIPE}, headers=me.auth) for _ in range(30)
    ]
    refused = [r for r in answers if r.status_code == 429]
    assert refused and int(refused[0].headers["retry-after"]) >= 1
    assert {r.status_code for r in answers} == {200, 429}
    # someone else's bucket is their own
    r = await other.client.post(URL, json={"attributes": RECIPE}, headers=other.auth)
    assert r.status_code == 200


async def test_simultaneous_requests_for_a_new_recipe_share_one_drawing(
    make_person: MakePerson,
) -> None:
    people = [await make_person() for _ in range(3)]
    recipe = {**RECIPE, "hair_color": category_named(load_catalog(), "hair_color").options[-1].id}
    answers: list[httpx.Response] = await asyncio.gather(
        *(p.client.post(URL, json={"attributes": recipe}, headers=p.auth) for p in people)
    )
    assert [r.status_code for r in answers] == [200] * 3
    assert len({r.content for r in answers}) == 1
