"""`GET /api/feed`'s fast path (gallery/feed_route.py) answers exactly what FastAPI's own
handler answers: the same status, headers and bytes, for plainly valid queries (which it answers
itself) and for everything else (which it leaves to FastAPI). Each request is sent twice to the
same app, once with `fast_reads` on and once off."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI

from mygemini.core.fastpath import FastPathRoute, plain_json
from mygemini.core.security import create_access_token
from mygemini.gallery import feeds
from mygemini.gallery.endpoints import router
from mygemini.gallery.feed_route import plain_query
from mygemini.gallery.schemas import FeedPage
from tests.conftest import TEST_SECRET, MakePerson, Person
from tests.gallery.conftest import PRESET, make_gemini

PINK = {**PRESET.attributes, "hair_color": "pink"}
# Names that exercise the JSON writer: quotes, escapes, control characters, Korean, emoji.
NAMES = ['say "hi"', "back\\slash", "tab\there\nline", "\x01\x1f\x7f", "한글 이름", "😀 \u2028"]
# A fixed request id, so that every header of both answers can be compared.
HEADERS = {"X-Request-ID": "feed-query-test"}


def feed_route() -> FastPathRoute:
    route = next(r for r in router.routes if getattr(r, "path", None) == "/feed")
    assert isinstance(route, FastPathRoute)
    return route


async def both_ways(
    app: FastAPI, client: httpx.AsyncClient, query: str, headers: dict[str, str]
) -> tuple[httpx.Response, bool]:
    """The answer to `GET /api/feed?<query>` (the same fast and not), and whether the fast path
    answered it."""
    route = feed_route()
    settings = app.state.ctx.settings
    url = "/api/feed" + (f"?{query}" if query else "")
    was = settings.fast_reads
    before = route.answered
    try:
        settings.fast_reads = True
        fast = await client.get(url, headers={**HEADERS, **headers})
        answered = route.answered - before
        settings.fast_reads = False
        slow = await client.get(url, headers={**HEADERS, **headers})
    finally:
        settings.fast_reads = was
    assert route.answered - before == answered <= 1
    assert fast.status_code == slow.status_code, (query, fast.text, slow.text)
    assert fast.headers.multi_items() == slow.headers.multi_items(), query
    assert fast.content == slow.content, (query, fast.text, slow.text)
    return fast, bool(answered)


async def _world(app: FastAPI, make_person: MakePerson) -> tuple[Person, Person, dict[str, str]]:
    """Two people, geminis with awkward names, a like, a save, a follow and avatars of each
    kind; the viewer's next page cursors by kind."""
    owner = await make_person()
    viewer = await make_person()
    plain = await make_person(onboard=False)  # no avatar at all
    await make_gemini(app, plain.id, name="no avatar")
    ids = [await make_gemini(app, owner.id, name=name) for name in NAMES]
    ids += [await make_gemini(app, owner.id, name=f"pink {n}", attributes=PINK) for n in range(3)]
    await make_gemini(app, owner.id, name="hidden", public=False)
    r = await owner.client.put("/api/me/avatar", json={"gemini_id": ids[0]}, headers=owner.auth)
    assert r.status_code == 204, r.text
    for path in (
        f"/api/geminis/{ids[1]}/like",
        f"/api/geminis/{ids[2]}/save",
        f"/api/geminis/{ids[3]}/save",
    ):
        r = await viewer.client.put(path, headers=viewer.auth)
        assert r.status_code == 200, r.text
    r = await viewer.client.put(f"/api/users/{owner.nickname}/follow", headers=viewer.auth)
    assert r.status_code in (200, 201, 204), r.text
    cursors: dict[str, str] = {}
    for kind in ("latest", "popular", "following", "saved"):
        r = await viewer.client.get(f"/api/feed?kind={kind}&limit=1", headers=viewer.auth)
        assert r.status_code == 200, r.text
        cursor = r.json()["next_cursor"]
        if cursor:
            cursors[kind] = cursor
    assert set(cursors) == {"latest", "popular", "following", "saved"}
    return owner, viewer, cursors


