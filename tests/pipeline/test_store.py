"""A portrait job stores two files, encoded and written in one step: the original PNG with its
recipe in two text chunks and a WebP thumbnail; the same in the local folder and in an S3
bucket. The full-size copy without metadata that others see is made when the gemini is published
(tests/gallery/test_media_access.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from mygemini.core.context import AppContext
from mygemini.core.storage import LocalStorage, S3Storage
from mygemini.models import Generation, GenerationStatus, Purpose
from mygemini.pipeline.purposes import handler_for
from mygemini.render.noop import NoopRenderer
from mygemini.render.png import PARAMETERS_KEY, RECIPE_KEY, read_png_text
from mygemini.studio.catalog import load_catalog
from tests.conftest import make_settings, s3_bucket


@pytest.mark.parametrize("backend", ["local", "s3"])
async def test_a_portrait_is_stored_as_its_original_and_a_thumbnail(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from mygemini.app import create_app

    storage = s3_bucket(request.getfixturevalue("s3_endpoint")) if backend == "s3" else None
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path}/unused.db", "")
    if storage is not None:
        settings = settings.model_copy(update={"storage": storage})
    app = create_app(settings)
    ctx: AppContext = app.state.ctx
    assert isinstance(ctx.storage, S3Storage if backend == "s3" else LocalStorage)
    recipe = {"attributes": dict(load_catalog().presets[0].attributes)}
    job = Generation(
        id=1,
        user_id=1,
        purpose=Purpose.PORTRAIT,
        recipe=recipe,
        seed=1234,
        status=GenerationStatus.RUNNING,
    )
    handler = handler_for(Purpose.PORTRAIT)
    render_request = handler.build_request(job)
    result = NoopRenderer().render(render_request)

    keys = await handler.store(ctx, job, render_request, result)

    assert len(keys) == len(set(keys)) == 2
    original, thumbnail = [await ctx.storage.get(key) for key in keys]
    assert original is not None and thumbnail is not None
    text = read_png_text(original)
    assert set(text) == {PARAMETERS_KEY, RECIPE_KEY}
    assert "Seed: 1234" in text[PARAMETERS_KEY]
    assert json.loads(text[RECIPE_KEY]) == {**recipe, "seed": 1234}
    with Image.open(io.BytesIO(original)) as image:
        assert (image.format, image.size) == ("PNG", (512, 680))
    with Image.open(io.BytesIO(thumbnail)) as image:
        assert (image.format, image.size) == ("WEBP", (256, 340))
    await ctx.db.dispose()
