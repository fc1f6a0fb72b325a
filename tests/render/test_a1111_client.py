"""The A1111-compatible client against a local server speaking that API."""

from __future__ import annotations

import pytest

from mygemini.render.a1111 import A1111Renderer
from mygemini.render.base import RenderCancelled, RenderError, RenderRequest

from .a1111_server import FakeA1111, serve


def _request(batch_size: int = 1) -> RenderRequest:
    return RenderRequest(
        prompt="1girl, (smile:1.2)",
        negative_prompt="lowres",
        seed=40,
        width=64,
        height=80,
        batch_size=batch_size,
    )


def test_txt2img_returns_images_with_metadata_and_progress() -> None:
    fake = FakeA1111(step_seconds=0.03)
    seen: list[float] = []
    with serve(fake) as url:
        renderer = A1111Renderer(url, steps=10, cfg_scale=6.5, poll_interval=0.02, model="anything")
        result = renderer.render(_request(batch_size=2), on_progress=seen.append)
    body = fake.requests[0]
    assert body["prompt"] == "1girl, (smile:1.2)" and body["negative_prompt"] == "lowres"
    assert (body["seed"], body["batch_size"], body["steps"]) == (40, 2, 10)
    assert body["sampler_name"] == "DPM++ 2M" and body["scheduler"] == "Karras"
    assert body["override_settings"] == {"sd_model_checkpoint": "anything"}
    assert [m.seed for m in result.metadata] == [40, 41]
    assert result.metadata[0].model == "fake-model" and result.metadata[0].cfg_scale == 6.5
    assert result.images[0].size == (64, 80)
    assert result.images[0].getpixel((0, 0)) == (40, 280 % 256, 128)
    assert seen[-1] == 1.0
    assert any(0 < p < 1 for p in seen), seen
    assert seen == sorted(seen)


def test_cancel_interrupts_the_server() -> None:
    fake = FakeA1111(step_seconds=0.05)
    with serve(fake) as url:
        renderer = A1111Renderer(url, steps=100, poll_interval=0.02)
        with pytest.raises(RenderCancelled):
            renderer.render(_request(), cancelled=lambda: fake.progress > 0.05)
    assert fake.interrupted
    assert 0 < fake.steps_done < 100


def test_server_errors_become_render_errors() -> None:
    fake = FakeA1111(fail_with=500)
    with serve(fake) as url, pytest.raises(RenderError, match="500"):
        A1111Renderer(url, poll_interval=0.01).render(_request())


def test_unreachable_server_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="unreachable"):
        A1111Renderer("http://127.0.0.1:9", poll_interval=0.01, timeout=2).render(_request())
