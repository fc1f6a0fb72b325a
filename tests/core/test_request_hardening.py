"""Hostile request bodies get a short JSON 4xx, never a 500 (issue 7, items 6 and 13)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import MakePerson, Person
from tests.gallery.conftest import make_gemini
from tests.studio.conftest import RECIPE

LONE_SURROGATE = '"a\\ud800b"'  # JSON text: an escaped high surrogate with no low half


def raw_json(template: str, value: str) -> bytes:
    """A JSON body with `value` (JSON text, escapes kept) in place of `VALUE`."""
    return template.replace("VALUE", value).encode()


async def send(person: Person, method: str, url: str, body: bytes) -> httpx.Response:
    return await person.client.request(
        method, url, content=body, headers={**person.auth, "Content-Type": "application/json"}
    )


def assert_json_error(r: httpx.Response, status: int) -> dict[str, str]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    body: dict[str, str] = r.json()
    assert set(body) == {"error", "detail"}
    return body


@pytest.fixture
async def person(make_person: MakePerson) -> Person:
    p: Person = await make_person()
    return p


@pytest.mark.parametrize(
    ("method", "where", "template"),
    [
        ("PATCH", "me", '{"bio": VALUE}'),
        ("PATCH", "me", '{"nickname": VALUE}'),
        ("POST", "generations", '{"recipe": {"attributes": {}, "extra_prompt": VALUE}}'),
        ("PATCH", "gemini", '{"name": VALUE}'),
        ("PATCH", "gemini", '{"name": "ok", "description": VALUE}'),
        ("PATCH", "me", '{VALUE: "x"}'),
        ("POST", "signup", '{"email": "s@example.com", "password": VALUE, "nickname": "sur"}'),
    ],
)
async def test_lone_surrogate_anywhere_is_a_json_422(
    person: Person, app: FastAPI, method: str, where: str, template: str
) -> None:
    gemini_id = await make_gemini(app, person.id)
    url = {
        "me": "/api/me",
        "generations": "/api/studio/generations",
        "gemini": f"/api/geminis/{gemini_id}",
        "signup": "/api/auth/signup",
    }[where]
    if where == "generations":
        template = template.replace(
            '"attributes": {}', f'"attributes": {json.dumps(RECIPE["attributes"])}'
        )
    body = assert_json_error(
        await send(person, method, url, raw_json(template, LONE_SURROGATE)), 422
    )
    assert body["error"] == "ValidationError"
    assert "surrogate" in body["detail"]
    me = await person.client.get("/api/me", headers=person.auth)
    assert me.json()["bio"] == ""


async def test_a_proper_surrogate_pair_is_fine(person: Person) -> None:
    r = await send(person, "PATCH", "/api/me", raw_json('{"bio": VALUE}', '"star \\ud83c\\udf1f"'))
    assert r.status_code == 200, r.text
    assert r.json()["bio"] == "star \U0001f31f"


async def test_body_that_is_not_utf8_is_a_json_422(person: Person) -> None:
    r = await send(person, "PATCH", "/api/me", b'{"bio": "a\xed\xa0\x80b"}')
    assert_json_error(r, 422)


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c"])
async def test_bidi_controls_are_refused_in_bios_and_gemini_names(
    person: Person, app: FastAPI, control: str
) -> None:
    r = await person.client.patch(
        "/api/me", json={"bio": f"hello {control}dlrow"}, headers=person.auth
    )
    assert assert_json_error(r, 422)["error"] == "ValidationError"
    gemini_id = await make_gemini(app, person.id, name="before")
    r = await person.client.patch(
        f"/api/geminis/{gemini_id}", json={"name": f"x{control}y"}, headers=person.auth
    )
    assert_json_error(r, 422)
    r = await person.client.patch(
        "/api/me", json={"nickname": f"ab{control}cd"}, headers=person.auth
    )
    assert 400 <= r.status_code < 500 and r.json()["error"]
    assert (await person.client.get("/api/me", headers=person.auth)).json()["bio"] == ""


async def test_ordinary_right_to_left_text_is_fine(person: Person) -> None:
    r = await person.client.patch("/api/me", json={"bio": "שלום عالم 안녕"}, headers=person.auth)
    assert r.status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"bio": "x" * 100_000},
        {"nickname": "y" * 100_000},
        {"z" * 100_000: 1},
        {"avatar": "w" * 100_000},
    ],
)
async def test_errors_do_not_echo_huge_inputs(person: Person, payload: dict[str, Any]) -> None:
    r = await person.client.patch("/api/me", json=payload, headers=person.auth)
    assert 400 <= r.status_code < 500
    assert set(r.json()) == {"error", "detail"}
    assert len(r.content) < 1000, r.text[:300]


@pytest.mark.parametrize("where", ["category", "option"])
async def test_huge_ids_in_a_recipe_are_not_echoed(person: Person, where: str) -> None:
    category = next(iter(RECIPE["attributes"]))
    attributes = dict(RECIPE["attributes"])
    if where == "category":
        attributes["q" * 100_000] = "x"
    else:
        attributes[category] = "q" * 100_000
    r = await person.client.post(
        "/api/studio/generations", json={"recipe": {"attributes": attributes}}, headers=person.auth
    )
    assert 400 <= r.status_code < 500, r.text[:300]
    assert set(r.json()) == {"error", "detail"}
    assert len(r.content) < 1000, r.text[:300]


async def bio(person: Person) -> str:
    value: str = (await person.client.get("/api/me", headers=person.auth)).json()["bio"]
    return value


async def test_body_over_256_kb_is_413_before_parsing(person: Person) -> None:
    # Valid JSON that would change the bio if it were parsed: whitespace pads it past the limit.
    big = b'{"bio": "changed"}' + b" " * 300_000
    r = await send(person, "PATCH", "/api/me", big)
    body = assert_json_error(r, 413)
    assert body["error"] == "PayloadTooLarge"
    assert await bio(person) == ""
    # Under the limit the same padding is parsed as usual.
    r = await send(person, "PATCH", "/api/me", b'{"bio": "changed"}' + b" " * 200_000)
    assert r.status_code == 200
    assert await bio(person) == "changed"


async def test_chunked_body_over_256_kb_is_413_before_parsing(person: Person) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"bio": "changed"}'
        for _ in range(30):
            yield b" " * 10_000

    r = await person.client.patch(
        "/api/me", content=chunks(), headers={**person.auth, "Content-Type": "application/json"}
    )
    assert "content-length" not in r.request.headers
    assert_json_error(r, 413)
    assert await bio(person) == ""


async def test_small_chunked_body_still_works(person: Person) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"bio": "'
        yield b"chunked hello"
        yield b'"}'

    r = await person.client.patch(
        "/api/me", content=chunks(), headers={**person.auth, "Content-Type": "application/json"}
    )
    assert r.status_code == 200 and r.json()["bio"] == "chunked hello"
