"""Which renderer a process uses, chosen by settings (one per process, built on first use)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from mygemini.render.base import Renderer

if TYPE_CHECKING:
    # Only the type: loading the settings module would load SQLAlchemy (it parses database
    # URLs), and the engine runs without database code on a GPU host.
    from mygemini.config import RenderSettings
    from mygemini.render.vector import VectorRenderer


class RendererUnavailable(RuntimeError):
    pass


def make_renderer(conf: RenderSettings) -> Renderer:
    if conf.backend == "noop":
        from mygemini.render.noop import NoopRenderer

        return NoopRenderer(conf.noop_seconds)
    if conf.backend == "vector":
        from mygemini.render.vector import VectorRenderer

        return VectorRenderer()
    if conf.backend == "a1111":
        from mygemini.render.a1111 import A1111Renderer

        if not conf.a1111_url:
            raise RendererUnavailable("MYGEMINI_RENDER__A1111_URL is not set")
        return A1111Renderer(conf.a1111_url, steps=conf.steps, cfg_scale=conf.cfg_scale)
    if conf.backend == "diffusers":
        if not conf.model_path:
            raise RendererUnavailable("MYGEMINI_RENDER__MODEL_PATH is not set")
        try:
            from mygemini.render.diffusers_backend import DiffusersRenderer
        except ImportError as exc:
            raise RendererUnavailable("install the sd extra: pip install 'mygemini[sd]'") from exc
        return DiffusersRenderer(
            conf.model_path,
            scheduler=conf.scheduler,
            steps=conf.steps,
            cfg_scale=conf.cfg_scale,
            config_path=conf.model_config_path or None,
            controlnet_path=conf.controlnet_path or None,
        )
    raise RendererUnavailable(f"unknown renderer {conf.backend!r}")


@lru_cache(maxsize=1)
def preview_renderer() -> VectorRenderer:
    """Option previews are always drawn by the built-in renderer: they must be instant and the
    API process has no GPU. Generations use the configured renderer."""
    from mygemini.render.vector import VectorRenderer

    return VectorRenderer()