# Plainly valid: the fast path answers them.
def valid_queries(cursors: dict[str, str]) -> list[str]:
    queries = [
        "",
        "kind=latest&limit=24",
        "limit=1",
        "limit=60",
        "limit=9",
        "kind=popular",
        "kind=following",
        "kind=saved",
        "attr=hair_color:pink",
        "attr=hair_color:pink&attr=costume:" + PRESET.attributes["costume"],
        "kind=popular&attr=hair_color:pink&limit=2",
        "q=" + quote("한글"),
        "q=PINK",
        "q=",
        "q=%25",
        "q=_",
        "q=" + "x" * 40,
        "cursor=",
        "limit=2&attr=hair_color:pink&q=pink&kind=latest",
    ]
    for kind, cursor in cursors.items():
        queries += [f"kind={kind}&cursor={cursor}", f"kind={kind}&cursor={cursor}&limit=3"]
    return queries


# Everything FastAPI or the service refuses, or might read otherwise: left to FastAPI.
INVALID = [
    "limit=0",
    "limit=61",
    "limit=100",
    "limit=abc",
    "limit=1.0",
    "limit=024",
    "limit=%2B5",
    "limit=%205",
    "limit=5%20",
    "limit=",
    "limit=%D9%A3",  # an Arabic-Indic three
    "limit=1&limit=2",
    "limit=99&limit=2",
    "kind=latest&kind=popular",
    "kind=bogus",
    "kind=",
    "kind=LATEST",
    "attr=",
    "attr=bad",
    "attr=Hair_color:pink",
    "attr=hair_color:pink%0A",
    "attr=nope:pink",
    "attr=hair_color:nope",
    "attr=hair_color:pink&attr=hair_color:" + PRESET.attributes["hair_color"],
    "&".join(f"attr=c{n}:o" for n in range(9)),
    "q=" + "x" * 41,
    "q=a&q=b",
    "cursor=garbage",
    "cursor=" + "A" * 65,
    "cursor=Y3h8eA",  # "cx|x": two keys, neither a time nor an id
    "cursor=a&cursor=b",
    "other=1",
    "kind=latest&other=",
]

# Of those, the ones FastAPI reads its own way rather than refuses (pydantic takes "1.0" and
# " 5" as numbers, the last of repeated values wins, unknown parameters are ignored).
READ_OTHERWISE = {
    "limit=1.0",
    "limit=024",
    "limit=%2B5",
    "limit=%205",
    "limit=5%20",
    "limit=1&limit=2",
    "limit=99&limit=2",
    "kind=latest&kind=popular",
    "q=a&q=b",
    "other=1",
    "kind=latest&other=",
}


async def test_the_fast_path_answers_exactly_as_fastapi(
    app: FastAPI, make_person: MakePerson, client: httpx.AsyncClient
) -> None:
    owner, viewer, cursors = await _world(app, make_person)
    viewers = {"nobody": {}, "viewer": viewer.auth, "owner": owner.auth}
    for who, headers in viewers.items():
        for query in valid_queries(cursors):
            r, answered = await both_ways(app, client, query, headers)
            assert r.status_code == 200, (who, query, r.text)
            assert answered, (who, query)
        for query in INVALID:
            r, answered = await both_ways(app, client, query, headers)
            assert not answered, (who, query)
            if query not in READ_OTHERWISE:
                assert r.status_code in (400, 422), (who, query, r.text)

    page, _ = await both_ways(app, client, "kind=latest", viewer.auth)
    items = page.json()["items"]
    assert {item["name"] for item in items} >= set(NAMES)
    assert any(i["liked"] for i in items) and any(i["saved"] for i in items)
    assert {i["owner"]["avatar_url"] is None for i in items} == {True, False}


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer garbage",
        "Bearer " + create_access_token(1, TEST_SECRET, minutes=-1),  # expired
        "Bearer " + create_access_token(1, "another-secret-" + "y" * 40, minutes=5),
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "bearer garbage",
    ],
)
async def test_tokens_the_feed_refuses_or_ignores_answer_the_same(
    app: FastAPI, make_person: MakePerson, client: httpx.AsyncClient, authorization: str
) -> None:
    owner = await make_person()
    await make_gemini(app, owner.id, name="seen")
    scheme, _, token = authorization.partition(" ")
    refused = scheme.lower() == "bearer" and token.strip() != ""
    for query in ("", "kind=following", "kind=saved", "limit=0"):
        r, answered = await both_ways(app, client, query, {"Authorization": authorization})
        if refused:
            assert r.status_code == 401 and not answered, (authorization, query)
        elif query != "limit=0":
            # No bearer token at all: read as nobody, by both.
            assert r.status_code == 200 and answered, (authorization, query)


