"""Which renderer this process uses, chosen by settings (one per process, built on first use)."""

from __future__ import annotations

from functools import lru_cache

from mygemini.config import RenderSettings
from mygemini.render.base import Renderer


class RendererUnavailable(RuntimeError):
    pass


def make_renderer(conf: RenderSettings) -> Renderer:
    if conf.backend == "noop":
        from mygemini.render.noop import NoopRenderer

        return NoopRenderer(conf.noop_seconds)
    if conf.backend == "vector":
        from mygemini.render.vector import VectorRenderer

        return VectorRenderer()
    raise RendererUnavailable(f"renderer {conf.backend!r} is not available in this build")


@lru_cache(maxsize=1)
def preview_renderer() -> Renderer:
    """Option previews are always drawn by the built-in renderer: they must be instant and the
    API process has no GPU. Generations use the configured renderer."""
    from mygemini.render.vector import VectorRenderer

    return VectorRenderer()
