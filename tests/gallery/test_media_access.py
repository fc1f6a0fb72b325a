"""Who can fetch a gemini's files (issue 7, item 2; docs/adr/0006-media-access.md).

Each test draws real geminis through the studio (no-op renderer) and fetches the URLs the API
hands out, with the local folder behind /media and with an S3 bucket (a moto server).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import boto3
import httpx
import pytest
from fastapi import FastAPI
from PIL import Image

from mygemini.config import StorageSettings
from mygemini.render.png import read_png_text
from tests.conftest import Person, client_for, s3_bucket, sign_up
from tests.gallery.conftest import ended_fourcut, make_gemini
from tests.studio.conftest import RECIPE, generate, studio_app, wait_for

REFUSED = {403, 404}


def _public_part_readable(endpoint: str, bucket: str) -> None:
    """The bucket policy a CDN / public-bucket deployment sets: anonymous reads of `public/*`."""
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/public/*",
    }
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    ).put_bucket_policy(
        Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    )


@pytest.fixture(params=["local", "s3", "s3-public-base-url"])
async def app(
    request: pytest.FixtureRequest, tmp_path: Path, database_url: str, redis_url: str
) -> AsyncIterator[FastAPI]:
    storage: StorageSettings | None = None
    if request.param == "s3":
        storage = s3_bucket(request.getfixturevalue("s3_endpoint"))
    elif request.param == "s3-public-base-url":
        endpoint = request.getfixturevalue("s3_endpoint")
        storage = s3_bucket(endpoint, public_base_url=f"{endpoint}/mygemini-test")
        _public_part_readable(endpoint, storage.s3_bucket)
    async with studio_app(tmp_path, database_url, redis_url, storage=storage) as application:
        yield application


async def person(app: FastAPI, people: list[Person]) -> Person:
    made = await sign_up(app)
    people.append(made)
    return made


async def fetch(app: FastAPI, url: str, who: Person | None = None) -> httpx.Response:
    """GET a media URL as the browser would: our /media through the app, S3 over the network."""
    headers = who.auth if who is not None else {}
    if url.startswith("http"):
        # The bucket never sees our tokens (moto would not even check them).
        async with httpx.AsyncClient() as http:
            return await http.get(url)
    async with client_for(app) as anonymous:
        return await anonymous.get(url, headers=headers)


async def drawn(app: FastAPI, owner: Person, seed: int = 4242) -> dict[str, Any]:
    job = (await generate(owner, {**RECIPE, "seed": seed})).json()
    done = await wait_for(owner, job["id"], {"succeeded", "failed"})
    assert done["status"] == "succeeded", done
    r = await owner.client.get(f"/api/geminis/{done['gemini_id']}", headers=owner.auth)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def publish(owner: Person, gid: int, **change: Any) -> dict[str, Any]:
    r = await owner.client.patch(f"/api/geminis/{gid}", json=change, headers=owner.auth)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def unsigned(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def guesses(thumbnail_url: str) -> list[str]:
    """What a curious person tries: the thumbnail's address with the original's extension."""
    base = unsigned(thumbnail_url)
    tries = {
        re.sub(r"\.webp$", ".png", base),
        re.sub(r"-view\.webp$", ".png", base),
        base.replace("public/", "private/"),
    }
    return sorted(tries - {base})


async def test_the_original_cannot_be_guessed_from_the_thumbnail(
    app: FastAPI, people: list[Person]
) -> None:
    owner = await person(app, people)
    gemini = await drawn(app, owner)
    seen = await publish(owner, gemini["id"], visibility="public")
    async with client_for(app) as anonymous:
        public = (await anonymous.get(f"/api/geminis/{gemini['id']}")).json()
    assert public["seed"] is None
    for url in (public["thumbnail_url"], public["image_url"]):
        assert (await fetch(app, url)).status_code == 200
        for guess in guesses(url):
            r = await fetch(app, guess)
            assert r.status_code in REFUSED, guess
            assert b"4242" not in r.content
    # The owner's signed URL without its signature is no URL at all.
    for who in (None, owner):
        assert (await fetch(app, unsigned(seen["image_url"]), who)).status_code in REFUSED

    # The owner still gets the original, recipe and seed inside.
    png = await fetch(app, seen["image_url"])
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert "4242" in read_png_text(png.content)["parameters"]
    recipe = await owner.client.get(f"/api/geminis/{gemini['id']}/recipe", headers=owner.auth)
    assert recipe.json()["seed"] == 4242


async def test_publishing_makes_the_view_copy_others_see(
    app: FastAPI, people: list[Person]
) -> None:
    """Others see the whole picture without its recipe: a full-size WebP made from the original
    when the gemini is first published (a summon stores only the original and a thumbnail), and
    moved, not made again, when its audience changes later."""
    owner = await person(app, people)
    gemini = await drawn(app, owner)
    assert (await fetch(app, gemini["image_url"])).content[:8] == b"\x89PNG\r\n\x1a\n"

    await publish(owner, gemini["id"], visibility="public")
    async with client_for(app) as anonymous:
        public = (await anonymous.get(f"/api/geminis/{gemini['id']}")).json()
    assert public["image_url"] != public["thumbnail_url"]
    view = await fetch(app, public["image_url"])
    assert view.status_code == 200
    with Image.open(io.BytesIO(view.content)) as image:
        assert (image.format, image.size) == ("WEBP", (gemini["width"], gemini["height"]))
        assert not image.info.get("exif") and not image.info.get("xmp")
    assert b"4242" not in view.content and b"parameters" not in view.content

    await publish(owner, gemini["id"], visibility="private")
    assert (await fetch(app, public["image_url"])).status_code in REFUSED
    await publish(owner, gemini["id"], visibility="public")
    async with client_for(app) as anonymous:
        again = (await anonymous.get(f"/api/geminis/{gemini['id']}")).json()
    assert again["image_url"] != public["image_url"]
    assert (await fetch(app, again["image_url"])).content == view.content


async def test_a_private_geminis_files_are_refused_to_others(
    app: FastAPI, people: list[Person]
) -> None:
    owner = await person(app, people)
    other = await person(app, people)
    gemini = await drawn(app, owner, seed=777)
    urls = [gemini["image_url"], gemini["thumbnail_url"]]
    for who in (None, other):
        client = other.client if who else client_for(app)
        r = await client.get(f"/api/geminis/{gemini['id']}", headers=who.auth if who else {})
        assert r.status_code == 404
        for url in urls:
            for attempt in (unsigned(url), *guesses(url)):
                assert (await fetch(app, attempt, who)).status_code in REFUSED, attempt

    # Worn as an avatar, others see the thumbnail (short-lived), never the original.
    r = await owner.client.put(
        "/api/me/avatar", json={"gemini_id": gemini["id"]}, headers=owner.auth
    )
    assert r.status_code == 204
    avatar_path = f"/api/geminis/{gemini['id']}/avatar"
    async with client_for(app) as anonymous:
        redirect = await anonymous.get(avatar_path)
    assert redirect.status_code == 302
    worn = redirect.headers["location"]
    thumb = await fetch(app, worn)
    assert thumb.status_code == 200 and thumb.content[:4] == b"RIFF"
    for attempt in (unsigned(worn), *guesses(worn), unsigned(gemini["image_url"])):
        assert (await fetch(app, attempt)).status_code in REFUSED, attempt
    if not worn.startswith("http"):
        # Our signature covers the key: it does not open the original.
        original = urlsplit(gemini["image_url"]).path
        swapped = urlunsplit(("", "", original, urlsplit(worn).query, ""))
        assert (await fetch(app, swapped)).status_code == 403

    # Taken off, the avatar address refuses; deleted, its files are gone.
    r = await owner.client.patch("/api/me", json={"avatar": "leo"}, headers=owner.auth)
    assert r.status_code == 200, r.text
    async with client_for(app) as anonymous:
        assert (await anonymous.get(avatar_path)).status_code == 404
    r = await owner.client.put(
        "/api/me/avatar", json={"gemini_id": gemini["id"]}, headers=owner.auth
    )
    async with client_for(app) as anonymous:
        worn = (await anonymous.get(avatar_path)).headers["location"]
    assert (await fetch(app, worn)).status_code == 200
    assert (
        await owner.client.delete(f"/api/geminis/{gemini['id']}", headers=owner.auth)
    ).status_code == 204
    async with client_for(app) as anonymous:
        assert (await anonymous.get(avatar_path)).status_code == 404
    assert (await fetch(app, worn)).status_code in REFUSED


async def _ready_fourcut(app: FastAPI, owner: Person, gid: int) -> None:
    r = await owner.client.post(f"/api/geminis/{gid}/fourcuts", headers=owner.auth)
    assert r.status_code == 202, r.text
    strip = await ended_fourcut(owner, gid)
    assert strip["status"] == "ready", strip


async def _handed_out(app: FastAPI, gid: int) -> list[str]:
    """Every file address an anonymous visitor is given for a public gemini."""
    async with client_for(app) as anonymous:
        gemini = (await anonymous.get(f"/api/geminis/{gid}")).json()
        strips = (await anonymous.get(f"/api/geminis/{gid}/fourcuts")).json()["items"]
        avatar = await anonymous.get(f"/api/geminis/{gid}/avatar")
    urls = [gemini["image_url"], gemini["thumbnail_url"], avatar.headers["location"]]
    for strip in strips:
        urls += [strip["grid_url"], strip["strip_url"], *strip["frame_urls"]]
    return urls


async def test_urls_handed_out_while_public_stop_after_unpublish_and_delete(
    app: FastAPI, people: list[Person]
) -> None:
    owner = await person(app, people)
    gemini = await drawn(app, owner, seed=99)
    gid = gemini["id"]
    await _ready_fourcut(app, owner, gid)
    await publish(owner, gid, visibility="public", share_seed=True)
    first = await _handed_out(app, gid)
    assert len(first) == 9
    for url in first:
        assert (await fetch(app, url)).status_code == 200, url
    shared_original = first[0]
    assert "99" in read_png_text((await fetch(app, shared_original)).content)["parameters"]

    # No longer sharing the seed: the original's public address ends; the picture stays.
    await publish(owner, gid, share_seed=False)
    assert (await fetch(app, shared_original)).status_code in REFUSED
    assert (await fetch(app, first[1])).status_code == 200

    await publish(owner, gid, visibility="private")
    for url in first:
        assert (await fetch(app, url)).status_code in REFUSED, url
    # The owner keeps everything, under new addresses.
    mine = (await owner.client.get(f"/api/geminis/{gid}", headers=owner.auth)).json()
    assert (await fetch(app, mine["image_url"])).status_code == 200
    assert (await fetch(app, mine["thumbnail_url"])).status_code == 200

    await publish(owner, gid, visibility="public")
    second = await _handed_out(app, gid)
    assert not set(first) & set(second)
    for url in second:
        assert (await fetch(app, url)).status_code == 200, url
    r = await owner.client.delete(f"/api/geminis/{gid}", headers=owner.auth)
    assert r.status_code == 204
    for url in second:
        assert (await fetch(app, url)).status_code in REFUSED, url


async def test_tampered_or_expired_signatures_are_refused(
    app: FastAPI, people: list[Person]
) -> None:
    owner = await person(app, people)
    gemini = await drawn(app, owner)
    url: str = gemini["image_url"]
    if url.startswith("http"):
        pytest.skip("S3 checks its own signatures (moto does not)")
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert set(query) == {"exp", "sig"}

    def with_query(**change: str) -> str:
        return urlunsplit(("", "", parts.path, urlencode({**query, **change}), ""))

    assert (await fetch(app, url)).status_code == 200
    flipped = ("A" if query["sig"][0] != "A" else "B") + query["sig"][1:]
    for bad in (
        with_query(sig=flipped),
        with_query(exp=str(int(query["exp"]) + 3600)),
        with_query(sig=""),
        with_query(exp="soon"),
        with_query(sig="x" * 500),
    ):
        r = await fetch(app, bad)
        assert r.status_code in (403, 422), bad
        assert set(r.json()) == {"error", "detail"}
    key = parts.path.removeprefix("/media/")
    expired = app.state.ctx.storage.url(key, seconds=-1)
    r = await fetch(app, expired)
    assert r.status_code == 403 and r.json()["error"] == "MediaLinkRefused"
    # A signed answer is cached privately, for no longer than the link lives.
    ok = await fetch(app, url)
    cache = ok.headers["cache-control"]
    assert cache.startswith("private, max-age=")
    assert int(cache.split("=")[1]) <= app.state.ctx.settings.storage.presign_seconds


async def test_files_stored_before_keys_were_random_stay_the_owners(
    app: FastAPI, people: list[Person]
) -> None:
    """Rows and files from before this change keep their keys: owners keep them, others never
    get the original, and unpublishing still ends what others were given."""
    owner = await person(app, people)
    gid = await make_gemini(app, owner.id, public=True, with_files=True)  # old-style keys
    mine = (await owner.client.get(f"/api/geminis/{gid}", headers=owner.auth)).json()
    assert (await fetch(app, mine["image_url"])).content == b"\x89PNG fake"
    async with client_for(app) as anonymous:
        public = (await anonymous.get(f"/api/geminis/{gid}")).json()
    assert (await fetch(app, public["image_url"])).content == b"RIFF fake"  # not the original
    for url in (public["thumbnail_url"], mine["image_url"]):
        for attempt in (unsigned(url), *guesses(url)):
            assert (await fetch(app, attempt)).status_code in REFUSED, attempt
    await publish(owner, gid, visibility="private")
    for url in (public["image_url"], public["thumbnail_url"]):
        assert (await fetch(app, url)).status_code in REFUSED, url
    mine = (await owner.client.get(f"/api/geminis/{gid}", headers=owner.auth)).json()
    assert (await fetch(app, mine["image_url"])).content == b"\x89PNG fake"