async def test_following_and_saved_without_a_viewer_are_empty_both_ways(
    app: FastAPI, make_person: MakePerson, client: httpx.AsyncClient
) -> None:
    owner = await make_person()
    await make_gemini(app, owner.id)
    for kind in ("following", "saved"):
        r, answered = await both_ways(app, client, f"kind={kind}", {})
        assert answered and r.json() == {"items": [], "next_cursor": None}


async def test_head_and_other_methods_answer_the_same(
    app: FastAPI, make_person: MakePerson, client: httpx.AsyncClient
) -> None:
    owner = await make_person()
    await make_gemini(app, owner.id)
    settings = app.state.ctx.settings
    was = settings.fast_reads
    for method in ("HEAD", "POST", "DELETE"):
        try:
            settings.fast_reads = True
            fast = await client.request(method, "/api/feed?limit=2", headers=HEADERS)
            settings.fast_reads = False
            slow = await client.request(method, "/api/feed?limit=2", headers=HEADERS)
        finally:
            settings.fast_reads = was
        assert (fast.status_code, fast.headers.multi_items(), fast.content) == (
            slow.status_code,
            slow.headers.multi_items(),
            slow.content,
        ), method


def test_plain_json_writes_the_bytes_pydantic_writes() -> None:
    every_control = "".join(chr(c) for c in range(32)) + "\x7f\u2028\u2029"
    texts = [every_control, 'q"uo\\te/', "한글", "😀", "é", "\ufeff", ""]
    data: dict[str, Any] = {
        "items": [
            {
                "id": 2**31 - 1,
                "thumbnail_url": f"/media/{text}?exp=1&sig=x",
                "name": text,
                "owner": {"nickname": text, "avatar_url": None if n % 2 else text},
                "like_count": n,
                "liked": bool(n % 2),
                "saved": not n % 2,
            }
            for n, text in enumerate(texts)
        ],
        "next_cursor": "Y2Fi",
    }
    page = FeedPage.model_validate(data)
    assert plain_json(data) == page.__pydantic_serializer__.to_json(page)
    empty: dict[str, Any] = {"items": [], "next_cursor": None}
    assert plain_json(empty) == FeedPage.model_validate(empty).model_dump_json().encode()


def test_plain_query_is_never_wider_than_the_endpoint() -> None:
    assert plain_query(b"") is not None
    assert plain_query(f"limit={feeds.MAX_LIMIT}".encode()) is not None
    # Plainly formed, refused by the service: the fast path meets the error and falls back.
    refused_later = {
        "attr=nope:pink",
        "attr=hair_color:nope",
        "attr=hair_color:pink&attr=hair_color:" + PRESET.attributes["hair_color"],
        "cursor=garbage",
        "cursor=Y3h8eA",
    }
    for query in INVALID:
        assert (plain_query(query.encode()) is None) == (query not in refused_later), query
