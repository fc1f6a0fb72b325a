"""A scene through the diffusers renderer (tiny random-weight pipeline from its own tests): the
size is rounded up to what SD renders and the picture cropped back to the size asked for."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("torch", reason="torch not installed")
pytest.importorskip("diffusers", reason="diffusers not installed")

from mygemini.render.base import RenderError, RenderRequest, Subject

from .test_diffusers_backend import _renderer, pipeline  # noqa: F401

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_a_scene_of_any_size_comes_back_at_that_size(pipeline: Any) -> None:  # noqa: F811
    request = RenderRequest(
        prompt="밤의 숲",
        negative_prompt="",
        seed=5,
        subject=Subject.SCENE,
        width=100,
        height=68,
    )
    result = _renderer(pipeline, steps=2).render(request)
    assert result.image.size == (100, 68)
    assert (result.metadata[0].width, result.metadata[0].height) == (100, 68)
    # A portrait keeps the rule that SD sizes are multiples of 8.
    with pytest.raises(RenderError, match="multiple of 8"):
        _renderer(pipeline).render(RenderRequest(prompt="x", negative_prompt="", seed=1, width=100))
