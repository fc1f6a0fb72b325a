"""The catalog and previews over HTTP."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import httpx
from PIL import Image

from mygemini.studio.catalog import load_catalog
from mygemini.studio.previews import PRESET, preview


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


async def test_simultaneous_requests_for_an_undrawn_preview_all_get_it(
    client: httpx.AsyncClient,
) -> None:
    """Issue 7, item 8: requests that arrive together for a preview nobody has drawn yet all get
    the same picture, drawn once, and none a 500."""
    catalog = load_catalog()
    for url in (
        f"/api/studio/previews/{PRESET}/{catalog.presets[-1].id}.webp",
        f"/api/studio/previews/{catalog.categories[-1].id}/"
        f"{catalog.categories[-1].options[-1].id}.webp",
    ):
        answers = await asyncio.gather(*(client.get(url) for _ in range(24)))
        assert [r.status_code for r in answers] == [200] * 24, {r.text[:200] for r in answers}
        assert len({r.content for r in answers}) == 1
        assert Image.open(io.BytesIO(answers[0].content)).format == "WEBP"


async def test_processes_drawing_the_same_preview_at_once_leave_one_whole_file(
    tmp_path: Path,
) -> None:
    """Separate event loops on separate threads stand in for separate server processes: they
    share no lock, only the directory."""
    cache = tmp_path / "previews"
    option = load_catalog().presets[0].id

    def another_process() -> bytes | None:
        return asyncio.run(preview(cache, PRESET, option))

    drawn = await asyncio.gather(*(asyncio.to_thread(another_process) for _ in range(12)))
    assert drawn[0] and len(set(drawn)) == 1
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].read_bytes() == drawn[0]
