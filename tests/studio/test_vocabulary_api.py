"""`GET /api/studio/vocabulary`: which words of an extra prompt the configured renderer reads."""

from __future__ import annotations

from pathlib import Path

import httpx

from mygemini.render.vector.props import VOCABULARY
from tests.conftest import client_for
from tests.studio.conftest import studio_app


async def test_the_built_in_renderer_reads_only_its_vocabulary(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    async with (
        studio_app(
            tmp_path, database_url, redis_url, render={"backend": "vector"}, worker=False
        ) as app,
        client_for(app) as client,
    ):
        ko = await client.get("/api/studio/vocabulary", headers={"Accept-Language": "ko"})
        en = await client.get("/api/studio/vocabulary", headers={"Accept-Language": "en"})
    assert ko.status_code == en.status_code == 200
    assert "Accept-Language" in en.headers["vary"]
    body = en.json()
    assert body["renderer"] == "vector" and body["reads_free_text"] is False
    words = {w["id"]: w for w in body["words"]}
    assert set(words) == {w.id for w in VOCABULARY}
    assert {"lantern", "flower", "cat", "umbrella", "book", "sword"} <= set(words)
    assert {"stars", "rain", "snow", "petals", "night", "sunset"} <= set(words)
    assert words["lantern"]["kind"] == "prop" and words["rain"]["kind"] == "mood"
    assert "등불" in words["lantern"]["words"] and "paper lantern" in words["lantern"]["words"]
    assert words["lantern"]["label"] == "Lantern"
    assert {w["id"]: w["label"] for w in ko.json()["words"]}["lantern"] == "등불"


async def test_a_diffusion_renderer_reads_free_text(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    render = {"backend": "a1111", "a1111_url": "http://a1111.invalid"}
    async with studio_app(tmp_path, database_url, redis_url, render=render, worker=False) as app:
        client: httpx.AsyncClient
        async with client_for(app) as client:
            body = (await client.get("/api/studio/vocabulary")).json()
    assert body["renderer"] == "a1111" and body["reads_free_text"] is True
