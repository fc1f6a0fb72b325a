"""The built-in vector renderer: deterministic, every option visible, poses, batches, cancel."""

from __future__ import annotations

import hashlib

import pytest

from mygemini.render.base import Pose, RenderCancelled, Renderer, RenderRequest
from mygemini.render.png import encode_png
from mygemini.render.vector import VectorRenderer
from mygemini.studio.catalog import Recipe, load_catalog, preview_attributes
from mygemini.studio.prompt import build_render_request

SMALL = (96, 128)  # enough to tell images apart, cheap on a shared CPU


def _request(
    attributes: dict[str, str],
    *,
    seed: int = 1234,
    size: tuple[int, int] = SMALL,
    pose: Pose = Pose.FRONT,
    batch_size: int = 1,
) -> RenderRequest:
    return build_render_request(
        load_catalog(), Recipe(attributes), seed=seed, pose=pose, size=size, batch_size=batch_size
    )


def _digest(request: RenderRequest) -> str:
    return hashlib.sha256(VectorRenderer().render(request).image.tobytes()).hexdigest()


def test_is_a_renderer() -> None:
    assert isinstance(VectorRenderer(), Renderer)


def test_same_recipe_and_seed_give_identical_png_bytes() -> None:
    catalog = load_catalog()
    attributes = dict(catalog.presets[0].attributes)
    request = _request(attributes, size=(256, 340))
    first = VectorRenderer().render(request)
    second = VectorRenderer().render(request)
    assert encode_png(first.image, "p") == encode_png(second.image, "p")
    assert first.metadata == second.metadata
    assert first.metadata[0].seed == 1234 and first.metadata[0].backend == "vector"


def test_seed_changes_small_details() -> None:
    attributes = dict(load_catalog().presets[1].attributes)
    assert _digest(_request(attributes, seed=1)) != _digest(_request(attributes, seed=2))


@pytest.mark.parametrize("category_id", [c.id for c in load_catalog().categories])
def test_every_option_of_a_category_is_visibly_distinct(category_id: str) -> None:
    catalog = load_catalog()
    category = catalog.category(category_id)
    assert category is not None
    digests: dict[str, str] = {}
    for option in category.options:
        attributes = preview_attributes(catalog, category_id, option.id)
        digests[option.id] = _digest(_request(attributes))
    if not category.required:
        base = {k: v for k, v in catalog.preview_base.items() if k != category_id}
        digests["(none)"] = _digest(_request(base))
    duplicates = len(digests) - len(set(digests.values()))
    assert duplicates == 0, f"{category_id}: options render the same image: {digests}"


def test_each_pose_differs() -> None:
    attributes = dict(load_catalog().preview_base)
    digests = {pose: _digest(_request(attributes, pose=pose)) for pose in Pose}
    assert len(set(digests.values())) == len(Pose) >= 4


def test_batch_equals_single_renders_with_consecutive_seeds() -> None:
    attributes = dict(load_catalog().preview_base)
    batch = VectorRenderer().render(_request(attributes, batch_size=2))
    assert [m.seed for m in batch.metadata] == [1234, 1235]
    for image, seed in zip(batch.images, (1234, 1235), strict=True):
        single = VectorRenderer().render(_request(attributes, seed=seed)).image
        assert image.tobytes() == single.tobytes()


def test_progress_is_reported_and_cancel_stops_the_batch() -> None:
    attributes = dict(load_catalog().preview_base)
    seen: list[float] = []
    VectorRenderer().render(_request(attributes, batch_size=2), on_progress=seen.append)
    assert seen == [0.5, 1.0]
    calls = iter([False, True])
    with pytest.raises(RenderCancelled):
        VectorRenderer().render(_request(attributes, batch_size=2), cancelled=lambda: next(calls))


@pytest.mark.parametrize("size", [(512, 680), (676, 507), (128, 256)])
def test_any_aspect_renders_at_the_requested_size(size: tuple[int, int]) -> None:
    attributes = dict(load_catalog().preview_base)
    result = VectorRenderer().render(_request(attributes, size=size))
    assert result.image.size == size
    assert result.image.mode == "RGB"
    assert (result.metadata[0].width, result.metadata[0].height) == size


def test_request_rejects_out_of_range_values() -> None:
    from mygemini.render.base import RenderError

    with pytest.raises(RenderError):
        RenderRequest(prompt="", negative_prompt="", seed=-1)
    with pytest.raises(RenderError):
        RenderRequest(prompt="", negative_prompt="", seed=1, width=10)
    with pytest.raises(RenderError):
        RenderRequest(prompt="", negative_prompt="", seed=1, batch_size=9)
