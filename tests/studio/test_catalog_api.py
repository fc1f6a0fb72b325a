"""The catalog and previews over HTTP."""

from __future__ import annotations

import io

import httpx
from PIL import Image

from mygemini.studio.catalog import load_catalog


async def test_catalog_follows_accept_language_and_is_cacheable(client: httpx.AsyncClient) -> None:
    ko = await client.get("/api/studio/catalog", headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    en = await client.get("/api/studio/catalog", headers={"Accept-Language": "en-US"})
    assert ko.status_code == en.status_code == 200
    assert "max-age" in ko.headers["cache-control"] and "Accept-Language" in ko.headers["vary"]
    catalog = load_catalog()
    first = catalog.categories[0]
    assert ko.json()["categories"][0]["label"] == first.label.ko
    assert en.json()["categories"][0]["label"] == first.label.en
    body = en.json()
    assert body["cost"] == 1
    assert len(body["presets"]) >= 6
    for preset in body["presets"]:
        assert preset["attributes"] and preset["preview_url"].endswith(".webp")
    male = next(c for c in body["categories"] if c["id"] == "hair_style_male")
    assert male["when"]["category"] == "gender" and male["when"]["in"] == ["male"]


async def test_previews_are_drawn_once_then_served_from_cache(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/studio/catalog")).json()
    url = body["categories"][0]["options"][0]["preview_url"]
    first = await client.get(url)
    assert first.status_code == 200 and first.headers["content-type"] == "image/webp"
    assert "max-age" in first.headers["cache-control"]
    assert Image.open(io.BytesIO(first.content)).size == (192, 256)
    second = await client.get(url)
    assert second.content == first.content
    preset = await client.get(body["presets"][0]["preview_url"])
    assert preset.status_code == 200


async def test_unknown_previews_are_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/studio/previews/hair_color/plaid.webp")).status_code == 404
    assert (await client.get("/api/studio/previews/wings/big.webp")).status_code == 404
    assert (await client.get("/api/studio/previews/preset/nobody.webp")).status_code == 404
    assert (await client.get("/api/studio/previews/BAD..x/y.webp")).status_code in (404, 422)


async def test_warming_draws_every_preview_once(tmp_path: object) -> None:
    from pathlib import Path

    from mygemini.studio.previews import warm

    cache = Path(str(tmp_path)) / "previews"
    catalog = load_catalog()
    expected = sum(len(c.options) for c in catalog.categories) + len(catalog.presets)
    assert await warm(cache) == expected
    assert len(list(cache.rglob("*.webp"))) == expected
    assert await warm(cache) == 0
